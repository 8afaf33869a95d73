//! The clock controls: `GET /api/clock` and `POST /api/clock/advance`
//! (JSON `{"days": n}`, `{"hours": n}` or `{"seconds": n}`), plus the form
//! the dashboard page posts (`POST /clock/advance`).

use axum::{
    Form, Json, Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};

use crate::AppState;

#[derive(Debug, Default, Deserialize)]
struct Advance {
    #[serde(default)]
    days: i64,
    #[serde(default)]
    hours: i64,
    #[serde(default)]
    seconds: i64,
}

#[derive(Serialize)]
struct ClockReading {
    now: String,
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/clock", get(read))
        .route("/api/clock/advance", post(advance_json))
        .route("/clock/advance", post(advance_form))
}

async fn read(State(state): State<AppState>) -> Json<ClockReading> {
    Json(ClockReading {
        now: state.clock.now().to_string(),
    })
}

/// At most ten years per step: enough for any billing scenario, and far
/// from jiff's range limits.
const MAX_SECONDS: i64 = 10 * 366 * 24 * 3600;

fn duration(advance: &Advance) -> Result<SignedDuration, String> {
    let seconds = advance
        .days
        .checked_mul(86_400)
        .and_then(|d| d.checked_add(advance.hours.checked_mul(3600)?))
        .and_then(|s| s.checked_add(advance.seconds))
        .ok_or("the advance is too large")?;
    if seconds <= 0 {
        return Err(
            "the clock only moves forward: give a positive number of days, hours or seconds".into(),
        );
    }
    if seconds > MAX_SECONDS {
        return Err("advance at most ten years at a time".into());
    }
    Ok(SignedDuration::from_secs(seconds))
}

async fn advance_json(State(state): State<AppState>, Json(advance): Json<Advance>) -> Response {
    let moved = duration(&advance).and_then(|d| state.clock.advance(d).map_err(|e| e.to_string()));
    match moved {
        Ok(now) => Json(ClockReading {
            now: now.to_string(),
        })
        .into_response(),
        Err(error) => (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({ "error": error })),
        )
            .into_response(),
    }
}

async fn advance_form(State(state): State<AppState>, Form(advance): Form<Advance>) -> Response {
    match duration(&advance).and_then(|d| state.clock.advance(d).map_err(|e| e.to_string())) {
        Ok(_) => Redirect::to("/").into_response(),
        Err(error) => crate::pages::error_page(&state, StatusCode::BAD_REQUEST, &error),
    }
}
