//! Requisitions: the list (a requester sees their own; an approver sees
//! what awaits them first, then everything), one requisition with its
//! approval chain, and the approve and reject actions.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::{
    Decision, User,
    views::{OrderView, RequisitionView},
};

use crate::{
    ordering::after_decision,
    pages::{PageError, context_for, page, respond, signed_in},
    state::AppState,
};

pub async fn list(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(user) = signed_in(&state, &headers) else {
        return Redirect::to("/signin").into_response();
    };
    let outcome = async {
        let all = state.store().requisitions().await?;
        let mine: Vec<_> = all
            .iter()
            .filter(|r| !user.is_requester() || r.requester == user.email)
            .collect();
        let awaiting: Vec<RequisitionView> = mine
            .iter()
            .filter(|r| user.approver_level().is_some() && r.awaiting() == user.approver_level())
            .map(|r| RequisitionView::of(r))
            .collect();
        let mut context = context_for(Some(&user));
        context.insert("awaiting", &awaiting);
        context.insert(
            "requisitions",
            &mine
                .iter()
                .map(|r| RequisitionView::of(r))
                .collect::<Vec<_>>(),
        );
        Ok(page(&state, StatusCode::OK, "requisitions.html", &context))
    }
    .await;
    respond(&state, Some(&user), outcome)
}

pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let Some(user) = signed_in(&state, &headers) else {
        return Redirect::to("/signin").into_response();
    };
    let outcome = requisition_page(&state, &user, id).await;
    respond(&state, Some(&user), outcome)
}

async fn requisition_page(state: &AppState, user: &User, id: i64) -> Result<Response, PageError> {
    let requisition = state
        .store()
        .requisition(id)
        .await?
        .filter(|r| !user.is_requester() || r.requester == user.email)
        .ok_or(PageError::NotFound("No requisition has this number."))?;
    let order = state.store().order_of_requisition(id).await?;
    let mut context = context_for(Some(user));
    context.insert(
        "can_decide",
        &(user.approver_level().is_some() && requisition.awaiting() == user.approver_level()),
    );
    context.insert("requisition", &RequisitionView::of(&requisition));
    context.insert("order", &order.as_ref().map(OrderView::of));
    Ok(page(state, StatusCode::OK, "requisition.html", &context))
}

pub async fn approve(state: State<AppState>, id: Path<i64>, headers: HeaderMap) -> Response {
    decide(state, id, headers, Decision::Approve).await
}

pub async fn reject(state: State<AppState>, id: Path<i64>, headers: HeaderMap) -> Response {
    decide(state, id, headers, Decision::Reject).await
}

async fn decide(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    decision: Decision,
) -> Response {
    let user = signed_in(&state, &headers);
    let outcome = async {
        let user = user.as_ref().ok_or(PageError::SignIn)?;
        if user.approver_level().is_none() {
            return Err(PageError::Forbidden("Only approvers approve or reject."));
        }
        let config = state.config();
        let decided = state
            .store()
            .decide(id, user, decision, &config.po_prefix, state.clock().now())
            .await?;
        after_decision(&state, decided).await?;
        Ok(Redirect::to(&format!("/requisitions/{id}")).into_response())
    }
    .await;
    respond(&state, user.as_ref(), outcome)
}
