//! `GET /cart` (the requester's open cart) and `POST /cart/{id}/submit`
//! (the cart becomes a requisition and enters the approval chain).

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::{User, views::CartView};
use serde::Deserialize;

use crate::{
    ordering::after_decision,
    pages::{PageError, context_for, error_page, page, respond, signed_in},
    state::AppState,
};

#[derive(Debug, Deserialize)]
pub struct CartQuery {
    #[serde(default)]
    cancelled: Option<String>,
}

pub async fn cart(
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
    page(&state, StatusCode::OK, "cart.html", &context)
}

pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let user = signed_in(&state, &headers);
    let outcome = submit_cart(&state, user.as_ref(), id)
        .await
        .map(|requisition| Redirect::to(&format!("/requisitions/{requisition}")).into_response());
    respond(&state, user.as_ref(), outcome)
}

async fn submit_cart(state: &AppState, user: Option<&User>, id: i64) -> Result<i64, PageError> {
    let user = user.ok_or(PageError::SignIn)?;
    if !user.is_requester() {
        return Err(PageError::Forbidden("Only requesters submit requisitions."));
    }
    let config = state.config();
    let decided = state
        .store()
        .submit(
            &user.email,
            id,
            &config.approval_chain,
            &config.po_prefix,
            state.clock().now(),
        )
        .await?;
    let requisition = decided.requisition.id;
    after_decision(state, decided).await?;
    Ok(requisition)
}
