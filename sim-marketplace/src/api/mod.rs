//! The marketplace's JSON API (the public catalog; Open Buy search for a
//! buyer system, SPEC F3; account integration and private marketplace
//! settings, SPEC F13/F15; private offers and their revision, F10)
//! and the one error type its handlers answer with.

pub mod accounts;
mod listings;
pub(crate) mod offers;
mod open_buy;
mod private_marketplace;
mod stats;

pub use listings::price_summary;
pub use open_buy::OPEN_BUY_REALM;

use axum::{
    Json, Router,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;

use crate::Marketplace;

/// The `/api` routes.
pub fn routes() -> Router<Marketplace> {
    listings::routes()
        .merge(accounts::routes())
        .merge(offers::routes())
        .merge(open_buy::routes())
        .merge(private_marketplace::routes())
        .merge(stats::routes())
}

/// What an API request can fail with; always answered as JSON
/// `{"error": {"code": ..., "message": ...}}` with the matching status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    /// Partner credentials missing or not recognised (answered with a
    /// `WWW-Authenticate` challenge).
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    /// The request raced another change of the same thing; try again.
    #[error("{0}")]
    Conflict(String),
    /// Logged; the client sees only that something failed.
    #[error("internal error: {0}")]
    Internal(String),
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'static str,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let internal = "internal error".to_owned();
        let (status, code, message) = match &self {
            ApiError::BadRequest(message) => (StatusCode::BAD_REQUEST, "bad_request", message),
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, "not_found", message),
            ApiError::Unauthorized(message) => {
                let body = ErrorBody {
                    error: ErrorDetail {
                        code: "unauthorized",
                        message,
                    },
                };
                let challenge = format!("Basic realm=\"{OPEN_BUY_REALM}\"");
                return (
                    StatusCode::UNAUTHORIZED,
                    [(axum::http::header::WWW_AUTHENTICATE, challenge)],
                    Json(body),
                )
                    .into_response();
            }
            ApiError::Forbidden(message) => (StatusCode::FORBIDDEN, "forbidden", message),
            ApiError::Conflict(message) => (StatusCode::CONFLICT, "conflict", message),
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "API request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", &internal)
            }
        };
        let body = ErrorBody {
            error: ErrorDetail { code, message },
        };
        (status, Json(body)).into_response()
    }
}
