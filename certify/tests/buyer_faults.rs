//! `certify buyer` against a buyer the test plays by hand: documents built
//! with buyer-kit's builders (through certify's virtual buyer), posted to
//! procsim's marketplace as an outside buyer posts them (no procsim flow
//! header), the cart taken from the marketplace's auto-submit page, and
//! one planted fault in the OrderRequest — a lost SupplierPartAuxiliaryID,
//! a changed price, a cut description — or in the setup request or the
//! order's header (another DTD version, a credential in another domain,
//! deploymentMode test, a blank BuyerCookie, a relative BrowserFormPost,
//! a missing extrinsic, a type the profile never sends, a Total in another
//! currency or not the sum). Each fails its own check with what it saw in
//! the evidence, while every other check passes (a fault the marketplace
//! itself refuses also fails the arrival check, and what needed the
//! refused document is skipped); the same buyer without a fault passes
//! them all.

mod support;

use buyer_kit::{
    BuyerAddress, BuyerCookie, Cart, Identity, PoNumber, Profile,
    order_request::{OrderParams, order_document, order_request},
};
use certify::{
    BuyerUnderTest, CheckId, CheckStatus, Report, VirtualBuyer, buyer::SetupSession,
    buyer_cert::journal::read_session_exchanges,
};
use cxml::{
    CXml,
    doc::{OrderRequest, PunchOutOperation},
    envelope::{DeploymentMode, MessageBody, RequestBody, ResponseBody},
};
use cxml::{DtdCatalog, DtdShelf};
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
async fn session(fault: impl FnOnce(&mut OrderRequest) + 'static) -> Report {
    session_with(fault, |bytes| bytes, Dtds::default()).await
}

/// [`session`], with `spoil` applied to the OrderRequest's bytes as well
/// and the report judging with `dtds`.
async fn session_with(
    fault: impl FnOnce(&mut OrderRequest) + 'static,
    spoil: impl FnOnce(Vec<u8>) -> Vec<u8> + 'static,
    dtds: Dtds,
) -> Report {
    let faults = Faults {
        order: Box::new(fault),
        spoil: Box::new(spoil),
        ..Faults::default()
    };
    session_faulty(faults, dtds).await
}

/// What the buyer the test plays gets wrong, each applied to one document
/// before it is written (or to its bytes); nothing by default.
struct Faults {
    /// The setup request's document.
    setup: Box<dyn FnOnce(&mut CXml)>,
    /// The DTD version the setup request declares, when not the profile's.
    setup_version: Option<&'static str>,
    /// The OrderRequest built from the cart.
    order: Box<dyn FnOnce(&mut OrderRequest)>,
    /// The order's document: its Header, its Request.
    order_doc: Box<dyn FnOnce(&mut CXml)>,
    /// The DTD version the OrderRequest declares, when not the profile's.
    order_version: Option<&'static str>,
    /// The OrderRequest's bytes.
    spoil: Box<dyn FnOnce(Vec<u8>) -> Vec<u8>>,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            setup: Box::new(|_| {}),
            setup_version: None,
            order: Box::new(|_| {}),
            order_doc: Box::new(|_| {}),
            order_version: None,
            spoil: Box::new(|bytes| bytes),
        }
    }
}

/// `version` as a DOCTYPE's, or the profile's `default`.
fn declaring(version: Option<&str>, default: cxml::write::DtdVersion) -> cxml::write::DtdVersion {
    version.map_or(default, |v| {
        cxml::write::DtdVersion::parse(v).expect("the test declares a valid cXML version")
    })
}

