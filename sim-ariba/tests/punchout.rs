//! Level-1 PunchOut from the catalog item: the setup request carries
//! Ariba's habits and goes to the supplier account's URL; the browser is
//! sent to the StartPage; the cart comes back in either encoding.

mod support;

use cxml::envelope::{DeploymentMode, RequestBody};
use support::{PUBLISHED_URL, SUPPLIER_ANID, World, cart, item};

#[tokio::test]
async fn the_setup_request_has_ariba_habits_and_goes_to_the_account_url() {
    let world = World::connected().await;
    let sam = world.browser("sam@globex.test");
    let page = sam.post("/catalog/1/punchout").await;
    assert_eq!(page.status, 303);
    assert_eq!(
        page.location,
        format!("{}/start/session-1", world.supplier.url)
    );

    let received = world.supplier.documents("PunchOutSetupRequest");
    assert_eq!(received.len(), 1, "posted to the account's URL");
    let doc = &received[0].doc;
    let header = doc.header.as_ref().unwrap();
    let from: Vec<_> = header
        .from
        .credential
        .iter()
        .map(|c| (c.domain.clone(), c.identity().to_owned()))
        .collect();
    assert_eq!(
        from,
        [
            ("NetworkID".to_owned(), "AN01000000001".to_owned()),
            ("DUNS".to_owned(), "081466849".to_owned())
        ]
    );
    assert!(header.to.has("NetworkID", SUPPLIER_ANID));
    let sender = &header.sender.credential[0];
    assert!(sender.matches("NetworkID", "AribaNetwork"));
    assert_eq!(
        sender.shared_secret.as_ref().unwrap().expose(),
        "ariba-supplier-secret"
    );
    assert_eq!(header.sender.user_agent, "Ariba Network v1.0");
    let request = doc.request.as_ref().unwrap();
    assert_eq!(request.deployment_mode, Some(DeploymentMode::Production));
    let RequestBody::PunchOutSetupRequest(setup) = &request.body else {
        panic!("not a setup request");
    };
    let extrinsics: Vec<_> = setup
        .extrinsic
        .iter()
        .map(|e| (e.name.as_str(), e.value.as_str()))
        .collect();
    assert_eq!(
        extrinsics,
        [
            ("UniqueName", "sam@globex.test"),
            ("UserEmail", "sam@globex.test"),
            ("CostCenter", "CC-4100"),
            ("User", "Sam Rivera"),
        ]
    );
    assert_eq!(
        setup.browser_form_post.as_ref().unwrap().url.value,
        format!("{}/punchout/return", world.url)
    );
    assert_eq!(
        setup.supplier_setup.as_ref().unwrap().url.value,
        PUBLISHED_URL,
        "the published URL travels only as SupplierSetup"
    );
    assert_eq!(setup.buyer_cookie.len(), 32);
    assert_eq!(
        received[0].flow.as_deref(),
        Some(setup.buyer_cookie.as_str())
    );
}

#[tokio::test]
async fn only_requesters_punch_out_and_only_to_listed_items() {
    let world = World::connected().await;
    assert_eq!(
        world
            .browser("mo@globex.test")
            .post("/catalog/1/punchout")
            .await
            .status,
        403
    );
    assert_eq!(
        world
            .browser("sam@globex.test")
            .post("/catalog/9/punchout")
            .await
            .status,
        404
    );
    let anonymous = world
        .browser("nobody@globex.test")
        .post("/catalog/1/punchout")
        .await;
    assert_eq!(
        (anonymous.status, anonymous.location.as_str()),
        (303, "/signin")
    );
    assert!(world.supplier.documents("PunchOutSetupRequest").is_empty());
}

#[tokio::test]
async fn a_test_account_sends_test_documents() {
    let world = World::start_with(|c| c.buyer.identity = "AN01000000001-T".into()).await;
    let request = World::supplier_request();
    assert_eq!(
        world.request_relationship(support::ADMIN, request).await.0,
        201
    );
    world.accept(SUPPLIER_ANID, support::SUPPLIER_SECRET).await;
    world
        .publish(support::index(SUPPLIER_ANID).to_xml().unwrap())
        .await;
    world
        .browser("sam@globex.test")
        .post("/catalog/1/punchout")
        .await;
    let doc = &world.supplier.documents("PunchOutSetupRequest")[0].doc;
    assert_eq!(
        doc.request.as_ref().unwrap().deployment_mode,
        Some(DeploymentMode::Test)
    );
}

