//! F1 from coupa's side, on real sockets: the setup request carries Coupa's
//! credentials, extrinsics and UserAgent, the browser goes to the StartPage,
//! and the cart comes back through `POST /punchout/return` in either form
//! field; a cart for an unknown BuyerCookie is refused and stores nothing.

mod support;

use cxml::transport::{encode_base64, encode_urlencoded};
use support::*;

/// Punches out as Jane and returns the BuyerCookie the supplier received.
async fn punch_out(world: &World) -> String {
    let jane = world.browser("jane@acme.test");
    let page = jane.get("/punchout/marketplace").await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(
        page.location,
        format!("{}/start/session-1", world.supplier.url)
    );
    let setups = world.supplier.documents("PunchOutSetupRequest");
    setup_of(
        setups
            .last()
            .expect("the supplier received a setup request"),
    )
    .buyer_cookie
}

/// The carts Coupa's journal holds, newest first.
async fn journaled_carts(world: &World) -> Vec<serde_json::Value> {
    reqwest::get(format!(
        "{}/api/journal?type=PunchOutOrderMessage",
        world.url
    ))
    .await
    .expect("coupa answers GET /api/journal")
    .json()
    .await
    .expect("the journal is JSON")
}

fn urlencoded_form(doc: &str) -> Vec<u8> {
    format!(
        "cxml-urlencoded={}",
        form_encode(encode_urlencoded(doc).as_bytes())
    )
    .into_bytes()
}

fn base64_form(doc: &str) -> Vec<u8> {
    format!(
        "cxml-base64={}",
        form_encode(encode_base64(doc.as_bytes()).as_bytes())
    )
    .into_bytes()
}

#[tokio::test]
async fn the_setup_request_carries_coupas_identity_and_the_user() {
    let world = World::start().await;
    let cookie = punch_out(&world).await;
    let received = world.supplier.documents("PunchOutSetupRequest");
    assert_eq!(received.len(), 1);
    let doc = &received[0].doc;
    assert_eq!(
        received[0].flow.as_deref(),
        Some(cookie.as_str()),
        "flow id = BuyerCookie"
    );
    let header = doc.header.as_ref().unwrap();
    assert!(header.from.has("NetworkID", "coupa-acme"));
    assert!(header.to.has("NetworkID", "procsim-marketplace"));
    assert!(header.sender.credential[0].matches("NetworkID", "coupa-acme"));
    let secret = header.sender.credential[0].shared_secret.as_ref().unwrap();
    assert_eq!(secret.expose(), "coupa-shared-secret");
    assert_eq!(header.sender.user_agent, "Coupa Procurement 1.0");
    assert!(
        received[0]
            .raw
            .contains("http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd"),
        "Coupa declares the DTD version it was built against: {}",
        received[0].raw
    );
    let request = doc.request.as_ref().unwrap();
    assert_eq!(
        request.deployment_mode, None,
        "Coupa's profile leaves deploymentMode out of a setup request (CO-07)"
    );

    let setup = setup_of(&received[0]);
    assert_eq!(setup.operation, cxml::doc::PunchOutOperation::Create);
    assert!(cookie.len() >= 32, "at least 128 random bits");
    for (name, value) in [
        ("FirstName", "Jane"),
        ("LastName", "Doe"),
        ("UniqueName", "jane@acme.test"),
        ("UserEmail", "jane@acme.test"),
        ("User", "jane@acme.test"),
        ("BusinessUnit", "Acme Engineering"),
    ] {
        assert_eq!(setup.extrinsic(name), Some(value), "{name}");
    }
    let contact = &setup.contact[0];
    assert_eq!(contact.role.as_deref(), Some("endUser"));
    assert_eq!(contact.name.value, "Jane Doe");
    assert_eq!(contact.email[0].value, "jane@acme.test");
    let form_post = &setup.browser_form_post.as_ref().unwrap().url.value;
    assert_eq!(form_post, &format!("{}/punchout/return", world.url));
    let supplier_setup = &setup.supplier_setup.as_ref().unwrap().url.value;
    assert_eq!(supplier_setup, &format!("{}/cxml", world.supplier.url));

    let again = punch_out(&world).await;
    assert_ne!(again, cookie, "a new cookie per session");
}

