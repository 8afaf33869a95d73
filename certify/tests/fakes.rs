//! Fake suppliers built with wiremock, each a correct PunchOut site with
//! exactly one planted fault; each test shows that the matching check
//! fails with its id while every other check of the slice passes (or is
//! skipped for want of what the fault took away). The cart faults are
//! posted by the test itself, playing the person whose supplier's page
//! returns a faulty cart to certify's BrowserFormPost URL.

mod support;

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
    time::Duration,
};

use certify::{CartMode, CartPrompt, CheckId, CheckStatus, ManualCart, Profile, Report};
use cxml::{
    CXml, PayloadId, Timestamp,
    doc::{ProfileResponse, PunchOutSetupResponse, Transaction},
    envelope::{Response, ResponseBody},
};
use quick_xml::{
    Reader, Writer,
    events::{BytesText, Event},
};
use wiremock::{
    Mock, MockServer, Request, Respond, ResponseTemplate,
    matchers::{method, path, path_regex},
};

const FROM: &str = "buyer-1";
const TO: &str = "supplier-1";
const SECRET: &str = "fake-secret";

/// The one thing the fake gets wrong.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fault {
    None,
    AcceptsAnySecret,
    MalformedGets500,
    MalformedGetsHtml,
    RelativeStartPage,
    EmptyOk,
    HeaderInResponse,
    ReusableStartPage,
    /// The second delivery of the same OrderRequest gets a 409.
    OrderNotIdempotent,
    /// `edit` is answered like `create`: its StartPage shows an empty
    /// session, not the ItemOut lines.
    EditIgnored,
    /// The page an `inspect` opens lists the lines with a quantity field
    /// for each, as an edit would.
    InspectEditable,
    /// The first OrderRequest is answered long after the profile's limit
    /// (a slow first order; redeliveries and later orders are quick).
    SlowFirstOrder,
    /// Every OrderRequest is answered 200 in a document with a `Header`
    /// beside its `Response`, as some suppliers write every answer.
    HeaderInOrderResponse,
    /// Refuses (cXML 400) a document whose DOCTYPE declares another
    /// version than 1.2.014, the one it was built against.
    OnlyItsOwnDoctype,
    /// Matches credential domains case-sensitively: only `NetworkID` and
    /// `DUNS` as spelt here.
    CaseSensitiveDomains,
    /// Answers 500 to a setup request carrying an Extrinsic it does not
    /// know.
    UnknownExtrinsicGets500,
    /// Refuses (cXML 400) a setup request without a UserEmail Extrinsic.
    NeedsUserEmail,
    /// Refuses (cXML 400) a setup request whose SupplierSetup/URL is not
    /// the URL it was posted to.
    NeedsSupplierSetup,
    /// Reads a setup request without deploymentMode as a test one, whose
    /// secret the production one is not (cXML 401).
    MissingModeIsTest,
    /// A level-2 setup is answered 200, but its StartPage, landing on an
    /// item the site does not have, answers 404.
    UnknownItemBreaks,
    /// Not a fault: the pages an edit or inspect opens draw the cart's
    /// lines with script (as a single-page shop does), and the shop page
    /// has a button that returns a correct cart, for `--cart script`.
    ScriptDrawnCart,
}

/// The Extrinsics the fake knows (Coupa's and Ariba's, CO-09, AR-11).
const KNOWN_EXTRINSICS: &[&str] = &[
    "FirstName",
    "LastName",
    "UniqueName",
    "UserEmail",
    "User",
    "BusinessUnit",
    "CostCenter",
];

/// How late the slow first order is answered, against the one second the
/// slow-order test's profile gives the platform: procsim must stop
/// waiting long before.
const SLOW_ORDER: Duration = Duration::from_secs(8);

#[derive(Clone)]
struct FakeSupplier {
    base: String,
    fault: Fault,
    /// The OrderRequest payloadIDs received.
    orders: Arc<Mutex<HashSet<String>>>,
}

fn ids() -> (PayloadId, Timestamp) {
    (
        PayloadId::fresh(1),
        Timestamp::from_unix_millis(1_700_000_000_000, 0),
    )
}

fn xml(doc: &CXml, http: u16) -> ResponseTemplate {
    ResponseTemplate::new(http)
        .insert_header("content-type", "text/xml; charset=UTF-8")
        .set_body_bytes(cxml::write::to_bytes(doc).expect("the fake's answer writes as cXML"))
}

fn status(code: u16, text: &str) -> ResponseTemplate {
    let (payload_id, timestamp) = ids();
    xml(
        &CXml::response_status(&payload_id, &timestamp, code, text),
        200,
    )
}

fn identity_in(doc: &cxml::tree::Document, party: &str, wanted: &str) -> bool {
    doc.root().at(&format!("Header/{party}")).is_some_and(|el| {
        el.children_named("Credential").any(|c| {
            c.child("Identity")
                .is_some_and(|i| i.trimmed_text() == wanted)
        })
    })
}

/// The document with a `Header` inside `cXML` before its `Response`, as
/// some suppliers send it (the DTD allows none there; the cxml crate
/// refuses to write it, so the events are copied and one element added).
fn with_header(valid: &[u8]) -> Vec<u8> {
    let mut reader = Reader::from_reader(valid);
    let mut writer = Writer::new(Vec::new());
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .expect("the written answer reads back as XML events");
        if matches!(event, Event::Eof) {
            break;
        }
        let is_root = matches!(&event, Event::Start(e) if e.name().as_ref() == b"cXML");
        writer
            .write_event(event.into_owned())
            .expect("the XML writer takes an event it read");
        if is_root {
            writer
                .create_element("Header")
                .write_inner_content(|w| {
                    for party in ["From", "To", "Sender"] {
                        w.create_element(party).write_inner_content(|w| {
                            w.create_element("Credential")
                                .with_attribute(("domain", "NetworkID"))
                                .write_inner_content(|w| {
                                    w.create_element("Identity")
                                        .write_text_content(BytesText::new(TO))?;
                                    Ok(())
                                })?;
                            Ok(())
                        })?;
                    }
                    Ok(())
                })
                .expect("the XML writer takes the added Header");
        }
        buf.clear();
    }
    writer.into_inner()
}

/// Whether every credential domain of From, To and Sender is spelt as the
/// fake registered it.
fn domains_as_registered(doc: &cxml::tree::Document) -> bool {
    ["From", "To", "Sender"].iter().all(|party| {
        doc.root().at(&format!("Header/{party}")).is_some_and(|el| {
            el.children_named("Credential")
                .all(|c| matches!(c.attr("domain"), Some("NetworkID" | "DUNS")))
        })
    })
}

impl FakeSupplier {
    /// The answer of a fake whose fault refuses this document, if it does.
    fn refuses(&self, doc: &cxml::tree::Document) -> Option<ResponseTemplate> {
        let declared = doc
            .doctype
            .as_ref()
            .and_then(|doctype| doctype.declared_dtd())
            .map(|dtd| dtd.version);
        match self.fault {
            Fault::OnlyItsOwnDoctype if declared.as_deref() != Some("1.2.014") => {
                Some(status(400, "Unsupported cXML version"))
            }
            Fault::CaseSensitiveDomains if !domains_as_registered(doc) => {
                Some(status(401, "Unauthorized"))
            }
            _ => None,
        }
    }

