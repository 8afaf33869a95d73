//! `GET /api/settings-changes?account=&after=`: an account's settings
//! history (`accounts::changes`), oldest first, optionally only the
//! changes after an id. Like the account's agreements and invoices it is
//! a record of what happened, open to the tools that follow a run (the
//! dashboard's F14 walkthrough); it holds no identity, URL or secret.

use axum::{
    Json, Router,
    extract::{Query, State},
    routing::get,
};
use serde::{Deserialize, Serialize};

use crate::{
    Marketplace,
    accounts::changes::{self, SettingsChange},
    http_face::ApiError,
};

pub fn routes() -> Router<Marketplace> {
    Router::new().route("/api/settings-changes", get(list))
}

#[derive(Deserialize)]
struct ChangesQuery {
    account: Option<String>,
    #[serde(default)]
    after: i64,
}

#[derive(Serialize)]
struct ChangesReply {
    changes: Vec<SettingsChange>,
}

async fn list(
    State(marketplace): State<Marketplace>,
    Query(query): Query<ChangesQuery>,
) -> Result<Json<ChangesReply>, ApiError> {
    let account = query
        .account
        .ok_or_else(|| ApiError::BadRequest("the account parameter is required".into()))?;
    let after = query.after;
    let changes = marketplace
        .store()
        .call(move |db| changes::list(db, &account, after))
        .await?;
    Ok(Json(ChangesReply { changes }))
}
