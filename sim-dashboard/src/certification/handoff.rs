//! `POST /certify/api/runs`: a certification run made by `procsim certify
//! supplier|buyer --dashboard URL` in another process, handed over when it
//! is done. Its exchanges go into the dashboard's certify journal (new ids,
//! their own times), the report's journal ids are rewritten to those ids,
//! and the run joins the list as finished, so its checks link to their
//! exchanges and the run to its flow's sequence diagram, as a run started
//! from `/certify` does. The answer names the run's page and each
//! exchange's new id, which the command writes into its own report.
//!
//! A command may also begin its run here first (`POST
//! /certify/api/runs/live`, answered with the run's id and a token) and
//! tell how it stands while a person shops (`POST
//! /certify/api/runs/{id}/progress`), so the run page shows the StartPage
//! and the countdown as it does for a run started from `/certify`; the
//! handoff then finishes that run. Progress and the handoff of a live run
//! must show its token: no caller can touch another's run, nor a run the
//! dashboard started itself.
//!
//! Like the dashboard's other JSON posts these are for programs (no Origin
//! header: the service's same-site guard lets them through), and the body
//! limit every service has bounds them.

use std::collections::BTreeMap;

use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
};
use certify::runs::{RunPlan, RunState};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use service_kit::journal::ExchangeDetail;

use crate::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/certify/api/runs", post(hand_over))
        .route("/certify/api/runs/live", post(begin_live))
        .route("/certify/api/runs/{id}/progress", post(progress))
}

/// A run a command begins before it certifies, to hand over when done.
#[derive(Debug, Deserialize, Serialize)]
pub struct LiveRun {
    pub platform: String,
    pub setup_url: String,
    pub order_url: Option<String>,
    /// `none`, `manual` or `script`.
    pub cart: String,
    /// When the run began (RFC 3339).
    pub started_at: String,
}

/// The dashboard's answer to a [`LiveRun`]: the run's id and page, and
/// the token its progress and handoff show.
#[derive(Debug, Deserialize, Serialize)]
pub struct Begun {
    pub id: i64,
    /// The run's page, a path on the dashboard.
    pub run: String,
    pub token: String,
}

/// Where a live run stands, told with its token.
#[derive(Debug, Deserialize, Serialize)]
pub struct ProgressReport {
    pub token: String,
    #[serde(flatten)]
    pub progress: Progress,
}

/// Where a live run stands.
#[derive(Debug, Deserialize, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum Progress {
    /// Waiting for the person: where to shop, where the cart goes, and
    /// until when (RFC 3339).
    Waiting {
        start_page: String,
        browser_form_post: String,
        deadline: String,
    },
    /// The wait is over; the run goes on.
    Running,
    /// The command gave up on the run (it cannot hand it over): the run
    /// is shown interrupted.
    Abandoned { reason: String },
}

/// What the command sends: the report as `--format json` writes it, the
/// cart mode it ran with, and its journal's exchanges, oldest first.
#[derive(Debug, Deserialize, Serialize)]
pub struct Handoff {
    /// The live run this finishes ([`LiveRun`]) and its token; none: the
    /// run is new here.
    #[serde(default)]
    pub run: Option<LiveRunRef>,
    /// `none`, `manual` or `script`.
    pub cart: String,
    pub report: Value,
    pub exchanges: Vec<ExchangeDetail>,
}

/// A live run, as its command names it.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct LiveRunRef {
    pub id: i64,
    pub token: String,
}

/// The dashboard's answer: the run's id and page, and the new id of each
/// handed-over exchange by its old one.
#[derive(Debug, Deserialize, Serialize)]
pub struct Accepted {
    pub id: i64,
    /// The run's page, a path on the dashboard.
    pub run: String,
    pub journal: BTreeMap<i64, i64>,
}

/// A handoff the dashboard cannot take, said as JSON.
struct Refused(StatusCode, String);

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

