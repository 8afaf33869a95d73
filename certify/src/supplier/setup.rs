//! The setup checks: ProfileRequest (CERT-PROFILE-001) and a `create`
//! PunchOutSetupRequest — its status (CERT-SETUP-001), how long it took
//! against the profile's setup reply limit (002), the envelope of the
//! answer (003, judged by the profile's `reply_envelope`), the StartPage
//! URL (004), whether it opens (005) and whether it opens only once (008),
//! each GET of it journaled (`start_page`).

use cxml::{doc::ProfileRequest, envelope::RequestBody, status_code::ReplyClass};

use super::{envelope, start_page};
use crate::{
    buyer::{Exchange, VirtualBuyer},
    catalogue::CheckId,
    report::{CheckResult, Evidence, Located},
};

/// Evidence every check of one exchange starts from.
pub(super) fn evidence_of(exchange: &Exchange, detail: impl Into<String>) -> Evidence {
    let (cxml_status, cxml_text) = match &exchange.reply {
        ReplyClass::Cxml(status) => (Some(status.code.0), Some(status.text.clone())),
        ReplyClass::Transport { .. } => (None, None),
    };
    Evidence {
        http_status: exchange.http_status,
        cxml_status,
        cxml_text,
        element: None,
        detail: detail.into(),
        journal_id: exchange.journal_id,
        elapsed_ms: None,
    }
    .elapsed(exchange.elapsed)
}

/// How an answer without a cXML status reads.
pub(super) fn no_cxml(exchange: &Exchange) -> String {
    match (&exchange.reply, exchange.http_status) {
        (ReplyClass::Transport { reason, .. }, Some(http)) => {
            format!("HTTP {http} without a cXML Status ({reason})")
        }
        (ReplyClass::Transport { reason, .. }, None) => format!("no HTTP answer ({reason})"),
        (ReplyClass::Cxml(status), _) => format!("cXML {} {}", status.code.0, status.text),
    }
}

pub(super) async fn profile_request(buyer: &VirtualBuyer) -> CheckResult {
    let id = CheckId::Profile001;
    let doc = buyer.request(
        &buyer.identities(),
        RequestBody::ProfileRequest(Box::new(ProfileRequest {})),
    );
    let exchange = match buyer.post(&doc).await {
        Ok(exchange) => exchange,
        Err(err) => return CheckResult::fail(id, Evidence::said(format!("procsim: {err}"))),
    };
    let has_response = exchange
        .tree()
        .is_some_and(|doc| doc.root().at("Response/ProfileResponse").is_some());
    match exchange.cxml_code() {
        Some(200) if has_response => CheckResult::pass(
            id,
            evidence_of(&exchange, "answered 200 with a ProfileResponse"),
        ),
        Some(200) => CheckResult::fail(
            id,
            evidence_of(&exchange, "answered 200 but without a ProfileResponse"),
        ),
        Some(code) => CheckResult::fail(
            id,
            evidence_of(
                &exchange,
                format!("ProfileRequest is not supported (cXML {code})"),
            ),
        ),
        None => CheckResult::fail(id, evidence_of(&exchange, no_cxml(&exchange))),
    }
}

/// The plain `create`: its checks, and the exchange the setup's
/// tolerance probes are compared with (none when it could not be written).
pub(super) struct Created {
    pub checks: Vec<CheckResult>,
    pub exchange: Option<Exchange>,
}

/// CERT-SETUP-001 to 005 and 008 from one `create`.
pub(super) async fn create(buyer: &VirtualBuyer) -> Created {
    let doc = buyer.setup_request(&buyer.identities());
    let exchange = match buyer.post(&doc).await {
        Ok(exchange) => exchange,
        Err(err) => {
            let why = format!("procsim could not write its setup request: {err}");
            let checks = [
                CheckId::Setup001,
                CheckId::Setup002,
                CheckId::Setup003,
                CheckId::Setup004,
                CheckId::Setup005,
            ]
            .into_iter()
            .chain([CheckId::Setup008])
            .map(|id| CheckResult::skipped(id, why.clone()))
            .collect();
            return Created {
                checks,
                exchange: None,
            };
        }
    };
    let checks = judge_create(buyer, &exchange).await;
    Created {
        checks,
        exchange: Some(exchange),
    }
}

/// The checks of the plain `create`'s answer, opening its StartPage twice.
async fn judge_create(buyer: &VirtualBuyer, exchange: &Exchange) -> Vec<CheckResult> {
    let mut checks = vec![status(exchange), timing(buyer, exchange)];
    checks.push(envelope(buyer, exchange));
    let (start_page, url) = start_page(exchange);
    checks.push(start_page);
    let Some(url) = url else {
        checks.push(CheckResult::skipped(
            CheckId::Setup005,
            "no absolute StartPage URL to open (see CERT-SETUP-004)",
        ));
        checks.push(CheckResult::skipped(
            CheckId::Setup008,
            "no absolute StartPage URL to open (see CERT-SETUP-004)",
        ));
        return checks;
    };
    let opened = opens(buyer, &url).await;
    let reuse = if opened.status == crate::report::CheckStatus::Passed {
        reopens(buyer, &url).await
    } else {
        CheckResult::skipped(
            CheckId::Setup008,
            "the StartPage did not open the first time (see CERT-SETUP-005)",
        )
    };
    checks.push(opened);
    checks.push(reuse);
    checks
}

fn status(exchange: &Exchange) -> CheckResult {
    let id = CheckId::Setup001;
    match exchange.cxml_code() {
        Some(200) => CheckResult::pass(id, evidence_of(exchange, "cXML Status 200")),
        Some(_) => CheckResult::fail(
            id,
            evidence_of(
                exchange,
                format!("the supplier refused the setup: {}", no_cxml(exchange)),
            ),
        ),
        None => CheckResult::fail(
            id,
            evidence_of(
                exchange,
                format!(
                    "{}; the platform would treat this as a transient error",
                    no_cxml(exchange)
                ),
            ),
        ),
    }
}

