//! How a variant of the `create` is judged: it opened a session when it
//! was answered cXML 200 with an absolute StartPage URL; a check passes
//! when every variant it sent did.

use crate::supplier::setup::{evidence_of, no_cxml, start_page_of};
use crate::{buyer::Exchange, catalogue::CheckId, report::CheckResult};

/// Whether a setup answer opened a session: cXML 200 and an absolute
/// StartPage URL.
pub(super) fn opened(exchange: &Exchange) -> bool {
    exchange.cxml_code() == Some(200) && start_page_of(exchange).is_some()
}

/// Why a setup answer opened no session.
pub(super) fn refusal(exchange: &Exchange) -> String {
    match exchange.cxml_code() {
        Some(200) => "cXML 200 without an absolute StartPage URL".to_owned(),
        _ => no_cxml(exchange),
    }
}

pub(super) fn journal_ref(exchange: &Exchange) -> String {
    exchange
        .journal_id
        .map(|id| format!(" (journal #{id})"))
        .unwrap_or_default()
}

/// One variant of the `create`, and what came of it.
pub(super) struct Probe {
    what: String,
    sent: Result<Exchange, String>,
}

impl Probe {
    pub(super) fn new(
        what: impl Into<String>,
        sent: Result<Exchange, impl std::fmt::Display>,
    ) -> Self {
        Self {
            what: what.into(),
            sent: sent.map_err(|err| err.to_string()),
        }
    }
}

/// Passes when every probe opened a session; otherwise fails on the first
/// that did not, naming every one that did not.
pub(super) fn judge(id: CheckId, probes: &[Probe]) -> CheckResult {
    let mut sent = Vec::new();
    for probe in probes {
        match &probe.sent {
            Ok(exchange) => sent.push((probe.what.as_str(), exchange)),
            Err(err) => {
                return CheckResult::skipped(
                    id,
                    format!("procsim could not write {}: {err}", probe.what),
                );
            }
        }
    }
    let refused: Vec<_> = sent
        .iter()
        .filter(|(_, exchange)| !opened(exchange))
        .collect();
    if let Some((_, first)) = refused.first() {
        let said: Vec<_> = refused
            .iter()
            .map(|(what, exchange)| {
                format!("{what}: {}{}", refusal(exchange), journal_ref(exchange))
            })
            .collect();
        let detail = format!(
            "{}; the plain create was accepted, so the site refused the variant",
            said.join("; ")
        );
        return CheckResult::fail(id, evidence_of(first, detail));
    }
    let said: Vec<_> = sent
        .iter()
        .map(|(what, exchange)| {
            format!("{what}: cXML 200 and a StartPage{}", journal_ref(exchange))
        })
        .collect();
    match sent.last() {
        Some((_, last)) => CheckResult::pass(id, evidence_of(last, said.join("; "))),
        None => CheckResult::skipped(id, "no variant to send"),
    }
}
