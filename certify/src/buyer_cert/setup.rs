//! The buyer's PunchOutSetupRequest `create` (CERT-BUYER-001 to 009):
//! accepted, then judged against the profile — DTD version, credentials,
//! deploymentMode, BuyerCookie, BrowserFormPost, extrinsics, Contact — and
//! the CX rules.

use cxml::{doc::PunchOutSetupRequest, envelope::RequestBody};

use super::{BuyerUnderTest, doc::Doc, header};
use crate::{catalogue::CheckId, report::CheckResult};

const AFTER_ARRIVAL: [CheckId; 8] = [
    CheckId::Buyer002,
    CheckId::Buyer003,
    CheckId::Buyer004,
    CheckId::Buyer005,
    CheckId::Buyer006,
    CheckId::Buyer007,
    CheckId::Buyer008,
    CheckId::Buyer009,
];

pub(crate) fn checks(buyer: &BuyerUnderTest, setup: Option<&Doc<'_>>) -> Vec<CheckResult> {
    let Some(doc) = setup else {
        let mut checks = vec![CheckResult::fail(
            CheckId::Buyer001,
            crate::report::Evidence::said("no PunchOutSetupRequest create reached the marketplace"),
        )];
        checks.extend(
            AFTER_ARRIVAL.map(|id| {
                CheckResult::skipped(id, "no setup request to judge (see CERT-BUYER-001)")
            }),
        );
        return checks;
    };
    let mut checks = vec![accepted(doc)];
    let request = doc
        .cxml
        .as_ref()
        .and_then(|d| d.request.as_ref())
        .and_then(|r| match &r.body {
            RequestBody::PunchOutSetupRequest(request) => Some(&**request),
            _ => None,
        });
    let (Some(request), None) = (request, doc.unreadable()) else {
        let why = doc
            .unreadable()
            .unwrap_or_else(|| "the document is no PunchOutSetupRequest".to_owned());
        checks.extend(
            AFTER_ARRIVAL[..7]
                .iter()
                .map(|id| CheckResult::skipped(*id, why.clone())),
        );
        checks.push(unreadable(doc, why));
        return checks;
    };
    let profile = &buyer.profile;
    checks.push(header::dtd_version(
        CheckId::Buyer002,
        doc,
        profile.setup_request_version().as_str(),
    ));
    checks.push(header::credentials(CheckId::Buyer003, doc, buyer));
    checks.push(header::deployment_mode(
        CheckId::Buyer004,
        doc,
        profile.setup.deployment_mode,
        buyer,
    ));
    checks.push(cookie(doc, request));
    checks.push(browser_form_post(doc, request));
    checks.push(extrinsics(buyer, doc, request));
    checks.push(contact(buyer, doc, request));
    checks.push(header::cx_rules(CheckId::Buyer009, doc, &[], &buyer.dtds));
    checks
}

/// CERT-BUYER-009 for a document nothing else could read.
fn unreadable(doc: &Doc<'_>, why: String) -> CheckResult {
    let mut evidence = doc.evidence(why);
    evidence.element = doc.not_xml.clone();
    CheckResult::fail(CheckId::Buyer009, evidence)
}

/// CERT-BUYER-001: the marketplace took the create (its identities and
/// shared secret are the agreed ones).
fn accepted(doc: &Doc<'_>) -> CheckResult {
    let id = CheckId::Buyer001;
    match doc.exchange.cxml_status {
        Some(200) => CheckResult::pass(
            id,
            doc.evidence("the marketplace accepted the create with cXML 200"),
        ),
        Some(code) => {
            let mut evidence = doc.evidence(format!(
                "the marketplace refused the create with cXML {code}: {}",
                doc.answer_text().unwrap_or_default()
            ));
            evidence.cxml_text = doc.answer_text();
            CheckResult::fail(id, evidence)
        }
        None => CheckResult::fail(
            id,
            doc.evidence("the marketplace could not answer the create with a cXML status"),
        ),
    }
}

