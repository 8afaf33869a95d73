//! F5 over real sockets: an OrderRequest creates one agreement and one mail
//! delivered to a real SMTP server, even when sent twice; an expired offer
//! and a test-mode connection create nothing.

mod support;

use std::time::{Duration, Instant};

use jiff::SignedDuration;
use support::*;

/// Polls `check` until it holds or five seconds pass (no fixed sleeps).
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(5);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn an_order_creates_one_agreement_and_one_mail_even_when_sent_twice() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    let cart = market.punchout_cart(&listing.id.to_string(), &key).await;
    let order = order_request(COUPA_SECRET, "PO-1001", &cart.item_in);

    assert_eq!(status(&market.post_cxml(&order).await).code, "200");
    let agreements = market.agreements().await;
    assert_eq!(agreements.len(), 1);
    assert_eq!(agreements[0]["po_number"], "PO-1001");
    assert_eq!(agreements[0]["listing_id"], listing.id.to_string());

    eventually("the mail", || async { market.mail_count().await == 1 }).await;

    // Same payloadID, then same orderID in a new document: same answer.
    assert_eq!(status(&market.post_cxml(&order).await).code, "200");
    let resent = order_request(COUPA_SECRET, "PO-1001", &cart.item_in);
    assert_eq!(status(&market.post_cxml(&resent).await).code, "200");
    assert_eq!(market.agreements().await.len(), 1);
    let outbox = market.outbox().await;
    assert_eq!(outbox.len(), 1, "one mail queued");
    assert_eq!(outbox[0]["sent"], true);
    assert_eq!(outbox[0]["recipient"], "buyer@acme.test");
    assert_eq!(market.mail_count().await, 1);
    // The mail carries the Message-ID it was queued with, by which a
    // receiver drops a copy sent again after a crash.
    let queued = outbox[0]["message_id"].as_str().unwrap();
    assert!(queued.ends_with("@marketplace.procsim.test"), "{queued}");
    let listed: serde_json::Value = reqwest::get(format!("{}/api/v1/messages", market.mail_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["messages"][0]["MessageID"], queued);
}

#[tokio::test]
async fn the_same_order_id_with_other_items_is_a_conflict() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    let first = market.punchout_cart(&listing.id.to_string(), &key).await;
    let payg = market.payg();
    let other = market.punchout_cart(&payg.id.to_string(), "payg").await;
    let ok = order_request(COUPA_SECRET, "PO-7", &first.item_in);
    assert_eq!(status(&market.post_cxml(&ok).await).code, "200");
    let clash = order_request(COUPA_SECRET, "PO-7", &other.item_in);
    assert_eq!(status(&market.post_cxml(&clash).await).code, "409");
    assert_eq!(market.agreements().await.len(), 1);
}

/// The order inside `doc`, to change it.
fn order_of(doc: &mut cxml::CXml) -> &mut cxml::doc::OrderRequest {
    match &mut doc
        .request
        .as_mut()
        .expect("the document is a Request")
        .body
    {
        cxml::envelope::RequestBody::OrderRequest(order) => order,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_payload_id_reused_with_other_content_is_a_conflict_not_a_silent_drop() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    let first = market.punchout_cart(&listing.id.to_string(), &key).await;
    let payg = market.payg();
    let other = market.punchout_cart(&payg.id.to_string(), "payg").await;
    let order = order_request(COUPA_SECRET, "PO-A", &first.item_in);
    assert_eq!(status(&market.post_cxml(&order).await).code, "200");

    // The same payloadID carrying another order and other lines.
    let mut reused = order_request(COUPA_SECRET, "PO-B", &other.item_in);
    reused.payload_id = order.payload_id.clone();
    let answer = status(&market.post_cxml(&reused).await);
    assert_eq!(answer.code, "409", "{answer:?}");
    assert!(
        answer.text.contains("already used for order PO-A"),
        "{answer:?}"
    );
    // Another orderID with the same lines is other content too.
    let mut renamed = order.clone();
    order_of(&mut renamed).header.order_id = "PO-C".into();
    assert_eq!(status(&market.post_cxml(&renamed).await).code, "409");
    let agreements = market.agreements().await;
    assert_eq!(agreements.len(), 1);
    assert_eq!(agreements[0]["po_number"], "PO-A");
    // A true redelivery is still idempotent.
    assert_eq!(status(&market.post_cxml(&order).await).code, "200");
    assert_eq!(market.agreements().await.len(), 1);
}

#[tokio::test]
async fn another_accounts_payload_id_is_a_conflict_that_names_no_order() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    let cart = market.punchout_cart(&listing.id.to_string(), &key).await;
    let order = order_request(COUPA_SECRET, "PO-SECRET-NAME", &cart.item_in);
    assert_eq!(status(&market.post_cxml(&order).await).code, "200");
    // Globex (Ariba) sends the very same order under Acme's payloadID.
    let mut globex = order.clone();
    globex.header = Some(cxml::envelope::Header::new(
        cxml::common::Credential::new("NetworkID", "AN01000000001"),
        cxml::common::Credential::new("NetworkID", "AN01000000999"),
        cxml::common::Credential::with_secret(
            "NetworkID",
            "AribaNetwork",
            cxml::SharedSecret::new("ariba-supplier-secret"),
        ),
        "Ariba Network 1.0",
    ));
    let answer = status(&market.post_cxml(&globex).await);
    assert_eq!(answer.code, "409", "not a silent duplicate: {answer:?}");
    assert!(!answer.text.contains("PO-SECRET-NAME"), "{answer:?}");
    assert_eq!(market.agreements().await.len(), 1);
}

