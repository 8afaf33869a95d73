//! How the platform reads the envelope of a supplier's answer — a setup
//! answer (CERT-SETUP-003) or an order answer (CERT-ORDER-001 to 004):
//! the first deviation from the `<cXML><Response>` the DTD allows (CX001:
//! not XML; CX003: e.g. a `Header` beside the `Response`; no `Response`
//! at all), located by line and column, and whether the profile's
//! `reply_envelope` tolerates it (lenient: read anyway, a warning) or
//! refuses it (strict: the platform does not read the answer, an error).

use buyer_kit::{Profile, profile::ReplyEnvelope};

use super::setup::evidence_of;
use crate::{
    buyer::Exchange,
    catalogue::{CheckId, Severity},
    report::{CheckResult, Located},
};

/// Where and how an answer's envelope leaves the DTD.
#[derive(Debug, Clone)]
pub(super) struct Deviation {
    pub located: Located,
}

impl Deviation {
    /// `CX003 at line 3, column 1: …`, for a check's detail.
    pub fn said(&self) -> String {
        let at = &self.located;
        let rule = at
            .rule
            .as_deref()
            .map_or(String::new(), |r| format!("{r} "));
        format!(
            "{rule}at line {}, column {}: {}",
            at.line, at.column, at.message
        )
    }
}

/// The first deviation of the answer's envelope; `None` when the answer
/// is a `<cXML>` with a `Response` and no CX001 or CX003 finding, or has
/// no body at all (which the caller reads as an answer without cXML).
pub(super) fn deviation(exchange: &Exchange) -> Option<Deviation> {
    let body = exchange.body.as_deref().unwrap_or_default();
    if body.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let doc = match cxml::tree::parse(body) {
        Ok(doc) => doc,
        Err(err) => {
            return Some(Deviation {
                located: Located {
                    rule: Some("CX001".to_owned()),
                    path: String::new(),
                    line: err.line,
                    column: err.column,
                    message: format!("not well-formed XML: {}", err.message),
                },
            });
        }
    };
    let findings = cxml::rules::check(&doc, &cxml::RuleContext::default());
    let shape = findings.iter().find(|f| {
        let rule = f.rule.to_string();
        rule == "CX001" || rule == "CX003"
    });
    match shape {
        Some(finding) => Some(Deviation {
            located: Located {
                rule: Some(finding.rule.to_string()),
                path: finding.path.clone(),
                line: finding.line,
                column: finding.column,
                message: finding.message.clone(),
            },
        }),
        None if doc.root().child("Response").is_none() => Some(Deviation {
            located: Located {
                rule: None,
                path: "/cXML".to_owned(),
                line: doc.root().line(),
                column: doc.root().column(),
                message: "no Response element".to_owned(),
            },
        }),
        None => None,
    }
}

/// Whether the profile's platform reads an answer whose envelope
/// deviates, and what a check says about it.
pub(super) struct Tolerance {
    /// The severity of a check failed for the deviation alone.
    pub severity: Severity,
    /// `true`: the platform does not read such an answer at all.
    pub refuses: bool,
    /// The profile's stance, in words, for a check's detail.
    pub note: String,
}

impl Tolerance {
    pub fn of(profile: &Profile) -> Self {
        match profile.reply_envelope {
            ReplyEnvelope::Strict => Self {
                severity: Severity::Error,
                refuses: true,
                note: format!("the {} profile refuses such an answer", profile.name),
            },
            ReplyEnvelope::Lenient => Self {
                severity: Severity::Warning,
                refuses: false,
                note: format!(
                    "the {} profile reads such an answer leniently, so this is a warning",
                    profile.name
                ),
            },
        }
    }
}

/// Check `id` on an answer whose envelope deviates: `lead` (what the
/// answer otherwise was), the deviation with its line and column, and the
/// profile's stance; an error under a strict profile, a warning under a
/// lenient one. The element points at the deviation.
pub(super) fn judged(
    id: CheckId,
    exchange: &Exchange,
    deviation: Deviation,
    tolerance: &Tolerance,
    lead: &str,
) -> CheckResult {
    let detail = if lead.is_empty() {
        format!("{}; {}", deviation.said(), tolerance.note)
    } else {
        format!("{lead}, but {}; {}", deviation.said(), tolerance.note)
    };
    let mut evidence = evidence_of(exchange, detail);
    evidence.element = Some(deviation.located);
    CheckResult::judged(id, false, tolerance.severity, evidence)
}
