//! The invoice inbox (`GET /invoices`: every invoice received, flagged
//! ones marked with their reasons) and what a PO page shows of its
//! invoices: each of them and the amount invoiced against the amount
//! ordered.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::{StoredInvoice, invoiced_total};
use cxml::Money;
use serde::Serialize;

use crate::{
    pages::{context_for, error_page, page, signed_in},
    state::AppState,
};

/// An invoice as the pages show it.
#[derive(Debug, Serialize)]
pub struct InvoiceView {
    pub invoice_id: String,
    pub po_number: String,
    pub total: String,
    pub received: String,
    pub flagged: bool,
    pub flags: Vec<String>,
    pub payload_id: String,
}

impl InvoiceView {
    pub fn of(invoice: &StoredInvoice) -> Self {
        InvoiceView {
            invoice_id: invoice.invoice_id.clone(),
            po_number: invoice.po_number.clone(),
            total: invoice.total.to_string(),
            received: invoice.received_at.to_string(),
            flagged: invoice.is_flagged(),
            flags: invoice.flags.clone(),
            payload_id: invoice.payload_id.clone(),
        }
    }
}

/// A PO's invoicing: its invoices, what was invoiced and what was ordered.
#[derive(Debug, Serialize)]
pub struct InvoicingView {
    pub invoices: Vec<InvoiceView>,
    pub invoiced: String,
    pub ordered: String,
}

impl InvoicingView {
    pub fn of(ordered: &Money, invoices: &[StoredInvoice]) -> Self {
        InvoicingView {
            invoices: invoices.iter().map(InvoiceView::of).collect(),
            invoiced: invoiced_total(ordered, invoices).to_string(),
            ordered: ordered.to_string(),
        }
    }
}

pub async fn inbox(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(user) = signed_in(&state, &headers) else {
        return Redirect::to("/signin").into_response();
    };
    let invoices = match state.store().invoices().await {
        Ok(invoices) => invoices,
        Err(err) => return error_page(&state, Some(&user), err.into()),
    };
    let views: Vec<InvoiceView> = invoices.iter().map(InvoiceView::of).collect();
    let mut context = context_for(Some(&user));
    context.insert("invoices", &views);
    page(&state, StatusCode::OK, "invoices.html", &context)
}
