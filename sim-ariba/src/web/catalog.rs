//! `GET /catalog`: the PunchOut items of accepted suppliers' published
//! catalogs; a requester opens one with its "PunchOut" button.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use serde::Serialize;

use crate::{
    pages::{context_for, error_page, page, signed_in},
    state::AppState,
    suppliers::CatalogItem,
};

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

pub async fn show(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(user) = signed_in(&state, &headers) else {
        return Redirect::to("/signin").into_response();
    };
    let items = match state.suppliers().catalog().await {
        Ok(items) => items,
        Err(err) => return error_page(&state, Some(&user), err.into()),
    };
    let views: Vec<ItemView> = items.iter().map(ItemView::of).collect();
    let mut context = context_for(Some(&user));
    context.insert("items", &views);
    page(&state, StatusCode::OK, "catalog.html", &context)
}
