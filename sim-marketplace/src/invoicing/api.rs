//! The schedule and invoices over HTTP: `GET /api/schedule` (`{"next":
//! RFC 3339 or null, "now": ...}`, what the dashboard's "next event"
//! reads), `POST /api/schedule/run` (everything due now, answered when
//! done; what the dashboard calls after moving the clock) and `GET
//! /api/invoices?account=` (the account's invoices page is `web`'s).

use axum::{
    Json, Router,
    extract::{Query, State},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};

use super::store;
use crate::{Marketplace, http_face::ApiError};

pub fn routes() -> Router<Marketplace> {
    Router::new()
        .route("/api/schedule", get(schedule))
        .route("/api/schedule/run", post(run))
        .route("/api/invoices", get(api_list))
}

#[derive(Serialize)]
struct Schedule {
    /// The next instant with work due, or null when nothing is planned.
    next: Option<String>,
    now: String,
}

async fn schedule(State(marketplace): State<Marketplace>) -> Response {
    match marketplace.invoicing().next_due().await {
        Ok(next) => Json(Schedule {
            next: next.map(|at| at.to_string()),
            now: marketplace.clock().now().to_string(),
        })
        .into_response(),
        Err(err) => ApiError::Internal(err.to_string()).into_response(),
    }
}

async fn run(State(marketplace): State<Marketplace>) -> Response {
    match marketplace.invoicing().run_due().await {
        Ok(report) => Json(report).into_response(),
        Err(err) => ApiError::Internal(err.to_string()).into_response(),
    }
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
) -> Response {
    match marketplace
        .store()
        .call(move |db| store::list(db, query.account.as_deref()))
        .await
    {
        Ok(invoices) => Json(InvoicesReply { invoices }).into_response(),
        Err(err) => ApiError::Internal(err.to_string()).into_response(),
    }
}
