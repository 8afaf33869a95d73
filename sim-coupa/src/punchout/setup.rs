//! The Coupa-flavoured PunchOutSetupRequest (user extrinsics FirstName,
//! LastName, UniqueName, UserEmail, User, BusinessUnit; `Contact
//! role="endUser"`; UserAgent from the site) and what its answer means.

use buyer_kit::{
    BuyerCookie, CartLine, User,
    setup_request::{SetupParams, Stamp, end_user_contact, setup_request},
};
use cxml::{
    common::Extrinsic,
    doc::PunchOutOperation,
    envelope::{DeploymentMode, ResponseBody},
    status_code::ReplyClass,
};
use service_kit::cxml_http::Sent;

use crate::{config::PunchoutSite, pages::PageError, state::AppState};

/// The user extrinsics Coupa sends with every setup request.
pub fn coupa_extrinsics(user: &User) -> Vec<Extrinsic> {
    vec![
        Extrinsic::new("FirstName", &user.first_name),
        Extrinsic::new("LastName", &user.last_name),
        Extrinsic::new("UniqueName", &user.email),
        Extrinsic::new("UserEmail", &user.email),
        Extrinsic::new("User", &user.email),
        Extrinsic::new("BusinessUnit", &user.business_unit),
    ]
}

/// Posts the setup request to the site and returns the StartPage URL, or
/// the page that explains the supplier's refusal.
pub async fn send(
    state: &AppState,
    site: &PunchoutSite,
    user: &User,
    operation: PunchOutOperation,
    cookie: &BuyerCookie,
    items: &[CartLine],
    flow: &str,
) -> Result<String, PageError> {
    let stamp = Stamp::at(state.clock().now(), state.config().utc_offset_minutes);
    let return_url = format!("{}/punchout/return", state.config().public_url);
    let doc = setup_request(SetupParams {
        identities: &site.identities,
        stamp: &stamp,
        deployment_mode: if site.test_mode {
            DeploymentMode::Test
        } else {
            DeploymentMode::Production
        },
        operation,
        cookie,
        extrinsics: coupa_extrinsics(user),
        contact: Some(end_user_contact(user)),
        browser_form_post: &return_url,
        supplier_setup: Some(&site.url),
        items,
    });
    let sent = state
        .client()
        .post(&site.url, &doc, Some(flow))
        .await
        .map_err(|err| {
            tracing::error!(%err, "cannot write a setup request");
            PageError::bad_request(
                "The punchout could not start",
                "procsim could not write the request.",
            )
        })?;
    start_page(sent)
}

fn start_page(sent: Sent) -> Result<String, PageError> {
    let status = match &sent.reply {
        ReplyClass::Cxml(status) => status,
        ReplyClass::Transport { reason, .. } => {
            return Err(PageError::Supplier {
                title: "The supplier did not answer with cXML".to_owned(),
                detail: format!(
                    "The punchout site could not be reached or answered badly: {reason}."
                ),
            });
        }
    };
    if status.code.class() != cxml::StatusClass::Success {
        let hint = if status.code.code() == 412 {
            " The supplier no longer knows this cart or does not allow re-opening it."
        } else {
            ""
        };
        return Err(PageError::Supplier {
            title: format!("The supplier refused the punchout ({})", status.code.code()),
            detail: format!("{}{}{hint}", status.text, detail_suffix(&status.detail)),
        });
    }
    let url = sent
        .response
        .and_then(|parsed| parsed.doc.response)
        .and_then(|response| response.body)
        .and_then(|body| match body {
            ResponseBody::PunchOutSetupResponse(setup) => Some(setup.url().to_owned()),
            _ => None,
        })
        .filter(|url| url.starts_with("http://") || url.starts_with("https://"));
    url.ok_or_else(|| PageError::Supplier {
        title: "The supplier sent no start page".to_owned(),
        detail: "The answer was a success but held no PunchOutSetupResponse with an http(s) StartPage URL.".to_owned(),
    })
}

fn detail_suffix(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(": {detail}")
    }
}
