//! Requisitions: the list (a requester sees their own, others see all), one
//! requisition with its approval status, the approvals inbox of an approver
//! and the approve and reject actions.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::{Decision, User};

use buyer_kit::views::{OrderView, RequisitionView};

use crate::{
    pages::{PageError, context_for, error_page, page, signed_in},
    requisition_flow::after_decision,
    state::AppState,
};

pub async fn list(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(user) = signed_in(&state, &headers) else {
        return Redirect::to("/signin").into_response();
    };
    let all = match state.store().requisitions().await {
        Ok(all) => all,
        Err(err) => return error_page(&state, Some(&user), err.into()),
    };
    let views: Vec<RequisitionView> = all
        .iter()
        .filter(|r| !user.is_requester() || r.requester == user.email)
        .map(RequisitionView::of)
        .collect();
    let mut context = context_for(Some(&user));
    context.insert("requisitions", &views);
    page(&state, StatusCode::OK, "requisitions.html", &context)
}

pub async fn inbox(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(user) = signed_in(&state, &headers) else {
        return Redirect::to("/signin").into_response();
    };
    let Some(level) = user.approver_level().cloned() else {
        return error_page(
            &state,
            Some(&user),
            PageError::Forbidden("Only approvers have an approvals inbox."),
        );
    };
    let all = match state.store().requisitions().await {
        Ok(all) => all,
        Err(err) => return error_page(&state, Some(&user), err.into()),
    };
    let waiting: Vec<RequisitionView> = all
        .iter()
        .filter(|r| r.awaiting() == Some(&level))
        .map(RequisitionView::of)
        .collect();
    let mut context = context_for(Some(&user));
    context.insert("requisitions", &waiting);
    context.insert("level", level.as_str());
    page(&state, StatusCode::OK, "approvals.html", &context)
}

pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let Some(user) = signed_in(&state, &headers) else {
        return Redirect::to("/signin").into_response();
    };
    match requisition_page(&state, &user, id).await {
        Ok(response) => response,
        Err(err) => error_page(&state, Some(&user), err),
    }
}

async fn requisition_page(state: &AppState, user: &User, id: i64) -> Result<Response, PageError> {
    let requisition = state
        .store()
        .requisition(id)
        .await?
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
        let decided = state
            .store()
            .decide(
                id,
                user,
                decision,
                &state.config().po_prefix,
                state.clock().now(),
            )
            .await?;
        after_decision(&state, decided).await?;
        Ok(())
    }
    .await;
    match outcome {
        Ok(()) => Redirect::to(&format!("/requisitions/{id}")).into_response(),
        Err(err) => error_page(&state, user.as_ref(), err),
    }
}
