//! What an API request can fail with, answered as JSON
//! `{"error": {"code": ..., "message": ...}}` with the matching status. An
//! internal failure keeps its cause for the log; the client reads only
//! "internal error".

use std::error::Error;

use axum::{
    Json,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use service_kit::{StoreError, cxml_http::error_chain};

/// The realm of the Basic challenge a 401 carries (Open Buy search is the
/// one API that authenticates a partner).
const OPEN_BUY_REALM: &str = "procsim marketplace Open Buy";

/// What an API request can fail with.
#[derive(Debug, thiserror::Error)]
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
    /// Logged with its causes; the client sees only that something failed.
    #[error("internal error")]
    Internal(#[source] Box<dyn Error + Send + Sync>),
}

impl ApiError {
    /// Something broke on our side because of `cause`.
    pub fn internal(cause: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        ApiError::Internal(cause.into())
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        Self::internal(err)
    }
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
                    [(header::WWW_AUTHENTICATE, challenge)],
                    Json(body),
                )
                    .into_response();
            }
            ApiError::Forbidden(message) => (StatusCode::FORBIDDEN, "forbidden", message),
            ApiError::Conflict(message) => (StatusCode::CONFLICT, "conflict", message),
            ApiError::Internal(_) => {
                tracing::error!(error = %error_chain(&self), "API request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", &internal)
            }
        };
        let body = ErrorBody {
            error: ErrorDetail { code, message },
        };
        (status, Json(body)).into_response()
    }
}