    /// The answer of a fake whose fault refuses this setup request, if
    /// it does.
    fn refuses_setup(
        &self,
        doc: &cxml::tree::Document,
        setup: cxml::tree::Element<'_>,
    ) -> Option<ResponseTemplate> {
        let extrinsics: Vec<&str> = setup
            .children_named("Extrinsic")
            .filter_map(|e| e.attr("name"))
            .collect();
        let supplier_setup = setup
            .at("SupplierSetup/URL")
            .map(|url| url.trimmed_text().to_owned());
        let mode = doc
            .root()
            .child("Request")
            .and_then(|r| r.attr("deploymentMode"));
        match self.fault {
            Fault::UnknownExtrinsicGets500
                if extrinsics
                    .iter()
                    .any(|name| !KNOWN_EXTRINSICS.contains(name)) =>
            {
                Some(status(500, "Internal Server Error"))
            }
            Fault::NeedsUserEmail if !extrinsics.contains(&"UserEmail") => {
                Some(status(400, "Bad Request: UserEmail is required"))
            }
            Fault::NeedsSupplierSetup if supplier_setup != Some(format!("{}/cxml", self.base)) => {
                Some(status(
                    400,
                    "Bad Request: SupplierSetup must name this site",
                ))
            }
            Fault::MissingModeIsTest if mode.is_none() => {
                Some(status(401, "Unauthorized: not the test secret"))
            }
            _ => None,
        }
    }
}

impl Respond for FakeSupplier {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let Ok(doc) = cxml::tree::parse(&request.body) else {
            return match self.fault {
                Fault::MalformedGets500 => status(500, "Internal Server Error"),
                Fault::MalformedGetsHtml => ResponseTemplate::new(200)
                    .insert_header("content-type", "text/html")
                    .set_body_string("<html><body><h1>Something went wrong</h1></body></html>"),
                _ => status(406, "Not Acceptable"),
            };
        };
        if let Some(refused) = self.refuses(&doc) {
            return refused;
        }
        let secret = doc
            .root()
            .at("Header/Sender/Credential/SharedSecret")
            .map(|s| s.trimmed_text().to_owned());
        if !identity_in(&doc, "From", FROM) || !identity_in(&doc, "To", TO) {
            return status(401, "Unauthorized");
        }
        if secret.as_deref() != Some(SECRET) && self.fault != Fault::AcceptsAnySecret {
            return status(401, "Unauthorized");
        }
        let (payload_id, timestamp) = ids();
        if doc.root().at("Request/ProfileRequest").is_some() {
            let profile = ProfileResponse {
                effective_date: "2026-01-01T00:00:00+00:00".to_owned(),
                last_refresh: None,
                option: Vec::new(),
                transaction: vec![Transaction::new(
                    "PunchOutSetupRequest",
                    format!("{}/cxml", self.base),
                )],
            };
            let body = Response::ok(ResponseBody::ProfileResponse(Box::new(profile)));
            return xml(&CXml::response(&payload_id, &timestamp, body), 200);
        }
        if doc.root().at("Request/OrderRequest").is_some() {
            let payload = doc.root().attr("payloadID").unwrap_or_default().to_owned();
            let (first, again) = {
                let mut orders = self
                    .orders
                    .lock()
                    .expect("no responder panicked while holding the orders seen");
                let first = orders.is_empty();
                (first, !orders.insert(payload))
            };
            if again && self.fault == Fault::OrderNotIdempotent {
                return status(409, "Conflict: order already received");
            }
            if first && self.fault == Fault::SlowFirstOrder {
                return status(200, "OK").set_delay(SLOW_ORDER);
            }
            if self.fault == Fault::HeaderInOrderResponse {
                let ok = CXml::response_status(&payload_id, &timestamp, 200, "OK");
                return ResponseTemplate::new(200)
                    .insert_header("content-type", "text/xml; charset=UTF-8")
                    .set_body_bytes(with_header(
                        &cxml::write::to_bytes(&ok).expect("the order answer writes as cXML"),
                    ));
            }
            return status(200, "OK");
        }
        let Some(setup) = doc.root().at("Request/PunchOutSetupRequest") else {
            return status(450, "Not Implemented");
        };
        if let Some(refused) = self.refuses_setup(&doc, setup) {
            return refused;
        }
        // The StartPage names the session's BuyerCookie, so the test
        // playing the person can return a cart for it.
        let cookie = setup
            .child("BuyerCookie")
            .map_or("1", |c| c.trimmed_text())
            .to_owned();
        let start = match self.fault {
            Fault::RelativeStartPage => format!("/start/{cookie}"),
            _ => format!("{}/start/{cookie}", self.base),
        };
        // An edit opens a session holding the ItemOut lines, which its
        // page lists (unless the fault ignores them).
        let editing = setup.attr("operation") == Some("edit") && self.fault != Fault::EditIgnored;
        let inspecting = setup.attr("operation") == Some("inspect");
        // A level-2 setup lands on its item (the fake has none).
        let item = setup.at("SelectedItem/ItemID/SupplierPartID");
        let start = match item {
            Some(part) if self.fault == Fault::UnknownItemBreaks => {
                format!("{start}?item={}", part.trimmed_text())
            }
            _ => start,
        };
        let start = match setup.at("BrowserFormPost/URL") {
            Some(back) if self.fault == Fault::ScriptDrawnCart && !editing && !inspecting => {
                let back = buyer_kit::testing::form_encode(back.trimmed_text().as_bytes());
                format!("{start}?return={back}")
            }
            _ => start,
        };
        let start = if editing || inspecting {
            let parts: Vec<&str> = setup
                .children_named("ItemOut")
                .filter_map(|item| item.at("ItemID/SupplierPartID"))
                .map(|part| part.trimmed_text())
                .collect();
            let fields = if inspecting && self.fault == Fault::InspectEditable {
                "&fields=1"
            } else if self.fault == Fault::ScriptDrawnCart {
                "&drawn=1"
            } else {
                ""
            };
            format!("{start}?cart={}{fields}", parts.join(","))
        } else {
            start
        };
        if self.fault == Fault::EmptyOk {
            return ResponseTemplate::new(200);
        }
        let body = Response::ok(ResponseBody::PunchOutSetupResponse(Box::new(
            PunchOutSetupResponse::new(start),
        )));
        let answer = CXml::response(&payload_id, &timestamp, body);
        if self.fault == Fault::HeaderInResponse {
            let bytes = with_header(
                &cxml::write::to_bytes(&answer).expect("the setup answer writes as cXML"),
            );
            return ResponseTemplate::new(200)
                .insert_header("content-type", "text/xml; charset=UTF-8")
                .set_body_bytes(bytes);
        }
        xml(&answer, 200)
    }
}

async fn fake(fault: Fault) -> MockServer {
    let server = MockServer::start().await;
    let supplier = FakeSupplier {
        base: server.uri(),
        fault,
        orders: Arc::default(),
    };
    Mock::given(method("POST"))
        .and(path("/cxml"))
        .respond_with(supplier)
        .mount(&server)
        .await;
    // Each StartPage opens once (then 410), unless the fault keeps it open.
    Mock::given(method("GET"))
        .and(path_regex("^/start/"))
        .respond_with(ShopPage {
            reusable: fault == Fault::ReusableStartPage,
            opened: Arc::default(),
        })
        .mount(&server)
        .await;
    server
}

/// The page a StartPage opens: a shop, listing the parts of an edited
/// cart (the `cart` query parameter the setup answer put there); each
/// StartPage once, unless `reusable`.
struct ShopPage {
    reusable: bool,
    /// The StartPage paths opened so far.
    opened: Arc<Mutex<HashSet<String>>>,
}

