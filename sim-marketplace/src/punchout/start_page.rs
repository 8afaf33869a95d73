//! `GET /punchout/start/{token}`: the one-time StartPage. Using it consumes
//! the token, opens a browsing session (a cookie) and shows the storefront,
//! on the selected product for a level-2 punchout.

use axum::{
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

use service_kit::{Store, StoreError};

use super::session::{SetupContext, StartError};
use crate::{
    Marketplace,
    catalog::{Catalog, ListingId},
    http_face::{
        PageError,
        cookies::{PUNCHOUT_COOKIE, set_cookie},
    },
    private_marketplace,
};

pub async fn start(
    State(marketplace): State<Marketplace>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let started = marketplace
        .sessions()
        .start(&token, marketplace.clock().now());
    let (session_id, setup) = started.map_err(|err| match err {
        StartError::Unknown => PageError::refused(
            StatusCode::GONE,
            "This punchout link was already used",
            "A punchout start page works once. Go back to your procurement system and open \
             the marketplace again.",
        ),
        StartError::Expired => PageError::refused(
            StatusCode::GONE,
            "This punchout link has expired",
            "A punchout start page is valid for five minutes. Go back to your procurement \
             system and open the marketplace again.",
        ),
    })?;
    let target = match &setup.selected_listing {
        None => "/".to_owned(),
        Some(selected) => {
            selected_target(marketplace.catalog(), marketplace.store(), &setup, selected).await?
        }
    };
    Ok((
        [(header::SET_COOKIE, set_cookie(PUNCHOUT_COOKIE, &session_id))],
        Redirect::to(&target),
    )
        .into_response())
}

/// Where a level-2 punchout lands (SPEC F3): the selected product's page
/// when the marketplace has it and the account may see it (SPEC F13);
/// otherwise the storefront home, which says the product is unavailable,
/// as a supplier does for an item withdrawn since the buyer's search.
async fn selected_target(
    catalog: &Catalog,
    store: &Store,
    setup: &SetupContext,
    selected: &str,
) -> Result<String, StoreError> {
    let listing = selected
        .parse::<ListingId>()
        .ok()
        .and_then(|id| catalog.listing(id));
    if let Some(listing) = listing {
        let visible = private_marketplace::visibility(store, &setup.account).await?;
        if visible.admits(listing.id) {
            return Ok(format!("/products/{}", listing.id));
        }
    }
    // Only URL-safe characters travel in the query, so no encoding is needed.
    let shown: String = selected
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .take(60)
        .collect();
    Ok(format!("/?unavailable={shown}"))
}
