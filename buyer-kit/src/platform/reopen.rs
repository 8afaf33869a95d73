//! `POST /cart/{id}/edit` and `/cart/{id}/inspect`: the requester's own
//! returned cart re-opened at its supplier, when the supplier allowed that
//! operation on it. Where and how the setup request goes is the
//! platform's ([`Platform::reopen`]).

use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use cxml::doc::PunchOutOperation;

use super::{PageError, Platform, Reopening, SignedIn};
use crate::{BuyerError, BuyerStore, StoredCart, User};

/// `POST /cart/{id}/edit`.
pub(super) async fn edit<P: Platform>(
    State(platform): State<P>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    reopen(&platform, &user, id, PunchOutOperation::Edit).await
}

/// `POST /cart/{id}/inspect`.
pub(super) async fn inspect<P: Platform>(
    State(platform): State<P>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    reopen(&platform, &user, id, PunchOutOperation::Inspect).await
}

/// Sends the requester to the StartPage of the supplier the cart `id`
/// came from, re-opened for `operation`.
async fn reopen<P: Platform>(
    platform: &P,
    user: &User,
    id: i64,
    operation: PunchOutOperation,
) -> Result<Response, PageError> {
    if !user.is_requester() {
        return Err(PageError::forbidden(
            "Only requesters punch out to suppliers.",
        ));
    }
    let cart = cart_to_reopen(&platform.shell().store, user, id, operation).await?;
    let start_page = platform
        .reopen(Reopening {
            user,
            cart: &cart,
            operation,
        })
        .await?;
    Ok(Redirect::to(&start_page).into_response())
}

/// The cart `id` of `user` for `operation`, or the page that refuses it.
async fn cart_to_reopen(
    store: &BuyerStore,
    user: &User,
    id: i64,
    operation: PunchOutOperation,
) -> Result<StoredCart, PageError> {
    let cart = store
        .cart(id)
        .await?
        .filter(|c| c.user_email == user.email)
        .ok_or(BuyerError::NoSuchCart)?;
    if !cart.allows(operation) {
        return Err(PageError::bad_request(
            "This cart cannot be re-opened",
            "The supplier did not allow this operation on the cart it returned.",
        ));
    }
    Ok(cart)
}
