//! The invoice inbox (`GET /invoices`: every invoice received, flagged
//! ones marked with their reasons). A PO's page shows its invoices through
//! the buyer platform's shared order page.

use axum::{extract::State, http::StatusCode, response::Response};
use buyer_kit::{
    platform::{PageError, SignedIn, context_for},
    views::InvoiceView,
};

use crate::state::AppState;

pub async fn inbox(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Response, PageError> {
    let invoices = state.store().invoices().await?;
    let views: Vec<InvoiceView> = invoices.iter().map(InvoiceView::of).collect();
    let mut context = context_for(Some(&user));
    context.insert("invoices", &views);
    Ok(state
        .shell()
        .page(StatusCode::OK, "invoices.html", &context))
}
