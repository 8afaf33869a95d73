//! `certify buyer` against a buyer the test plays by hand: documents built
//! with buyer-kit's builders (through certify's virtual buyer), posted to
//! procsim's marketplace as an outside buyer posts them (no procsim flow
//! header), the cart taken from the marketplace's auto-submit page, and
//! one planted fault in the OrderRequest — a lost SupplierPartAuxiliaryID,
//! a changed price, a cut description. Each fails its own check with the
//! differ's verdict in the evidence, while every other check passes; the
//! same buyer without a fault passes them all.

mod support;

use buyer_kit::{
    BuyerAddress, BuyerCookie, Cart, Identity, PoNumber, Profile,
    order_request::{OrderParams, order_document, order_request},
};
use certify::{
    BuyerUnderTest, CheckId, CheckStatus, Report, VirtualBuyer, buyer::SetupSession,
    buyer_cert::journal::read_session_exchanges,
};
use cxml::{DtdCatalog, DtdShelf};
use cxml::{
    doc::{OrderRequest, PunchOutOperation},
    envelope::{DeploymentMode, MessageBody, ResponseBody},
};
use service_kit::{
    Clock, Storage,
    journal::{Dtds, Journal},
};

const FROM: &str = "coupa-acme";
const TO: &str = "procsim-marketplace";
const SECRET: &str = "coupa-shared-secret";

fn address() -> BuyerAddress {
    BuyerAddress {
        id: "HQ".to_owned(),
        name: "Acme HQ".to_owned(),
        deliver_to: "Jane Doe".to_owned(),
        street: "1 Main Street".to_owned(),
        city: "Springfield".to_owned(),
        state: "IL".to_owned(),
        postal_code: "62701".to_owned(),
        country_code: "US".to_owned(),
        country: "United States".to_owned(),
        email: "jane@acme.test".to_owned(),
    }
}

/// Posts `bytes` as an outside buyer does: `text/xml`, no flow header.
async fn post(url: &str, bytes: Vec<u8>) -> Vec<u8> {
    let reply = reqwest::Client::new()
        .post(url)
        .header("content-type", "text/xml; charset=UTF-8")
        .body(bytes)
        .send()
        .await
        .expect("the marketplace answers the POST");
    reply
        .bytes()
        .await
        .expect("the marketplace's answer has a body")
        .to_vec()
}

/// The whole session: setup, the person's cart, then an OrderRequest
/// built from that cart and handed to `fault` before it is sent. Returns
/// the report of `certify_buyer` on the marketplace's journal.
async fn session(fault: impl FnOnce(&mut OrderRequest)) -> Report {
    session_with(fault, |bytes| bytes, Dtds::default()).await
}

