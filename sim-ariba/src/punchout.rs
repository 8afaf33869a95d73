//! PunchOut, the buyer side (F2, level 1): `POST /catalog/{id}/punchout`
//! opens the supplier's store for the signed-in requester from a PunchOut
//! item of the published catalog, and `POST /punchout/return` takes the
//! cart back through the browser (buyer-kit's `receive_cart`).
//!
//! The setup request carries Ariba's habits (see `network`). It is posted
//! to the punchout URL of the supplier's *account*; the URL the supplier
//! published in its catalog only travels as `SupplierSetup`, which
//! suppliers ignore, as on the real network.

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::{
    BuyerCookie, NewSession, User,
    exchange::{ReturnError, receive_cart, start_page},
    setup_request::{SetupParams, Stamp, setup_request},
};
use cxml::doc::PunchOutOperation;

use crate::{
    network,
    pages::{PageError, error_page, signed_in},
    state::AppState,
};

/// `POST /catalog/{id}/punchout`: a new punchout session for a new cart.
pub async fn start(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let user = signed_in(&state, &headers);
    match open(&state, user.as_ref(), id).await {
        Ok(start_page) => Redirect::to(&start_page).into_response(),
        Err(err) => error_page(&state, user.as_ref(), err),
    }
}

async fn open(state: &AppState, user: Option<&User>, id: i64) -> Result<String, PageError> {
    let user = user.ok_or(PageError::SignIn)?;
    if !user.is_requester() {
        return Err(PageError::Forbidden(
            "Only requesters punch out to suppliers.",
        ));
    }
    let item = state
        .suppliers()
        .item(id)
        .await?
        .ok_or(PageError::NotFound("No catalog item has this number."))?;
    let config = state.config();
    let account = config.supplier(item.supplier.as_str()).ok_or_else(|| {
        PageError::bad_request(
            "No supplier account",
            "The network has no account (punchout URL, shared secret) for this supplier.",
        )
    })?;
    let cookie = BuyerCookie::generate();
    let stamp = Stamp::at(state.clock().now(), config.utc_offset_minutes);
    let return_url = format!("{}/punchout/return", config.public_url);
    let doc = setup_request(SetupParams {
        identities: &network::identities(config, account),
        stamp: &stamp,
        deployment_mode: network::deployment_mode(config),
        operation: PunchOutOperation::Create,
        cookie: &cookie,
        extrinsics: network::user_extrinsics(user),
        contact: None,
        browser_form_post: &return_url,
        supplier_setup: Some(&item.url),
        items: &[],
    });
    let sent = state
        .client()
        .post(&account.punchout_url, &doc, Some(cookie.as_str()))
        .await
        .map_err(|err| {
            tracing::error!(%err, "cannot write a setup request");
            PageError::bad_request(
                "The punchout could not start",
                "procsim could not write the request.",
            )
        })?;
    let url = start_page(sent)?;
    state
        .store()
        .open_session(
            NewSession {
                user_email: &user.email,
                site: item.supplier.as_str(),
                operation: PunchOutOperation::Create,
                cookie: &cookie,
                cart_id: None,
                flow: None,
            },
            state.clock().now(),
        )
        .await?;
    Ok(url)
}

/// `POST /punchout/return`, the BrowserFormPost URL. The sign-in cookie
/// is not needed: the BuyerCookie names the session.
pub async fn return_cart(State(state): State<AppState>, body: Bytes) -> Response {
    let now = state.clock().now();
    match receive_cart(state.store(), state.journal(), &body, now).await {
        Ok(returned) if returned.cancelled => Redirect::to("/cart?cancelled=1").into_response(),
        Ok(_) => Redirect::to("/cart").into_response(),
        Err(ReturnError::Buyer(err)) => error_page(&state, None, err.into()),
        Err(err) => error_page(
            &state,
            None,
            PageError::bad_request("The cart was not taken", err.to_string()),
        ),
    }
}
