//! The Coupa-flavoured PunchOutSetupRequest (user extrinsics FirstName,
//! LastName, UniqueName, UserEmail, User, BusinessUnit; `Contact
//! role="endUser"`; UserAgent from the site); buyer-kit reads the answer.

use buyer_kit::{
    BuyerCookie, CartLine, User,
    platform::PageError,
    setup_request::{SetupParams, end_user_contact, select_item, setup_request},
};
use cxml::{common::Extrinsic, doc::PunchOutOperation};

use crate::{config::PunchoutSite, state::AppState};

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

/// What one punchout opens: the operation, its cookie and flow, the lines
/// an edit or inspect re-opens, and the listing a level-2 punchout opens on.
pub struct Opening<'a> {
    pub operation: PunchOutOperation,
    pub cookie: &'a BuyerCookie,
    pub items: &'a [CartLine],
    pub selected: Option<&'a str>,
    pub flow: &'a str,
}

/// Posts the setup request to the site and returns the StartPage URL, or
/// the page that explains the supplier's refusal. `selected` names the
/// supplier part of a level-2 punchout (`SelectedItem`, Open Buy).
pub async fn send(
    state: &AppState,
    site: &PunchoutSite,
    user: &User,
    opening: Opening<'_>,
) -> Result<String, PageError> {
    let Opening {
        operation,
        cookie,
        items,
        selected,
        flow,
    } = opening;
    let stamp = state.shell().stamp();
    let return_url = state.shell().return_url();
    let mut doc = setup_request(SetupParams {
        identities: &site.identities,
        stamp: &stamp,
        deployment_mode: site.deployment_mode(),
        operation,
        cookie,
        extrinsics: coupa_extrinsics(user),
        contact: Some(end_user_contact(user)),
        browser_form_post: &return_url,
        supplier_setup: Some(&site.url),
        items,
    });
    if let Some(part) = selected {
        select_item(&mut doc, part);
    }
    state.shell().post_setup(&site.url, &doc, flow).await
}
