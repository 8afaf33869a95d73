//! The reset of all state: `POST /api/reset` (JSON, for machines) and
//! `POST /reset` (the dashboard's "Reset everything" form, which must carry
//! `confirm=yes`, ticked by the person). Both call every web service's
//! `POST /api/reset` over HTTP, one after the other, then take the clock
//! back to where the ecosystem started, so the ecosystem is as `procsim up`
//! left it. Only POST reaches a reset; GET gets 405.
//!
//! A service that cannot be reached or answers with an error is reported
//! by name, and the clock is then left where it is (what the failed
//! service still holds may be dated after the start).

use axum::{
    Form, Json, Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
};
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::{
    AppState,
    rendering::{PageError, render},
};

/// How long one service's reset may take.
const RESET_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// What a reset did.
#[derive(Debug, Serialize)]
struct Outcome {
    /// Services whose state is back to the start.
    reset: Vec<String>,
    /// Services whose reset failed, with why.
    failed: Vec<Failure>,
    /// The clock's reading after the reset (the start when every service
    /// was reset).
    now: String,
    clock_reset: bool,
}

#[derive(Debug, Serialize)]
struct Failure {
    service: String,
    error: String,
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/reset", post(reset_json))
        .route("/reset", post(reset_form))
}

async fn reset_all(state: &AppState) -> Outcome {
    let mut reset = Vec::new();
    let mut failed = Vec::new();
    let services = state.config.services.iter();
    for service in services.filter(|s| s.url.starts_with("http")) {
        match reset_one(state, &service.url).await {
            Ok(()) => reset.push(service.name.clone()),
            Err(error) => failed.push(Failure {
                service: service.name.clone(),
                error,
            }),
        }
    }
    // The flows the walkthrough runs followed are gone (or going).
    state.runs.clear();
    state.changes.bump();
    let mut clock_reset = false;
    if failed.is_empty() {
        match state.clock.reset() {
            Ok(_) => clock_reset = true,
            Err(err) => failed.push(Failure {
                service: "clock".to_owned(),
                error: err.to_string(),
            }),
        }
    }
    Outcome {
        reset,
        failed,
        now: state.clock.now().to_string(),
        clock_reset,
    }
}

async fn reset_one(state: &AppState, base: &str) -> Result<(), String> {
    let url = format!("{base}/api/reset");
    let reply = state
        .http
        .post(&url)
        .timeout(RESET_TIMEOUT)
        .send()
        .await
        .map_err(|err| format!("cannot reach {url}: {err}"))?;
    let status = reply.status();
    if status.is_success() {
        return Ok(());
    }
    let body: serde_json::Value = reply.json().await.unwrap_or(serde_json::Value::Null);
    let detail = body
        .get("error")
        .and_then(|e| e.as_str())
        .unwrap_or("no detail");
    Err(format!("{url} answered HTTP {status}: {detail}"))
}

async fn reset_json(State(state): State<AppState>) -> Response {
    let outcome = reset_all(&state).await;
    let status = if outcome.failed.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_GATEWAY
    };
    (status, Json(outcome)).into_response()
}

#[derive(Debug, Default, Deserialize)]
struct Confirm {
    #[serde(default)]
    confirm: String,
}

async fn reset_form(
    State(state): State<AppState>,
    Form(confirm): Form<Confirm>,
) -> Result<Response, PageError> {
    if confirm.confirm != "yes" {
        return Err(PageError::new(
            StatusCode::BAD_REQUEST,
            "Nothing was reset: tick \"Yes, delete everything\" to confirm the reset.",
        ));
    }
    let outcome = reset_all(&state).await;
    let status = if outcome.failed.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_GATEWAY
    };
    let mut context = Context::new();
    context.insert("outcome", &outcome);
    Ok(render(&state, status, "reset.html", &context))
}