fn timing(buyer: &VirtualBuyer, exchange: &Exchange) -> CheckResult {
    let id = CheckId::Setup002;
    let (limit, from_profile) = buyer.profile().setup_reply_timeout();
    let whose = if from_profile {
        format!(
            "the {} profile's setup limit of {} s",
            buyer.profile().name,
            limit.as_secs()
        )
    } else {
        format!(
            "procsim's {} s (the {} profile states no limit)",
            limit.as_secs(),
            buyer.profile().name
        )
    };
    let answered = exchange.http_status.is_some();
    let within = answered && exchange.elapsed <= limit;
    let detail = if within {
        format!(
            "answered in {} ms, within {whose}",
            exchange.elapsed.as_millis()
        )
    } else if answered {
        format!(
            "answered after {} ms, beyond {whose}",
            exchange.elapsed.as_millis()
        )
    } else {
        format!("no answer within {whose}: {}", no_cxml(exchange))
    };
    CheckResult::judged(
        id,
        within,
        id.info().severity,
        evidence_of(exchange, detail),
    )
}

/// CERT-SETUP-003: CX001 (not XML) and CX003 (root or body shape) in the
/// answer, located; an error under a strict profile, a warning under a
/// lenient one (`envelope`). An answer with no XML at all is
/// CERT-SETUP-001's failure.
fn envelope(buyer: &VirtualBuyer, exchange: &Exchange) -> CheckResult {
    let id = CheckId::Setup003;
    let body = exchange.body.as_deref().unwrap_or_default();
    if body.iter().all(u8::is_ascii_whitespace) {
        return CheckResult::skipped(id, "the answer has no body to read (see CERT-SETUP-001)");
    }
    match envelope::deviation(exchange) {
        None => CheckResult::pass(
            id,
            evidence_of(exchange, "a cXML Response, as the DTD has it"),
        ),
        Some(deviation) => envelope::judged(
            id,
            exchange,
            deviation,
            &envelope::Tolerance::of(buyer.profile()),
            "",
        ),
    }
}

/// CERT-SETUP-004, read leniently (a deviating envelope is CERT-SETUP-003's
/// business): the check and the URL to open.
fn start_page(exchange: &Exchange) -> (CheckResult, Option<String>) {
    let id = CheckId::Setup004;
    if exchange.cxml_code() != Some(200) {
        return (
            CheckResult::skipped(id, "the setup was not answered 200 (see CERT-SETUP-001)"),
            None,
        );
    }
    let doc = exchange.tree();
    let url_element = doc.as_ref().and_then(|doc| {
        doc.root()
            .at("Response/PunchOutSetupResponse/StartPage/URL")
    });
    let Some(element) = url_element else {
        return (
            CheckResult::fail(
                id,
                evidence_of(
                    exchange,
                    "no Response/PunchOutSetupResponse/StartPage/URL in the answer",
                ),
            ),
            None,
        );
    };
    let url = element.trimmed_text().to_owned();
    let absolute = reqwest::Url::parse(&url)
        .ok()
        .filter(|parsed| matches!(parsed.scheme(), "http" | "https") && parsed.has_host());
    if absolute.is_some() {
        let evidence = evidence_of(exchange, format!("StartPage {url}"));
        (CheckResult::pass(id, evidence), Some(url))
    } else {
        let mut evidence = evidence_of(
            exchange,
            format!("StartPage URL `{url}` is not an absolute http(s) URL"),
        );
        evidence.element = Some(Located {
            rule: None,
            path: "/cXML/Response/PunchOutSetupResponse/StartPage/URL".to_owned(),
            line: element.line(),
            column: element.column(),
            message: "relative or non-http URL".to_owned(),
        });
        (CheckResult::fail(id, evidence), None)
    }
}

/// CERT-SETUP-005: the StartPage opened (and journaled) as a browser
/// opens it.
async fn opens(buyer: &VirtualBuyer, url: &str) -> CheckResult {
    let id = CheckId::Setup005;
    let opened = start_page::open(buyer, url).await;
    match &opened.status {
        Ok(200) => CheckResult::pass(id, opened.evidence(format!("GET {url} answered 200"))),
        Ok(code) => CheckResult::fail(
            id,
            opened.evidence(format!("GET {url} answered HTTP {code}")),
        ),
        Err(why) => CheckResult::fail(id, opened.evidence(format!("GET {url}: {why}"))),
    }
}

/// CERT-SETUP-008: the same StartPage opened a second time.
async fn reopens(buyer: &VirtualBuyer, url: &str) -> CheckResult {
    let id = CheckId::Setup008;
    let opened = start_page::open(buyer, url).await;
    match &opened.status {
        Ok(code) if (200..300).contains(code) => CheckResult::fail(
            id,
            opened.evidence(format!(
                "GET {url} a second time answered {code}: the link is reusable"
            )),
        ),
        Ok(code) => CheckResult::pass(
            id,
            opened.evidence(format!("GET {url} a second time answered HTTP {code}")),
        ),
        Err(why) => CheckResult::pass(
            id,
            opened.evidence(format!("GET {url} a second time: {why}")),
        ),
    }
}

/// The absolute StartPage URL of a successful setup answer, if it has one
/// (the session a person or an edit opens; CERT-SETUP-004 judges it).
pub(super) fn start_page_of(exchange: &Exchange) -> Option<String> {
    match start_page(exchange) {
        (_, Some(url)) => Some(url),
        (_, None) => None,
    }
}