/// [`session`], with `spoil` applied to the OrderRequest's bytes as well
/// and the report judging with `dtds`.
async fn session_with(
    fault: impl FnOnce(&mut OrderRequest),
    spoil: impl FnOnce(Vec<u8>) -> Vec<u8>,
    dtds: Dtds,
) -> Report {
    let market = support::marketplace().await;
    let target = support::target(&market.cxml_url, "coupa", FROM, TO, SECRET);
    let clock = Clock::starting_at(jiff::Timestamp::now());
    let journal = Journal::open(&Storage::Memory, "buyer", clock.clone())
        .expect("an in-memory journal opens");
    let buyer = VirtualBuyer::new(target, journal, clock);
    let profile = buyer.profile().clone();
    let identities = buyer.identities();

    let cookie = BuyerCookie::generate();
    let setup = buyer.setup_document(
        &identities,
        SetupSession {
            operation: PunchOutOperation::Create,
            cookie: &cookie,
            return_url: "http://buyer.test/punchout/return",
            items: &[],
        },
    );
    let bytes = cxml::write::to_bytes_declaring(&setup, &profile.setup_request_version())
        .expect("the setup request writes as cXML");
    let answer = cxml::read::read_lenient(&post(&market.cxml_url, bytes).await)
        .expect("the marketplace answers the setup request with cXML");
    let Some(ResponseBody::PunchOutSetupResponse(started)) =
        answer.doc.response.and_then(|r| r.body)
    else {
        panic!("the marketplace opened no session");
    };

    // The person: the StartPage, a product, "Request approval".
    let (listing, option) = market.saas_upfront();
    let (action, fields) = support::request_approval(
        &started.start_page.url.value,
        &market.url,
        &listing,
        &option,
    )
    .await;
    assert_eq!(action, "http://buyer.test/punchout/return");
    let form = fields
        .iter()
        .map(|(name, value)| {
            format!(
                "{name}={}",
                buyer_kit::testing::form_encode(value.as_bytes())
            )
        })
        .collect::<Vec<_>>()
        .join("&");
    let returned =
        cxml::transport::decode_form(form.as_bytes()).expect("the auto-submit form decodes");
    let message = cxml::read::read(&returned.document)
        .expect("the form carries a cXML document")
        .doc
        .message
        .expect("the form's document is a Message");
    let MessageBody::PunchOutOrderMessage(message) = message.body else {
        panic!("the form holds no cart");
    };
    let cart = Cart::from_message(&message).expect("the returned cart message is a cart");

    // The order, built as a platform builds it, then spoilt.
    let po_number = PoNumber::parse("PO-BUYER-1");
    let ship = address();
    let stamp = buyer.stamp();
    let mut order = order_request(
        &OrderParams {
            po_number: &po_number,
            lines: &cart.lines,
            currency: &cart.currency,
            ship_to: &ship,
            bill_to: &ship,
            requester: Some(buyer.user()),
        },
        &stamp,
    )
    .expect("an OrderRequest can be built from the cart");
    fault(&mut order);
    let doc = order_document(&identities, &stamp, DeploymentMode::Production, order);
    let bytes = cxml::write::to_bytes_declaring(&doc, &profile.order_request_version())
        .expect("the OrderRequest writes as cXML");
    post(&market.cxml_url, spoil(bytes)).await;

    let exchanges = read_session_exchanges(&reqwest::Client::new(), &market.url)
        .await
        .expect("the marketplace's journal lists the session's exchanges");
    let mut under_test = BuyerUnderTest::new(
        Profile::coupa(),
        Identity::new("NetworkID", FROM),
        Identity::new("NetworkID", TO),
        None,
        &market.cxml_url,
    );
    under_test.dtds = dtds;
    certify::certify_buyer(&under_test, &exchanges)
}

/// Every CERT-BUYER check passed, but `failing` with its status; returns
/// the failing check's evidence detail.
fn only(report: &Report, failing: Option<(CheckId, CheckStatus)>) -> String {
    let shown = certify::render::text(report);
    assert_eq!(report.kind, "buyer");
    assert_eq!(report.checks.len(), 21, "{shown}");
    for check in &report.checks {
        let wanted = match failing {
            Some((id, status)) if id == check.id => status,
            _ => CheckStatus::Passed,
        };
        assert_eq!(check.status, wanted, "{}\n{shown}", check.id);
    }
    failing
        .and_then(|(id, _)| report.check(id))
        .map(|c| c.evidence.detail.clone())
        .unwrap_or_default()
}

fn detail_of(order: &mut OrderRequest) -> &mut cxml::common::ItemDetail {
    order.item_out[0]
        .item_detail
        .as_mut()
        .expect("the first order line has an ItemDetail")
}

#[tokio::test]
async fn a_buyer_that_keeps_every_line_passes_every_check() {
    let report = session(|_| {}).await;
    only(&report, None);
    assert!(report.passed());
    let trip = report.check(CheckId::Buyer018).unwrap();
    assert!(trip.evidence.journal_id.is_some());
}

#[tokio::test]
async fn a_lost_aux_id_fails_018_with_the_differs_verdict_and_its_place() {
    let report = session(|order| order.item_out[0].item_id.supplier_part_auxiliary_id = None).await;
    let detail = only(&report, Some((CheckId::Buyer018, CheckStatus::Failed)));
    assert!(
        detail.contains("cart line 1 -> ItemOut 1: SupplierPartAuxiliaryID lost (cart \""),
        "{detail}"
    );
    assert!(detail.contains("order none)"), "{detail}");
    let element = report
        .check(CheckId::Buyer018)
        .unwrap()
        .evidence
        .element
        .clone()
        .unwrap();
    assert_eq!(element.path, "/cXML/Request/OrderRequest/ItemOut/ItemID");
    assert!(element.line > 1, "{element}");
    assert!(!report.passed());
}

