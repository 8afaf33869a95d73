//! Requisition, approvals and the purchase order: the manager approves,
//! finance too from the threshold; the final approval numbers an EP- PO
//! and sends its OrderRequest with Ariba's header; the supplier's answer
//! is recorded on the PO; a rejection sends nothing.

mod support;

use cxml::envelope::RequestBody;
use support::{Browser, OrderAnswer, SUPPLIER_ANID, World, cart, item};

/// Punches out as sam, returns a cart of one `price` line, submits it;
/// gives the requisition's path.
async fn requisition(world: &World, price: &str) -> (Browser, String) {
    let sam = world.browser("sam@globex.test");
    sam.post("/catalog/1/punchout").await;
    let cookie = world.supplier.last_cookie();
    let document = cart(&cookie, vec![item("saas-1", price)], price);
    sam.return_cart(
        "cxml-base64",
        &cxml::transport::encode_base64(document.as_bytes()),
    )
    .await;
    let cart_page = sam.get("/cart").await;
    let submit = cart_page
        .body
        .split("action=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|action| action.ends_with("/submit"))
        .expect("the cart page has a submit form")
        .to_owned();
    let submitted = sam.post(&submit).await;
    assert_eq!(submitted.status, 303, "{}", submitted.body);
    (sam, submitted.location)
}

#[tokio::test]
async fn the_manager_approves_and_the_po_is_sent_with_ariba_habits() {
    let world = World::connected().await;
    let (sam, path) = requisition(&world, "2500.00").await;
    assert!(sam.get(&path).await.body.contains("manager"));
    let id = path.trim_start_matches("/requisitions/");

    let fay = world.browser("fay@globex.test");
    assert_eq!(
        fay.post(&format!("{path}/approve")).await.status,
        409,
        "not finance's turn"
    );
    let mo = world.browser("mo@globex.test");
    assert!(
        mo.get("/requisitions")
            .await
            .body
            .contains(&format!("/requisitions/{id}"))
    );
    assert_eq!(mo.post(&format!("{path}/approve")).await.status, 303);

    let orders = world.supplier.documents("OrderRequest");
    assert_eq!(orders.len(), 1);
    let doc = &orders[0].doc;
    let header = doc.header.as_ref().unwrap();
    assert_eq!(header.from.credential.len(), 2);
    assert!(header.from.has("DUNS", "081466849"));
    assert!(header.to.has("NetworkID", SUPPLIER_ANID));
    assert!(header.sender.credential[0].matches("NetworkID", "AribaNetwork"));
    assert_eq!(header.sender.user_agent, "Ariba Network v1.0");
    let Some(RequestBody::OrderRequest(order)) = doc.request.as_ref().map(|r| &r.body) else {
        panic!("not an order");
    };
    assert_eq!(order.header.order_id, "EP-000001");
    assert_eq!(order.item_out[0].item_id.supplier_part_id, "saas-1");
    let setup_flow = world.supplier.documents("PunchOutSetupRequest")[0]
        .flow
        .clone();
    assert_eq!(
        orders[0].flow, setup_flow,
        "the order joins its punchout's flow"
    );

    let po = sam.get("/orders/EP-000001").await;
    assert_eq!(po.status, 200);
    assert!(po.body.contains("data-outcome=\"accepted\""), "{}", po.body);
    assert!(po.body.contains("cXML status 200"));
}

#[tokio::test]
async fn finance_approves_from_the_threshold() {
    let world = World::connected().await;
    let (_, path) = requisition(&world, "12000.00").await;
    world
        .browser("mo@globex.test")
        .post(&format!("{path}/approve"))
        .await;
    assert!(
        world.supplier.documents("OrderRequest").is_empty(),
        "finance has not approved"
    );
    let fay = world.browser("fay@globex.test");
    assert!(
        fay.get("/requisitions")
            .await
            .body
            .contains("Awaiting your approval")
    );
    assert_eq!(fay.post(&format!("{path}/approve")).await.status, 303);
    assert_eq!(world.supplier.documents("OrderRequest").len(), 1);
}

#[tokio::test]
async fn a_rejected_requisition_sends_nothing() {
    let world = World::connected().await;
    let (sam, path) = requisition(&world, "2500.00").await;
    world
        .browser("mo@globex.test")
        .post(&format!("{path}/reject"))
        .await;
    assert!(sam.get(&path).await.body.contains("Rejected"));
    assert!(world.supplier.documents("OrderRequest").is_empty());
    assert!(
        sam.get("/orders")
            .await
            .body
            .contains("No purchase orders yet")
    );
}

#[tokio::test]
async fn a_refusal_is_recorded_on_the_po() {
    let world = World::connected().await;
    world
        .supplier
        .answer_orders(OrderAnswer::Refuse("The private offer expired".into()));
    let (sam, path) = requisition(&world, "2500.00").await;
    world
        .browser("mo@globex.test")
        .post(&format!("{path}/approve"))
        .await;
    let po = sam.get("/orders/EP-000001").await;
    assert!(po.body.contains("data-outcome=\"refused\""), "{}", po.body);
    assert!(po.body.contains("The private offer expired"));
}
