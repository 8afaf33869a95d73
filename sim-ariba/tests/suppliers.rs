//! Supplier relationships and published catalogs: a supplier asks, the
//! admin accepts (API or page), only then is its Index accepted and its
//! PunchOut item listed. Every refusal stores nothing.

mod support;

use support::{BUYER_ANID, SUPPLIER_ANID, World, index};

#[tokio::test]
async fn a_relationship_is_requested_once_then_accepted_by_an_admin() {
    let world = World::start().await;
    let (status, reply) = world
        .request_relationship(World::marketplace_request())
        .await;
    assert_eq!(status, 201);
    assert_eq!(reply["status"], "requested");
    assert_eq!(reply["supplier_anid"], SUPPLIER_ANID);
    let (status, reply) = world
        .request_relationship(World::marketplace_request())
        .await;
    assert_eq!(status, 200, "asking again changes nothing");
    assert_eq!(reply["status"], "requested");

    assert_eq!(world.accept(SUPPLIER_ANID, "sam@globex.test").await, 403);
    assert_eq!(world.accept(SUPPLIER_ANID, "nobody@globex.test").await, 403);
    assert_eq!(
        world.accept("AN09999999999", "admin@globex.test").await,
        404
    );
    assert_eq!(world.accept(SUPPLIER_ANID, "admin@globex.test").await, 200);
    let (status, reply) = world
        .request_relationship(World::marketplace_request())
        .await;
    assert_eq!((status, reply["status"].as_str()), (200, Some("accepted")));
    assert_eq!(reply["accepted_by"], "admin@globex.test");
}

#[tokio::test]
async fn bad_relationship_requests_are_refused_and_store_nothing() {
    let world = World::start().await;
    let bad_anid = serde_json::json!({
        "supplier_anid": "procsim-marketplace",
        "supplier_name": "x",
        "buyer_anid": BUYER_ANID,
    });
    assert_eq!(world.request_relationship(bad_anid).await.0, 400);
    let other_buyer = serde_json::json!({
        "supplier_anid": SUPPLIER_ANID,
        "supplier_name": "x",
        "buyer_anid": "AN01000000002",
    });
    assert_eq!(world.request_relationship(other_buyer).await.0, 404);
    let missing_field = serde_json::json!({ "supplier_anid": SUPPLIER_ANID });
    assert_eq!(world.request_relationship(missing_field).await.0, 400);
    let listed: serde_json::Value = reqwest::get(format!("{}/api/relationships", world.ariba))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed, serde_json::json!([]));
}

#[tokio::test]
async fn a_catalog_is_accepted_only_from_an_accepted_supplier() {
    let world = World::start().await;
    let xml = index(SUPPLIER_ANID).to_xml().unwrap();
    let requester = world.browser("sam@globex.test");

    let (status, reply) = world.publish(xml.clone()).await;
    assert_eq!(status, 404, "{reply}");
    world
        .request_relationship(World::marketplace_request())
        .await;
    let (status, reply) = world.publish(xml.clone()).await;
    assert_eq!(status, 403, "{reply}");
    assert!(
        !requester
            .get("/catalog")
            .await
            .body
            .contains("Software marketplace")
    );

    world.accept(SUPPLIER_ANID, "admin@globex.test").await;
    let (status, reply) = world.publish(xml).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["listed"], 1);
    let catalog = requester.get("/catalog").await;
    assert_eq!(catalog.status, 200);
    assert!(
        catalog.body.contains("Software marketplace"),
        "{}",
        catalog.body
    );
    assert!(catalog.body.contains("/catalog/1/punchout"));
    assert!(catalog.body.contains(SUPPLIER_ANID));

    let journal = world.journal().await;
    let indexes: Vec<_> = journal
        .iter()
        .filter(|e| e["document_type"] == "Index")
        .map(|e| e["http_status"].as_u64())
        .collect();
    assert_eq!(indexes.len(), 3, "every Index received is journaled");
    assert!(indexes.contains(&Some(200)) && indexes.contains(&Some(403)));
}

#[tokio::test]
async fn unreadable_or_anonymous_catalogs_are_refused_and_store_nothing() {
    let world = World::start().await;
    world
        .request_relationship(World::marketplace_request())
        .await;
    world.accept(SUPPLIER_ANID, "admin@globex.test").await;
    let not_xml = world.publish("this is not xml").await;
    assert_eq!(not_xml.0, 400);
    assert!(
        not_xml.1["error"]
            .as_str()
            .unwrap()
            .contains("not a readable cXML Index")
    );
    let envelope = world
        .publish(r#"<?xml version="1.0"?><cXML payloadID="a" timestamp="b"/>"#)
        .await;
    assert_eq!(envelope.0, 400);
    let mut duns_only = index(SUPPLIER_ANID);
    duns_only.supplier_id[0] = cxml::doc::SupplierId::new("DUNS", "123456789");
    assert_eq!(world.publish(duns_only.to_xml().unwrap()).await.0, 400);
    let catalog = world.browser("sam@globex.test").get("/catalog").await;
    assert!(catalog.body.contains("No accepted supplier has published"));
}

#[tokio::test]
async fn the_admin_page_lists_pending_requests_and_accepts_them() {
    let world = World::start().await;
    world
        .request_relationship(World::marketplace_request())
        .await;
    let admin = world.browser("admin@globex.test");
    let page = admin.get("/admin/suppliers").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("requested"));
    assert!(
        page.body
            .contains(&format!("/admin/suppliers/{SUPPLIER_ANID}/accept"))
    );
    assert!(
        !page.body.contains("ariba-supplier-secret"),
        "secret masked"
    );

    let requester = world.browser("sam@globex.test");
    assert_eq!(requester.get("/admin/suppliers").await.status, 403);
    let refused = requester
        .post(&format!("/admin/suppliers/{SUPPLIER_ANID}/accept"))
        .await;
    assert_eq!(refused.status, 403);

    let accepted = admin
        .post(&format!("/admin/suppliers/{SUPPLIER_ANID}/accept"))
        .await;
    assert_eq!(
        (accepted.status, accepted.location.as_str()),
        (303, "/admin/suppliers")
    );
    let page = admin.get("/admin/suppliers").await;
    assert!(page.body.contains("admin@globex.test at"));
    assert!(!page.body.contains("/accept"));
    let (status, _) = world.publish(index(SUPPLIER_ANID).to_xml().unwrap()).await;
    assert_eq!(status, 200);
}
