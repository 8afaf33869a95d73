//! `GET /api/storefront-handoffs?account=&after=`: the purchases the
//! storefront sent on to the account's procurement system instead of
//! subscribing (`storefront::handoffs`), oldest first, optionally only
//! those after an id. A record of what happened, like the settings
//! history, open to the tools that follow a run (the dashboard's F12
//! walkthrough); it holds no identity, URL or secret.

use axum::{
    Json, Router,
    extract::{Query, State},
    routing::get,
};
use serde::{Deserialize, Serialize};

use crate::{
    Marketplace,
    http_face::ApiError,
    storefront::handoffs::{self, Handoff},
};

pub fn routes() -> Router<Marketplace> {
    Router::new().route("/api/storefront-handoffs", get(list))
}

#[derive(Deserialize)]
struct HandoffsQuery {
    account: Option<String>,
    #[serde(default)]
    after: i64,
}

#[derive(Serialize)]
struct HandoffsReply {
    handoffs: Vec<Handoff>,
}

async fn list(
    State(marketplace): State<Marketplace>,
    Query(query): Query<HandoffsQuery>,
) -> Result<Json<HandoffsReply>, ApiError> {
    let account = query
        .account
        .ok_or_else(|| ApiError::BadRequest("the account parameter is required".into()))?;
    let after = query.after;
    let handoffs = marketplace
        .store()
        .call(move |db| handoffs::list(db, &account, after))
        .await?;
    Ok(Json(HandoffsReply { handoffs }))
}
