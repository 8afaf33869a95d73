//! Supplier relationships and published catalogs: the buyer's admin asks
//! a supplier by its network id (API or page), the network tells the
//! supplier, the supplier accepts with its shared secret, only then is its
//! Index accepted and its PunchOut item listed. Every refusal stores
//! nothing.

mod support;

use support::{ADMIN, SUPPLIER_ANID, SUPPLIER_SECRET, World, index};

/// The admin page's form with `value` as the supplier's network id.
fn anid(value: &str) -> Vec<u8> {
    format!("anid={value}").into_bytes()
}

#[tokio::test]
async fn the_admin_requests_once_and_the_supplier_accepts_with_its_secret() {
    let world = World::start().await;
    let (status, reply) = world
        .request_relationship(ADMIN, World::supplier_request())
        .await;
    assert_eq!(status, 201, "{reply}");
    assert_eq!(reply["status"], "requested");
    assert_eq!(reply["supplier_anid"], SUPPLIER_ANID);
    assert_eq!(reply["requested_by"], ADMIN);
    // The stand-in supplier has no relationship endpoint: the network
    // says so on the relationship, which stays requested.
    assert_eq!(
        reply["supplier_reply"],
        "the supplier refused the notice (HTTP 404)"
    );

    let (status, reply) = world
        .request_relationship(ADMIN, World::supplier_request())
        .await;
    assert_eq!(status, 409, "asking again is refused: {reply}");

    assert_eq!(world.accept(SUPPLIER_ANID, "wrong-secret").await, 401);
    assert_eq!(world.accept("AN09999999999", SUPPLIER_SECRET).await, 404);
    let listed = world.relationships().await;
    assert_eq!(listed[0]["status"], "requested", "refusals change nothing");
    assert_eq!(world.accept(SUPPLIER_ANID, SUPPLIER_SECRET).await, 200);
    let listed = world.relationships().await;
    assert_eq!(listed[0]["status"], "accepted");
    assert_eq!(listed[0]["accepted_by"], "procsim marketplace");
    assert_eq!(world.accept(SUPPLIER_ANID, SUPPLIER_SECRET).await, 200);
}

#[tokio::test]
async fn bad_relationship_requests_are_refused_and_store_nothing() {
    let world = World::start().await;
    let bad_anid = serde_json::json!({ "supplier_anid": "procsim-marketplace" });
    assert_eq!(world.request_relationship(ADMIN, bad_anid).await.0, 400);
    let unknown = serde_json::json!({ "supplier_anid": "AN01000000555" });
    let (status, reply) = world.request_relationship(ADMIN, unknown).await;
    assert_eq!(status, 404);
    assert!(
        reply["error"]
            .as_str()
            .unwrap()
            .contains("no supplier on the network has the ANID AN01000000555")
    );
    let old_shape = serde_json::json!({
        "supplier_anid": SUPPLIER_ANID,
        "supplier_name": "x",
        "buyer_anid": "AN01000000001",
    });
    assert_eq!(world.request_relationship(ADMIN, old_shape).await.0, 400);
    let (status, _) = world
        .request_relationship("sam@globex.test", World::supplier_request())
        .await;
    assert_eq!(status, 403, "only an admin asks");
    assert_eq!(world.relationships().await, serde_json::json!([]));
}

#[tokio::test]
async fn a_catalog_is_accepted_only_from_an_accepted_supplier() {
    let world = World::start().await;
    let xml = index(SUPPLIER_ANID).to_xml().unwrap();
    let requester = world.browser("sam@globex.test");

    let (status, reply) = world.publish(xml.clone()).await;
    assert_eq!(status, 404, "{reply}");
    world
        .request_relationship(ADMIN, World::supplier_request())
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

    world.accept(SUPPLIER_ANID, SUPPLIER_SECRET).await;
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
        .request_relationship(ADMIN, World::supplier_request())
        .await;
    world.accept(SUPPLIER_ANID, SUPPLIER_SECRET).await;
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
async fn the_admin_page_requests_a_relationship_by_network_id() {
    let world = World::start().await;
    let admin = world.browser(ADMIN);
    let page = admin.get("/admin/suppliers").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains(r#"<form class="bar" method="post" action="/admin/suppliers">"#)
    );
    assert!(page.body.contains("No relationship yet"));
    assert!(
        !page.body.contains("ariba-supplier-secret"),
        "secret masked"
    );

    let requester = world.browser("sam@globex.test");
    assert_eq!(requester.get("/admin/suppliers").await.status, 403);
    let refused = requester
        .post_form("/admin/suppliers", anid(SUPPLIER_ANID), true)
        .await;
    assert_eq!(refused.status, 403);

    let unknown = admin
        .post_form("/admin/suppliers", anid("AN01000000555"), true)
        .await;
    assert_eq!(unknown.status, 404);
    assert!(
        unknown.body.contains("Unknown network id"),
        "{}",
        unknown.body
    );
    let garbled = admin
        .post_form("/admin/suppliers", anid("marketplace"), true)
        .await;
    assert_eq!(garbled.status, 400);
    assert!(garbled.body.contains("Not a network id"));
    assert_eq!(world.relationships().await, serde_json::json!([]));

    let requested = admin
        .post_form("/admin/suppliers", anid(SUPPLIER_ANID), true)
        .await;
    assert_eq!(
        (requested.status, requested.location.as_str()),
        (303, "/admin/suppliers")
    );
    let page = admin.get("/admin/suppliers").await;
    assert!(page.body.contains("waiting for the supplier"));
    assert!(
        page.body
            .contains("the supplier refused the notice (HTTP 404)")
    );
    let again = admin
        .post_form("/admin/suppliers", anid(SUPPLIER_ANID), true)
        .await;
    assert_eq!(again.status, 409);
    assert!(again.body.contains("Relationship already requested"));
    assert_eq!(world.relationships().await.as_array().unwrap().len(), 1);

    assert_eq!(world.accept(SUPPLIER_ANID, SUPPLIER_SECRET).await, 200);
    let page = admin.get("/admin/suppliers").await;
    assert!(page.body.contains("procsim marketplace at"));
    let (status, _) = world.publish(index(SUPPLIER_ANID).to_xml().unwrap()).await;
    assert_eq!(status, 200);
}