impl Respond for ShopPage {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let first = self
            .opened
            .lock()
            .expect("no responder panicked while holding the pages opened")
            .insert(request.url.path().to_owned());
        if !first && !self.reusable {
            return ResponseTemplate::new(410);
        }
        // An item the shop does not have: no catalog home to fall back on.
        if request.url.query_pairs().any(|(name, _)| name == "item") {
            return ResponseTemplate::new(404);
        }
        let fields = request.url.query_pairs().any(|(name, _)| name == "fields");
        let query = |wanted: &str| {
            request
                .url
                .query_pairs()
                .find(|(name, _)| name == wanted)
                .map(|(_, value)| value.into_owned())
        };
        if let Some(back) = query("return") {
            return shop_returning(request, &back);
        }
        if let (Some(parts), Some(_)) = (query("cart"), query("drawn")) {
            return drawn_by_script(&parts);
        }
        let cart: String = request
            .url
            .query_pairs()
            .find(|(name, _)| name == "cart")
            .map(|(_, parts)| {
                parts
                    .split(',')
                    .map(|part| {
                        let quantity = if fields {
                            format!(r#" <input type="number" name="qty-{part}" value="1">"#)
                        } else {
                            String::new()
                        };
                        format!("<li>{part}{quantity}</li>")
                    })
                    .collect()
            })
            .unwrap_or_default();
        // `set_body_raw`: `set_body_string` would make it text/plain.
        ResponseTemplate::new(200).set_body_raw(
            format!(
                r#"<html><body>shop <form method="post" action="/cart"><ul>{cart}</ul></form></body></html>"#
            ),
            "text/html",
        )
    }
}

