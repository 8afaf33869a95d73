//! What a buyer system's page templates see: plain serialisable views of
//! users, cart lines, carts, requisitions, purchase orders and invoices,
//! with amounts as text. Each platform styles them its own way.

use crate::{
    CartLine, PurchaseOrder, StepState, StoredCart, StoredInvoice, StoredRequisition, User,
    invoiced_total, purchase_order::SendOutcome,
};
use cxml::{Money, StatusClass, doc::PunchOutOperation};
use serde::Serialize;
use service_kit::look;

#[derive(Debug, Serialize)]
pub struct UserView {
    pub email: String,
    pub name: String,
    pub role: String,
    pub is_requester: bool,
    pub is_approver: bool,
    pub is_admin: bool,
}

impl UserView {
    pub fn of(user: &User) -> Self {
        Self {
            email: user.email.clone(),
            name: user.full_name(),
            role: user.role.label(),
            is_requester: user.is_requester(),
            is_approver: user.approver_level().is_some(),
            is_admin: user.is_admin(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct LineView {
    pub number: usize,
    pub part_id: String,
    pub aux_id: String,
    pub description: String,
    pub unspsc: String,
    pub uom: String,
    pub unit_price: String,
    pub quantity: String,
    pub total: String,
    pub line_type: String,
    /// The supplier lets the requester choose this line's amount.
    pub blanket: bool,
    /// The line's total without its currency, as a blanket field shows it.
    pub amount: String,
    /// The supplier's page about the line (`ItemDetail/URL`), when it gave
    /// one and it is http(s): a private offer's expiry and schedule.
    pub details_url: Option<String>,
}

pub fn lines(lines: &[CartLine]) -> Vec<LineView> {
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| LineView {
            number: i + 1,
            part_id: line.supplier_part_id().to_owned(),
            aux_id: line.supplier_part_auxiliary_id().unwrap_or("").to_owned(),
            description: line.description().to_owned(),
            unspsc: line.unspsc().unwrap_or("").to_owned(),
            uom: line.unit_of_measure().to_owned(),
            unit_price: look::money(line.unit_price()),
            quantity: look::group_thousands(&line.quantity().to_string()),
            total: line
                .line_total()
                .map(|t| look::money(&t))
                .unwrap_or_default(),
            line_type: line.extrinsic("LineType").unwrap_or_default(),
            blanket: line.is_blanket(),
            amount: line
                .line_total()
                .map(|t| t.amount().to_string())
                .unwrap_or_default(),
            details_url: line
                .item_in()
                .item_detail
                .url
                .as_ref()
                .map(|url| url.value.trim().to_owned())
                .filter(|url| url.starts_with("https://") || url.starts_with("http://")),
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct CartView {
    pub id: i64,
    pub site: String,
    pub lines: Vec<LineView>,
    pub total: String,
    pub note: String,
    pub can_edit: bool,
    pub can_inspect: bool,
}

impl CartView {
    pub fn of(cart: &StoredCart) -> Self {
        Self {
            id: cart.id,
            site: cart.site.clone(),
            lines: lines(&cart.lines),
            total: cart.total().map(|t| look::money(&t)).unwrap_or_default(),
            note: cart.note.clone().unwrap_or_default(),
            can_edit: cart.allows(PunchOutOperation::Edit),
            can_inspect: cart.allows(PunchOutOperation::Inspect),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct StepView {
    pub level: String,
    pub state: &'static str,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Serialize)]
pub struct RequisitionView {
    pub id: i64,
    pub number: String,
    pub requester: String,
    pub total: String,
    pub status: &'static str,
    pub awaiting: String,
    pub steps: Vec<StepView>,
    pub lines: Vec<LineView>,
    pub created: String,
}

impl RequisitionView {
    pub fn of(req: &StoredRequisition) -> Self {
        let steps = req
            .approvals
            .steps
            .iter()
            .map(|step| {
                let (state, by, at) = match &step.state {
                    StepState::Pending => ("pending", String::new(), String::new()),
                    StepState::Approved { by, at } => ("approved", by.clone(), at.to_string()),
                    StepState::Rejected { by, at } => ("rejected", by.clone(), at.to_string()),
                };
                StepView {
                    level: step.level.to_string(),
                    state,
                    by,
                    at,
                }
            })
            .collect();
        Self {
            id: req.id,
            number: req.number.clone(),
            requester: req.requester.clone(),
            total: look::money(&req.total),
            status: req.status.label(),
            awaiting: req.awaiting().map(ToString::to_string).unwrap_or_default(),
            steps,
            lines: lines(&req.lines),
            created: req.created_at.to_string(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OrderView {
    pub number: String,
    pub requisition_id: i64,
    pub requester: String,
    pub created: String,
    pub payload_id: String,
    pub sent: bool,
    pub outcome: &'static str,
    /// A CSS class for the outcome: `accepted`, `refused` or `retry`.
    pub outcome_class: &'static str,
    pub http_status: String,
    pub code: String,
    pub text: String,
    pub detail: String,
    pub sent_at: String,
    pub transport_error: bool,
}

impl OrderView {
    pub fn of(po: &PurchaseOrder) -> Self {
        let send = po.send.as_ref();
        Self {
            number: po.number.to_string(),
            requisition_id: po.requisition_id,
            requester: po.requester.clone(),
            created: po.created_at.to_string(),
            payload_id: po.payload_id.clone().unwrap_or_default(),
            sent: send.is_some(),
            outcome: send.map_or("not sent", outcome_label),
            outcome_class: match send.map(|s| s.class) {
                Some(StatusClass::Success) => "accepted",
                Some(StatusClass::Permanent) => "refused",
                Some(StatusClass::Transient) => "retry",
                None => "unsent",
            },
            http_status: opt(send.and_then(|s| s.http_status)),
            code: opt(send.and_then(|s| s.code)),
            text: send.map(|s| s.text.clone()).unwrap_or_default(),
            detail: send.map(|s| s.detail.clone()).unwrap_or_default(),
            sent_at: send.map(|s| s.sent_at.to_string()).unwrap_or_default(),
            transport_error: send.is_some_and(SendOutcome::is_transport_error),
        }
    }
}

fn outcome_label(send: &SendOutcome) -> &'static str {
    match (send.class, send.is_transport_error()) {
        (StatusClass::Success, _) => "accepted",
        (StatusClass::Permanent, _) => "refused",
        (StatusClass::Transient, true) => "transport error (will need a retry)",
        (StatusClass::Transient, false) => "temporary failure (will need a retry)",
    }
}

fn opt(value: Option<u16>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

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
            total: look::money(&invoice.total),
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
            invoiced: look::money(&invoiced_total(ordered, invoices)),
            ordered: look::money(ordered),
        }
    }
}