#[tokio::test]
async fn a_total_that_is_not_the_sum_of_the_lines_is_refused_naming_both() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    let cart = market.punchout_cart(&listing.id.to_string(), &key).await;
    for stated in ["-5.00", "999999999999.99", "0"] {
        let mut order = order_request(COUPA_SECRET, "PO-T", &cart.item_in);
        let lines = order_of(&mut order).lines_total().unwrap();
        order_of(&mut order).header.total.money.amount = stated.into();
        let answer = status(&market.post_cxml(&order).await);
        assert_eq!(answer.code, "400", "{stated}: {answer:?}");
        assert!(
            answer.text.contains(stated) && answer.text.contains(&lines.amount().to_string()),
            "{answer:?}"
        );
    }
    assert!(market.agreements().await.is_empty());
    assert!(market.outbox().await.is_empty());
    // Fixed, the same order goes through.
    let order = order_request(COUPA_SECRET, "PO-T", &cart.item_in);
    assert_eq!(status(&market.post_cxml(&order).await).code, "200");
}

#[tokio::test]
async fn an_order_addressed_to_someone_else_is_401_and_stores_nothing() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    let cart = market.punchout_cart(&listing.id.to_string(), &key).await;
    let mut order = order_request(COUPA_SECRET, "PO-TO", &cart.item_in);
    order.header.as_mut().unwrap().to.credential[0].identity = "someone-else".into();
    let answer = status(&market.post_cxml(&order).await);
    assert_eq!(answer.code, "401");
    assert!(
        answer
            .text
            .contains("To must name NetworkID:procsim-marketplace"),
        "{answer:?}"
    );
    assert!(market.agreements().await.is_empty());
}

#[tokio::test]
async fn a_wrong_secret_is_401_and_stores_nothing() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    let cart = market.punchout_cart(&listing.id.to_string(), &key).await;
    let order = order_request("wrong", "PO-2", &cart.item_in);
    assert_eq!(status(&market.post_cxml(&order).await).code, "401");
    assert!(market.agreements().await.is_empty());
    assert!(market.outbox().await.is_empty());
}

#[tokio::test]
async fn an_expired_private_offer_is_refused_with_a_reason() {
    let market = start().await;
    let offer = market
        .catalog
        .initial_offers()
        .iter()
        .find(|o| o.account.as_str() == "acct-coupa-001")
        .cloned()
        .unwrap();
    let key = format!("{}.r{}", offer.id, offer.revision);
    let cart = market.punchout_cart(&offer.listing.to_string(), &key).await;
    market.clock.advance_to(offer.expires_at).unwrap();
    market.clock.advance(SignedDuration::from_secs(1)).unwrap();

    let reply = market
        .post_cxml(&order_request(COUPA_SECRET, "PO-3", &cart.item_in))
        .await;
    let status = status(&reply);
    assert_eq!(status.code, "400");
    assert!(
        status.text.contains(&offer.listing.to_string()),
        "{}",
        status.text
    );
    assert!(status.text.contains("expired"), "{}", status.text);
    assert!(market.agreements().await.is_empty());
    assert!(market.outbox().await.is_empty());
}

#[tokio::test]
async fn a_test_mode_connection_acknowledges_without_an_agreement() {
    let market = start().await;
    let client = reqwest::Client::new();
    let url = format!("{}/api/accounts/acct-coupa-001/integration", market.url);
    let mut settings: serde_json::Value = client
        .get(&url)
        .header("x-procsim-user", "admin@acme.test")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    settings["connections"][0]["test_mode"] = true.into();
    let put = client
        .put(&url)
        .header("x-procsim-user", "admin@acme.test")
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);

    let (listing, key) = market.saas_upfront();
    let cart = market.punchout_cart(&listing.id.to_string(), &key).await;
    let order = order_request(COUPA_SECRET, "PO-T", &cart.item_in);
    assert_eq!(status(&market.post_cxml(&order).await).code, "200");
    assert!(market.agreements().await.is_empty());
    assert!(market.outbox().await.is_empty());
}

/// An order of `items` whose ItemOut lines carry `numbers` as lineNumber.
fn numbered_order(
    po: &str,
    items: &[cxml::common::ItemIn],
    numbers: &[Option<&str>],
) -> cxml::CXml {
    let mut order = order_request(COUPA_SECRET, po, items);
    let Some(cxml::envelope::RequestBody::OrderRequest(request)) =
        order.request.as_mut().map(|r| &mut r.body)
    else {
        unreachable!("order_request makes an OrderRequest")
    };
    for (item, number) in request.item_out.iter_mut().zip(numbers) {
        item.line_number = number.map(str::to_owned);
    }
    order
}

#[tokio::test]
async fn agreements_keep_the_po_line_of_their_item_or_its_position_when_lines_are_unclear() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    let cart = market.punchout_cart(&listing.id.to_string(), &key).await;
    let item = cart.item_in[0].clone();
    let items = [item.clone(), item.clone(), item];
    let cases = [
        ("PO-L1", [Some("10"), Some("20"), Some("30")], [10, 20, 30]),
        ("PO-L2", [Some("2"), Some("2"), Some("3")], [1, 2, 3]),
        ("PO-L3", [Some("2"), None, Some("5")], [1, 2, 3]),
        ("PO-L4", [Some("0"), Some("x"), Some("7")], [1, 2, 3]),
    ];
    for (po, numbers, expected) in cases {
        let order = numbered_order(po, &items, &numbers);
        assert_eq!(status(&market.post_cxml(&order).await).code, "200", "{po}");
        let lines: Vec<i64> = market
            .agreements()
            .await
            .iter()
            .filter(|a| a["po_number"] == po)
            .map(|a| a["po_line"].as_i64().unwrap())
            .collect();
        assert_eq!(lines, expected, "{po}");
    }
}
