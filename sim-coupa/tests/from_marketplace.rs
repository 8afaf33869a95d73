//! The page the marketplace sends a subscriber to (SPEC F9, F12), on real
//! sockets: it names the product and why it goes through Coupa, and its
//! button opens a level-2 punchout (`SelectedItem`) on that product; bad
//! product ids are refused before anything is sent.

mod support;

use support::*;

#[tokio::test]
async fn the_page_explains_and_punches_out_to_the_product() {
    let world = World::start().await;
    let jane = world.browser("jane@acme.test");
    let page = jane
        .get("/marketplace/requisition?listing=prod-0000abcd&option=payg&product=Fast+%3CDB%3E&reason=redirect")
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("Raise a requisition for Fast &lt;DB&gt;")
    );
    assert!(
        page.body
            .contains("buys marketplace software through Coupa")
    );
    assert!(
        page.body
            .contains("/punchout/marketplace?product=prod-0000abcd")
    );
    let zero = jane
        .get("/marketplace/requisition?listing=prod-0000abcd&product=Free+Tool&reason=zero-order")
        .await;
    assert!(zero.body.contains("as a 0.00 order"), "{}", zero.body);

    let started = jane
        .post("/punchout/marketplace?product=prod-0000abcd")
        .await;
    assert_eq!(started.status, 303, "{}", started.body);
    let setups = world.supplier.documents("PunchOutSetupRequest");
    let setup = setup_of(setups.last().unwrap());
    let selected = setup.selected_item.unwrap();
    assert_eq!(selected.item_id.supplier_part_id, "prod-0000abcd");
}

#[tokio::test]
async fn bad_product_ids_and_strangers_are_refused_and_nothing_is_sent() {
    let world = World::start().await;
    let jane = world.browser("jane@acme.test");
    let missing = jane.get("/marketplace/requisition?product=Thing").await;
    assert_eq!(missing.status, 400);
    let bad = jane.post("/punchout/marketplace?product=..%2Fadmin").await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(world.supplier.documents("PunchOutSetupRequest").is_empty());
    let anonymous = world
        .browser("")
        .get("/marketplace/requisition?listing=prod-0000abcd")
        .await;
    assert_eq!(
        (anonymous.status, anonymous.location.as_str()),
        (303, "/signin")
    );
}
