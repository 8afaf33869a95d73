//! What an edit or inspect re-opens: the requester's own returned cart,
//! when the supplier allowed that operation on it. Shared by every
//! platform's `POST /cart/{id}/edit` and `/cart/{id}/inspect`.

use cxml::doc::PunchOutOperation;

use super::PageError;
use crate::{BuyerError, BuyerStore, StoredCart, User};

/// The cart `id` of `user` for `operation`, or the page that refuses it.
pub async fn cart_to_reopen(
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
