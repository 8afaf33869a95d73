//! F4 and F5 from coupa's side: requisitions run through the approval chain
//! by amount, a rejection sends nothing, the final approval sends an
//! OrderRequest whose orderID is the PO number, and the supplier's answer
//! (a refusal, an HTML 502) is recorded and shown on the PO page, with
//! the first error found in the answer by line and column.

mod support;

use support::*;

#[tokio::test]
async fn under_the_threshold_the_manager_alone_approves_and_the_order_is_sent() {
    let world = World::start().await;
    let req = requisition(
        &world,
        vec![item("SAAS-1", "2500.00", "1", "Service")],
        "2500.00",
    )
    .await;
    let fin = world.browser("fin@acme.test");
    assert!(!fin.get("/approvals").await.body.contains("REQ-000001"));
    let mia = world.browser("mia@acme.test");
    assert!(mia.get("/approvals").await.body.contains("REQ-000001"));
    assert!(world.supplier.documents("OrderRequest").is_empty());

    let approved = mia.post(&format!("{req}/approve")).await;
    assert_eq!(approved.status, 303, "{}", approved.body);
    let orders = world.supplier.documents("OrderRequest");
    assert_eq!(orders.len(), 1);
    let order = order_of(&orders[0]);
    assert_eq!(order.header.order_id, "PO-000001");
    assert!(
        order.header.order_date.ends_with("-08:00"),
        "{}",
        order.header.order_date
    );
    assert_eq!(order.item_out.len(), 1);
    assert_eq!(order.item_out[0].item_id.supplier_part_id, "SAAS-1");
    assert_eq!(
        order.item_out[0]
            .item_id
            .supplier_part_auxiliary_id
            .as_deref(),
        Some("offer-SAAS-1")
    );
    let cookie = &setup_of(&world.supplier.documents("PunchOutSetupRequest")[0]).buyer_cookie;
    assert_eq!(
        orders[0].flow.as_deref(),
        Some(cookie.as_str()),
        "the purchase's flow id"
    );

    let page = world
        .browser("jane@acme.test")
        .get("/orders/PO-000001")
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("accepted"), "{}", page.body);
}

#[tokio::test]
async fn above_the_threshold_finance_approves_after_the_manager() {
    let world = World::start().await;
    let req = requisition(
        &world,
        vec![item("DATA-7", "0.01", "1000000", "Material")],
        "10000.00",
    )
    .await;
    let fin = world.browser("fin@acme.test");
    let early = fin.post(&format!("{req}/approve")).await;
    assert_eq!(early.status, 409, "finance may not act before the manager");
    let mia = world.browser("mia@acme.test");
    assert_eq!(mia.post(&format!("{req}/approve")).await.status, 303);
    assert!(
        world.supplier.documents("OrderRequest").is_empty(),
        "finance still to approve"
    );
    assert!(fin.get("/approvals").await.body.contains("REQ-000001"));
    assert_eq!(fin.post(&format!("{req}/approve")).await.status, 303);
    let orders = world.supplier.documents("OrderRequest");
    assert_eq!(orders.len(), 1);
    assert_eq!(
        order_of(&orders[0])
            .header
            .total
            .value()
            .unwrap()
            .to_string(),
        "10000.00 USD"
    );
    let page = mia.get(&req).await.body;
    assert!(
        page.contains("by mia@acme.test") && page.contains("by fin@acme.test"),
        "{page}"
    );
}

#[tokio::test]
async fn a_rejected_requisition_makes_no_po_and_sends_nothing() {
    let world = World::start().await;
    let req = requisition(
        &world,
        vec![item("SAAS-1", "2500.00", "1", "Service")],
        "2500.00",
    )
    .await;
    let mia = world.browser("mia@acme.test");
    assert_eq!(mia.post(&format!("{req}/reject")).await.status, 303);
    assert!(world.supplier.documents("OrderRequest").is_empty());
    let page = mia.get(&req).await.body;
    assert!(page.contains("Rejected"), "{page}");
    let orders = mia.get("/orders").await.body;
    assert!(orders.contains("No purchase orders yet"), "{orders}");
    assert_eq!(mia.post(&format!("{req}/approve")).await.status, 409);
    assert!(world.supplier.documents("OrderRequest").is_empty());
}

#[tokio::test]
async fn a_refusal_is_shown_on_the_po_page_with_the_suppliers_text() {
    let world = World::start().await;
    world.supplier.answer_orders(OrderAnswer::Refuse(
        "The private offer expired on 2026-01-01".into(),
    ));
    let req = requisition(
        &world,
        vec![item("SAAS-1", "2500.00", "1", "Service")],
        "2500.00",
    )
    .await;
    world
        .browser("mia@acme.test")
        .post(&format!("{req}/approve"))
        .await;
    let page = world
        .browser("jane@acme.test")
        .get("/orders/PO-000001")
        .await
        .body;
    assert!(page.contains("refused"), "{page}");
    assert!(page.contains("400"));
    assert!(page.contains("The private offer expired on 2026-01-01"));
}

#[tokio::test]
async fn an_html_502_is_recorded_as_a_transient_transport_error() {
    let world = World::start().await;
    world.supplier.answer_orders(OrderAnswer::BadGateway);
    let req = requisition(
        &world,
        vec![item("SAAS-1", "2500.00", "1", "Service")],
        "2500.00",
    )
    .await;
    world
        .browser("mia@acme.test")
        .post(&format!("{req}/approve"))
        .await;
    let page = world
        .browser("jane@acme.test")
        .get("/orders/PO-000001")
        .await
        .body;
    assert!(page.contains("transport error"), "{page}");
    assert!(page.contains("502"));
    // The exact reason, as the journal found it in the answer.
    assert!(
        page.contains("In the answer, CX003 at line 1, column 1: "),
        "{page}"
    );
}

#[tokio::test]
async fn setup_requests_and_orders_declare_the_profiles_own_version_each() {
    let world = World::start_with(|config| {
        config.profile.dtd.setup_request = "1.2.014".to_owned();
        config.profile.dtd.order_request = "1.2.050".to_owned();
    })
    .await;
    let req = requisition(
        &world,
        vec![item("SAAS-1", "2500.00", "1", "Service")],
        "2500.00",
    )
    .await;
    let approved = world
        .browser("mia@acme.test")
        .post(&format!("{req}/approve"))
        .await;
    assert_eq!(approved.status, 303, "{}", approved.body);
    let setups = world.supplier.documents("PunchOutSetupRequest");
    assert!(
        setups[0]
            .raw
            .contains("http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd"),
        "{}",
        setups[0].raw
    );
    let orders = world.supplier.documents("OrderRequest");
    assert!(
        orders[0]
            .raw
            .contains("http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd"),
        "{}",
        orders[0].raw
    );
}
