//! F1 over real sockets: setup authentication and its exact refusals, the
//! one-time start page, and the carts "Request approval" sends back.

mod support;

use cxml::{doc::OperationAllowed, doc::PunchOutOperation, envelope::DeploymentMode};
use sim_marketplace::catalog::ProductType;
use support::*;

#[tokio::test]
async fn right_credentials_get_a_start_page_that_works_once() {
    let market = start().await;
    let reply = market.post_cxml(&setup_request(COUPA_SECRET, "c-1")).await;
    let url = start_url(&reply);
    assert!(url.starts_with(&format!("{}/punchout/start/", market.url)));
    assert!(
        url.rsplit('/').next().unwrap().len() >= 32,
        "at least 128 bits"
    );

    let session = market.open_start_page(&url).await;
    let home = reqwest::Client::new()
        .get(format!("{}/", market.url))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(home.status(), 200);
    assert!(home.text().await.unwrap().contains("Acme Corp"));

    let again = no_redirects().get(&url).send().await.unwrap();
    assert_eq!(again.status(), 410);
    assert!(again.text().await.unwrap().contains("already used"));
}

#[tokio::test]
async fn wrong_secret_and_unknown_sender_get_401_and_no_session() {
    let market = start().await;
    let wrong = market.post_cxml(&setup_request("nope", "c-2")).await;
    assert_eq!(status(&wrong).code, "401");
    assert!(wrong.response.unwrap().body.is_none(), "no StartPage");

    let unknown = setup_with(
        coupa_header(COUPA_SECRET, "someone-else"),
        PunchOutOperation::Create,
        "c-3",
    );
    assert_eq!(status(&market.post_cxml(&unknown).await).code, "401");
}

#[tokio::test]
async fn a_blank_buyer_cookie_is_400_and_opens_no_session() {
    let market = start().await;
    let reply = market.post_cxml(&setup_request(COUPA_SECRET, "  ")).await;
    let status = status(&reply);
    assert_eq!(status.code, "400");
    assert!(
        status.text.contains("BuyerCookie is empty"),
        "{}",
        status.text
    );
    assert!(reply.response.unwrap().body.is_none(), "no StartPage");
}

#[tokio::test]
async fn malformed_xml_is_406() {
    let market = start().await;
    let reply = market.post_raw(b"<cXML><Header>".to_vec()).await;
    assert_eq!(status(&reply).code, "406");
}

#[tokio::test]
async fn edit_without_an_earlier_session_is_412() {
    let market = start().await;
    let edit = setup_with(
        coupa_header(COUPA_SECRET, "coupa-acme"),
        PunchOutOperation::Edit,
        "never-seen",
    );
    assert_eq!(status(&market.post_cxml(&edit).await).code, "412");
}

#[tokio::test]
async fn edit_after_a_returned_cart_reopens_it() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    market.punchout_cart(&listing.id.to_string(), &key).await;
    let edit = setup_with(
        coupa_header(COUPA_SECRET, "coupa-acme"),
        PunchOutOperation::Edit,
        "cookie-1",
    );
    start_url(&market.post_cxml(&edit).await);
}

#[tokio::test]
async fn a_saas_upfront_listing_goes_back_as_one_service_line() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    let cart = market.punchout_cart(&listing.id.to_string(), &key).await;
    assert_eq!(cart.buyer_cookie, "cookie-1");
    assert_eq!(cart.header.operation_allowed, OperationAllowed::Edit);
    let [item] = cart.item_in.as_slice() else {
        panic!("one line")
    };
    assert_eq!(item.quantity, "1");
    assert_eq!(item.item_id.supplier_part_id, listing.id.to_string());
    assert_eq!(
        item.item_id.supplier_part_auxiliary_id.as_deref(),
        Some(key.as_str())
    );
    assert_eq!(item.item_detail.classification[0].value, "81162000");
    assert_eq!(item.item_detail.unit_of_measure, "EA");
    assert_eq!(item.item_detail.extrinsic[0].name, "LineType");
    assert_eq!(item.item_detail.extrinsic[0].value, "Service");
    assert_eq!(
        cart.header.total.value().unwrap(),
        item.item_detail.unit_price.value().unwrap()
    );
}

#[tokio::test]
async fn a_payg_listing_goes_back_as_a_10000_usd_material_blanket() {
    let market = start().await;
    let listing = market.payg();
    let cart = market.punchout_cart(&listing.id.to_string(), "payg").await;
    let item = &cart.item_in[0];
    assert_eq!(item.quantity, "1000000");
    assert_eq!(item.item_detail.unit_price.money.amount, "0.01");
    assert_eq!(item.item_detail.classification[0].value, "43232701");
    assert_eq!(item.item_detail.extrinsic[0].value, "Material");
    assert_eq!(
        cart.header.total.value().unwrap(),
        cxml::Money::parse("USD", "10000").unwrap()
    );
}

