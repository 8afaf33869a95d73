//! What the supplier's answer to a PunchOutSetupRequest means for the
//! browser: the StartPage URL to redirect to, or why there is none (a
//! refusal with its status, a reply without cXML, a success without an
//! http(s) StartPage).

use cxml::{StatusClass, envelope::ResponseBody, status_code::ReplyClass};
use service_kit::cxml_http::Sent;

/// Why the punchout cannot start; both texts are safe to show the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{title}: {detail}")]
pub struct SetupRefused {
    pub title: String,
    pub detail: String,
}

/// The StartPage URL of a successful setup answer.
pub fn start_page(sent: Sent) -> Result<String, SetupRefused> {
    let status = match &sent.reply {
        ReplyClass::Cxml(status) => status,
        ReplyClass::Transport { reason, .. } => {
            return Err(SetupRefused {
                title: "The supplier did not answer with cXML".to_owned(),
                detail: format!(
                    "The punchout site could not be reached or answered badly: {reason}."
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
    sent.response
        .and_then(|parsed| parsed.doc.response)
        .and_then(|response| response.body)
        .and_then(|body| match body {
            ResponseBody::PunchOutSetupResponse(setup) => Some(setup.url().to_owned()),
            _ => None,
        })
        .filter(|url| url.starts_with("http://") || url.starts_with("https://"))
        .ok_or_else(|| SetupRefused {
            title: "The supplier sent no start page".to_owned(),
            detail: "The answer was a success but held no PunchOutSetupResponse with an http(s) \
                     StartPage URL."
                .to_owned(),
        })
}
