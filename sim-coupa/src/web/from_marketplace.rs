//! `GET /marketplace/requisition`: where the marketplace sends a Coupa
//! company's user who pressed Subscribe in its storefront (SPEC F12, or a
//! Free/BYOL product that is not pre-approved, SPEC F9). The page says why
//! the purchase goes through Coupa and punches out straight to the product
//! (a level-2 punchout with `SelectedItem`), so the requisition is raised
//! from the cart it brings back.

use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::Response,
};
use buyer_kit::platform::{PageError, SignedIn, context_for};
use serde::Deserialize;

use crate::{punchout::is_listing_id, state::AppState};

#[derive(Debug, Deserialize)]
pub struct FromMarketplace {
    listing: Option<String>,
    product: Option<String>,
    reason: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(query): Query<FromMarketplace>,
) -> Result<Response, PageError> {
    let Some(listing) = query.listing.filter(|l| is_listing_id(l)) else {
        return Err(PageError::bad_request(
            "No product named",
            "The marketplace did not say which product to buy. Start again from the \
             marketplace.",
        ));
    };
    let settings = state.settings();
    let product: String = query
        .product
        .unwrap_or_else(|| listing.clone())
        .chars()
        .take(200)
        .collect();
    let zero_order = query.reason.as_deref() == Some("zero-order");
    let mut context = context_for(Some(&user));
    context.insert("listing", &listing);
    context.insert("product", &product);
    context.insert("zero_order", &zero_order);
    context.insert("site_name", &settings.site.name);
    context.insert("accepts", &settings.site.redirect);
    context.insert("requester", &user.is_requester());
    let status = if settings.site.redirect {
        StatusCode::OK
    } else {
        StatusCode::CONFLICT
    };
    Ok(state
        .shell()
        .page(status, "from_marketplace.html", &context))
}