#[tokio::test]
async fn the_cart_comes_back_base64_or_urlencoded() {
    let world = World::connected().await;
    let sam = world.browser("sam@globex.test");
    for field in ["cxml-base64", "CXML-urlencoded"] {
        sam.post("/catalog/1/punchout").await;
        let cookie = world.supplier.last_cookie();
        let document = cart(&cookie, vec![item("saas-1", "2500.00")], "2500.00");
        let value = if field == "cxml-base64" {
            cxml::transport::encode_base64(document.as_bytes())
        } else {
            document
        };
        let back = sam.return_cart(field, &value).await;
        assert_eq!(
            (back.status, back.location.as_str()),
            (303, "/cart"),
            "{field}"
        );
        let page = sam.get("/cart").await;
        assert!(
            page.body.contains("Product saas-1"),
            "{field}: {}",
            page.body
        );
        assert!(page.body.contains("2,500.00"));
    }
    let returned: Vec<_> = world
        .journal()
        .await
        .into_iter()
        .filter(|e| e["document_type"] == "PunchOutOrderMessage")
        .collect();
    assert_eq!(returned.len(), 2);
    assert_eq!(returned[0]["peer"], "browser");
    assert!(
        returned
            .iter()
            .all(|e| e["flow_id"].as_str().is_some_and(|f| f.len() == 32))
    );
}

#[tokio::test]
async fn a_cart_for_an_unknown_cookie_is_refused_and_stores_nothing() {
    let world = World::connected().await;
    let sam = world.browser("sam@globex.test");
    let document = cart("not-a-session", vec![item("saas-1", "10.00")], "10.00");
    let page = sam.return_cart("cxml-urlencoded", &document).await;
    assert_eq!(page.status, 400);
    assert!(
        page.body
            .contains("BuyerCookie matches no punchout session")
    );
    assert!(sam.get("/cart").await.body.contains("Your cart is empty"));
}

#[tokio::test]
async fn edit_and_inspect_reopen_the_cart_at_its_supplier_with_its_lines() {
    let world = World::connected().await;
    let sam = world.browser("sam@globex.test");
    sam.post("/catalog/1/punchout").await;
    let cookie = world.supplier.last_cookie();
    let document = cart(&cookie, vec![item("saas-1", "2500.00")], "2500.00");
    sam.return_cart("cxml-urlencoded", &document).await;
    let page = sam.get("/cart").await;
    assert!(
        page.body.contains(r#"action="/cart/1/edit""#),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"action="/cart/1/inspect""#));

    for (path, operation) in [
        ("/cart/1/edit", cxml::doc::PunchOutOperation::Edit),
        ("/cart/1/inspect", cxml::doc::PunchOutOperation::Inspect),
    ] {
        let reopened = sam.post(path).await;
        assert_eq!(reopened.status, 303, "{path}: {}", reopened.body);
        assert!(reopened.location.starts_with(&world.supplier.url));
        let setups = world.supplier.documents("PunchOutSetupRequest");
        let last = setups.last().unwrap();
        assert_eq!(last.flow.as_deref(), Some(cookie.as_str()), "same flow");
        let RequestBody::PunchOutSetupRequest(setup) = &last.doc.request.as_ref().unwrap().body
        else {
            panic!("not a setup request");
        };
        assert_eq!(setup.operation, operation);
        assert_eq!(setup.item_out.len(), 1);
        assert_eq!(setup.item_out[0].item_id.supplier_part_id, "saas-1");
        assert_ne!(setup.buyer_cookie, cookie);
    }

    // Someone who is not the cart's requester is refused without a setup
    // request.
    let before = world.supplier.documents("PunchOutSetupRequest").len();
    let mo = world.browser("mo@globex.test");
    assert_eq!(mo.post("/cart/1/edit").await.status, 403);
    assert_eq!(
        world.supplier.documents("PunchOutSetupRequest").len(),
        before
    );
}

#[tokio::test]
async fn a_cart_short_of_aribas_line_requirements_is_taken_with_what_it_lacks() {
    let world = World::connected().await;
    let sam = world.browser("sam@globex.test");
    sam.post("/catalog/1/punchout").await;
    let cookie = world.supplier.last_cookie();
    let unclassified = buyer_kit::testing::without_unspsc(item("saas-1", "2500.00"));
    let document = cart(&cookie, vec![unclassified], "2500.00");
    let back = sam.return_cart("cxml-urlencoded", &document).await;
    assert_eq!(
        (back.status, back.location.as_str()),
        (303, "/cart"),
        "{}",
        back.body
    );
    let page = sam.get("/cart").await;
    assert!(page.body.contains("Product saas-1"), "{}", page.body);
    assert!(page.body.contains("Not Assigned"), "{}", page.body);
    assert!(
        page.body
            .contains("<li>cart line 1 (saas-1): no Classification domain=&quot;UNSPSC&quot;</li>"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn a_total_that_is_not_the_lines_sum_is_taken_with_a_note() {
    let world = World::connected().await;
    let sam = world.browser("sam@globex.test");
    sam.post("/catalog/1/punchout").await;
    let cookie = world.supplier.last_cookie();
    let document = cart(&cookie, vec![item("saas-1", "2500.00")], "3000.00");
    let back = sam.return_cart("cxml-urlencoded", &document).await;
    assert_eq!(back.status, 303, "{}", back.body);
    let page = sam.get("/cart").await;
    assert!(
        page.body.contains(
            "The cart&#x27;s Total is 3000.00 USD but its lines add up to 2500.00 USD; \
             the cart counts its lines."
        ),
        "{}",
        page.body
    );
    assert!(page.body.contains("2,500.00"), "{}", page.body);
}
