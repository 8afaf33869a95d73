//! The journal over HTTP, for the dashboard and for clients:
//! - `GET /api/journal?flow=&type=&direction=&payload=&after=&before=&limit=&newest=`:
//!   matching exchanges without bodies, oldest first, at most
//!   [`super::MAX_LIST`] per answer (page with `after` or `before`);
//! - `GET /api/journal/{id}`: one exchange with its findings and bodies;
//! - `GET /api/journal/{id}/raw` and `/response`: one stored body as it
//!   was kept, as a download;
//! - `GET /api/journal/stats`: rows, bytes, limits and what was dropped;
//! - `POST /api/journal/{id}/resend`: an outbound cXML request sent again
//!   to its endpoint, in its flow (`resend`); answers the new exchange's
//!   id and statuses, 404 for no such exchange, 409 when it cannot be
//!   resent (with the reason).

use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};

use super::{Journal, JournalFilter, ResendError};
use crate::StoreError;

pub fn routes(journal: Journal) -> Router {
    Router::new()
        .route("/api/journal", get(list))
        .route("/api/journal/stats", get(stats))
        .route("/api/journal/{id}", get(one))
        .route("/api/journal/{id}/raw", get(raw))
        .route("/api/journal/{id}/response", get(response))
        .route("/api/journal/{id}/resend", post(resend))
        .with_state(journal)
}

async fn list(State(journal): State<Journal>, Query(filter): Query<JournalFilter>) -> Response {
    match journal.list(filter).await {
        Ok(list) => Json(list).into_response(),
        Err(err) => internal(&err),
    }
}

async fn stats(State(journal): State<Journal>) -> Response {
    match journal.stats().await {
        Ok(stats) => Json(stats).into_response(),
        Err(err) => internal(&err),
    }
}

async fn one(State(journal): State<Journal>, Path(id): Path<i64>) -> Response {
    match journal.get(id).await {
        Ok(Some(exchange)) => Json(exchange).into_response(),
        Ok(None) => not_found(id),
        Err(err) => internal(&err),
    }
}

async fn raw(State(journal): State<Journal>, Path(id): Path<i64>) -> Response {
    download(&journal, id, false).await
}

async fn response(State(journal): State<Journal>, Path(id): Path<i64>) -> Response {
    download(&journal, id, true).await
}

/// A stored body as an attachment. Served as plain text, never as HTML,
/// so a document with markup cannot run in the browser that opens it.
async fn download(journal: &Journal, id: i64, response: bool) -> Response {
    match journal.body(id, response).await {
        Ok(Some(body)) => {
            let name = format!(
                "{}-{id}{}.xml",
                journal.service(),
                if response { "-response" } else { "" }
            );
            (
                [
                    (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}\""),
                    ),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                ],
                body,
            )
                .into_response()
        }
        Ok(None) => not_found(id),
        Err(err) => internal(&err),
    }
}

async fn resend(State(journal): State<Journal>, Path(id): Path<i64>) -> Response {
    match journal.resend(id).await {
        Ok(resent) => Json(resent).into_response(),
        Err(ResendError::NotFound(id)) => not_found(id),
        Err(err @ (ResendError::NotResendable(_) | ResendError::SecretGone)) => (
            StatusCode::CONFLICT,
            Json(serde_json::json!({"error": err.to_string()})),
        )
            .into_response(),
        Err(err) => {
            tracing::error!(%err, "resend failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(serde_json::json!({"error": err.to_string()})),
            )
                .into_response()
        }
    }
}

fn not_found(id: i64) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(serde_json::json!({"error": format!("no exchange {id}")})),
    )
        .into_response()
}

fn internal(err: &StoreError) -> Response {
    tracing::error!(%err, "journal query failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(serde_json::json!({"error": "the journal could not be read"})),
    )
        .into_response()
}
