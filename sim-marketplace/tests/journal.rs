//! The marketplace's journal over real sockets (`GET /api/journal`): every
//! setup request, refused or not, with its secret masked; the cart handed
//! to the browser; and the order, all under one flow id.

mod support;

use service_kit::journal::Direction;
use support::*;

const MASKED: &str = "<SharedSecret>***</SharedSecret>";

#[tokio::test]
async fn a_setup_request_is_journaled_masked_under_its_cookie_flow() {
    let market = start().await;
    start_url(&market.post_cxml(&setup_request(COUPA_SECRET, "c-j1")).await);

    let journal = market.journal_detail("type=PunchOutSetupRequest").await;
    let [entry] = journal.as_slice() else {
        panic!("one entry: {journal:?}")
    };
    assert_eq!(entry.service, "marketplace");
    assert_eq!(entry.direction, Direction::Inbound);
    assert_eq!(entry.flow_id.as_deref(), Some("punchout-c-j1"));
    assert_eq!(entry.http_status, Some(200));
    assert_eq!(entry.cxml_status, Some(200));
    assert!(entry.raw.contains(MASKED), "{}", entry.raw);
    assert!(!entry.raw.contains(COUPA_SECRET));
    assert!(
        entry
            .response_raw
            .as_deref()
            .is_some_and(|r| r.contains("/punchout/start/"))
    );
}

#[tokio::test]
async fn a_flow_header_names_the_flow() {
    let market = start().await;
    let reply = market
        .post_cxml_in_flow(&setup_request(COUPA_SECRET, "c-j2"), "flow-42")
        .await;
    start_url(&reply);

    let journal = market.journal("flow=flow-42").await;
    assert_eq!(journal.len(), 1);
    assert_eq!(
        journal[0].document_type.as_deref(),
        Some("PunchOutSetupRequest")
    );
    assert!(market.journal("flow=punchout-c-j2").await.is_empty());
}

#[tokio::test]
async fn a_refused_setup_is_journaled_with_its_401() {
    let market = start().await;
    let reply = market
        .post_cxml(&setup_request("wrong-secret", "c-j3"))
        .await;
    assert_eq!(status(&reply).code, "401");

    let journal = market.journal_detail("flow=punchout-c-j3").await;
    let [entry] = journal.as_slice() else {
        panic!("one entry: {journal:?}")
    };
    assert_eq!(entry.cxml_status, Some(401));
    assert_eq!(entry.http_status, Some(200), "cXML travels as HTTP 200");
    assert!(entry.raw.contains(MASKED));
    assert!(!entry.raw.contains("wrong-secret"), "even a wrong secret");
    assert!(
        entry
            .response_raw
            .as_deref()
            .is_some_and(|r| r.contains("Sender credentials not recognised"))
    );
}

#[tokio::test]
async fn the_cart_handed_to_the_browser_is_journaled_as_outbound() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    let start = start_url(&market.post_cxml(&setup_request(COUPA_SECRET, "c-j4")).await);
    let session = market.open_start_page(&start).await;
    let (code, html) = market
        .request_approval(&session, &listing.id.to_string(), &key)
        .await;
    assert_eq!(code, 200);
    let sent = String::from_utf8(cart_bytes(&html)).unwrap();

    let journal = market.journal_detail("type=PunchOutOrderMessage").await;
    let [entry] = journal.as_slice() else {
        panic!("one entry: {journal:?}")
    };
    assert_eq!(entry.direction, Direction::Outbound);
    assert_eq!(entry.peer, "browser");
    assert_eq!(entry.flow_id.as_deref(), Some("punchout-c-j4"));
    assert_eq!((entry.http_status, entry.cxml_status), (None, None));
    assert_eq!(entry.response_raw, None);
    assert_eq!(entry.raw, sent, "exactly the bytes the browser carried");
    assert!(
        entry
            .payload_id
            .as_deref()
            .is_some_and(|id| sent.contains(id))
    );
}

#[tokio::test]
async fn an_order_joins_the_flow_of_the_punchout_whose_cart_it_buys() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    let cart = market.punchout_cart(&listing.id.to_string(), &key).await;
    let order = order_request(COUPA_SECRET, "PO-J1", &cart.item_in);
    assert_eq!(status(&market.post_cxml(&order).await).code, "200");

    let flow = market.journal_detail("flow=punchout-cookie-1").await;
    let types: Vec<_> = flow
        .iter()
        .map(|e| e.document_type.as_deref().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "PunchOutSetupRequest",
            "PunchOutOrderMessage",
            "OrderRequest"
        ]
    );
    let order_entry = &flow[2];
    assert_eq!(order_entry.direction, Direction::Inbound);
    assert_eq!(order_entry.cxml_status, Some(200));
    assert_eq!(
        order_entry.payload_id.as_deref(),
        Some(order.payload_id.as_str())
    );
    assert!(order_entry.raw.contains(MASKED));
    assert_eq!(
        market.agreements().await[0]["flow_id"],
        "punchout-cookie-1",
        "the agreement keeps the flow too"
    );
}

#[tokio::test]
async fn an_order_with_a_flow_header_keeps_it_and_a_refused_one_is_journaled() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    let cart = market.punchout_cart(&listing.id.to_string(), &key).await;
    let order = order_request(COUPA_SECRET, "PO-J2", &cart.item_in);
    let reply = market.post_cxml_in_flow(&order, "flow-77").await;
    assert_eq!(status(&reply).code, "200");
    let refused = order_request("wrong-secret", "PO-J3", &cart.item_in);
    assert_eq!(status(&market.post_cxml(&refused).await).code, "401");

    let orders = market.journal("type=OrderRequest").await;
    let summary: Vec<_> = orders
        .iter()
        .map(|e| (e.flow_id.as_deref(), e.cxml_status))
        .collect();
    // A refused order's sender is unknown, so no cart can name its flow.
    assert_eq!(summary, [(Some("flow-77"), Some(200)), (None, Some(401))]);
}
