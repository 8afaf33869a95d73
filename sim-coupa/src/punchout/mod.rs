//! PunchOut, the buyer side (F1): `GET|POST /punchout/{site}` opens the
//! supplier's catalog for the signed-in requester (operation `create`),
//! `POST /cart/{id}/edit` and `/cart/{id}/inspect` re-open a returned cart,
//! and `POST /punchout/return` takes the cart the supplier sends back
//! through the browser.

mod browser_return;
mod setup;

use axum::{
    extract::{Path, Query, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::{BuyerCookie, NewSession, User};
use cxml::doc::PunchOutOperation;
use serde::Deserialize;

use crate::{
    pages::{PageError, error_page, signed_in},
    state::AppState,
    web::is_listing_id,
};

pub use browser_return::return_cart;

#[derive(Debug, Deserialize)]
pub struct StartQuery {
    /// A level-2 punchout straight to this marketplace listing.
    product: Option<String>,
}

/// `GET|POST /punchout/{site}`: a new punchout session for a new cart;
/// `?product=prod-…` opens it on that product (`SelectedItem`).
pub async fn start(
    State(state): State<AppState>,
    Path(site): Path<String>,
    Query(query): Query<StartQuery>,
    headers: HeaderMap,
) -> Response {
    let user = signed_in(&state, &headers);
    let selected = query.product.as_deref().filter(|p| is_listing_id(p));
    if query.product.is_some() && selected.is_none() {
        let err = PageError::bad_request("No such product", "The product id is not valid.");
        return error_page(&state, user.as_ref(), err);
    }
    match open(
        &state,
        user.as_ref(),
        &site,
        PunchOutOperation::Create,
        None,
        selected.map(|item| Chosen { item, flow: None }),
    )
    .await
    {
        Ok(start_page) => Redirect::to(&start_page).into_response(),
        Err(err) => error_page(&state, user.as_ref(), err),
    }
}

/// `POST /cart/{id}/edit`.
pub async fn edit(state: State<AppState>, id: Path<i64>, headers: HeaderMap) -> Response {
    reopen(state, id, headers, PunchOutOperation::Edit).await
}

/// `POST /cart/{id}/inspect`.
pub async fn inspect(state: State<AppState>, id: Path<i64>, headers: HeaderMap) -> Response {
    reopen(state, id, headers, PunchOutOperation::Inspect).await
}

async fn reopen(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    operation: PunchOutOperation,
) -> Response {
    let user = signed_in(&state, &headers);
    let site = state.settings().site.name;
    match open(&state, user.as_ref(), &site, operation, Some(id), None).await {
        Ok(start_page) => Redirect::to(&start_page).into_response(),
        Err(err) => error_page(&state, user.as_ref(), err),
    }
}

/// A search result chosen for a level-2 punchout (F3).
pub(crate) struct Chosen<'a> {
    /// The supplier part, sent as `SelectedItem`.
    pub item: &'a str,
    /// The search's flow, which the punchout joins.
    pub flow: Option<&'a str>,
}

/// Sends the setup request and records the session; gives the StartPage.
/// `chosen` makes it a level-2 punchout on that supplier part (F3).
pub(crate) async fn open(
    state: &AppState,
    user: Option<&User>,
    site: &str,
    operation: PunchOutOperation,
    cart_id: Option<i64>,
    chosen: Option<Chosen<'_>>,
) -> Result<String, PageError> {
    let user = user.ok_or(PageError::SignIn)?;
    if !user.is_requester() {
        return Err(PageError::Forbidden(
            "Only requesters punch out to suppliers.",
        ));
    }
    let settings = state.settings();
    if settings.site.name != site {
        return Err(PageError::NotFound("No punchout site has this name."));
    }
    let previous = match cart_id {
        Some(id) => {
            let cart = state.store().cart(id).await?;
            let cart = cart
                .filter(|c| c.user_email == user.email)
                .ok_or(buyer_kit::BuyerError::NoSuchCart)?;
            if !cart.allows(operation) {
                return Err(PageError::bad_request(
                    "This cart cannot be re-opened",
                    "The supplier did not allow this operation on the cart it returned.",
                ));
            }
            Some(cart)
        }
        None => None,
    };
    let cookie = BuyerCookie::generate();
    // A search's flow takes the whole purchase (setup, cart, order) unless
    // a result of that search was already bought into a cart.
    let search = match chosen.as_ref().and_then(|c| c.flow) {
        Some(flow) if !state.store().flow_has_cart(flow).await? => Some(flow),
        _ => None,
    };
    let flow = match (&previous, search) {
        (Some(cart), _) => cart.flow_id.clone(),
        (None, Some(search)) => search.to_owned(),
        (None, None) => cookie.to_string(),
    };
    let selected = chosen.as_ref().map(|c| c.item);
    let lines = previous.as_ref().map(|c| c.lines.as_slice()).unwrap_or(&[]);
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
                cart_id,
                flow: search,
            },
            now,
        )
        .await?;
    Ok(start_page)
}
