//! `POST /journal/{service}/{id}/resend`, the exchange page's **Resend**:
//! asks the service that sent an outbound cXML request to send it again
//! (`POST {service}/api/journal/{id}/resend`) and shows the new exchange.
//!
//! The dashboard does not send it itself: journals keep bodies with their
//! shared secrets masked, and only the sending service holds the secret the
//! document went with (service-kit's `journal::resend` says how).

use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::post,
};
use serde::Deserialize;
use service_kit::journal::{Direction, Exchange};

use crate::{AppState, peers::journal_source, rendering::PageError};

/// How long a resend may take: the partner may be slow to answer.
const RESEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(70);

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/journal/{service}/{id}/resend", post(resend))
}

/// Whether the page offers a resend: a cXML request the service posted to
/// a URL (the service still decides, and says why not).
pub(crate) fn resendable(exchange: &Exchange) -> bool {
    exchange.direction == Direction::Outbound
        && exchange.is_cxml()
        && exchange
            .document_type
            .as_deref()
            .is_some_and(|kind| kind.ends_with("Request"))
        && (exchange.peer.starts_with("http://") || exchange.peer.starts_with("https://"))
}

#[derive(Deserialize)]
struct Resent {
    id: i64,
}

#[derive(Deserialize)]
struct Refusal {
    error: String,
}

async fn resend(
    State(state): State<AppState>,
    Path((service, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let source = journal_source(&state, &service)?;
    let reply = state
        .http
        .post(format!("{}/api/journal/{id}/resend", source.url))
        .timeout(RESEND_TIMEOUT)
        .send()
        .await
        .map_err(|_| {
            PageError::new(
                StatusCode::BAD_GATEWAY,
                format!("{service} could not be reached to resend the document."),
            )
        })?;
    let status = reply.status();
    if status.is_success() {
        let resent = reply.json::<Resent>().await.map_err(|_| {
            PageError::new(
                StatusCode::BAD_GATEWAY,
                "The document was resent, but the service's answer did not read.",
            )
        })?;
        state.changes.bump();
        return Ok(Redirect::to(&format!("/journal/{service}/{}", resent.id)).into_response());
    }
    let reason = reply
        .json::<Refusal>()
        .await
        .map_or_else(|_| format!("HTTP {status}"), |r| r.error);
    let shown = match status {
        StatusCode::NOT_FOUND => StatusCode::NOT_FOUND,
        StatusCode::CONFLICT => StatusCode::CONFLICT,
        _ => StatusCode::BAD_GATEWAY,
    };
    Err(PageError::new(
        shown,
        format!("{service} did not resend the document: {reason}"),
    ))
}
