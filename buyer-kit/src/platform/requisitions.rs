//! Requisitions: the list (a requester sees their own; an approver sees
//! what awaits them first, then everything), an approver's inbox, one
//! requisition with its approval chain, and the approve and reject actions.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::{PageError, Platform, SignedIn, buying::after_decision, context_for};
use crate::{
    Decision, User,
    views::{OrderView, RequisitionView},
};

/// What `user` may see: a requester their own, everyone else all.
fn visible_to(user: &User, requester: &str) -> bool {
    !user.is_requester() || requester == user.email
}

pub(super) async fn list<P: Platform>(
    State(platform): State<P>,
    SignedIn(user): SignedIn,
) -> Result<Response, PageError> {
    let shell = platform.shell();
    let all = shell.store.requisitions().await?;
    let mine: Vec<_> = all
        .iter()
        .filter(|r| visible_to(&user, &r.requester))
        .collect();
    let awaiting: Vec<RequisitionView> = mine
        .iter()
        .filter(|r| user.approver_level().is_some() && r.awaiting() == user.approver_level())
        .map(|r| RequisitionView::of(r))
        .collect();
    let views: Vec<RequisitionView> = mine.iter().map(|r| RequisitionView::of(r)).collect();
    let mut context = context_for(Some(&user));
    context.insert("awaiting", &awaiting);
    context.insert("requisitions", &views);
    Ok(shell.page(StatusCode::OK, "requisitions.html", &context))
}

pub(super) async fn inbox<P: Platform>(
    State(platform): State<P>,
    SignedIn(user): SignedIn,
) -> Result<Response, PageError> {
    let level = user
        .approver_level()
        .cloned()
        .ok_or_else(|| PageError::forbidden("Only approvers have an approvals inbox."))?;
    let shell = platform.shell();
    let all = shell.store.requisitions().await?;
    let waiting: Vec<RequisitionView> = all
        .iter()
        .filter(|r| r.awaiting() == Some(&level))
        .map(RequisitionView::of)
        .collect();
    let mut context = context_for(Some(&user));
    context.insert("requisitions", &waiting);
    context.insert("level", level.as_str());
    Ok(shell.page(StatusCode::OK, "approvals.html", &context))
}

pub(super) async fn show<P: Platform>(
    State(platform): State<P>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let shell = platform.shell();
    let requisition = shell
        .store
        .requisition(id)
        .await?
        .filter(|r| visible_to(&user, &r.requester))
        .ok_or_else(|| PageError::not_found("No requisition has this number."))?;
    let order = shell.store.order_of_requisition(id).await?;
    let mut context = context_for(Some(&user));
    context.insert(
        "can_decide",
        &(user.approver_level().is_some() && requisition.awaiting() == user.approver_level()),
    );
    context.insert("requisition", &RequisitionView::of(&requisition));
    context.insert("order", &order.as_ref().map(OrderView::of));
    Ok(shell.page(StatusCode::OK, "requisition.html", &context))
}

pub(super) async fn approve<P: Platform>(
    platform: State<P>,
    user: SignedIn,
    id: Path<i64>,
) -> Result<Response, PageError> {
    decide(platform, user, id, Decision::Approve).await
}

pub(super) async fn reject<P: Platform>(
    platform: State<P>,
    user: SignedIn,
    id: Path<i64>,
) -> Result<Response, PageError> {
    decide(platform, user, id, Decision::Reject).await
}

async fn decide<P: Platform>(
    State(platform): State<P>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    decision: Decision,
) -> Result<Response, PageError> {
    if user.approver_level().is_none() {
        return Err(PageError::forbidden("Only approvers approve or reject."));
    }
    let shell = platform.shell();
    let decided = shell
        .store
        .decide(id, &user, decision, &shell.po_prefix, shell.clock.now())
        .await?;
    after_decision(&platform, decided).await?;
    Ok(Redirect::to(&format!("/requisitions/{id}")).into_response())
}
