//! What must not happen in the Coupa loop, each refusal with its exact
//! status and proof that nothing was created: a rejected requisition, a
//! wrong shared secret, an OrderRequest delivered again, malformed XML,
//! and a non-admin changing the marketplace integration.

use scenarios::support;

use reqwest::StatusCode;
use service_kit::journal::Direction;
use support::{
    browser::Result,
    catalog,
    coupa::{ADMIN, CoupaUser, JANE, MIA, buy},
    sim::{
        COUPA_ACCOUNT, COUPA_ACCOUNT_MAIL, COUPA_SECRET, Sim, test_config, with_payload_id,
        with_secret,
    },
};

const THRESHOLD_CENTS: i64 = 500_000;

#[tokio::test]
async fn a_rejected_requisition_orders_nothing() -> Result<()> {
    let sim = Sim::start(test_config()).await?;
    let pick = catalog::saas_upfront_below(&sim, THRESHOLD_CENTS).await?;
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let mia = CoupaUser::sign_in(&sim, MIA).await?;
    jane.punch_out().await?;
    let product = jane.open_product(&pick.listing_id).await?;
    let auto = jane.request_approval(&product, &pick.option).await?;
    let cart = jane.return_cart(&auto).await?;
    let (requisition, _) = jane.submit_requisition(&cart.cart).await?;

    let rejected = mia.reject(requisition).await?;
    let status = rejected.text_of("h1 .status");
    assert_eq!(status, ["Rejected"], "{:?}", rejected.heading());
    assert!(
        rejected
            .links()
            .iter()
            .all(|(_, url)| !url.path().starts_with("/orders/")),
        "no PO link"
    );
    assert!(rejected.forms_with_button("Approve").is_empty());

    // A late approval of the closed requisition is refused (409) and still
    // orders nothing.
    let decide = format!("{}/requisitions/{requisition}/approve", sim.url("coupa"));
    let late = mia.browser.post_form(&decide, &[]).await?;
    assert_eq!(late.status, StatusCode::CONFLICT, "{:?}", late.heading());

    let orders = jane.browser.get(&jane.coupa_url("/orders")).await?;
    orders.expect_status(StatusCode::OK)?;
    assert_eq!(orders.table_rows("table"), Vec::<Vec<String>>::new());
    let missing = jane
        .browser
        .get(&jane.coupa_url("/orders/PO-000001"))
        .await?;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(sim.journal("coupa", None, Some("OrderRequest")).await?, []);
    assert_eq!(
        sim.journal("marketplace", None, Some("OrderRequest"))
            .await?,
        []
    );
    assert_eq!(sim.agreements(COUPA_ACCOUNT).await?, []);
    assert_eq!(sim.outbox().await?, []);
    assert_eq!(sim.mail().await?, []);
    // The punchout itself did happen: the flow has its setup and cart.
    let flow = sim.merged_journal(cart.flow()).await?;
    assert_eq!(flow.len(), 4, "{flow:?}");
    sim.stop().await
}

#[tokio::test]
async fn a_wrong_shared_secret_is_refused_with_401_and_opens_no_session() -> Result<()> {
    let sim = Sim::start(test_config()).await?;
    // Coupa's admin types a wrong secret for the marketplace site; the
    // marketplace still expects the seeded one.
    let admin = CoupaUser::sign_in(&sim, ADMIN).await?;
    let setup = admin.browser.get(&admin.coupa_url("/admin")).await?;
    setup.expect_status(StatusCode::OK)?;
    let mut site = setup.form_to("/admin/site")?;
    site.set("secret", "wrong");
    let saved = admin.browser.submit(&site).await?;
    saved.redirect_target(StatusCode::SEE_OTHER)?;

    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let refused = jane.press_punchout().await?;
    refused.expect_status(StatusCode::BAD_GATEWAY)?;
    assert_eq!(
        refused.heading().as_deref(),
        Some("The supplier refused the punchout (401)")
    );
    assert_eq!(refused.location, None, "no redirect to a StartPage");

    // No session: neither a marketplace punchout session in this browser…
    let market = sim.url("marketplace");
    let crafted = jane
        .browser
        .post_form(
            &format!("{market}/punchout/request-approval"),
            &[
                ("listing".into(), "x".into()),
                ("option".into(), "y".into()),
            ],
        )
        .await?;
    assert_eq!(crafted.status, StatusCode::FORBIDDEN);
    assert_eq!(crafted.heading().as_deref(), Some("No punchout session"));
    // …nor a Coupa cart waiting for one.
    let cart = jane.browser.get(&jane.coupa_url("/cart")).await?;
    cart.expect_status(StatusCode::OK)?;
    assert_eq!(cart.table_rows("table"), Vec::<Vec<String>>::new());

    let sent = sim.journal("coupa", None, None).await?;
    let received = sim.journal("marketplace", None, None).await?;
    for (journal, direction) in [
        (&sent, Direction::Outbound),
        (&received, Direction::Inbound),
    ] {
        let [exchange] = journal.as_slice() else {
            return Err(format!("one exchange expected: {journal:?}"));
        };
        assert_eq!(exchange.direction, direction);
        assert_eq!(
            exchange.document_type.as_deref(),
            Some("PunchOutSetupRequest")
        );
        assert_eq!(
            (exchange.http_status, exchange.cxml_status),
            (Some(200), Some(401))
        );
        let raw = sim.raw_of(exchange).await?;
        assert!(raw.contains("<SharedSecret>***</SharedSecret>"));
        assert!(!raw.contains("wrong"), "the wrong secret is masked too");
    }
    assert_eq!(sent[0].flow_id, received[0].flow_id);
    sim.stop().await
}

