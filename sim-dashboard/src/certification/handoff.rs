//! `POST /certify/api/runs`: a certification run made by `procsim certify
//! supplier|buyer --dashboard URL` in another process, handed over when it
//! is done. Its exchanges go into the dashboard's certify journal (new ids,
//! their own times), the report's journal ids are rewritten to those ids,
//! and the run joins the list as finished, so its checks link to their
//! exchanges and the run to its flow's sequence diagram, as a run started
//! from `/certify` does. The answer names the run's page and each
//! exchange's new id, which the command writes into its own report.
//!
//! Like the dashboard's other JSON posts it is for programs (no Origin
//! header: the service's same-site guard lets it through), and the body
//! limit every service has bounds it.

use std::collections::BTreeMap;

use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
};
use certify::runs::RunPlan;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use service_kit::journal::ExchangeDetail;

use crate::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/certify/api/runs", post(hand_over))
}

/// What the command sends: the report as `--format json` writes it, the
/// cart mode it ran with, and its journal's exchanges, oldest first.
#[derive(Debug, Deserialize, Serialize)]
pub struct Handoff {
    /// `none`, `manual` or `script`.
    pub cart: String,
    pub report: Value,
    pub exchanges: Vec<ExchangeDetail>,
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
        cart,
        mut report,
        exchanges,
    } = handoff;
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
    let certification = &state.certification;
    let mut journal = BTreeMap::new();
    for exchange in exchanges {
        let old = exchange.id;
        let new = certification.journal.import(exchange).await?;
        journal.insert(old, new);
    }
    renumber(&mut report, &journal);
    let id = certification.runs.begin(plan, started_at).await?;
    let json = serde_json::to_string_pretty(&report).unwrap_or_default();
    certification
        .runs
        .finish_json(id, verdict, flow, json)
        .await?;
    state.changes.bump();
    Ok(Json(Accepted {
        id,
        run: format!("/certify/runs/{id}"),
        journal,
    }))
}

/// Each check's `evidence.journal_id` as the dashboard's journal numbers
/// it; an id no exchange was handed over for is dropped (it would point
/// at another exchange here).
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
            ]
        });
        renumber(&mut report, &BTreeMap::from([(3, 41)]));
        assert_eq!(report["checks"][0]["evidence"]["journal_id"], 41);
        assert!(report["checks"][1]["evidence"]["journal_id"].is_null());
        assert!(report["checks"][2]["evidence"].get("journal_id").is_none());
    }
}
