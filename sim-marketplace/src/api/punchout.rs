//! `GET /api/punchout/unsupported-shown?flow=`: the products a punchout
//! flow's storefront showed that no procurement system can buy (SPEC F11),
//! each with the reason its page gave for having no "Request approval";
//! `GET /api/punchout/private-marketplace-shown?flow=`: whether it showed
//! only the account's Private Marketplace (SPEC F13). Records of what a
//! person saw, for the dashboard's F11 and F13 walkthroughs, which tick
//! off only in the person's own flow; they hold no identity, URL or
//! secret. Bounded as the punchout sessions are (`punchout::shown`).

use axum::{
    Json, Router,
    extract::{Query, State},
    routing::get,
};
use serde::{Deserialize, Serialize};

use crate::{Marketplace, http_face::ApiError};

pub fn routes() -> Router<Marketplace> {
    Router::new()
        .route("/api/punchout/unsupported-shown", get(unsupported_shown))
        .route(
            "/api/punchout/private-marketplace-shown",
            get(private_marketplace_shown),
        )
}

#[derive(Deserialize)]
struct ShownQuery {
    flow: Option<String>,
}

#[derive(Serialize)]
struct ShownReply {
    flow: String,
    products: Vec<ShownProduct>,
}

#[derive(Serialize)]
struct ShownProduct {
    listing_id: String,
    name: String,
    /// What the page said.
    reason: &'static str,
}

#[derive(Serialize)]
struct PrivateShownReply {
    flow: String,
    /// A page of the flow's storefront listed only the approved products.
    shown: bool,
}

fn flow_of(query: ShownQuery) -> Result<String, ApiError> {
    query
        .flow
        .filter(|flow| !flow.is_empty())
        .ok_or_else(|| ApiError::BadRequest("the flow parameter is required".into()))
}

async fn private_marketplace_shown(
    State(marketplace): State<Marketplace>,
    Query(query): Query<ShownQuery>,
) -> Result<Json<PrivateShownReply>, ApiError> {
    let flow = flow_of(query)?;
    let shown = marketplace.sessions().private_marketplace_shown(&flow);
    Ok(Json(PrivateShownReply { flow, shown }))
}

async fn unsupported_shown(
    State(marketplace): State<Marketplace>,
    Query(query): Query<ShownQuery>,
) -> Result<Json<ShownReply>, ApiError> {
    let flow = flow_of(query)?;
    let catalog = marketplace.catalog();
    let products = marketplace
        .sessions()
        .unsupported_shown(&flow)
        .into_iter()
        .filter_map(|id| catalog.listing(id))
        .map(|listing| ShownProduct {
            listing_id: listing.id.to_string(),
            name: listing.name.clone(),
            reason: listing
                .product_type
                .procurement_refusal()
                .unwrap_or_default(),
        })
        .collect();
    Ok(Json(ShownReply { flow, products }))
}
