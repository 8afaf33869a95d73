//! `GET /cart` (the requester's open cart, with edit and inspect when the
//! supplier allowed them) and `POST /cart/{id}/submit` (the cart becomes a
//! requisition and enters the approval chain).

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use buyer_kit::views::CartView;

use crate::{
    pages::{PageError, context_for, error_page, page, signed_in},
    requisition_flow::after_decision,
    state::AppState,
};

#[derive(Debug, Deserialize)]
pub struct CartQuery {
    #[serde(default)]
    cancelled: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<CartQuery>,
) -> Response {
    let Some(user) = signed_in(&state, &headers) else {
        return Redirect::to("/signin").into_response();
    };
    let cart = match state.store().open_cart(&user.email).await {
        Ok(cart) => cart,
        Err(err) => return error_page(&state, Some(&user), err.into()),
    };
    let mut context = context_for(Some(&user));
    context.insert("cart", &cart.as_ref().map(CartView::of));
    context.insert("cancelled", &query.cancelled.is_some());
    context.insert("site_name", &state.settings().site.name);
    page(&state, StatusCode::OK, "cart.html", &context)
}

pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let user = signed_in(&state, &headers);
    match submit_cart(&state, user.as_ref(), id).await {
        Ok(requisition) => Redirect::to(&format!("/requisitions/{requisition}")).into_response(),
        Err(err) => error_page(&state, user.as_ref(), err),
    }
}

async fn submit_cart(
    state: &AppState,
    user: Option<&buyer_kit::User>,
    id: i64,
) -> Result<i64, PageError> {
    let user = user.ok_or(PageError::SignIn)?;
    if !user.is_requester() {
        return Err(PageError::Forbidden("Only requesters submit requisitions."));
    }
    let settings = state.settings();
    let decided = state
        .store()
        .submit(
            &user.email,
            id,
            &settings.chain,
            &state.config().po_prefix,
            state.clock().now(),
        )
        .await?;
    let requisition = decided.requisition.id;
    after_decision(state, decided).await?;
    Ok(requisition)
}
