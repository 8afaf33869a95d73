//! What the dashboard's walkthroughs read of a purchase that no document
//! shows: `GET /api/requisitions?flow=` is the requisition raised in one
//! flow, if its cart was submitted, with where it stands and each step of
//! its approval chain (the level, and who approved or rejected it); `GET
//! /api/requisitions/activity` counts submissions and decisions, for live
//! updates. So a walkthrough ticks "submit", "the manager approves",
//! "finance approves" (or shows it not needed: the chain asked no finance
//! approval for the amount) and "rejected" in the person's own flow.
//!
//! Like the journal API it is the simulator's control API for tools on
//! this machine: no sign-in. It names the requester and approvers by
//! e-mail and the total, as the journal's documents do; nothing else.

use axum::{
    Json,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use super::Platform;
use crate::{RequisitionStatus, StoredRequisition, approval::StepState};

#[derive(Deserialize)]
pub(super) struct FlowQuery {
    flow: Option<String>,
}

#[derive(Serialize)]
struct Requisitions {
    requisitions: Vec<RequisitionJson>,
}

#[derive(Serialize)]
struct RequisitionJson {
    number: String,
    flow_id: String,
    requester: String,
    /// `pending`, `approved` or `rejected`.
    status: &'static str,
    total: String,
    currency: String,
    /// The chain's steps in the order approvers act.
    approvals: Vec<ApprovalJson>,
}

#[derive(Serialize)]
struct ApprovalJson {
    /// `manager`, `finance`.
    level: String,
    /// `null` while waiting, else `approved` or `rejected`.
    decision: Option<&'static str>,
    by: Option<String>,
}

impl RequisitionJson {
    fn of(requisition: &StoredRequisition) -> Self {
        let approvals = requisition
            .approvals
            .steps
            .iter()
            .map(|step| {
                let (decision, by) = match &step.state {
                    StepState::Pending => (None, None),
                    StepState::Approved { by, .. } => (Some("approved"), Some(by.clone())),
                    StepState::Rejected { by, .. } => (Some("rejected"), Some(by.clone())),
                };
                ApprovalJson {
                    level: step.level.as_str().to_owned(),
                    decision,
                    by,
                }
            })
            .collect();
        RequisitionJson {
            number: requisition.number.clone(),
            flow_id: requisition.flow_id.clone(),
            requester: requisition.requester.clone(),
            status: match requisition.status {
                RequisitionStatus::PendingApproval => "pending",
                RequisitionStatus::Approved => "approved",
                RequisitionStatus::Rejected => "rejected",
            },
            total: requisition.total.amount().to_string(),
            currency: requisition.total.currency().as_str().to_owned(),
            approvals,
        }
    }
}

fn failed(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "error": { "message": message } });
    (status, Json(body)).into_response()
}

/// `GET /api/requisitions?flow=`.
pub(super) async fn of_flow<P: Platform>(
    State(platform): State<P>,
    Query(query): Query<FlowQuery>,
) -> Response {
    let Some(flow) = query.flow.filter(|f| !f.is_empty() && f.len() <= 200) else {
        return failed(StatusCode::BAD_REQUEST, "the flow parameter is required");
    };
    match platform.shell().store.requisition_of_flow(&flow).await {
        Ok(found) => Json(Requisitions {
            requisitions: found.iter().map(RequisitionJson::of).collect(),
        })
        .into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "the requisitions of a flow cannot be read");
            failed(StatusCode::INTERNAL_SERVER_ERROR, "the store failed")
        }
    }
}

#[derive(Serialize)]
struct Activity {
    requisitions: i64,
    decisions: i64,
}

/// `GET /api/requisitions/activity`.
pub(super) async fn activity<P: Platform>(State(platform): State<P>) -> Response {
    match platform.shell().store.approval_activity().await {
        Ok((requisitions, decisions)) => Json(Activity {
            requisitions,
            decisions,
        })
        .into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "the approval activity cannot be read");
            failed(StatusCode::INTERNAL_SERVER_ERROR, "the store failed")
        }
    }
}
