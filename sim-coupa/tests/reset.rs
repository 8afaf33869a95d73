//! `POST /api/reset` over real sockets: a PO, its requisition, the journal
//! and an admin's site change are gone after it, the seeded settings are
//! back, numbering starts again at PO-000001 and journal ids keep growing.

mod support;

use support::*;

/// Punches out as Jane, returns one line, submits the cart, has Mia
/// approve; gives the number of the PO the supplier received.
async fn purchase(world: &World) -> String {
    let jane = world.browser("jane@acme.test");
    assert_eq!(jane.get("/punchout/marketplace").await.status, 303);
    let setups = world.supplier.documents("PunchOutSetupRequest");
    let cookie = setup_of(
        setups
            .last()
            .expect("the supplier received a setup request"),
    )
    .buyer_cookie;
    let doc = cart_document(
        &cookie,
        vec![item("SAAS-1", "2500.00", "1", "Service")],
        "2500.00",
    );
    let body = format!(
        "cxml-base64={}",
        form_encode(cxml::transport::encode_base64(doc.as_bytes()).as_bytes())
    );
    let returned = jane
        .post_form("/punchout/return", body.into_bytes(), false)
        .await;
    assert_eq!(returned.status, 303);
    let cart_page = jane.get("/cart").await.body;
    let submit = cart_page
        .split('"')
        .find(|part| part.starts_with("/cart/") && part.ends_with("/submit"))
        .unwrap_or_else(|| panic!("no submit form on the cart page: {cart_page}"))
        .to_owned();
    let submitted = jane.post(&submit).await;
    assert_eq!(submitted.status, 303, "{}", submitted.body);
    let mia = world.browser("mia@acme.test");
    let approved = mia.post(&format!("{}/approve", submitted.location)).await;
    assert_eq!(approved.status, 303, "{}", approved.body);
    let orders = world.supplier.documents("OrderRequest");
    order_of(
        orders
            .last()
            .expect("the approval sent an OrderRequest to the supplier"),
    )
    .header
    .order_id
}

async fn journal_ids(world: &World) -> Vec<i64> {
    let list: Vec<serde_json::Value> = reqwest::get(format!("{}/api/journal", world.url))
        .await
        .expect("coupa answers GET /api/journal")
        .json()
        .await
        .expect("the journal lists JSON");
    buyer_kit::testing::journal_ids(&list)
}

#[tokio::test]
async fn a_reset_forgets_every_po_and_brings_the_seeded_settings_back() {
    let world = World::start().await;
    assert_eq!(purchase(&world).await, "PO-000001");
    let admin = world.browser("admin@acme.test");
    let form = format!(
        "url={}&domain=NetworkID&from_identity=changed-by-admin&to_identity=procsim-marketplace\
         &sender_identity=coupa-acme&order_url={}&open_buy_url=",
        form_encode(format!("{}/cxml", world.supplier.url).as_bytes()),
        form_encode(format!("{}/cxml", world.supplier.url).as_bytes()),
    );
    let saved = admin
        .post_form("/admin/site", form.into_bytes(), true)
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(admin.get("/admin").await.body.contains("changed-by-admin"));
    let before = journal_ids(&world).await;
    let last = *before.iter().max().unwrap();

    let client = reqwest::Client::new();
    let refused = reqwest::get(format!("{}/api/reset", world.url))
        .await
        .unwrap();
    assert_eq!(refused.status(), 405);
    assert_eq!(
        world
            .browser("mia@acme.test")
            .get("/orders/PO-000001")
            .await
            .status,
        200
    );
    let reply = client
        .post(format!("{}/api/reset", world.url))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);

    assert!(journal_ids(&world).await.is_empty());
    let mia = world.browser("mia@acme.test");
    assert_eq!(mia.get("/orders/PO-000001").await.status, 404);
    assert!(!mia.get("/approvals").await.body.contains("REQ-000001"));
    let page = admin.get("/admin").await.body;
    assert!(
        !page.contains("changed-by-admin"),
        "the seeded site is back"
    );
    assert!(page.contains("coupa-acme"));

    assert_eq!(
        purchase(&world).await,
        "PO-000001",
        "numbering starts again"
    );
    let after = journal_ids(&world).await;
    assert!(!after.is_empty());
    assert!(after.iter().all(|id| *id > last), "{after:?} after {last}");
}
