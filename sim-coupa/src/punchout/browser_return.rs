//! `POST /punchout/return`, the BrowserFormPost URL: buyer-kit's
//! `receive_cart` decodes, reads, journals and stores the cart; this
//! handler sends the browser to the cart or explains the refusal. The
//! sign-in cookie is not used: a cross-site form POST does not carry it,
//! the BuyerCookie does the work.

use axum::{
    body::Bytes,
    extract::State,
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::exchange::{ReturnError, receive_cart};

use crate::{
    pages::{PageError, error_page},
    state::AppState,
};

pub async fn return_cart(State(state): State<AppState>, body: Bytes) -> Response {
    let now = state.clock().now();
    match receive_cart(state.store(), state.journal(), &body, now).await {
        Ok(returned) if returned.cancelled => Redirect::to("/cart?cancelled=1").into_response(),
        Ok(_) => Redirect::to("/cart").into_response(),
        Err(ReturnError::Buyer(err)) => error_page(&state, None, err.into()),
        Err(err @ ReturnError::UnknownSession) => error_page(
            &state,
            None,
            PageError::bad_request("Unknown punchout session", err.to_string()),
        ),
        Err(err) => error_page(
            &state,
            None,
            PageError::bad_request("The cart could not be read", err.to_string()),
        ),
    }
}
