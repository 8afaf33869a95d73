//! The schedule and invoices over HTTP: `GET /api/schedule` (`{"next":
//! RFC 3339 or null, "now": ...}`, what the dashboard's "next event"
//! reads), `POST /api/schedule/run` (everything due now, answered when
//! done; what the dashboard calls after moving the clock) and `GET
//! /api/invoices?account=` (the account's invoices page is `web`'s).

use axum::{
    Json, Router,
    extract::{Query, State},
    routing::{get, post},
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{RunReport, store};
use crate::{Marketplace, as_text, http_face::ApiError};

pub fn routes() -> Router<Marketplace> {
    Router::new()
        .route("/api/schedule", get(schedule))
        .route("/api/schedule/run", post(run))
        .route("/api/invoices", get(api_list))
}

#[derive(Serialize)]
struct Schedule {
    /// The next instant with work due, or null when nothing is planned.
    #[serde(serialize_with = "as_text::display_opt")]
    next: Option<Timestamp>,
    #[serde(serialize_with = "as_text::display")]
    now: Timestamp,
}

async fn schedule(State(marketplace): State<Marketplace>) -> Result<Json<Schedule>, ApiError> {
    Ok(Json(Schedule {
        next: marketplace.invoicing().next_due().await?,
        now: marketplace.clock().now(),
    }))
}

async fn run(State(marketplace): State<Marketplace>) -> Result<Json<RunReport>, ApiError> {
    Ok(Json(marketplace.invoicing().run_due().await?))
}

#[derive(Deserialize)]
struct InvoicesQuery {
    account: Option<String>,
}

#[derive(Serialize)]
struct InvoicesReply {
    invoices: Vec<store::Invoice>,
}

async fn api_list(
    State(marketplace): State<Marketplace>,
    Query(query): Query<InvoicesQuery>,
) -> Result<Json<InvoicesReply>, ApiError> {
    let invoices = marketplace
        .store()
        .call(move |db| store::list(db, query.account.as_deref()))
        .await?;
    Ok(Json(InvoicesReply { invoices }))
}