#[tokio::test]
async fn a_base64_cart_fills_the_cart_page() {
    let world = World::start().await;
    let cookie = punch_out(&world).await;
    let doc = cart_document(
        &cookie,
        vec![item("SAAS-1", "2500.00", "1", "Service")],
        "2500.00",
    );
    let jane = world.browser("jane@acme.test");
    let back = jane
        .post_form("/punchout/return", base64_form(&doc), false)
        .await;
    assert_eq!(
        (back.status, back.location.as_str()),
        (303, "/cart"),
        "{}",
        back.body
    );
    let cart = jane.get("/cart").await;
    assert!(cart.body.contains("SAAS-1"), "{}", cart.body);
    assert!(cart.body.contains("Product SAAS-1"));
    assert!(cart.body.contains("2,500.00 USD"));
    assert!(
        cart.body.contains("Edit at supplier"),
        "edit offered: operationAllowed=edit"
    );
}

#[tokio::test]
async fn a_urlencoded_cart_with_a_mixed_case_field_name_fills_the_cart() {
    let world = World::start().await;
    let cookie = punch_out(&world).await;
    let doc = cart_document(
        &cookie,
        vec![item("DATA-7", "0.01", "1000000", "Material")],
        "10000.00",
    );
    let body = format!(
        "CXML-URLencoded={}",
        form_encode(encode_urlencoded(&doc).as_bytes())
    );
    let jane = world.browser("jane@acme.test");
    let back = jane
        .post_form("/punchout/return", body.into_bytes(), false)
        .await;
    assert_eq!(
        (back.status, back.location.as_str()),
        (303, "/cart"),
        "{}",
        back.body
    );
    let cart = jane.get("/cart").await;
    assert!(cart.body.contains("DATA-7"), "{}", cart.body);
    assert!(cart.body.contains("Material"));
}

#[tokio::test]
async fn a_cart_for_an_unknown_buyer_cookie_is_refused_and_nothing_changes() {
    let world = World::start().await;
    let cookie = punch_out(&world).await;
    let jane = world.browser("jane@acme.test");
    let good = cart_document(
        &cookie,
        vec![item("KEEP-1", "10.00", "1", "Service")],
        "10.00",
    );
    assert_eq!(
        jane.post_form("/punchout/return", base64_form(&good), false)
            .await
            .status,
        303
    );

    let forged = cart_document(
        "00000000000000000000000000000000",
        vec![item("EVIL-1", "1.00", "1", "Service")],
        "1.00",
    );
    let refused = jane
        .post_form("/punchout/return", base64_form(&forged), false)
        .await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("Unknown punchout session"),
        "{}",
        refused.body
    );
    let cart = jane.get("/cart").await;
    assert!(cart.body.contains("KEEP-1"));
    assert!(!cart.body.contains("EVIL-1"));
}