/// CERT-BUYER-005.
fn cookie(doc: &Doc<'_>, request: &PunchOutSetupRequest) -> CheckResult {
    let id = CheckId::Buyer005;
    let cookie = request.buyer_cookie.trim();
    if cookie.is_empty() {
        let detail = "the BuyerCookie is empty";
        return match doc.at("Request/PunchOutSetupRequest/BuyerCookie") {
            Some(el) => CheckResult::fail(id, doc.evidence_at(detail, el)),
            None => CheckResult::fail(id, doc.evidence(detail)),
        };
    }
    CheckResult::pass(id, doc.evidence(format!("BuyerCookie {cookie}")))
}

/// CERT-BUYER-006: BrowserFormPost/URL, absolute http(s).
fn browser_form_post(doc: &Doc<'_>, request: &PunchOutSetupRequest) -> CheckResult {
    let id = CheckId::Buyer006;
    let Some(url) = request
        .browser_form_post
        .as_ref()
        .map(|u| u.url.value.trim())
    else {
        return match doc.at("Request/PunchOutSetupRequest") {
            Some(el) => CheckResult::fail(id, doc.evidence_at("no BrowserFormPost", el)),
            None => CheckResult::fail(id, doc.evidence("no BrowserFormPost")),
        };
    };
    let absolute = reqwest::Url::parse(url)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
    if absolute {
        return CheckResult::pass(id, doc.evidence(format!("BrowserFormPost {url}")));
    }
    let detail = format!("BrowserFormPost `{url}` is not an absolute http(s) URL");
    match doc.at("Request/PunchOutSetupRequest/BrowserFormPost/URL") {
        Some(el) => CheckResult::fail(id, doc.evidence_at(detail, el)),
        None => CheckResult::fail(id, doc.evidence(detail)),
    }
}

/// CERT-BUYER-007: each of the profile's extrinsics, with a value.
fn extrinsics(
    buyer: &BuyerUnderTest,
    doc: &Doc<'_>,
    request: &PunchOutSetupRequest,
) -> CheckResult {
    let id = CheckId::Buyer007;
    let wanted = &buyer.profile.setup.extrinsics;
    if wanted.is_empty() {
        return CheckResult::skipped(
            id,
            format!("the {} profile sends no extrinsics", buyer.profile.name),
        );
    }
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|spec| {
            request
                .extrinsic(&spec.name)
                .is_none_or(|value| value.trim().is_empty())
        })
        .map(|spec| spec.name.as_str())
        .collect();
    let names: Vec<&str> = wanted.iter().map(|s| s.name.as_str()).collect();
    if missing.is_empty() {
        return CheckResult::pass(id, doc.evidence(format!("Extrinsics {}", names.join(", "))));
    }
    let detail = format!(
        "missing or empty: {} (the {} profile sends {})",
        missing.join(", "),
        buyer.profile.name,
        names.join(", ")
    );
    match doc.at("Request/PunchOutSetupRequest") {
        Some(el) => CheckResult::fail(id, doc.evidence_at(detail, el)),
        None => CheckResult::fail(id, doc.evidence(detail)),
    }
}

/// CERT-BUYER-008: Contact role="endUser" with a Name and an Email.
fn contact(buyer: &BuyerUnderTest, doc: &Doc<'_>, request: &PunchOutSetupRequest) -> CheckResult {
    let id = CheckId::Buyer008;
    if !buyer.profile.setup.contact_end_user {
        return CheckResult::skipped(
            id,
            format!("the {} profile sends no Contact", buyer.profile.name),
        );
    }
    let end_user = request
        .contact
        .iter()
        .find(|c| c.role.as_deref().map(str::trim) == Some("endUser"));
    let problem = match end_user {
        None => Some("no Contact role=\"endUser\""),
        Some(c) if c.name.value.trim().is_empty() => Some("the endUser Contact has no Name"),
        Some(c) if c.email.iter().all(|e| e.value.trim().is_empty()) => {
            Some("the endUser Contact has no Email")
        }
        Some(_) => None,
    };
    match problem {
        None => CheckResult::pass(
            id,
            doc.evidence("Contact role=\"endUser\" with Name and Email"),
        ),
        Some(problem) => match doc.at("Request/PunchOutSetupRequest") {
            Some(el) => CheckResult::fail(id, doc.evidence_at(problem, el)),
            None => CheckResult::fail(id, doc.evidence(problem)),
        },
    }
}
