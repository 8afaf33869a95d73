//! The marketplace's JSON API (the public catalog; Open Buy search for a
//! buyer system, SPEC F3; account integration and private marketplace
//! settings, SPEC F13/F15, and the history of settings changes, F14;
//! private offers and their revision, F10; which unsupported products a
//! punchout flow showed, F11, and whether it showed only the account's
//! Private Marketplace, F13; the purchases the storefront sent on to a
//! procurement system, F12). Its
//! handlers answer failures with `http_face`'s `ApiError`.

pub mod accounts;
mod handoffs;
mod listings;
pub(crate) mod offers;
mod open_buy;
mod private_marketplace;
mod punchout;
mod settings_changes;
mod stats;

use axum::Router;

use crate::Marketplace;

/// The `/api` routes.
pub fn routes() -> Router<Marketplace> {
    listings::routes()
        .merge(accounts::routes())
        .merge(handoffs::routes())
        .merge(offers::routes())
        .merge(open_buy::routes())
        .merge(private_marketplace::routes())
        .merge(punchout::routes())
        .merge(settings_changes::routes())
        .merge(stats::routes())
}