#[tokio::test]
async fn a_changed_price_fails_019_and_nothing_else() {
    let report = session(|order| {
        let price = detail_of(order).unit_price.money.amount.clone();
        let changed = cxml::newtypes::Decimal::parse(&price)
            .unwrap()
            .checked_add(&cxml::newtypes::Decimal::parse("1.00").unwrap())
            .unwrap()
            .to_string();
        detail_of(order).unit_price.money.amount = changed.clone();
        // A buyer that changes a price adds its lines up again.
        let quantity = cxml::newtypes::Decimal::parse(&order.item_out[0].quantity).unwrap();
        let total = cxml::newtypes::Decimal::parse(&changed)
            .unwrap()
            .checked_mul(&quantity)
            .unwrap();
        order.header.total.money.amount = total.to_string();
    })
    .await;
    let detail = only(&report, Some((CheckId::Buyer019, CheckStatus::Failed)));
    assert!(detail.contains("UnitPrice changed (cart \""), "{detail}");
    let check = report.check(CheckId::Buyer010).unwrap();
    assert_eq!(
        check.evidence.cxml_status,
        Some(400),
        "the marketplace refuses the changed price itself"
    );
}

#[tokio::test]
async fn a_cut_description_warns_under_020_and_certification_still_passes() {
    let report = session(|order| {
        let description = &mut detail_of(order).description[0];
        let text = description.text.clone().unwrap();
        description.text = Some(text.chars().take(12).collect());
    })
    .await;
    let detail = only(&report, Some((CheckId::Buyer020, CheckStatus::Warning)));
    assert!(detail.contains("Description truncated"), "{detail}");
    assert!(report.passed(), "a warning does not fail certification");
}

#[tokio::test]
async fn no_buyer_at_all_fails_the_arrival_checks_and_skips_the_rest() {
    let report = certify::certify_buyer(
        &BuyerUnderTest::new(
            Profile::ariba(),
            Identity::new("NetworkID", "AN01000000001"),
            Identity::new("NetworkID", "AN01000000999"),
            None,
            "http://127.0.0.1:1/cxml",
        ),
        &[],
    );
    for check in &report.checks {
        let wanted = if [CheckId::Buyer001, CheckId::Buyer010].contains(&check.id) {
            CheckStatus::Failed
        } else {
            CheckStatus::Skipped
        };
        assert_eq!(check.status, wanted, "{}", check.id);
    }
    assert_eq!(report.verdict, "failed");
}

/// The official DTDs, or `None` when the test skips (said on stderr).
fn official_dtds() -> Option<Dtds> {
    let dir = shared_fixtures::dtd_dir()?;
    let version = Some(shared_fixtures::DTD_VERSION.to_owned());
    Some(Dtds::new(DtdShelf::new(vec![(
        version,
        DtdCatalog::new(dir),
    )])))
}

/// An element cXML.dtd does not allow in the order header: the CX rules
/// and the marketplace read past it, the DTD does not.
fn stray_element(bytes: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8(bytes).expect("the OrderRequest is UTF-8");
    let spoilt = text.replacen("<ShipTo>", "<Wrapping/><ShipTo>", 1);
    assert_ne!(spoilt, text, "the OrderRequest has a ShipTo");
    spoilt.into_bytes()
}

#[tokio::test]
async fn with_the_dtds_a_valid_buyer_still_passes_every_check() {
    let Some(dtds) = official_dtds() else { return };
    let report = session_with(|_| {}, |bytes| bytes, dtds).await;
    only(&report, None);
    let judged = report.check(CheckId::Buyer016).expect("CERT-BUYER-016 ran");
    assert!(
        judged.evidence.detail.contains("valid against its DTD"),
        "{}",
        judged.evidence.detail
    );
}

#[tokio::test]
async fn with_the_dtds_an_order_the_dtd_refuses_fails_016_with_cx002_located() {
    let Some(dtds) = official_dtds() else { return };
    let report = session_with(|_| {}, stray_element, dtds).await;
    only(&report, Some((CheckId::Buyer016, CheckStatus::Failed)));
    let judged = report.check(CheckId::Buyer016).expect("CERT-BUYER-016 ran");
    let element = judged
        .evidence
        .element
        .as_ref()
        .expect("the failure points at the element");
    assert_eq!(element.rule.as_deref(), Some("CX002"), "{element:?}");
    assert!(
        element.line > 0 && element.message.contains("Wrapping"),
        "{element:?}"
    );
}

#[tokio::test]
async fn without_the_dtds_the_same_order_passes_and_says_the_dtd_was_not_checked() {
    let report = session_with(|_| {}, stray_element, Dtds::default()).await;
    only(&report, None);
    let judged = report.check(CheckId::Buyer016).expect("CERT-BUYER-016 ran");
    assert!(
        judged.evidence.detail.contains("DTD not checked"),
        "{}",
        judged.evidence.detail
    );
}