#[tokio::test]
async fn an_empty_cart_cancels_and_edit_sends_the_lines_back() {
    let world = World::start().await;
    let cookie = punch_out(&world).await;
    let jane = world.browser("jane@acme.test");
    let doc = cart_document(
        &cookie,
        vec![item("SAAS-1", "2500.00", "1", "Service")],
        "2500.00",
    );
    jane.post_form("/punchout/return", base64_form(&doc), false)
        .await;

    let cart_id = 1;
    let edit = jane.post(&format!("/cart/{cart_id}/edit")).await;
    assert_eq!(edit.status, 303, "{}", edit.body);
    let setups = world.supplier.documents("PunchOutSetupRequest");
    let edit_request = setup_of(setups.last().unwrap());
    assert_eq!(edit_request.operation, cxml::doc::PunchOutOperation::Edit);
    assert_eq!(edit_request.item_out.len(), 1);
    assert_eq!(edit_request.item_out[0].item_id.supplier_part_id, "SAAS-1");
    assert_ne!(edit_request.buyer_cookie, cookie);
    assert_eq!(
        setups.last().unwrap().flow.as_deref(),
        Some(cookie.as_str())
    );

    let empty = cart_document(&edit_request.buyer_cookie, Vec::new(), "0.00");
    let back = jane
        .post_form("/punchout/return", base64_form(&empty), false)
        .await;
    assert_eq!(back.location, "/cart?cancelled=1");
    let cart = jane.get("/cart?cancelled=1").await;
    assert!(
        cart.body.contains("punchout was cancelled"),
        "{}",
        cart.body
    );
    assert!(!cart.body.contains("SAAS-1"));
}

#[tokio::test]
async fn a_refused_edit_is_shown_with_the_suppliers_status() {
    let world = World::start().await;
    let cookie = punch_out(&world).await;
    let jane = world.browser("jane@acme.test");
    let doc = cart_document(
        &cookie,
        vec![item("SAAS-1", "2500.00", "1", "Service")],
        "2500.00",
    );
    jane.post_form("/punchout/return", base64_form(&doc), false)
        .await;
    *world.supplier.setup_refusal.lock().unwrap() = Some(412);
    let refused = jane.post("/cart/1/edit").await;
    assert_eq!(refused.status, 502);
    assert!(refused.body.contains("412"), "{}", refused.body);
    assert!(refused.body.contains("Precondition Failed"));
}

/// A cart that is not well-formed is refused with its line and column, and
/// its journal row holds the same reason as a CX001 finding, so the person
/// and the journal agree on why it was not read.
#[tokio::test]
async fn a_broken_cart_is_refused_and_journaled_with_its_cx001() {
    let world = World::start().await;
    let cookie = punch_out(&world).await;
    let jane = world.browser("jane@acme.test");
    let good = cart_document(
        &cookie,
        vec![item("KEEP-1", "10.00", "1", "Service")],
        "10.00",
    );
    let broken = good.replacen("</PunchOutOrderMessage>", "</PunchOutOrderMesage>", 1);
    let refused = jane
        .post_form("/punchout/return", base64_form(&broken), false)
        .await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(refused.body.contains("line "), "{}", refused.body);
    let rows = journaled_carts(&world).await;
    let row = rows.first().expect("the cart is journaled");
    let full: serde_json::Value = reqwest::get(format!("{}/api/journal/{}", world.url, row["id"]))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let findings = full["findings"].as_array().unwrap();
    let cx001 = findings
        .iter()
        .find(|f| f["rule"] == "CX001")
        .unwrap_or_else(|| panic!("no CX001 among {findings:?}"));
    assert!(cx001["line"].as_u64().unwrap() > 1, "{cx001}");
    let cart = jane.get("/cart").await;
    assert!(!cart.body.contains("KEEP-1"), "nothing was taken");
}

#[tokio::test]
async fn a_cart_in_a_field_the_profile_does_not_take_is_refused_and_stores_nothing() {
    let world = World::start_with(|config| {
        config.profile.cart.transports = vec![buyer_kit::profile::CartTransport::UrlEncoded];
    })
    .await;
    let cookie = punch_out(&world).await;
    let doc = cart_document(
        &cookie,
        vec![item("SAAS-1", "2500.00", "1", "Service")],
        "2500.00",
    );
    let jane = world.browser("jane@acme.test");
    let back = jane
        .post_form("/punchout/return", base64_form(&doc), false)
        .await;
    assert_eq!(back.status, 400, "{}", back.body);
    assert!(
        back.body.contains("cxml-base64")
            && back.body.contains("takes carts only in `cxml-urlencoded`"),
        "{}",
        back.body
    );
    let cart = jane.get("/cart").await;
    assert!(!cart.body.contains("SAAS-1"), "{}", cart.body);
}

