//! `GET /orders` and `GET /orders/{number}`: purchase orders with the
//! result of sending each (the supplier's status code and text, refusals
//! included, or the transport error), and a PO's invoices with the amount
//! invoiced against the amount ordered.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};

use buyer_kit::views::{OrderView, RequisitionView};

use crate::{
    invoices::pages::InvoicingView,
    pages::{PageError, context_for, error_page, page, signed_in},
    state::AppState,
};

pub async fn list(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(user) = signed_in(&state, &headers) else {
        return Redirect::to("/signin").into_response();
    };
    let orders = match state.store().purchase_orders().await {
        Ok(orders) => orders,
        Err(err) => return error_page(&state, Some(&user), err.into()),
    };
    let views: Vec<OrderView> = orders
        .iter()
        .filter(|o| !user.is_requester() || o.requester == user.email)
        .map(OrderView::of)
        .collect();
    let mut context = context_for(Some(&user));
    context.insert("orders", &views);
    page(&state, StatusCode::OK, "orders.html", &context)
}

pub async fn show(
    State(state): State<AppState>,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(user) = signed_in(&state, &headers) else {
        return Redirect::to("/signin").into_response();
    };
    let found = async {
        let order = state
            .store()
            .purchase_order(&number)
            .await?
            .ok_or(PageError::NotFound("No purchase order has this number."))?;
        let requisition = state.store().requisition(order.requisition_id).await?;
        let invoices = state.store().invoices_of(order.number.as_str()).await?;
        Ok::<_, PageError>((order, requisition, invoices))
    }
    .await;
    match found {
        Ok((order, requisition, invoices)) => {
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
            page(&state, StatusCode::OK, "order.html", &context)
        }
        Err(err) => error_page(&state, Some(&user), err),
    }
}
