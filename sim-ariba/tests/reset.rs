//! `POST /api/reset`: the requisition, the EP- PO and the journal are gone
//! after it, numbering starts again, journal ids keep growing, and the
//! supplier relationship and its published catalog are kept (they are
//! configuration, set up once at startup), so a punchout works at once.

mod support;

use cxml::envelope::RequestBody;
use support::{World, cart, item};

/// Punches out from the catalog as sam, submits a one-line cart, has mo
/// approve; gives the number of the PO the supplier received.
async fn purchase(world: &World) -> String {
    let sam = world.browser("sam@globex.test");
    sam.post("/catalog/1/punchout").await;
    let cookie = world.supplier.last_cookie();
    let document = cart(&cookie, vec![item("saas-1", "2500.00")], "2500.00");
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
    let mo = world.browser("mo@globex.test");
    let approve = format!("{}/approve", submitted.location);
    assert_eq!(mo.post(&approve).await.status, 303);
    let orders = world.supplier.documents("OrderRequest");
    let doc = &orders
        .last()
        .expect("the approval sent an OrderRequest to the supplier")
        .doc;
    let Some(RequestBody::OrderRequest(order)) = doc.request.as_ref().map(|r| &r.body) else {
        panic!("not an order");
    };
    order.header.order_id.clone()
}

fn ids(journal: &[serde_json::Value]) -> Vec<i64> {
    buyer_kit::testing::journal_ids(journal)
}

#[tokio::test]
async fn a_reset_forgets_orders_but_keeps_the_supplier_and_its_catalog() {
    let world = World::connected().await;
    assert_eq!(purchase(&world).await, "EP-000001");
    let last = *ids(&world.journal().await).iter().max().unwrap();

    let refused = reqwest::get(format!("{}/api/reset", world.url))
        .await
        .unwrap();
    assert_eq!(refused.status(), 405);
    let reply = reqwest::Client::new()
        .post(format!("{}/api/reset", world.url))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);

    assert!(world.journal().await.is_empty());
    let sam = world.browser("sam@globex.test");
    assert_eq!(sam.get("/orders/EP-000001").await.status, 404);
    let catalog = sam.get("/catalog").await;
    assert_eq!(catalog.status, 200);
    assert!(
        catalog.body.contains("/catalog/1/punchout"),
        "{}",
        catalog.body
    );

    assert_eq!(
        purchase(&world).await,
        "EP-000001",
        "numbering starts again"
    );
    let after = ids(&world.journal().await);
    assert!(!after.is_empty());
    assert!(after.iter().all(|id| *id > last), "{after:?} after {last}");
}
