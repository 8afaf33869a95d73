//! `GET /api/offers?account=`: the private offers made to an account, with
//! their expiry, revision and terms (an FPS offer's installments and dates),
//! as the account's buyers see them on the product pages.

use axum::{
    Json, Router,
    extract::{Query, State},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::{Deserialize, Serialize};

use super::ApiError;
use crate::{
    Marketplace,
    catalog::{AccountId, PrivateOffer},
};

pub fn routes() -> Router<Marketplace> {
    Router::new().route("/api/offers", get(list))
}

#[derive(Deserialize)]
struct OffersQuery {
    account: Option<String>,
}

#[derive(Serialize)]
struct OffersReply {
    offers: Vec<PrivateOffer>,
}

async fn list(
    State(marketplace): State<Marketplace>,
    Query(query): Query<OffersQuery>,
) -> Response {
    let Some(account) = query.account else {
        return ApiError::BadRequest("the account parameter is required".into()).into_response();
    };
    let account: AccountId = match account.parse() {
        Ok(account) => account,
        Err(err) => return ApiError::BadRequest(format!("{err}")).into_response(),
    };
    Json(OffersReply {
        offers: marketplace.offers().for_account(&account),
    })
    .into_response()
}