#[tokio::test]
async fn a_cart_short_of_coupas_line_requirements_is_refused_and_stores_nothing() {
    let world = World::start().await;
    let jane = world.browser("jane@acme.test");
    let mut unclassified =
        buyer_kit::testing::without_unspsc(item("SAAS-1", "2500.00", "1", "Service"));
    unclassified.item_detail.unit_of_measure = "each".to_owned();
    let cases = [
        (
            vec![unclassified, item("SAAS-2", "10.00", "1", "Service")],
            "2510.00",
            vec![
                "cart line 1 (SAAS-1; ItemIn at line ",
                "): no Classification domain=&quot;UNSPSC&quot;",
                "): UnitOfMeasure `each` is not a UN&#x2F;CEFACT Rec 20 code",
            ],
        ),
        (
            vec![item("SAAS-4", "10.00", "2", "Service")],
            "EUR 20.00",
            vec!["the cart&#x27;s Total is in EUR but its lines are priced in USD (Total at line "],
        ),
        (
            vec![item("SAAS-3", "10.00", "2", "Service")],
            "25.00",
            vec![
                "the cart&#x27;s Total is 25.00 USD but its lines add up to 20.00 USD (Total at line ",
            ],
        ),
    ];
    for (items, total, said) in cases {
        let cookie = punch_out(&world).await;
        let doc = match total.strip_prefix("EUR ") {
            Some(total) => cart_document(&cookie, items, total).replacen(
                r#"<Total><Money currency="USD">"#,
                r#"<Total><Money currency="EUR">"#,
                1,
            ),
            None => cart_document(&cookie, items, total),
        };
        let back = jane
            .post_form("/punchout/return", urlencoded_form(&doc), false)
            .await;
        assert_eq!(back.status, 400, "{}", back.body);
        for said in said {
            assert!(back.body.contains(said), "{said}: {}", back.body);
        }
        assert!(back.body.contains("stored nothing"), "{}", back.body);
        assert!(
            back.body.contains(
                "The cart was refused: it falls short of this platform&#x27;s requirements"
            ),
            "{}",
            back.body
        );
        let cart = jane.get("/cart").await;
        assert!(
            !cart.body.contains("SAAS-"),
            "nothing was taken: {}",
            cart.body
        );
    }
    // Each refused cart is journaled in its purchase's flow.
    let rows = journaled_carts(&world).await;
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(
        rows.iter()
            .all(|row| row["flow_id"].as_str().is_some_and(|f| f.len() == 32)),
        "{rows:?}"
    );
}

#[tokio::test]
async fn a_short_cart_back_from_an_inspection_is_not_judged_and_changes_nothing() {
    let world = World::start().await;
    let jane = world.browser("jane@acme.test");
    let cookie = punch_out(&world).await;
    let good = cart_document(
        &cookie,
        vec![item("KEEP-1", "10.00", "1", "Service")],
        "10.00",
    );
    let back = jane
        .post_form("/punchout/return", urlencoded_form(&good), false)
        .await;
    assert_eq!(back.status, 303, "{}", back.body);
    assert_eq!(jane.post("/cart/1/inspect").await.status, 303);
    let inspecting = world.supplier.last_cookie();
    assert_ne!(inspecting, cookie);
    let short = cart_document(
        &inspecting,
        vec![buyer_kit::testing::without_unspsc(item(
            "OTHER-1", "10.00", "1", "Service",
        ))],
        "10.00",
    );
    let back = jane
        .post_form("/punchout/return", urlencoded_form(&short), false)
        .await;
    assert_eq!(back.status, 303, "{}", back.body);
    let cart = jane.get("/cart").await;
    assert!(
        cart.body.contains("KEEP-1") && !cart.body.contains("OTHER-1"),
        "{}",
        cart.body
    );
}