#[tokio::test]
async fn an_unsupported_product_is_refused_without_a_cart() {
    let market = start().await;
    let services = market.listing(|l| l.product_type == ProductType::ProfessionalServices);
    let start = start_url(&market.post_cxml(&setup_request(COUPA_SECRET, "c-9")).await);
    let session = market.open_start_page(&start).await;

    let page = market
        .page_as(&format!("/products/{}", services.id), &session)
        .await;
    assert!(!page.contains("Request approval"), "no button (F11)");

    let (code, html) = market
        .request_approval(&session, &services.id.to_string(), "standard-12m")
        .await;
    assert_eq!(code, 400);
    assert!(html.contains("cannot be sent for approval"));
    assert!(!html.contains("cxml-base64"));
}

/// The cart says the mode its setup said: a `deploymentMode="test"` setup
/// gets a test cart, and a setup that says none a production one.
#[tokio::test]
async fn the_cart_keeps_the_setups_deployment_mode() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    for (mode, expected) in [
        (Some(DeploymentMode::Test), DeploymentMode::Test),
        (None, DeploymentMode::Production),
    ] {
        let mut setup = setup_request(COUPA_SECRET, "cookie-mode");
        setup.request.as_mut().unwrap().deployment_mode = mode;
        let start_page = start_url(&market.post_cxml(&setup).await);
        let session = market.open_start_page(&start_page).await;
        let html = market
            .request_approval(&session, &listing.id.to_string(), &key)
            .await
            .1;
        let bytes = cart_bytes(&html);
        let doc = cxml::read::read(&bytes).unwrap().doc;
        let written = doc.message.unwrap().deployment_mode;
        assert_eq!(written, Some(expected), "{mode:?}");
    }
}

/// The punchout banner's text and buttons on `html`.
fn banner(html: &str) -> &str {
    let start = html.find("<section class=\"punchout\"").unwrap_or(0);
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// F9 inside a punchout with Free pre-approval on: once the product is
/// subscribed at once, the banner stops offering to cancel with an empty
/// cart (the cart now reports the subscription) and says so, on the
/// subscribed page and on every page after it.
#[tokio::test]
async fn after_a_subscription_at_once_the_banner_goes_back_reporting_it() {
    let market = start().await;
    let api = format!("{}/api/accounts/acct-coupa-001/integration", market.url);
    let http = reqwest::Client::new();
    let admin = ("x-procsim-user", "admin@acme.test");
    let reply = http
        .get(&api)
        .header(admin.0, admin.1)
        .send()
        .await
        .unwrap();
    let mut settings: serde_json::Value = reply.json().await.unwrap();
    settings["connections"][0]["free_preapproved"] = true.into();
    let saved = http.put(&api).header(admin.0, admin.1).json(&settings);
    assert_eq!(saved.send().await.unwrap().status(), 200);

    let reply = market.post_cxml(&setup_request(COUPA_SECRET, "c-9")).await;
    let session = market.open_start_page(&start_url(&reply)).await;
    let home = no_redirects()
        .get(format!("{}/", market.url))
        .header("cookie", &session);
    let before = home.send().await.unwrap().text().await.unwrap();
    assert!(
        banner(&before).contains("Cancel / return empty cart"),
        "{before}"
    );
    let free = market.listing(|l| {
        l.pricing == sim_marketplace::catalog::Pricing::Free && l.supported_for_procurement()
    });
    // The product page says beforehand what the button will do.
    let product = market
        .page_as(&format!("/products/{}", free.id), &session)
        .await;
    assert!(
        product.contains("id=\"preapproved\">Your company pre-approves Free products")
            && product.contains("<button type=\"submit\">Subscribe at once</button>")
            && !product.contains(">Request approval</button>"),
        "{product}"
    );
    let (code, subscribed) = market
        .request_approval(&session, &free.id.to_string(), "free")
        .await;
    assert_eq!(code, 200, "{subscribed}");
    assert!(subscribed.contains("id=\"auto-approved\""), "{subscribed}");
    let after = market.page_as("/", &session).await;
    for html in [&subscribed, &after] {
        let banner = banner(html);
        assert!(!banner.contains("Cancel / return empty cart"), "{banner}");
        assert!(
            banner.contains("<button type=\"submit\">Back to Coupa</button>")
                && banner.contains("reports the subscription"),
            "{banner}"
        );
        assert!(banner.contains("subscribed at once"), "{banner}");
    }
    // And so it does: the cart names the marketplace's own order.
    let cancel = no_redirects()
        .post(format!("{}/punchout/cancel", market.url))
        .header("cookie", &session);
    let cart = decode_cart(&cancel.send().await.unwrap().text().await.unwrap());
    assert!(cart.item_in.is_empty());
    let info = cart.header.supplier_order_info.unwrap();
    assert!(info.order_id.starts_with("subscribe."), "{}", info.order_id);
}