impl From<service_kit::StoreError> for Refused {
    fn from(err: service_kit::StoreError) -> Self {
        Refused(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the dashboard cannot keep the run: {err}"),
        )
    }
}

async fn hand_over(
    State(state): State<AppState>,
    Json(handoff): Json<Handoff>,
) -> Result<Json<Accepted>, Refused> {
    let Handoff {
        run,
        cart,
        mut report,
        exchanges,
    } = handoff;
    let certification = &state.certification;
    let _one_at_a_time = certification.handoffs.lock().await;
    if let Some(live) = &run {
        unfinished(&state, live.id, &live.token).await?;
    }
    let text = |field: &str| report.get(field).and_then(Value::as_str).map(str::to_owned);
    let bad = |what: &str| Refused(StatusCode::BAD_REQUEST, format!("the report has no {what}"));
    let plan = RunPlan {
        platform: text("platform").ok_or_else(|| bad("platform"))?,
        setup_url: text("setup_url").ok_or_else(|| bad("setup_url"))?,
        order_url: text("order_url"),
        cart,
    };
    let verdict = text("verdict").ok_or_else(|| bad("verdict"))?;
    let started_at = text("started_at").ok_or_else(|| bad("started_at"))?;
    let flow = text("flow");
    if !matches!(verdict.as_str(), "passed" | "failed") {
        return Err(Refused(
            StatusCode::BAD_REQUEST,
            format!("the report's verdict is {verdict:?}, not passed or failed"),
        ));
    }
    if !report.get("checks").is_some_and(Value::is_array) {
        return Err(bad("checks"));
    }
    // The list of runs shows these counts.
    let counted = |field: &str| {
        report
            .get("summary")
            .and_then(|summary| summary.get(field))
            .is_some_and(Value::is_u64)
    };
    if !["passed", "failed", "warning", "skipped"]
        .into_iter()
        .all(counted)
    {
        return Err(bad(
            "summary with its passed, failed, warning and skipped counts",
        ));
    }
    let mut journal = BTreeMap::new();
    for exchange in exchanges {
        let old = exchange.id;
        let new = certification.journal.import(exchange).await?;
        journal.insert(old, new);
    }
    renumber(&mut report, &journal);
    let id = match run {
        Some(live) => live.id,
        None => certification.runs.begin(plan, started_at).await?,
    };
    let json = serde_json::to_string_pretty(&report).unwrap_or_default();
    let finished = certification
        .runs
        .finish_json(id, verdict, flow, json)
        .await?;
    if !finished {
        return Err(Refused(
            StatusCode::CONFLICT,
            format!("run {id} ended while it was handed over"),
        ));
    }
    state.changes.bump();
    Ok(Json(Accepted {
        id,
        run: format!("/certify/runs/{id}"),
        journal,
    }))
}

async fn begin_live(
    State(state): State<AppState>,
    Json(live): Json<LiveRun>,
) -> Result<Json<Begun>, Refused> {
    for (field, url) in [
        ("setup_url", Some(&live.setup_url)),
        ("order_url", live.order_url.as_ref()),
    ] {
        if let Some(url) = url {
            web_url(field, url)?;
        }
    }
    if !matches!(live.cart.as_str(), "none" | "manual" | "script") {
        return Err(Refused(
            StatusCode::BAD_REQUEST,
            format!("cart is {:?}, not none, manual or script", live.cart),
        ));
    }
    let plan = RunPlan {
        platform: live.platform,
        setup_url: live.setup_url,
        order_url: live.order_url,
        cart: live.cart,
    };
    let token = format!("{:032x}", rand::random::<u128>());
    let id = state
        .certification
        .runs
        .begin_live(plan, live.started_at, token.clone())
        .await?;
    state.changes.bump();
    Ok(Json(Begun {
        id,
        run: format!("/certify/runs/{id}"),
        token,
    }))
}

