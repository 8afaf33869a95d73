//! The Coupa-flavoured PunchOutSetupRequest: the user extrinsics and
//! `Contact role="endUser"` as Coupa's profile says (buyer-kit's built-in
//! `coupa`), the UserAgent from the site; buyer-kit reads the answer.

use buyer_kit::{
    BuyerCookie, CartLine, User,
    platform::PageError,
    setup_request::{SetupParams, end_user_contact, select_item, setup_request},
};
use cxml::doc::PunchOutOperation;

use crate::{config::PunchoutSite, state::AppState};

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
    let habits = &state.config().profile.setup;
    let mut doc = setup_request(SetupParams {
        identities: &site.identities,
        stamp: &stamp,
        deployment_mode: site.setup_deployment_mode(habits.deployment_mode),
        operation,
        cookie,
        extrinsics: habits.extrinsics_for(user),
        contact: habits.contact_end_user.then(|| end_user_contact(user)),
        browser_form_post: &return_url,
        supplier_setup: Some(&site.url),
        items,
    });
    if let Some(part) = selected {
        select_item(&mut doc, part);
    }
    state.shell().post_setup(&site.url, &doc, flow).await
}
