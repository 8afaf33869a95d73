//! PunchOut, the buyer side (F1): `GET|POST /punchout/{site}` opens the
//! supplier's catalog for the signed-in requester (operation `create`);
//! the buyer platform's `POST /cart/{id}/edit` and `/cart/{id}/inspect`
//! re-open a returned cart through [`open`], called by `coupa_platform`,
//! and its `POST /punchout/return` takes the cart the supplier sends back
//! through the browser.

mod setup;

use axum::{
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::{
    BuyerCookie, NewSession, StoredCart, User,
    platform::{PageError, SignedIn},
};
use cxml::doc::PunchOutOperation;
use serde::Deserialize;

use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct StartQuery {
    /// A level-2 punchout straight to this marketplace listing.
    product: Option<String>,
}

/// `GET|POST /punchout/{site}`: a new punchout session for a new cart;
/// `?product=prod-…` opens it on that product (`SelectedItem`).
pub async fn start(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(site): Path<String>,
    Query(query): Query<StartQuery>,
) -> Result<Response, PageError> {
    let selected = query.product.as_deref().filter(|p| is_listing_id(p));
    if query.product.is_some() && selected.is_none() {
        return Err(PageError::bad_request(
            "No such product",
            "The product id is not valid.",
        ));
    }
    let chosen = selected.map(|item| Chosen { item, flow: None });
    let start_page = open(
        &state,
        &user,
        &site,
        PunchOutOperation::Create,
        None,
        chosen,
    )
    .await?;
    Ok(Redirect::to(&start_page).into_response())
}

/// A search result chosen for a level-2 punchout (F3).
pub(crate) struct Chosen<'a> {
    /// The supplier part, sent as `SelectedItem`.
    pub item: &'a str,
    /// The search's flow, which the punchout joins.
    pub flow: Option<&'a str>,
}

/// Sends the setup request and records the session; gives the StartPage.
/// `previous` is the cart an edit or inspect re-opens; `chosen` makes it a
/// level-2 punchout on that supplier part (F3).
pub(crate) async fn open(
    state: &AppState,
    user: &User,
    site: &str,
    operation: PunchOutOperation,
    previous: Option<&StoredCart>,
    chosen: Option<Chosen<'_>>,
) -> Result<String, PageError> {
    if !user.is_requester() {
        return Err(PageError::forbidden(
            "Only requesters punch out to suppliers.",
        ));
    }
    let settings = state.settings();
    if settings.site.name != site {
        return Err(PageError::not_found("No punchout site has this name."));
    }
    let cookie = BuyerCookie::generate();
    // A search's flow takes the whole purchase (setup, cart, order) unless
    // a result of that search was already bought into a cart.
    let search = match chosen.as_ref().and_then(|c| c.flow) {
        Some(flow) if !state.store().flow_has_cart(flow).await? => Some(flow),
        _ => None,
    };
    let flow = match (previous, search) {
        (Some(cart), _) => cart.flow_id.clone(),
        (None, Some(search)) => search.to_owned(),
        (None, None) => cookie.to_string(),
    };
    let selected = chosen.as_ref().map(|c| c.item);
    let lines = previous.map(|c| c.lines.as_slice()).unwrap_or(&[]);
    let opening = setup::Opening {
        operation,
        cookie: &cookie,
        items: lines,
        selected,
        flow: &flow,
    };
    let start_page = setup::send(state, &settings.site, user, opening).await?;
    let now = state.clock().now();
    state
        .store()
        .open_session(
            NewSession {
                user_email: &user.email,
                site,
                operation,
                cookie: &cookie,
                cart_id: previous.map(|c| c.id),
                flow: search,
                test: settings
                    .site
                    .setup_deployment_mode(state.config().profile.setup.deployment_mode)
                    == Some(cxml::envelope::DeploymentMode::Test),
            },
            now,
        )
        .await?;
    Ok(start_page)
}

/// `prod-` and eight lowercase hex digits, the marketplace's listing ids.
pub fn is_listing_id(text: &str) -> bool {
    text.strip_prefix("prod-").is_some_and(|hex| {
        hex.len() == 8
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}
