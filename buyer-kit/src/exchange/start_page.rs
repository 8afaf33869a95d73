//! What the supplier's answer to a PunchOutSetupRequest means for the
//! browser: the StartPage URL to redirect to, or why there is none (a
//! refusal with its status, a reply without cXML, a reply whose envelope
//! the platform will not read, a success without an http(s) StartPage),
//! told with the exact reason: the rule, line and column the journal
//! records with the answer.

use cxml::{
    Finding, Parsed, StatusClass, envelope::ResponseBody, rules::Severity, status_code::ReplyClass,
};
use serde::Deserialize;
use service_kit::cxml_http::Sent;

/// How a platform reads a supplier's reply whose envelope the DTD does not
/// allow but whose meaning is plain (a `Header` beside the `Response`): a
/// property of the platform's profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplyEnvelope {
    /// Refused: the punchout does not start, and the person is told why.
    #[default]
    Strict,
    /// Read without the stray part; the deviation is journaled as a
    /// finding of the reply.
    Lenient,
}

/// Why the punchout cannot start; both texts are safe to show the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{title}: {detail}")]
pub struct SetupRefused {
    pub title: String,
    pub detail: String,
}

/// The StartPage URL of a successful setup answer, read as `envelope` says.
pub fn start_page(sent: Sent, envelope: ReplyEnvelope) -> Result<String, SetupRefused> {
    let status = match &sent.reply {
        ReplyClass::Cxml(status) => status,
        ReplyClass::Transport { reason, .. } => {
            return Err(SetupRefused {
                title: "The supplier did not answer with cXML".to_owned(),
                detail: format!(
                    "The punchout site could not be reached or answered badly: {reason}.{}",
                    first_error(&sent.reply_findings)
                ),
            });
        }
    };
    if status.code.class() != StatusClass::Success {
        let hint = if status.code.code() == 412 {
            " The supplier no longer knows this cart or does not allow re-opening it."
        } else {
            ""
        };
        let detail = if status.detail.is_empty() {
            String::new()
        } else {
            format!(": {}", status.detail)
        };
        return Err(SetupRefused {
            title: format!("The supplier refused the punchout ({})", status.code.code()),
            detail: format!("{}{detail}{hint}", status.text),
        });
    }
    let read = match (sent.response, envelope) {
        (Some(parsed), _) => parsed,
        (None, ReplyEnvelope::Lenient) if sent.lenient.is_some() => sent
            .lenient
            .ok_or_else(|| unreadable(None, &sent.reply_findings))?,
        (None, _) => return Err(unreadable(sent.unreadable, &sent.reply_findings)),
    };
    start_page_url(read)
}

/// The StartPage URL a read answer holds, if it is an absolute http(s) one.
fn start_page_url(read: Parsed) -> Result<String, SetupRefused> {
    let url = read
        .doc
        .response
        .and_then(|response| response.body)
        .and_then(|body| match body {
            ResponseBody::PunchOutSetupResponse(setup) => Some(setup.url().to_owned()),
            _ => None,
        })
        .ok_or_else(|| SetupRefused {
            title: "The supplier sent no start page".to_owned(),
            detail: "The answer was a success but held no PunchOutSetupResponse with a \
                     StartPage URL."
                .to_owned(),
        })?;
    let trimmed = url.trim();
    if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
        Ok(trimmed.to_owned())
    } else {
        Err(SetupRefused {
            title: "The supplier's start page is not an address a browser can open".to_owned(),
            detail: format!(
                "The StartPage URL `{}` is not an absolute http(s) URL.",
                trimmed.chars().take(200).collect::<String>()
            ),
        })
    }
}

/// A success whose envelope the platform will not read.
fn unreadable(error: Option<cxml::ReadError>, findings: &[Finding]) -> SetupRefused {
    let reason = error.map(|err| format!(" ({err})")).unwrap_or_default();
    SetupRefused {
        title: "The supplier's answer is not a cXML document this platform reads".to_owned(),
        detail: format!(
            "The answer says success, but it cannot be read as cXML{reason}.{}",
            first_error(findings)
        ),
    }
}

/// The first error among the reply's findings, as one sentence with its
/// rule, line and column and the fix; empty when there is none.
fn first_error(findings: &[Finding]) -> String {
    findings
        .iter()
        .find(|f| f.severity == Severity::Error)
        .map(|f| {
            format!(
                " {} at line {}, column {}: {}. {}",
                f.rule,
                f.line,
                f.column,
                f.message.trim_end_matches('.'),
                f.hint
            )
        })
        .unwrap_or_default()
}
