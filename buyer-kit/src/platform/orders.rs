//! `GET /orders` and `GET /orders/{number}`: purchase orders with the
//! result of sending each (the supplier's status code and text, refusals
//! included, or the transport error), and a PO's invoices with the amount
//! invoiced against the amount ordered (none where the platform receives
//! no invoices).

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};

use super::{PageError, Platform, SignedIn, context_for};
use crate::views::{InvoicingView, OrderView, RequisitionView};

pub(super) async fn list<P: Platform>(
    State(platform): State<P>,
    SignedIn(user): SignedIn,
) -> Result<Response, PageError> {
    let shell = platform.shell();
    let orders = shell.store.purchase_orders().await?;
    let views: Vec<OrderView> = orders
        .iter()
        .filter(|o| !user.is_requester() || o.requester == user.email)
        .map(OrderView::of)
        .collect();
    let mut context = context_for(Some(&user));
    context.insert("orders", &views);
    Ok(shell.page(StatusCode::OK, "orders.html", &context))
}

pub(super) async fn show<P: Platform>(
    State(platform): State<P>,
    SignedIn(user): SignedIn,
    Path(number): Path<String>,
) -> Result<Response, PageError> {
    let shell = platform.shell();
    let order = shell
        .store
        .purchase_order(&number)
        .await?
        .filter(|o| !user.is_requester() || o.requester == user.email)
        .ok_or_else(|| PageError::not_found("No purchase order has this number."))?;
    let requisition = shell.store.requisition(order.requisition_id).await?;
    let invoices = shell.store.invoices_of(order.number.as_str()).await?;
    let mut context = context_for(Some(&user));
    context.insert("order", &OrderView::of(&order));
    context.insert(
        "invoicing",
        &requisition
            .as_ref()
            .map(|r| InvoicingView::of(&r.total, &invoices)),
    );
    context.insert(
        "requisition",
        &requisition.as_ref().map(RequisitionView::of),
    );
    Ok(shell.page(StatusCode::OK, "order.html", &context))
}