/// Why the test above mistypes the secret in Coupa's admin rather than in
/// `--config`: a configured secret is handed to both sides of the
/// connection, so they still agree.
#[tokio::test]
async fn a_configured_secret_is_given_to_both_sides() -> Result<()> {
    let connections = procsim::ProcsimConfig::parse("[coupa]\nshared_secret = \"other\"")
        .map_err(|e| format!("{e:#}"))?;
    let sim = Sim::start(procsim::EcosystemConfig {
        connections,
        ..test_config()
    })
    .await?;
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let punchout = jane.punch_out().await?;
    assert!(punchout.start_page.path().starts_with("/punchout/start/"));
    let received = sim.journal("marketplace", None, None).await?;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].cxml_status, Some(200));
    sim.stop().await
}

#[tokio::test]
async fn the_same_order_request_delivered_again_creates_one_agreement_and_one_mail() -> Result<()> {
    let sim = Sim::start(test_config()).await?;
    let pick = catalog::saas_upfront_below(&sim, THRESHOLD_CENTS).await?;
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let mia = CoupaUser::sign_in(&sim, MIA).await?;
    let purchase = buy(&jane, &[&mia], &pick).await?;
    sim.wait_for_mail(COUPA_ACCOUNT_MAIL, &purchase.po_number)
        .await?;

    // The OrderRequest as Coupa sent it, from its journal; the journal
    // masks the secret, so the partner's copy is rebuilt with it.
    let sent = sim
        .journal("coupa", Some(&purchase.flow), Some("OrderRequest"))
        .await?;
    let [sent] = sent.as_slice() else {
        return Err(format!("one OrderRequest expected: {sent:?}"));
    };
    let order = with_secret(sim.raw_of(sent).await?.as_bytes(), COUPA_SECRET)?;
    for attempt in 1..=2 {
        let reply = sim.post_cxml(order.clone()).await?;
        assert_eq!(
            (reply.http_status, reply.cxml_status),
            (StatusCode::OK, 200),
            "attempt {attempt}: {}",
            reply.text
        );
    }
    // Same orderID under a new payloadID: still the same order.
    let renamed = with_payload_id(&order, "resent.1@coupa-acme")?;
    assert_eq!(sim.post_cxml(renamed).await?.cxml_status, 200);

    let agreements = sim.agreements(COUPA_ACCOUNT).await?;
    assert_eq!(agreements.len(), 1, "{agreements:?}");
    assert_eq!(agreements[0].po_number, purchase.po_number);
    let outbox = sim.wait_until_outbox_sent().await?;
    assert_eq!(outbox.len(), 1, "{outbox:?}");
    assert_eq!(sim.mail().await?.len(), 1, "one mail");
    let received = sim
        .journal("marketplace", None, Some("OrderRequest"))
        .await?;
    assert_eq!(received.len(), 4, "each delivery is journaled");
    sim.stop().await
}

#[tokio::test]
async fn malformed_xml_is_refused_with_406_and_stores_nothing() -> Result<()> {
    let sim = Sim::start(test_config()).await?;
    let reply = sim
        .post_cxml(b"<?xml version=\"1.0\"?><cXML payloadID=\"x\"><Header>".to_vec())
        .await?;
    assert_eq!(
        (reply.http_status, reply.cxml_status),
        (StatusCode::OK, 406)
    );
    let journal = sim.journal("marketplace", None, None).await?;
    let [entry] = journal.as_slice() else {
        return Err(format!("one journal entry expected: {journal:?}"));
    };
    assert_eq!(entry.cxml_status, Some(406));
    assert_eq!(entry.document_type, None, "nothing was read");
    assert_eq!(sim.agreements(COUPA_ACCOUNT).await?, []);
    assert_eq!(sim.outbox().await?, []);
    sim.stop().await
}

#[tokio::test]
async fn only_an_account_admin_changes_the_integration() -> Result<()> {
    let sim = Sim::start(test_config()).await?;
    let (status, before) = sim.integration(ADMIN).await?;
    assert_eq!(status, StatusCode::OK);
    let mut changed = before.clone();
    let connection = changed
        .pointer_mut("/connections/0/redirect")
        .ok_or_else(|| format!("no redirect setting in {before}"))?;
    assert_eq!(*connection, serde_json::Value::Bool(false));
    *connection = serde_json::Value::Bool(true);

    let (status, body) = sim.put_integration("dev@acme.test", &changed).await?;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = sim.put_integration("stranger@else.test", &changed).await?;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (_, after) = sim.integration(ADMIN).await?;
    assert_eq!(after, before, "unchanged");

    // The same change by the admin is accepted: the refusal was the role's.
    let (status, body) = sim.put_integration(ADMIN, &changed).await?;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body.pointer("/connections/0/redirect"),
        Some(&serde_json::Value::Bool(true))
    );
    sim.stop().await
}