/// A shop page whose one button returns a correct cart for the session
/// the StartPage names to `back`, the BrowserFormPost URL.
fn shop_returning(request: &Request, back: &str) -> ResponseTemplate {
    let cookie = request.url.path().rsplit('/').next().unwrap_or_default();
    let fields: String = cart_form(cookie, CartFault::None)
        .into_iter()
        .map(|(name, value)| format!(r#"<input type="hidden" name="{name}" value="{value}">"#))
        .collect();
    ResponseTemplate::new(200).set_body_raw(
        format!(
            r#"<html><body>shop <form method="post" action="{back}">{fields}<button id="return">Back to procurement</button></form></body></html>"#
        ),
        "text/html",
    )
}

/// A page that lists `parts` only once its script ran: the served HTML
/// holds them base64-encoded, never as text.
fn drawn_by_script(parts: &str) -> ResponseTemplate {
    let encoded = cxml::transport::encode_base64(parts.as_bytes());
    ResponseTemplate::new(200).set_body_raw(
        format!(
            r#"<html><body>shop <ul id="cart"></ul><script>
for (const part of atob("{encoded}").split(",")) {{
  const li = document.createElement("li");
  li.textContent = part;
  document.getElementById("cart").appendChild(li);
}}
</script></body></html>"#
        ),
        "text/html",
    )
}

async fn certify(fault: Fault, platform: &str) -> Report {
    let server = fake(fault).await;
    let url = format!("{}/cxml", server.uri());
    support::run(support::target(&url, platform, FROM, TO, SECRET)).await
}

#[tokio::test]
async fn a_correct_fake_passes_every_check_with_both_profiles() {
    for platform in ["coupa", "ariba"] {
        let report = certify(Fault::None, platform).await;
        support::assert_only(&report, &[]);
        assert!(report.passed());
        for id in &support::ran_for(platform) {
            assert_eq!(
                report.check(*id).unwrap().status,
                CheckStatus::Passed,
                "{id}"
            );
        }
    }
}

#[tokio::test]
async fn accepting_any_secret_fails_cert_auth_001() {
    let report = certify(Fault::AcceptsAnySecret, "coupa").await;
    support::assert_only(&report, &[(CheckId::Auth001, CheckStatus::Failed)]);
    let check = report.check(CheckId::Auth001).unwrap();
    assert_eq!(check.evidence.cxml_status, Some(200));
    assert!(check.evidence.detail.contains("accepted"), "{check:?}");
    assert!(!report.passed());
}

#[tokio::test]
async fn a_500_to_malformed_xml_fails_cert_req_001_as_transient() {
    let report = certify(Fault::MalformedGets500, "coupa").await;
    support::assert_only(&report, &[(CheckId::Req001, CheckStatus::Failed)]);
    let check = report.check(CheckId::Req001).unwrap();
    assert_eq!(check.evidence.cxml_status, Some(500));
    assert!(check.evidence.detail.contains("transient"), "{check:?}");
}

#[tokio::test]
async fn an_html_page_for_malformed_xml_fails_cert_req_001_as_transient() {
    let report = certify(Fault::MalformedGetsHtml, "ariba").await;
    support::assert_only(&report, &[(CheckId::Req001, CheckStatus::Failed)]);
    let check = report.check(CheckId::Req001).unwrap();
    assert_eq!(check.evidence.http_status, Some(200));
    assert_eq!(check.evidence.cxml_status, None);
    assert!(
        check
            .evidence
            .detail
            .contains("the platform would treat this as a transient error"),
        "{check:?}"
    );
}

#[tokio::test]
async fn a_relative_start_page_fails_cert_setup_004_with_its_place() {
    let report = certify(Fault::RelativeStartPage, "coupa").await;
    support::assert_only(&report, &[(CheckId::Setup004, CheckStatus::Failed)]);
    let check = report.check(CheckId::Setup004).unwrap();
    let element = check.evidence.element.as_ref().unwrap();
    assert!(element.path.ends_with("StartPage/URL"), "{element:?}");
    assert!(element.line > 0 && element.column > 0, "{element:?}");
    assert_eq!(
        report.check(CheckId::Setup005).unwrap().status,
        CheckStatus::Skipped
    );
}

#[tokio::test]
async fn a_200_without_cxml_fails_cert_setup_001() {
    let report = certify(Fault::EmptyOk, "coupa").await;
    support::assert_only(&report, &[(CheckId::Setup001, CheckStatus::Failed)]);
    let check = report.check(CheckId::Setup001).unwrap();
    assert_eq!(check.evidence.http_status, Some(200));
    assert!(check.evidence.detail.contains("empty body"), "{check:?}");
    for dependent in [CheckId::Setup003, CheckId::Setup004, CheckId::Setup005] {
        assert_eq!(
            report.check(dependent).unwrap().status,
            CheckStatus::Skipped,
            "{dependent}"
        );
    }
}

#[tokio::test]
async fn a_header_in_the_response_is_a_warning_for_coupa_and_an_error_for_ariba() {
    let coupa = certify(Fault::HeaderInResponse, "coupa").await;
    support::assert_only(&coupa, &[(CheckId::Setup003, CheckStatus::Warning)]);
    assert!(coupa.passed(), "a lenient platform still certifies");
    let check = coupa.check(CheckId::Setup003).unwrap();
    let element = check.evidence.element.as_ref().unwrap();
    assert_eq!(element.rule.as_deref(), Some("CX003"));
    assert!(element.line >= 1 && element.column >= 1, "{element:?}");

    let ariba = certify(Fault::HeaderInResponse, "ariba").await;
    support::assert_only(&ariba, &[(CheckId::Setup003, CheckStatus::Failed)]);
    assert!(!ariba.passed());
}

#[tokio::test]
async fn a_reusable_start_page_is_an_advisory_under_cert_setup_008() {
    let report = certify(Fault::ReusableStartPage, "ariba").await;
    support::assert_only(&report, &[(CheckId::Setup008, CheckStatus::Warning)]);
    assert!(report.passed(), "an advisory does not fail certification");
    let check = report.check(CheckId::Setup008).unwrap();
    assert_eq!(check.evidence.http_status, Some(200));
}

/// The StartPage opened twice (CERT-SETUP-005, then 008) is two GETs in
/// the run's journal, each check linking its own: the page served, then
/// the single-use refusal.
#[tokio::test]
async fn each_start_page_get_is_journaled_and_linked_from_its_check() {
    let server = fake(Fault::None).await;
    let url = format!("{}/cxml", server.uri());
    let (report, journal) =
        support::run_journaled(support::target(&url, "ariba", FROM, TO, SECRET)).await;
    support::assert_only(&report, &[]);
    let first = support::start_page_row(&report, &journal, CheckId::Setup005).await;
    let again = support::start_page_row(&report, &journal, CheckId::Setup008).await;
    assert_eq!(
        (first.http_status, again.http_status),
        (Some(200), Some(410))
    );
    assert_eq!(first.peer, again.peer, "the same StartPage, twice");
    assert!(first.id < again.id);
    assert!(
        first
            .response_raw
            .as_deref()
            .is_some_and(|page| page.starts_with("<html><body>shop")),
        "{first:?}"
    );
    // The setup answer that gave the StartPage is the create's own row.
    let created = report.check(CheckId::Setup004).unwrap();
    assert!(
        created.evidence.journal_id.is_some_and(|id| id < first.id),
        "{created:?}"
    );
}

// The setup's tolerance (CERT-TOL-*): each fake refuses one variant of a
// create that the plain create does not exercise.

/// The check `id` of `report`, which every tolerance test expects.
fn tolerance_check(report: &Report, id: CheckId) -> &certify::CheckResult {
    report.check(id).expect("every run reports every check")
}

#[tokio::test]
async fn refusing_every_doctype_but_its_own_is_a_warning_under_cert_tol_001() {
    let report = certify(Fault::OnlyItsOwnDoctype, "coupa").await;
    support::assert_only(&report, &[(CheckId::Tol001, CheckStatus::Warning)]);
    assert!(
        report.passed(),
        "no fact says Coupa itself sends these versions"
    );
    let check = tolerance_check(&report, CheckId::Tol001);
    assert_eq!(check.evidence.cxml_status, Some(400));
    assert!(check.evidence.journal_id.is_some(), "{check:?}");
    let detail = &check.evidence.detail;
    assert!(
        detail.contains("cXML/1.1.010/cXML.dtd: cXML 400") && detail.contains("1.2.008"),
        "{detail}"
    );
}

#[tokio::test]
async fn case_sensitive_domains_fail_cert_tol_002() {
    let report = certify(Fault::CaseSensitiveDomains, "coupa").await;
    support::assert_only(&report, &[(CheckId::Tol002, CheckStatus::Failed)]);
    assert!(!report.passed());
    let check = tolerance_check(&report, CheckId::Tol002);
    assert_eq!(check.evidence.cxml_status, Some(401));
    assert!(
        check.evidence.detail.contains("NetworkID as NetworkId"),
        "{check:?}"
    );
}

#[tokio::test]
async fn a_500_to_an_unknown_extrinsic_is_a_warning_under_cert_tol_003() {
    let report = certify(Fault::UnknownExtrinsicGets500, "coupa").await;
    support::assert_only(&report, &[(CheckId::Tol003, CheckStatus::Warning)]);
    let check = tolerance_check(&report, CheckId::Tol003);
    assert_eq!(check.evidence.cxml_status, Some(500));
    assert!(
        check.evidence.detail.contains("ProcsimCertifyUnknown"),
        "{check:?}"
    );
}

#[tokio::test]
async fn requiring_user_email_is_an_advisory_under_cert_tol_004() {
    let report = certify(Fault::NeedsUserEmail, "ariba").await;
    support::assert_only(&report, &[(CheckId::Tol004, CheckStatus::Warning)]);
    assert!(report.passed(), "an advisory does not fail certification");
    let check = tolerance_check(&report, CheckId::Tol004);
    assert_eq!(check.severity, certify::Severity::Advisory);
    assert_eq!(check.evidence.cxml_status, Some(400));
}

#[tokio::test]
async fn relying_on_supplier_setup_is_a_warning_under_cert_tol_005() {
    let report = certify(Fault::NeedsSupplierSetup, "ariba").await;
    support::assert_only(&report, &[(CheckId::Tol005, CheckStatus::Warning)]);
    let check = tolerance_check(&report, CheckId::Tol005);
    assert_eq!(check.evidence.cxml_status, Some(400));
    let detail = &check.evidence.detail;
    assert!(
        detail.contains("storefront.procsim-certify.invalid/catalog: cXML 400")
            && detail.contains("no SupplierSetup: cXML 400"),
        "{detail}"
    );
}

#[tokio::test]
async fn reading_a_missing_deployment_mode_as_test_fails_cert_tol_006_for_coupa() {
    // Coupa's setup requests carry no deploymentMode, so the plain create
    // fails too: CERT-TOL-006 says why.
    let report = certify(Fault::MissingModeIsTest, "coupa").await;
    support::assert_only(
        &report,
        &[
            (CheckId::Setup001, CheckStatus::Failed),
            (CheckId::Tol006, CheckStatus::Failed),
        ],
    );
    let check = tolerance_check(&report, CheckId::Tol006);
    assert_eq!(check.evidence.cxml_status, Some(401));
    assert!(
        check
            .evidence
            .detail
            .contains("does not read a missing deploymentMode as production"),
        "{check:?}"
    );
    for skipped in [CheckId::Tol001, CheckId::Tol007, CheckId::Auth001] {
        let status = tolerance_check(&report, skipped).status;
        assert_eq!(status, CheckStatus::Skipped, "{skipped}");
    }

    // Ariba always writes deploymentMode: the same site passes, and the
    // check says the profile does not use it.
    let report = certify(Fault::MissingModeIsTest, "ariba").await;
    support::assert_only(&report, &[]);
    let check = tolerance_check(&report, CheckId::Tol006);
    assert_eq!(check.status, CheckStatus::Skipped);
    assert!(
        check.evidence.detail.contains("profile does not"),
        "{check:?}"
    );
}

#[tokio::test]
async fn a_start_page_broken_by_an_unknown_item_is_a_warning_under_cert_tol_007() {
    let report = certify(Fault::UnknownItemBreaks, "ariba").await;
    support::assert_only(&report, &[(CheckId::Tol007, CheckStatus::Warning)]);
    let check = tolerance_check(&report, CheckId::Tol007);
    assert_eq!(check.evidence.http_status, Some(404));
    assert!(check.evidence.journal_id.is_some(), "{check:?}");
    assert!(
        check
            .evidence
            .detail
            .contains("procsim-certify-no-such-part"),
        "{check:?}"
    );
}

/// CERT-TOL-007's evidence is the StartPage it opened, journaled with the
/// 404 the site served; its detail names the level-2 create's entry.
#[tokio::test]
async fn the_start_page_cert_tol_007_opened_is_journaled_with_its_answer() {
    let server = fake(Fault::UnknownItemBreaks).await;
    let url = format!("{}/cxml", server.uri());
    let (report, journal) =
        support::run_journaled(support::target(&url, "coupa", FROM, TO, SECRET)).await;
    let row = support::start_page_row(&report, &journal, CheckId::Tol007).await;
    assert_eq!(row.http_status, Some(404));
    assert!(
        row.peer.ends_with("?item=procsim-certify-no-such-part"),
        "{row:?}"
    );
    assert_eq!(row.response_raw.as_deref(), Some(""), "{row:?}");
    let detail = &tolerance_check(&report, CheckId::Tol007).evidence.detail;
    let create = detail
        .split_once("cXML 200 (journal #")
        .and_then(|(_, rest)| rest.split_once(')'))
        .and_then(|(id, _)| id.parse::<i64>().ok())
        .unwrap_or_else(|| panic!("the create's entry is named: {detail}"));
    let create = journal.get(create).await.expect("the journal reads");
    assert_eq!(
        create.and_then(|row| row.exchange.document_type),
        Some("PunchOutSetupRequest".to_owned())
    );
}

/// The one thing wrong with the cart the person returns.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CartFault {
    None,
    DropsBuyerCookie,
    NoUnspsc,
    UnitEach,
    TwoCurrencies,
    TotalNotTheSum,
    /// The supplier's page posts the cart to another URL than the
    /// BrowserFormPost the setup request gave.
    OtherUrl,
    /// The first line's Description comes before its UnitPrice: a reader
    /// by element names takes it, the DTD's order does not.
    DescriptionFirst,
}

/// Two lines, 2 x 10.00 + 1 x 5.50 = 25.50 USD, each with UNSPSC, EA, a
/// description and an aux id, but for `fault`; as the base64 form field.
fn cart_form(cookie: &str, fault: CartFault) -> Vec<(String, String)> {
    use buyer_kit::testing::{cart_document, cart_message, item};
    let mut items = vec![
        item("A-1", "aux-A-1", "10.00", "2", "Material"),
        item("B-2", "aux-B-2", "5.50", "1", "Material"),
    ];
    let mut total = "25.50";
    let mut cookie = cookie;
    match fault {
        CartFault::None => {}
        CartFault::DropsBuyerCookie => cookie = "",
        // The DTD wants a Classification; this one is not UNSPSC.
        CartFault::NoUnspsc => items[1].item_detail.classification[0].domain = "eCLASS".to_owned(),
        CartFault::UnitEach => items[0].item_detail.unit_of_measure = "each".to_owned(),
        CartFault::TwoCurrencies => {
            items[1].item_detail.unit_price = cxml::common::UnitPrice::of(
                &cxml::Money::parse("EUR", "5.50").expect("5.50 EUR is a valid amount"),
            );
        }
        CartFault::TotalNotTheSum => total = "30.00",
        CartFault::OtherUrl | CartFault::DescriptionFirst => {}
    }
    let mut doc = cart_document(TO, FROM, cart_message(cookie, items, total));
    if fault == CartFault::DescriptionFirst {
        doc = description_first(&doc);
    }
    vec![(
        "cxml-base64".to_owned(),
        cxml::transport::encode_base64(doc.as_bytes()),
    )]
}

/// A manual cart run against a fake with `fault`, the test returning a
/// cart with `cart_fault` where certify's prompt says.
async fn certify_cart(fault: Fault, cart_fault: CartFault, platform: &str) -> Report {
    let profile = Profile::builtin(platform).expect("the platform has a built-in profile");
    certify_cart_as(fault, cart_fault, profile).await
}

/// The built-in `platform` profile written as a TOML file with `change`
/// applied to its text, and loaded from that file as `--platform
/// FILE.toml` loads it.
fn profile_file(platform: &str, change: impl FnOnce(&str) -> String) -> Profile {
    let text = match platform {
        "coupa" => include_str!("../../buyer-kit/profiles/coupa.toml"),
        _ => include_str!("../../buyer-kit/profiles/ariba.toml"),
    };
    let changed = change(text);
    assert_ne!(changed, text, "the change applies to the profile");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join(format!("{platform}-variant.toml"));
    std::fs::write(&file, changed).expect("the profile file is written");
    Profile::from_toml_file(&file).expect("the changed profile loads")
}

/// [`certify_cart`] with the platform's profile as given.
async fn certify_cart_as(fault: Fault, cart_fault: CartFault, profile: Profile) -> Report {
    certify_cart_invoicing(fault, cart_fault, profile, None).await
}

/// [`certify_cart_as`] with the invoices leg `invoices`, when given.
async fn certify_cart_invoicing(
    fault: Fault,
    cart_fault: CartFault,
    profile: Profile,
    invoices: Option<certify::Invoices>,
) -> Report {
    certify_cart_journaled(fault, cart_fault, profile, invoices)
        .await
        .0
}

/// [`certify_cart_invoicing`], with the run's journal.
async fn certify_cart_journaled(
    fault: Fault,
    cart_fault: CartFault,
    profile: Profile,
    invoices: Option<certify::Invoices>,
) -> (Report, service_kit::journal::Journal) {
    let server = fake(fault).await;
    let url = format!("{}/cxml", server.uri());
    let (tell, mut prompts) = tokio::sync::mpsc::unbounded_channel();
    let mut target = support::target(&url, &profile.name, FROM, TO, SECRET);
    target.profile = profile;
    target.order_url = Some(url.clone());
    target.cart = CartMode::Manual(ManualCart::new(Duration::from_secs(30)).telling(tell));
    target.invoices = invoices;
    // The cart is validated against the official DTD when it is at hand.
    target.dtds = support::official_dtds();
    let person = tokio::spawn(async move {
        while let Some(prompt) = prompts.recv().await {
            if let CartPrompt::Shop {
                start_page,
                browser_form_post,
                ..
            } = prompt
            {
                let cookie = start_page
                    .rsplit('/')
                    .next()
                    .expect("splitting always yields a last part")
                    .to_owned();
                let to = if cart_fault == CartFault::OtherUrl {
                    format!("{browser_form_post}/elsewhere")
                } else {
                    browser_form_post
                };
                let answer = reqwest::Client::new()
                    .post(&to)
                    .form(&cart_form(&cookie, cart_fault))
                    .send()
                    .await
                    .expect("certify's BrowserFormPost URL answers the cart");
                assert_eq!(answer.status(), 200);
                return;
            }
        }
        panic!("certify never said where to shop");
    });
    let run = support::run_journaled(target).await;
    person.await.expect("the person's task did not panic");
    run
}

#[tokio::test]
async fn a_correct_cart_and_order_pass_every_check_with_both_profiles() {
    for platform in ["coupa", "ariba"] {
        let report = certify_cart(Fault::None, CartFault::None, platform).await;
        support::assert_only(&report, &[]);
        if shared_fixtures::find_dtd_dir().is_some() {
            let rules = &report.check(CheckId::Cart003).unwrap().evidence.detail;
            assert!(rules.contains("valid against cXML.dtd"), "{rules}");
        }
        for id in [
            CheckId::Cart001,
            CheckId::Cart009,
            CheckId::Setup006,
            CheckId::Order002,
            CheckId::Order003,
        ] {
            assert_eq!(
                report.check(id).unwrap().status,
                CheckStatus::Passed,
                "{platform} {id}"
            );
        }
    }
}

#[tokio::test]
async fn a_dropped_buyer_cookie_fails_cert_cart_002() {
    let report = certify_cart(Fault::None, CartFault::DropsBuyerCookie, "coupa").await;
    support::assert_only(&report, &[(CheckId::Cart002, CheckStatus::Failed)]);
    let element = report
        .check(CheckId::Cart002)
        .unwrap()
        .evidence
        .element
        .clone()
        .unwrap();
    assert!(element.path.ends_with("BuyerCookie"), "{element:?}");
}

#[tokio::test]
async fn a_line_without_unspsc_fails_cert_cart_004() {
    let report = certify_cart(Fault::None, CartFault::NoUnspsc, "ariba").await;
    support::assert_only(&report, &[(CheckId::Cart004, CheckStatus::Failed)]);
    let check = report.check(CheckId::Cart004).unwrap();
    assert!(check.evidence.detail.starts_with("line 2:"), "{check:?}");
}

#[tokio::test]
async fn unit_each_fails_cert_cart_006_with_cx045_located() {
    let report = certify_cart(Fault::None, CartFault::UnitEach, "coupa").await;
    support::assert_only(&report, &[(CheckId::Cart006, CheckStatus::Failed)]);
    let element = report
        .check(CheckId::Cart006)
        .unwrap()
        .evidence
        .element
        .clone()
        .unwrap();
    assert_eq!(element.rule.as_deref(), Some("CX045"));
    assert!(element.line > 1 && element.column > 0, "{element:?}");
}

#[tokio::test]
async fn two_currencies_fail_cert_cart_008() {
    let report = certify_cart(Fault::None, CartFault::TwoCurrencies, "coupa").await;
    support::assert_only(&report, &[(CheckId::Cart008, CheckStatus::Failed)]);
    let check = report.check(CheckId::Cart008).unwrap();
    assert!(check.evidence.detail.contains("EUR"), "{check:?}");
    // Such a cart cannot be ordered: the order leg says why.
    assert_eq!(
        report.check(CheckId::Order001).unwrap().status,
        CheckStatus::Skipped
    );
}

#[tokio::test]
async fn a_total_not_the_sum_fails_cert_cart_009() {
    let report = certify_cart(Fault::None, CartFault::TotalNotTheSum, "ariba").await;
    support::assert_only(&report, &[(CheckId::Cart009, CheckStatus::Failed)]);
    let element = report
        .check(CheckId::Cart009)
        .unwrap()
        .evidence
        .element
        .clone()
        .unwrap();
    assert_eq!(element.rule.as_deref(), Some("CX047"));
    assert!(element.path.ends_with("Total/Money"), "{element:?}");
}

#[tokio::test]
async fn an_order_refused_the_second_time_fails_cert_order_002() {
    let report = certify_cart(Fault::OrderNotIdempotent, CartFault::None, "coupa").await;
    support::assert_only(&report, &[(CheckId::Order002, CheckStatus::Failed)]);
    let check = report.check(CheckId::Order002).unwrap();
    assert_eq!(check.evidence.cxml_status, Some(409));
    assert!(!report.passed());
}

#[tokio::test]
async fn an_ignored_edit_fails_cert_setup_009_and_certification() {
    let report = certify_cart(Fault::EditIgnored, CartFault::None, "coupa").await;
    support::assert_only(&report, &[(CheckId::Setup009, CheckStatus::Failed)]);
    assert!(
        !report.passed(),
        "a platform using edit cannot certify this"
    );
    assert_eq!(
        report.check(CheckId::Setup006).unwrap().status,
        CheckStatus::Passed,
        "the edit itself was answered 200 with a StartPage"
    );
    let check = report.check(CheckId::Setup009).unwrap();
    assert!(
        check
            .evidence
            .detail
            .contains("shows 0 of the cart's 2 line(s)")
            && check.evidence.detail.contains("A-1 / aux-A-1"),
        "{check:?}"
    );
}

/// The page CERT-SETUP-009 judged is in the run's journal as served, the
/// check's evidence links to it, and it is not judged as cXML: the vendor
/// sees what its edit page showed instead of the cart.
#[tokio::test]
async fn the_edit_page_cert_setup_009_judged_is_journaled_as_served() {
    let profile = Profile::builtin("coupa").expect("the built-in coupa profile");
    let (report, journal) =
        certify_cart_journaled(Fault::EditIgnored, CartFault::None, profile, None).await;
    assert_eq!(
        report.check(CheckId::Setup009).unwrap().status,
        CheckStatus::Failed
    );
    let row = support::start_page_row(&report, &journal, CheckId::Setup009).await;
    assert_eq!(row.http_status, Some(200));
    // The edit's StartPage, as the edit's answer gave it.
    let edit = report.check(CheckId::Setup006).unwrap();
    assert!(
        row.peer.contains("/start/")
            && edit
                .evidence
                .detail
                .ends_with(&format!("StartPage {}", row.peer)),
        "{row:?} {edit:?}"
    );
    let served =
        r#"<html><body>shop <form method="post" action="/cart"><ul></ul></form></body></html>"#;
    assert_eq!(row.response_raw.as_deref(), Some(served), "{row:?}");
    assert_ne!(
        Some(row.id),
        edit.evidence.journal_id,
        "the page is not the edit's setup exchange"
    );
    let headers = row.headers.as_ref().expect("the GET's headers are kept");
    assert!(
        headers
            .response
            .iter()
            .any(|(name, value)| name == "content-type" && value == "text/html"),
        "{headers:?}"
    );
    // The inspect's page (CERT-SETUP-010) is journaled the same way.
    let inspected = support::start_page_row(&report, &journal, CheckId::Setup010).await;
    assert!(
        inspected
            .response_raw
            .as_deref()
            .is_some_and(|page| page.contains("<li>A-1</li><li>B-2</li>")),
        "{inspected:?}"
    );
}

#[tokio::test]
async fn an_ignored_edit_is_not_judged_under_a_profile_without_edit() {
    let profile = profile_file("coupa", |text| {
        text.replace(
            r#"operations = ["create", "edit", "inspect"]"#,
            r#"operations = ["create", "inspect"]"#,
        )
    });
    let report = certify_cart_as(Fault::EditIgnored, CartFault::None, profile).await;
    support::assert_only(&report, &[]);
    assert!(report.passed());
    for id in [CheckId::Setup006, CheckId::Setup009] {
        let check = report.check(id).unwrap();
        assert_eq!(check.status, CheckStatus::Skipped, "{id}");
        assert!(
            check
                .evidence
                .detail
                .contains("the coupa profile does not use edit"),
            "{check:?}"
        );
    }
}

#[tokio::test]
async fn an_inspect_page_with_fields_fails_cert_setup_010_only() {
    let report = certify_cart(Fault::InspectEditable, CartFault::None, "coupa").await;
    support::assert_only(&report, &[(CheckId::Setup010, CheckStatus::Warning)]);
    assert_eq!(
        report.check(CheckId::Setup007).unwrap().status,
        CheckStatus::Passed,
        "the inspect itself was answered 200 with a StartPage"
    );
    let check = report.check(CheckId::Setup010).unwrap();
    assert!(
        check
            .evidence
            .detail
            .contains("offers 2 control(s) a person could change the cart with: <input type=number name=qty-A-1>"),
        "{check:?}"
    );
}

#[tokio::test]
async fn a_cart_posted_to_another_url_fails_cert_cart_001() {
    let report = certify_cart(Fault::None, CartFault::OtherUrl, "ariba").await;
    support::assert_only(&report, &[(CheckId::Cart001, CheckStatus::Failed)]);
    let check = report.check(CheckId::Cart001).unwrap();
    assert!(check.evidence.detail.contains("/elsewhere"), "{check:?}");
    assert!(!report.passed());
}

/// The profile file's `[order] reply_timeout_secs` is how long procsim
/// waits for the order's answer: it stops waiting then, as the platform
/// does, not when the supplier finally answers.
#[tokio::test]
async fn an_order_answered_after_the_profile_file_s_timeout_fails_cert_order_001() {
    let profile = profile_file("coupa", |text| {
        let (before, order) = text
            .split_once("[order]")
            .expect("the profile has an [order] table");
        let order = order.replace("reply_timeout_secs = 60", "reply_timeout_secs = 1");
        format!("{before}[order]{order}")
    });
    assert_eq!(
        profile.setup.reply_timeout_secs,
        Some(60),
        "the setup's limit is left"
    );
    let report = certify_cart_as(Fault::SlowFirstOrder, CartFault::None, profile).await;
    support::assert_only(&report, &[(CheckId::Order001, CheckStatus::Failed)]);
    let check = report.check(CheckId::Order001).unwrap();
    assert!(
        check
            .evidence
            .detail
            .contains("no answer within the 1 s the platform waits"),
        "{check:?}"
    );
    assert_eq!(check.evidence.http_status, None, "{check:?}");
    let waited = check.evidence.elapsed_ms.unwrap();
    assert!(
        (1_000..u64::try_from(SLOW_ORDER.as_millis()).unwrap()).contains(&waited),
        "waited {waited} ms: the profile's 1 s, not the supplier's {SLOW_ORDER:?}"
    );
    assert_eq!(
        report.check(CheckId::Order002).unwrap().status,
        CheckStatus::Skipped,
        "an order never acknowledged is not sent again"
    );
    assert!(!report.passed());
}

/// An order answer is read as the profile reads a setup answer: Coupa
/// (lenient) takes a `Header` beside the `Response` with a warning on
/// each order check, Ariba (strict) does not read the answer, so the
/// order is not acknowledged; either way the place is given.
#[tokio::test]
async fn a_header_in_the_order_answer_warns_for_coupa_and_fails_cert_order_001_for_ariba() {
    let coupa = certify_cart(Fault::HeaderInOrderResponse, CartFault::None, "coupa").await;
    let warned = [CheckId::Order001, CheckId::Order002, CheckId::Order003];
    support::assert_only(&coupa, &warned.map(|id| (id, CheckStatus::Warning)));
    assert!(coupa.passed(), "a lenient platform still certifies");
    for id in warned {
        let check = coupa.check(id).unwrap();
        assert_eq!(check.evidence.cxml_status, Some(200), "{id}");
        let element = check.evidence.element.as_ref().expect("the place is given");
        assert_eq!(element.rule.as_deref(), Some("CX003"), "{id}");
        assert!(element.line >= 1 && element.column >= 1, "{element:?}");
        let said = format!("CX003 at line {}, column {}", element.line, element.column);
        assert!(check.evidence.detail.contains(&said), "{check:?}");
        assert!(
            check
                .evidence
                .detail
                .contains("reads such an answer leniently"),
            "{check:?}"
        );
    }

    let ariba = certify_cart(Fault::HeaderInOrderResponse, CartFault::None, "ariba").await;
    support::assert_only(&ariba, &[(CheckId::Order001, CheckStatus::Failed)]);
    assert!(!ariba.passed());
    let check = ariba.check(CheckId::Order001).unwrap();
    let element = check.evidence.element.as_ref().expect("the place is given");
    assert_eq!(element.rule.as_deref(), Some("CX003"), "{element:?}");
    assert!(
        check
            .evidence
            .detail
            .contains("the ariba profile refuses such an answer"),
        "{check:?}"
    );
    for id in [CheckId::Order002, CheckId::Order003, CheckId::Order004] {
        assert_eq!(
            ariba.check(id).unwrap().status,
            CheckStatus::Skipped,
            "{id}: the platform never saw the order acknowledged"
        );
    }
}

/// The malformed probe (CERT-REQ-001) is journaled as every exchange is:
/// the findings of what procsim sent (cut in half: CX001) and of the
/// supplier's answer.
#[tokio::test]
async fn the_malformed_probe_is_journaled_with_the_findings_of_both_documents() {
    let server = fake(Fault::MalformedGetsHtml).await;
    let url = format!("{}/cxml", server.uri());
    let clock = service_kit::Clock::starting_at(jiff::Timestamp::now());
    let journal = service_kit::journal::Journal::open(
        &service_kit::Storage::Memory,
        "certify",
        clock.clone(),
    )
    .expect("an in-memory journal opens");
    let target = support::target(&url, "coupa", FROM, TO, SECRET);
    let report = certify::certify_supplier(target, journal.clone(), clock).await;
    let id = report
        .check(CheckId::Req001)
        .unwrap()
        .evidence
        .journal_id
        .expect("the probe is journaled");
    let row = journal
        .get(id)
        .await
        .expect("the journal reads")
        .expect("the probe's row is there");
    let sent = row
        .findings
        .iter()
        .find(|f| f.rule.to_string() == "CX001")
        .unwrap_or_else(|| panic!("the cut request is not well-formed: {:?}", row.findings));
    assert!(sent.line >= 1 && sent.column >= 1, "{sent:?}");
    let answer = row
        .response_findings
        .first()
        .unwrap_or_else(|| panic!("the HTML answer is judged: {row:?}"));
    assert!(answer.line >= 1 && answer.column >= 1, "{answer:?}");
    assert_eq!(
        row.finding_count,
        row.findings.len() + row.response_findings.len()
    );
}

// The invoices leg: a supplier that, once the order is in, invoices it
// under its own sales-order number instead of the buyer's orderID.

/// The supplier's invoice for the cart line A-1 (2 x 10.00), from the
/// supplier to the buyer with the agreed secret, declaring InvoiceDetail
/// 1.2.020 (Coupa's sample version) and naming `po` as the order. The
/// planted fault is the `po` the test gives: SO-4411, the supplier's own
/// sales order, where the buyer's orderID belongs.
fn invoice_naming(po: &str) -> Vec<u8> {
    let template = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.020/InvoiceDetail.dtd">
<cXML payloadID="so-4411-inv@fake-supplier.test" timestamp="2026-02-01T09:30:00+01:00">
<Header>
<From><Credential domain="NetworkID"><Identity>SUPPLIER</Identity></Credential></From>
<To><Credential domain="NetworkID"><Identity>BUYER</Identity></Credential></To>
<Sender><Credential domain="NetworkID"><Identity>SUPPLIER</Identity><SharedSecret>SECRET</SharedSecret></Credential><UserAgent>fake ERP</UserAgent></Sender>
</Header>
<Request deploymentMode="production"><InvoiceDetailRequest>
<InvoiceDetailRequestHeader invoiceID="F-2026-001" purpose="standard" operation="new" invoiceDate="2026-02-01T09:30:00+01:00"><InvoiceDetailHeaderIndicator/><InvoiceDetailLineIndicator/></InvoiceDetailRequestHeader>
<InvoiceDetailOrder>
<InvoiceDetailOrderInfo><OrderReference orderID="PO"><DocumentReference payloadID="PO"/></OrderReference></InvoiceDetailOrderInfo>
<InvoiceDetailItem invoiceLineNumber="1" quantity="2"><UnitOfMeasure>EA</UnitOfMeasure><UnitPrice><Money currency="USD">10.00</Money></UnitPrice>
<InvoiceDetailItemReference lineNumber="1"><ItemID><SupplierPartID>A-1</SupplierPartID><SupplierPartAuxiliaryID>aux-A-1</SupplierPartAuxiliaryID></ItemID></InvoiceDetailItemReference>
<SubtotalAmount><Money currency="USD">20.00</Money></SubtotalAmount></InvoiceDetailItem>
</InvoiceDetailOrder>
<InvoiceDetailSummary><SubtotalAmount><Money currency="USD">20.00</Money></SubtotalAmount><Tax><Money currency="USD">0.00</Money><Description xml:lang="en">No tax</Description></Tax><NetAmount><Money currency="USD">20.00</Money></NetAmount><DueAmount><Money currency="USD">20.00</Money></DueAmount></InvoiceDetailSummary>
</InvoiceDetailRequest></Request>
</cXML>
"#;
    template
        .replace("SUPPLIER", TO)
        .replace("BUYER", FROM)
        .replace("SECRET", SECRET)
        .replace("\"PO\"", &format!("\"{po}\""))
        .into_bytes()
}

#[tokio::test]
async fn an_invoice_for_an_order_never_sent_fails_cert_inv_004() {
    let (tell, mut prompts) = tokio::sync::mpsc::unbounded_channel();
    let invoices = certify::Invoices::new(Duration::from_secs(2)).telling(tell);
    // The supplier's system, configured with the inbox URL procsim
    // printed, invoices once the order leg is over.
    let supplier = tokio::spawn(async move {
        let mut inbox = None;
        while let Some(prompt) = prompts.recv().await {
            match prompt {
                certify::InvoicePrompt::Inbox { url } => inbox = Some(url),
                certify::InvoicePrompt::Awaiting { order_id, .. } => {
                    assert!(order_id.starts_with("CERT-"), "{order_id}");
                    let answer = reqwest::Client::new()
                        .post(inbox.clone().unwrap())
                        .header("content-type", "text/xml; charset=UTF-8")
                        .body(invoice_naming("SO-4411"))
                        .send()
                        .await
                        .unwrap();
                    return answer.text().await.unwrap();
                }
                _ => {}
            }
        }
        panic!("certify never awaited an invoice");
    });
    let profile = Profile::builtin("coupa").unwrap();
    let report =
        certify_cart_invoicing(Fault::None, CartFault::None, profile, Some(invoices)).await;
    let answer = supplier.await.unwrap();
    assert!(answer.contains(r#"code="417""#), "{answer}");
    support::assert_only(&report, &[(CheckId::Inv004, CheckStatus::Failed)]);
    assert!(!report.passed());
    let check = report.check(CheckId::Inv004).unwrap();
    assert_eq!(check.evidence.cxml_status, Some(417));
    assert!(check.evidence.detail.contains("SO-4411"), "{check:?}");
    assert!(check.evidence.journal_id.is_some(), "{check:?}");
    let element = check.evidence.element.as_ref().unwrap();
    assert!(element.path.ends_with("DocumentReference"), "{element:?}");
    for passed in [
        CheckId::Inv001,
        CheckId::Inv002,
        CheckId::Inv003,
        CheckId::Inv006,
        CheckId::Inv007,
    ] {
        let status = report.check(passed).unwrap().status;
        assert_eq!(status, CheckStatus::Passed, "{passed}");
    }
    assert_eq!(
        report.check(CheckId::Inv005).unwrap().status,
        CheckStatus::Skipped,
        "no invoice names the certified order's lines"
    );
}

/// `doc` with the first ItemDetail's Description moved before its
/// UnitPrice (the DTD wants UnitPrice, Description, UnitOfMeasure, ...).
fn description_first(doc: &str) -> String {
    let price = doc
        .find("<UnitPrice>")
        .expect("the cart document has a UnitPrice");
    let price_end = doc
        .find("</UnitPrice>")
        .expect("the cart document's UnitPrice is closed")
        + "</UnitPrice>".len();
    let description = doc[price_end..]
        .find("<Description")
        .expect("the cart document has a Description after the UnitPrice")
        + price_end;
    let description_end = doc[description..]
        .find("</Description>")
        .expect("the cart document's Description is closed")
        + description
        + "</Description>".len();
    format!(
        "{}{}{}{}",
        &doc[..price],
        &doc[description..description_end],
        &doc[price..price_end],
        &doc[description_end..]
    )
}

#[tokio::test]
async fn a_cart_the_dtd_refuses_fails_cert_cart_003_with_cx002_located() {
    if shared_fixtures::dtd_dir().is_none() {
        return;
    }
    let report = certify_cart(Fault::None, CartFault::DescriptionFirst, "coupa").await;
    support::assert_only(&report, &[(CheckId::Cart003, CheckStatus::Failed)]);
    let element = report
        .check(CheckId::Cart003)
        .unwrap()
        .evidence
        .element
        .clone()
        .unwrap();
    assert_eq!(element.rule.as_deref(), Some("CX002"), "{element:?}");
    assert!(element.line > 1, "{element:?}");
}

#[tokio::test]
async fn a_cart_drawn_by_script_is_not_seen_in_the_html_as_served() {
    let report = certify_cart(Fault::ScriptDrawnCart, CartFault::None, "coupa").await;
    let shown = report.check(CheckId::Setup009).expect("CERT-SETUP-009 ran");
    assert_eq!(shown.status, CheckStatus::Failed, "{shown:?}");
    assert!(
        shown
            .evidence
            .detail
            .contains("lines drawn by script alone are not seen without --cart script"),
        "{}",
        shown.evidence.detail
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn with_cart_script_a_cart_drawn_by_script_is_seen_as_chromium_renders_it() {
    let server = fake(Fault::ScriptDrawnCart).await;
    let url = format!("{}/cxml", server.uri());
    let mut target = support::target(&url, "coupa", FROM, TO, SECRET);
    target.order_url = Some(url.clone());
    let recipe =
        certify::cart::recipe::Recipe::from_toml("timeout = 10\n[[step]]\nclick = \"#return\"\n")
            .expect("the recipe reads");
    let browser = certify::cart::browser::Browser::locate()
        .unwrap_or_else(|missing| panic!("this test needs a browser: {missing}"));
    target.cart = CartMode::Script(certify::ScriptCart::new(
        recipe,
        browser,
        Duration::from_secs(60),
    ));
    let (report, journal) = support::run_journaled(target).await;
    for id in [CheckId::Cart001, CheckId::Setup009, CheckId::Setup010] {
        let check = report.check(id).expect("the check ran");
        assert_eq!(
            check.status,
            CheckStatus::Passed,
            "{}",
            certify::render::text(&report)
        );
        if id != CheckId::Cart001 {
            assert!(
                check.evidence.detail.contains("as Chromium rendered it"),
                "{}",
                check.evidence.detail
            );
        }
    }
    // The page judged is journaled as rendered: its lines are there.
    let shown = report.check(CheckId::Setup009).expect("CERT-SETUP-009 ran");
    let id = shown
        .evidence
        .journal_id
        .expect("the rendered page is journaled");
    let entry = journal
        .get(id)
        .await
        .expect("the journal answers")
        .expect("the entry exists");
    assert_eq!(entry.document_type.as_deref(), Some("StartPage (rendered)"));
    assert_eq!(entry.flow_id, report.flow, "the page is in the run's flow");
    let page = entry.response_raw.as_deref().unwrap_or_default();
    assert!(page.contains("<li>A-1</li>"), "{page}");
    assert_eq!(entry.http_status, Some(200), "{entry:?}");
}