async fn progress(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(report): Json<ProgressReport>,
) -> Result<StatusCode, Refused> {
    unfinished(&state, id, &report.token).await?;
    let runs = &state.certification.runs;
    match report.progress {
        Progress::Waiting {
            start_page,
            browser_form_post,
            deadline,
        } => {
            web_url("start_page", &start_page)?;
            web_url("browser_form_post", &browser_form_post)?;
            let deadline = deadline.parse::<jiff::Timestamp>().map_err(|err| {
                Refused(
                    StatusCode::BAD_REQUEST,
                    format!("deadline {deadline:?} is not an RFC 3339 instant: {err}"),
                )
            })?;
            runs.waiting(id, start_page, browser_form_post, deadline)
                .await?;
        }
        Progress::Running => runs.resumed(id).await?,
        Progress::Abandoned { reason } => {
            tracing::warn!(run = id, %reason, "a command gave up on its certification run");
            runs.interrupt(id).await?;
        }
    }
    state.changes.bump();
    Ok(StatusCode::NO_CONTENT)
}

/// Refuses run `id` unless it was begun live with `token` and is not over.
async fn unfinished(state: &AppState, id: i64, token: &str) -> Result<(), Refused> {
    let runs = &state.certification.runs;
    match runs.live_state(id, token.to_owned()).await? {
        None => Err(Refused(
            StatusCode::NOT_FOUND,
            format!("there is no live run {id} with this token"),
        )),
        Some(RunState::Running | RunState::Waiting) => Ok(()),
        Some(over) => Err(Refused(
            StatusCode::CONFLICT,
            format!("run {id} is over ({over:?}): it takes no more"),
        )),
    }
}

/// Refuses `url` unless it is an http(s) URL: the run page links it.
fn web_url(field: &str, url: &str) -> Result<(), Refused> {
    let lower = url.to_ascii_lowercase();
    let web = (lower.starts_with("http://") || lower.starts_with("https://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if web {
        Ok(())
    } else {
        Err(Refused(
            StatusCode::BAD_REQUEST,
            format!("{field} {url:?} is not an http(s) URL"),
        ))
    }
}

/// Each check's `evidence.journal_id`, and the `journal #N` its detail
/// names, as the dashboard's journal numbers them; an id no exchange was
/// handed over for is dropped (it would point at another exchange here).
fn renumber(report: &mut Value, journal: &BTreeMap<i64, i64>) {
    let checks = report.get_mut("checks").and_then(Value::as_array_mut);
    for check in checks.into_iter().flatten() {
        let Some(evidence) = check.get_mut("evidence").and_then(Value::as_object_mut) else {
            continue;
        };
        let old = evidence.get("journal_id").and_then(Value::as_i64);
        if let Some(old) = old {
            let new = journal.get(&old).map_or(Value::Null, |&id| Value::from(id));
            evidence.insert("journal_id".to_owned(), new);
        }
        if let Some(Value::String(detail)) = evidence.get_mut("detail") {
            *detail = certify::report::renumber_journal_refs(detail, journal);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_ids_are_renumbered_and_unknown_ones_dropped() {
        let mut report = serde_json::json!({
            "checks": [
                { "id": "A", "evidence": { "journal_id": 3 } },
                { "id": "B", "evidence": { "journal_id": 9 } },
                { "id": "C", "evidence": { "detail": "none" } },
                { "id": "D", "evidence": { "detail": "cXML 200 (journal #3)" } },
            ]
        });
        renumber(&mut report, &BTreeMap::from([(3, 41)]));
        assert_eq!(report["checks"][0]["evidence"]["journal_id"], 41);
        assert_eq!(
            report["checks"][3]["evidence"]["detail"],
            "cXML 200 (journal #41)"
        );
        assert!(report["checks"][1]["evidence"]["journal_id"].is_null());
        assert!(report["checks"][2]["evidence"].get("journal_id").is_none());
    }
}
