//! The clock controls: `GET /api/clock` (`{"now", "running"}`), `POST
//! /api/clock/advance` (JSON `{"days": n}`, `{"hours": n}` or `{"seconds":
//! n}`), `POST /api/clock/pause` and `/api/clock/resume`, plus the forms
//! the dashboard page posts (`POST /clock/advance`, answered with a page
//! that says from when to when the clock moved and what ran; `POST
//! /clock/pause` and `/clock/resume`, answered by going back to the hub).
//!
//! After moving the clock, an advance asks every service to do what fell
//! due (`POST {service}/api/schedule/run`; a 404 means the service has no
//! schedule, an unreachable one is listed as `unavailable`, an error fails
//! the advance with 502) and answers only once they all have, so whoever
//! advanced the clock sees the effects (installment invoices, monthly
//! billing) at once.

use axum::{
    Form, Json, Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::{
    AppState,
    rendering::{PageError, human_time, render},
};

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
    /// Whether the clock runs with the wall clock (else it stands until
    /// advanced).
    running: bool,
}

impl ClockReading {
    fn of(clock: &service_kit::Clock) -> Self {
        ClockReading {
            now: clock.now().to_string(),
            running: clock.is_running(),
        }
    }
}

/// A refused clock call: its status and `{"error"}`, with the clock's
/// `"now"` when it moved before a service failed.
struct ApiError {
    status: StatusCode,
    error: String,
    now: Option<String>,
}

impl ApiError {
    fn new(status: StatusCode, error: String) -> Self {
        ApiError {
            status,
            error,
            now: None,
        }
    }