/// The session of [`session`] with `faults`, judged with `dtds`.
async fn session_faulty(faults: Faults, dtds: Dtds) -> Report {
    let market = support::marketplace().await;
    let target = support::target(&market.cxml_url, "coupa", FROM, TO, SECRET);
    let clock = Clock::starting_at(jiff::Timestamp::now());
    let journal = Journal::open(&Storage::Memory, "buyer", clock.clone())
        .expect("an in-memory journal opens");
    let buyer = VirtualBuyer::new(target, journal, clock);
    let profile = buyer.profile().clone();
    let identities = buyer.identities();

    let cookie = BuyerCookie::generate();
    let mut setup = buyer.setup_document(
        &identities,
        SetupSession {
            operation: PunchOutOperation::Create,
            cookie: &cookie,
            return_url: "http://buyer.test/punchout/return",
            items: &[],
        },
    );
    (faults.setup)(&mut setup);
    let return_url = setup_request(&mut setup)
        .browser_form_post
        .as_ref()
        .map(|holder| holder.url.value.clone());
    let version = declaring(faults.setup_version, profile.setup_request_version());
    let bytes = cxml::write::to_bytes_declaring(&setup, &version)
        .expect("the setup request writes as cXML");
    let answer = cxml::read::read_lenient(&post(&market.cxml_url, bytes).await)
        .expect("the marketplace answers the setup request with cXML");
    let Some(ResponseBody::PunchOutSetupResponse(started)) =
        answer.doc.response.and_then(|r| r.body)
    else {
        // Refused: no cart and no order; the report says why.
        return judged(&market, dtds).await;
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
    assert_eq!(
        Some(action),
        return_url,
        "the cart goes where the setup said"
    );
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
    (faults.order)(&mut order);
    let mut doc = order_document(&identities, &stamp, DeploymentMode::Production, order);
    (faults.order_doc)(&mut doc);
    let version = declaring(faults.order_version, profile.order_request_version());
    let bytes =
        cxml::write::to_bytes_declaring(&doc, &version).expect("the OrderRequest writes as cXML");
    post(&market.cxml_url, (faults.spoil)(bytes)).await;

    judged(&market, dtds).await
}

/// `certify_buyer` on the session in `market`'s journal, judged with
/// `dtds`.
async fn judged(market: &support::Marketplace, dtds: Dtds) -> Report {
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

/// The PunchOutSetupRequest of a setup document, for a fault to change.
fn setup_request(doc: &mut CXml) -> &mut cxml::doc::PunchOutSetupRequest {
    match doc.request.as_mut().map(|request| &mut request.body) {
        Some(RequestBody::PunchOutSetupRequest(setup)) => setup,
        _ => panic!("the setup document holds a PunchOutSetupRequest"),
    }
}

/// Every CERT-BUYER check passed, but those of `failing`, each with its
/// status.
fn exactly(report: &Report, failing: &[(CheckId, CheckStatus)]) {
    let shown = certify::render::text(report);
    assert_eq!(report.kind, "buyer");
    assert_eq!(report.checks.len(), 21, "{shown}");
    for check in &report.checks {
        let wanted = failing
            .iter()
            .find(|(id, _)| *id == check.id)
            .map_or(CheckStatus::Passed, |(_, status)| *status);
        assert_eq!(check.status, wanted, "{}\n{shown}", check.id);
    }
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

// The setup request and the order's header, each with one fault: the
// checks that judge them against the profile fail (a warning for the DTD
// version and the extrinsics), each naming what it saw.

/// The evidence of check `id`, which the report holds.
fn evidence_of(report: &Report, id: CheckId) -> certify::Evidence {
    report
        .check(id)
        .expect("every run reports every check")
        .evidence
        .clone()
}

#[tokio::test]
async fn a_setup_request_declaring_another_version_warns_under_002() {
    let faults = Faults {
        setup_version: Some("1.2.045"),
        ..Faults::default()
    };
    let report = session_faulty(faults, Dtds::default()).await;
    let detail = only(&report, Some((CheckId::Buyer002, CheckStatus::Warning)));
    assert_eq!(
        detail, "declares cXML 1.2.045; the profile declares 1.2.014",
        "{detail}"
    );
    let element = evidence_of(&report, CheckId::Buyer002).element.unwrap();
    assert_eq!(element.path, "DOCTYPE");
    assert!(element.line >= 1, "{element}");
    assert!(report.passed(), "a warning does not fail certification");
}

/// A setup request the marketplace refused (CERT-BUYER-001 failed with
/// cXML `code`) for the fault check `id` names: every other setup check
/// passed, and with no session there is no order (010 fails) and nothing
/// to judge after it. Returns `id`'s evidence.
fn refused_setup(report: &Report, code: u16, id: CheckId) -> certify::Evidence {
    let shown = certify::render::text(report);
    assert_eq!(report.checks.len(), 21, "{shown}");
    for check in &report.checks {
        let wanted = match check.id {
            CheckId::Buyer001 | CheckId::Buyer010 => CheckStatus::Failed,
            failed if failed == id => CheckStatus::Failed,
            CheckId::Buyer002
            | CheckId::Buyer003
            | CheckId::Buyer004
            | CheckId::Buyer005
            | CheckId::Buyer006
            | CheckId::Buyer007
            | CheckId::Buyer008
            | CheckId::Buyer009 => CheckStatus::Passed,
            _ => CheckStatus::Skipped,
        };
        assert_eq!(check.status, wanted, "{}\n{shown}", check.id);
    }
    assert_eq!(
        evidence_of(report, CheckId::Buyer001).cxml_status,
        Some(code),
        "{shown}"
    );
    evidence_of(report, id)
}

/// The marketplace refuses a From it does not know (401); CERT-BUYER-003
/// says which credential is not the agreed one, and where.
#[tokio::test]
async fn a_setup_request_from_the_buyer_in_another_domain_fails_003() {
    let faults = Faults {
        setup: Box::new(|doc| {
            let header = doc.header.as_mut().expect("the setup request has a Header");
            header.from.credential[0].domain = "DUNS".to_owned();
        }),
        ..Faults::default()
    };
    let report = session_faulty(faults, Dtds::default()).await;
    let evidence = refused_setup(&report, 401, CheckId::Buyer003);
    assert_eq!(
        evidence.detail,
        format!("From does not carry NetworkID:{FROM}")
    );
    let element = evidence.element.unwrap();
    assert_eq!(element.path, "/cXML/Header/From");
    assert!(element.line > 1, "{element}");
}

#[tokio::test]
async fn a_test_setup_against_a_production_profile_fails_004() {
    let faults = Faults {
        setup: Box::new(|doc| {
            doc.request
                .as_mut()
                .expect("the setup document is a Request")
                .deployment_mode = Some(DeploymentMode::Test);
        }),
        ..Faults::default()
    };
    let report = session_faulty(faults, Dtds::default()).await;
    let detail = only(&report, Some((CheckId::Buyer004, CheckStatus::Failed)));
    assert_eq!(detail, "deploymentMode test; the profile writes absent");
    let element = evidence_of(&report, CheckId::Buyer004).element.unwrap();
    assert_eq!(element.path, "/cXML/Request");
}

/// The marketplace refuses a setup request whose BuyerCookie is blank
/// (400); CERT-BUYER-005 says so and points at it.
#[tokio::test]
async fn an_empty_buyer_cookie_fails_005() {
    let faults = Faults {
        setup: Box::new(|doc| setup_request(doc).buyer_cookie = "  ".to_owned()),
        ..Faults::default()
    };
    let report = session_faulty(faults, Dtds::default()).await;
    // The marketplace refuses it (400): no session could take the cart back.
    let evidence = refused_setup(&report, 400, CheckId::Buyer005);
    assert_eq!(evidence.detail, "the BuyerCookie is empty");
    let element = evidence.element.unwrap();
    assert!(element.path.ends_with("/BuyerCookie"), "{element}");
}

/// The marketplace refuses a BrowserFormPost it cannot send a browser to
/// (400); CERT-BUYER-006 points at it.
#[tokio::test]
async fn a_relative_browser_form_post_fails_006() {
    let faults = Faults {
        setup: Box::new(|doc| {
            setup_request(doc)
                .browser_form_post
                .as_mut()
                .expect("the setup request has a BrowserFormPost")
                .url
                .value = "/punchout/return".to_owned();
        }),
        ..Faults::default()
    };
    let report = session_faulty(faults, Dtds::default()).await;
    let evidence = refused_setup(&report, 400, CheckId::Buyer006);
    assert_eq!(
        evidence.detail,
        "BrowserFormPost `/punchout/return` is not an absolute http(s) URL"
    );
    let element = evidence.element.unwrap();
    assert!(element.path.ends_with("/BrowserFormPost/URL"), "{element}");
}

#[tokio::test]
async fn a_missing_extrinsic_warns_under_007() {
    let faults = Faults {
        setup: Box::new(|doc| {
            setup_request(doc)
                .extrinsic
                .retain(|extrinsic| extrinsic.name != "UserEmail");
        }),
        ..Faults::default()
    };
    let report = session_faulty(faults, Dtds::default()).await;
    let detail = only(&report, Some((CheckId::Buyer007, CheckStatus::Warning)));
    assert!(
        detail.starts_with("missing or empty: UserEmail (the coupa profile sends "),
        "{detail}"
    );
    assert!(report.passed(), "a warning does not fail certification");
}

#[tokio::test]
async fn an_order_declaring_another_version_warns_under_011() {
    let faults = Faults {
        order_version: Some("1.2.045"),
        ..Faults::default()
    };
    let report = session_faulty(faults, Dtds::default()).await;
    let detail = only(&report, Some((CheckId::Buyer011, CheckStatus::Warning)));
    assert_eq!(
        detail,
        "declares cXML 1.2.045; the profile declares 1.2.014"
    );
    assert!(report.passed());
}

/// A To the marketplace is not is refused there (401): CERT-BUYER-010
/// says the credentials were refused, and 012 says which one is wrong.
#[tokio::test]
async fn an_order_to_the_supplier_in_another_domain_fails_010_and_012() {
    let faults = Faults {
        order_doc: Box::new(|doc| {
            let header = doc.header.as_mut().expect("the order has a Header");
            header.to.credential[0].domain = "DUNS".to_owned();
        }),
        ..Faults::default()
    };
    let report = session_faulty(faults, Dtds::default()).await;
    exactly(
        &report,
        &[
            (CheckId::Buyer010, CheckStatus::Failed),
            (CheckId::Buyer012, CheckStatus::Failed),
        ],
    );
    assert_eq!(
        evidence_of(&report, CheckId::Buyer010).cxml_status,
        Some(401)
    );
    let detail = evidence_of(&report, CheckId::Buyer012).detail;
    assert_eq!(detail, format!("To does not carry NetworkID:{TO}"));
}

#[tokio::test]
async fn an_order_type_the_profile_never_sends_fails_013() {
    let report = session(|order| {
        order.header.order_type = Some(cxml::doc::OrderType::Delete);
        order.header.document_reference = Some(cxml::common::DocumentReference::new(
            "earlier-order@buyer.test",
        ));
    })
    .await;
    let detail = only(&report, Some((CheckId::Buyer013, CheckStatus::Failed)));
    assert_eq!(
        detail,
        "type=\"delete\" is not a type the coupa profile sends"
    );
    let element = evidence_of(&report, CheckId::Buyer013).element.unwrap();
    assert!(element.path.ends_with("/OrderRequestHeader"), "{element}");
}

/// A Total in another currency than the lines breaks both rules of CX047:
/// one currency (014) and a Total the lines add up to (015).
#[tokio::test]
async fn a_total_in_another_currency_fails_014_and_015() {
    let report = session(|order| order.header.total.money.currency = "EUR".to_owned()).await;
    exactly(
        &report,
        &[
            (CheckId::Buyer014, CheckStatus::Failed),
            (CheckId::Buyer015, CheckStatus::Failed),
        ],
    );
    let evidence = evidence_of(&report, CheckId::Buyer014);
    assert_eq!(
        evidence.detail,
        "ItemOut 1 is priced in USD, the Total in EUR"
    );
    let element = evidence.element.unwrap();
    assert!(element.path.ends_with("/UnitPrice/Money"), "{element}");
}

#[tokio::test]
async fn a_total_that_is_not_the_sum_fails_015() {
    let report = session(|order| {
        let total = cxml::newtypes::Decimal::parse(&order.header.total.money.amount)
            .unwrap()
            .checked_add(&cxml::newtypes::Decimal::parse("1.00").unwrap())
            .unwrap();
        order.header.total.money.amount = total.to_string();
    })
    .await;
    let detail = only(&report, Some((CheckId::Buyer015, CheckStatus::Failed)));
    assert!(
        detail.starts_with("the Total is ") && detail.contains(", the lines add up to "),
        "{detail}"
    );
    let element = evidence_of(&report, CheckId::Buyer015).element.unwrap();
    assert!(element.path.ends_with("/Total/Money"), "{element}");
}
