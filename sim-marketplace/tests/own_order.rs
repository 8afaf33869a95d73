//! Every product subscribed at once inside one punchout session joins the
//! session's one order, so the cart that goes back, which can name only
//! one order (`SupplierOrderInfo`), names the order that holds them all.

mod support;

use sim_marketplace::catalog::Pricing;
use support::*;

#[tokio::test]
async fn two_subscriptions_at_once_in_one_punchout_are_one_order_the_cart_names() {
    let market = start().await;
    let api = format!("{}/api/accounts/acct-coupa-001/integration", market.url);
    let http = reqwest::Client::new();
    let admin = ("x-procsim-user", "admin@acme.test");
    let mut settings: serde_json::Value = http
        .get(&api)
        .header(admin.0, admin.1)
        .send()
        .await
        .expect("the integration settings answer")
        .json()
        .await
        .expect("the integration settings are JSON");
    settings["connections"][0]["free_preapproved"] = true.into();
    let saved = http.put(&api).header(admin.0, admin.1).json(&settings);
    assert_eq!(saved.send().await.expect("saved").status(), 200);

    let reply = market
        .post_cxml(&setup_request(COUPA_SECRET, "c-two"))
        .await;
    let session = market.open_start_page(&start_url(&reply)).await;
    let free = |l: &sim_marketplace::catalog::Listing| {
        l.pricing == Pricing::Free && l.supported_for_procurement()
    };
    let first = market.listing(free);
    let second = market.listing(|l| free(l) && l.id != first.id);
    for listing in [&first, &second] {
        let (code, page) = market
            .request_approval(&session, &listing.id.to_string(), "free")
            .await;
        assert_eq!(code, 200, "{page}");
        assert!(page.contains("id=\"auto-approved\""), "{page}");
    }

    let agreements = market.agreements().await;
    let [one, two] = agreements.as_slice() else {
        panic!("two agreements expected: {agreements:?}");
    };
    let order = one["order_payload_id"].as_str().expect("an order id");
    assert_eq!(
        two["order_payload_id"].as_str(),
        Some(order),
        "{agreements:?}"
    );
    let lines: Vec<_> = agreements.iter().map(|a| a["po_line"].clone()).collect();
    assert_eq!(lines, [1, 2], "{agreements:?}");

    let cancel = no_redirects()
        .post(format!("{}/punchout/cancel", market.url))
        .header("cookie", &session);
    let html = cancel
        .send()
        .await
        .expect("the cancel answers")
        .text()
        .await
        .expect("a page");
    let cart = decode_cart(&html);
    assert!(cart.item_in.is_empty());
    let info = cart
        .header
        .supplier_order_info
        .expect("the cart names the session's order");
    assert_eq!(info.order_id, order);
}
