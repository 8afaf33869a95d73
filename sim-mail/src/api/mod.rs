//! The Mailpit-compatible JSON API (v1 subset): list, read one, raw
//! source, search and delete. Mailpit clients and procsim's own tests read
//! the mailbox through it.
//!
//! Where we knowingly differ from Mailpit: an unknown id is a 404 with a
//! JSON body `{"Error": "message not found"}` (Mailpit sends plain text);
//! a DELETE body that is not `{"IDs": [...]}` JSON is refused with 400
//! rather than read as "delete everything"; tags, usernames, attachment
//! parts and List-Unsubscribe are not tracked, so they come back empty.

pub mod mailpit;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;
use service_kit::StoreError;

use crate::{AppState, search::SearchQuery, store::Page};
use mailpit::{DeleteRequest, ErrorBody, Message, MessagesSummary};

/// Mailpit's default page size.
const DEFAULT_LIMIT: u64 = 50;
/// Largest page served at once, and largest offset (SQLite's LIMIT and
/// OFFSET are signed 64-bit).
const MAX_LIMIT: u64 = 10_000;
const MAX_START: u64 = i64::MAX as u64;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/messages", get(list).delete(delete))
        .route("/api/v1/message/{id}", get(read_one))
        .route("/api/v1/message/{id}/raw", get(raw))
        .route("/api/v1/search", get(search))
}

#[derive(Debug, Deserialize)]
struct PageParams {
    start: Option<u64>,
    limit: Option<u64>,
    query: Option<String>,
}

impl PageParams {
    fn page(&self) -> Page {
        Page {
            start: self.start.unwrap_or(0).min(MAX_START),
            limit: self
                .limit
                .filter(|&limit| limit > 0)
                .unwrap_or(DEFAULT_LIMIT)
                .min(MAX_LIMIT),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("message not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self {
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Store(err) => {
                tracing::error!(%err, "mail API storage failure");
                let body = ErrorBody {
                    error: "internal storage error".to_owned(),
                };
                return (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response();
            }
        };
        let body = ErrorBody {
            error: self.to_string(),
        };
        (status, Json(body)).into_response()
    }
}

async fn list(
    State(state): State<AppState>,
    Query(params): Query<PageParams>,
) -> Result<Json<MessagesSummary>, ApiError> {
    let page = params.page();
    let listing = state.mailbox.list(SearchQuery::default(), page).await?;
    Ok(Json(MessagesSummary::new(listing, page.start)))
}

async fn search(
    State(state): State<AppState>,
    Query(params): Query<PageParams>,
) -> Result<Json<MessagesSummary>, ApiError> {
    let query = SearchQuery::parse(params.query.as_deref().unwrap_or_default());
    if query.is_empty() {
        return Err(ApiError::BadRequest("no search query".to_owned()));
    }
    let page = params.page();
    let listing = state.mailbox.list(query, page).await?;
    Ok(Json(MessagesSummary::new(listing, page.start)))
}

async fn read_one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Message>, ApiError> {
    let message = state.mailbox.open_message(id).await?;
    Ok(Json(message.ok_or(ApiError::NotFound)?.into()))
}

async fn raw(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let raw = state.mailbox.raw(id).await?.ok_or(ApiError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], raw).into_response())
}

/// Deletes the messages named by `{"IDs": [...]}`, or all of them when the
/// body is empty or names none (as Mailpit does). A body that is not that
/// JSON is refused rather than read as "delete everything".
async fn delete(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let request = if body.iter().all(u8::is_ascii_whitespace) {
        DeleteRequest::default()
    } else {
        serde_json::from_slice::<DeleteRequest>(&body)
            .map_err(|err| ApiError::BadRequest(format!("invalid delete request: {err}")))?
    };
    state.mailbox.delete(request.ids).await?;
    Ok(([(header::CONTENT_TYPE, "text/plain")], "ok").into_response())
}
