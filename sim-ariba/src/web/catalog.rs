//! `GET /catalog`: the PunchOut items of accepted suppliers' published
//! catalogs; a requester opens one with its "PunchOut" button.

use axum::{extract::State, http::StatusCode, response::Response};
use buyer_kit::platform::{PageError, SignedIn, context_for};
use serde::Serialize;

use crate::{state::AppState, suppliers::CatalogItem};

#[derive(Debug, Serialize)]
struct ItemView {
    id: i64,
    supplier_anid: String,
    supplier_name: String,
    part_id: String,
    description: String,
    url: String,
    classification: String,
    level: String,
    published: String,
}

impl ItemView {
    fn of(item: &CatalogItem) -> Self {
        Self {
            id: item.id,
            supplier_anid: item.supplier.to_string(),
            supplier_name: item.supplier_name.clone(),
            part_id: item.part_id.clone(),
            description: item.description.clone(),
            url: item.url.clone(),
            classification: item.classification.clone(),
            level: item.level.clone(),
            published: item.published_at.to_string(),
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Response, PageError> {
    let items = state.suppliers().catalog().await?;
    let views: Vec<ItemView> = items.iter().map(ItemView::of).collect();
    let mut context = context_for(Some(&user));
    context.insert("items", &views);
    Ok(state.shell().page(StatusCode::OK, "catalog.html", &context))
}