    /// The clock reads `now`: it moved.
    fn at(self, now: String) -> Self {
        ApiError {
            now: Some(now),
            ..self
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = match self.now {
            Some(now) => serde_json::json!({ "now": now, "error": self.error }),
            None => serde_json::json!({ "error": self.error }),
        };
        (self.status, Json(body)).into_response()
    }
}

/// How long a service's schedule run may take.
const RUN_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// What each service's schedule did after an advance.
#[derive(Serialize)]
pub(crate) struct Advanced {
    now: String,
    /// Services that ran their schedule, with what they reported.
    pub ran: Vec<Ran>,
    /// Services that could not be reached (they run what is due when they
    /// are next asked).
    pub unavailable: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct Ran {
    service: String,
    report: serde_json::Value,
}

/// Runs every service's schedule at the current instant, one after the
/// other (a service's work may reach another, e.g. an invoice to Coupa).
/// A service that answers with an error fails the advance.
pub(crate) async fn run_schedules(state: &AppState, now: String) -> Result<Advanced, String> {
    let outcome = run_each_schedule(state, now).await;
    // Whatever ran, the clock moved: live pages look again (a usage
    // invoice may have been issued without any cXML).
    state.changes.bump();
    outcome
}

async fn run_each_schedule(state: &AppState, now: String) -> Result<Advanced, String> {
    let mut advanced = Advanced {
        now,
        ran: Vec::new(),
        unavailable: Vec::new(),
    };
    let services = state.config.services.iter();
    for service in services.filter(|s| s.url.starts_with("http")) {
        let url = format!("{}/api/schedule/run", service.url);
        // A run may deliver invoices: it gets longer than a page read.
        let request = state.http.post(&url).timeout(RUN_TIMEOUT);
        let Ok(reply) = request.send().await else {
            advanced.unavailable.push(service.name.clone());
            continue;
        };
        match reply.status() {
            StatusCode::NOT_FOUND => {}
            status if status.is_success() => {
                let report = reply.json().await.unwrap_or(serde_json::Value::Null);
                advanced.ran.push(Ran {
                    service: service.name.clone(),
                    report,
                });
            }
            status => {
                return Err(format!(
                    "{}: the schedule run failed with HTTP {status}",
                    service.name
                ));
            }
        }
    }
    Ok(advanced)
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/clock", get(read))
        .route("/api/clock/advance", post(advance_json))
        .route("/clock/advance", post(advance_form))
        .route("/api/clock/pause", post(pause_json))
        .route("/api/clock/resume", post(resume_json))
        .route("/clock/pause", post(pause_form))
        .route("/clock/resume", post(resume_form))
}

async fn read(State(state): State<AppState>) -> Json<ClockReading> {
    Json(ClockReading::of(&state.clock))
}

/// Stops or starts the clock; live pages look again (the hub shows
/// whether it runs).
fn switch(state: &AppState, run: bool) -> Result<(), String> {
    let switched = if run {
        state.clock.resume()
    } else {
        state.clock.pause()
    };
    state.changes.bump();
    switched.map(|_| ()).map_err(|err| err.to_string())
}

async fn pause_json(State(state): State<AppState>) -> Result<Json<ClockReading>, ApiError> {
    switch_json(&state, false)
}

async fn resume_json(State(state): State<AppState>) -> Result<Json<ClockReading>, ApiError> {
    switch_json(&state, true)
}

fn switch_json(state: &AppState, run: bool) -> Result<Json<ClockReading>, ApiError> {
    switch(state, run).map_err(|error| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, error))?;
    Ok(Json(ClockReading::of(&state.clock)))
}

async fn pause_form(State(state): State<AppState>) -> Result<Redirect, PageError> {
    switch_form(&state, false)
}

async fn resume_form(State(state): State<AppState>) -> Result<Redirect, PageError> {
    switch_form(&state, true)
}

fn switch_form(state: &AppState, run: bool) -> Result<Redirect, PageError> {
    switch(state, run).map_err(|error| PageError::new(StatusCode::INTERNAL_SERVER_ERROR, error))?;
    Ok(Redirect::to("/#clock"))
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

/// Moves the clock by `advance`; the instant it reads after, or why it
/// did not move.
fn advance_clock(state: &AppState, advance: &Advance) -> Result<jiff::Timestamp, String> {
    duration(advance).and_then(|d| state.clock.advance(d).map_err(|e| e.to_string()))
}

async fn advance_json(
    State(state): State<AppState>,
    Json(advance): Json<Advance>,
) -> Result<Json<Advanced>, ApiError> {
    let now = advance_clock(&state, &advance)
        .map_err(|error| ApiError::new(StatusCode::BAD_REQUEST, error))?
        .to_string();
    let advanced = run_schedules(&state, now.clone())
        .await
        .map_err(|error| ApiError::new(StatusCode::BAD_GATEWAY, error).at(now))?;
    Ok(Json(advanced))
}

/// The dashboard's advance: moves the clock, runs what fell due, and shows
/// a page saying from when to when it moved and what each service did.
async fn advance_form(
    State(state): State<AppState>,
    Form(advance): Form<Advance>,
) -> Result<Response, PageError> {
    let before = state.clock.now();
    advance_clock(&state, &advance)
        .map_err(|error| PageError::new(StatusCode::BAD_REQUEST, error))?;
    let after = state.clock.now();
    let advanced = run_schedules(&state, after.to_string())
        .await
        .map_err(|error| PageError::new(StatusCode::BAD_GATEWAY, error))?;
    let mut context = Context::new();
    context.insert("before", &human_time(before));
    context.insert("after", &human_time(after));
    context.insert("after_rfc3339", &after.to_string());
    let ran = what_ran(&advanced.ran);
    context.insert("anything_ran", &ran.iter().any(|r| !r.did.is_empty()));
    context.insert("ran", &ran);
    context.insert("unavailable", &advanced.unavailable);
    Ok(render(&state, StatusCode::OK, "advanced.html", &context))
}

/// What one service reported doing, for people: each non-empty list of
/// its report (`issued: INV-000003, INV-000004`).
#[derive(Serialize)]
struct RanView {
    service: String,
    did: Vec<(String, String)>,
}

fn what_ran(ran: &[Ran]) -> Vec<RanView> {
    ran.iter()
        .map(|r| RanView {
            service: r.service.clone(),
            did: r
                .report
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(key, value)| {
                    let items = value.as_array().filter(|items| !items.is_empty())?;
                    let items: Vec<String> = items
                        .iter()
                        .map(|item| match item {
                            serde_json::Value::String(text) => text.clone(),
                            other => other.to_string(),
                        })
                        .collect();
                    Some((key.replace('_', " "), items.join(", ")))
                })
                .collect(),
        })
        .collect()
}
