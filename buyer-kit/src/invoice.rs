//! Supplier invoices against purchase orders: what a buyer system keeps of
//! an `InvoiceDetailRequest` ([`ReceivedInvoice::from_request`]) and how it
//! matches one to its PO ([`mismatches`]). An invoice that names a PO the
//! buyer knows is accepted; anything that does not fit the PO (another
//! currency, more than remains uninvoiced, a line the PO does not have, a
//! different part) is recorded as a reason to flag it for review, as
//! procurement systems do, rather than refused.

use cxml::{Money, doc::InvoiceDetailRequest, newtypes::Currency};

use crate::cart::CartLine;

/// One invoiced line, as the supplier stated it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoicedLine {
    /// `InvoiceDetailItemReference@lineNumber`: the PO line.
    pub po_line: String,
    pub supplier_part_id: Option<String>,
    pub subtotal: Option<Money>,
}

/// An invoice as received, reduced to what matching and pages need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedInvoice {
    pub payload_id: String,
    /// The supplier's invoice number (`invoiceID`).
    pub invoice_id: String,
    /// The PO number, from `OrderReference/DocumentReference@payloadID`
    /// (Coupa's convention, CONFORMANCE CX071).
    pub po_number: String,
    /// The amount due (`DueAmount`, else `NetAmount`).
    pub total: Money,
    pub lines: Vec<InvoicedLine>,
}

/// Why an invoice could not be read as one against a PO.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceError {
    #[error(
        "the invoice names no PO: put the PO number in OrderReference/DocumentReference@payloadID"
    )]
    NoPoReference,
    #[error("the invoice refers to {0} orders; send one invoice per PO")]
    SeveralOrders(usize),
    #[error("the invoice's amount due is not an amount: {0}")]
    Amount(String),
}

impl ReceivedInvoice {
    /// The invoice in `request`, sent as document `payload_id`.
    pub fn from_request(
        payload_id: &str,
        request: &InvoiceDetailRequest,
    ) -> Result<Self, InvoiceError> {
        let [order] = request.invoice_detail_order.as_slice() else {
            return Err(match request.invoice_detail_order.len() {
                0 => InvoiceError::NoPoReference,
                n => InvoiceError::SeveralOrders(n),
            });
        };
        let po_number = order
            .order_info
            .order_reference
            .as_ref()
            .map(|r| r.document_reference.payload_id.trim())
            .filter(|po| !po.is_empty())
            .ok_or(InvoiceError::NoPoReference)?
            .to_owned();
        let summary = &request.summary;
        let total = summary
            .due_amount
            .as_ref()
            .unwrap_or(&summary.net_amount)
            .value()
            .map_err(|e| InvoiceError::Amount(e.to_string()))?;
        let lines = order
            .item
            .iter()
            .map(|item| InvoicedLine {
                po_line: item.item_reference.line_number.trim().to_owned(),
                supplier_part_id: item
                    .item_reference
                    .item_id
                    .as_ref()
                    .map(|id| id.supplier_part_id.trim().to_owned()),
                subtotal: item.subtotal_amount.as_ref().and_then(|a| a.value().ok()),
            })
            .collect();
        Ok(Self {
            payload_id: payload_id.trim().to_owned(),
            invoice_id: request.header.invoice_id.trim().to_owned(),
            po_number,
            total,
            lines,
        })
    }
}

/// What the buyer knows of a PO when an invoice arrives.
#[derive(Debug, Clone)]
pub struct PoBasis<'a> {
    pub currency: &'a Currency,
    pub ordered: &'a Money,
    /// The sum of the invoices already received against it.
    pub invoiced: &'a Money,
    pub lines: &'a [CartLine],
}

/// Every reason the invoice does not fit its PO; empty when it matches.
pub fn mismatches(invoice: &ReceivedInvoice, po: &PoBasis<'_>) -> Vec<String> {
    let mut reasons = Vec::new();
    if invoice.total.currency() != po.currency {
        reasons.push(format!(
            "currency {} differs from the PO's {}",
            invoice.total.currency(),
            po.currency
        ));
    } else if let Ok(remaining) = po.ordered.checked_sub(po.invoiced)
        && invoice.total.amount() > remaining.amount()
    {
        reasons.push(format!(
            "{} exceeds the {} left to invoice on the PO",
            invoice.total, remaining
        ));
    }
    if invoice.lines.is_empty() {
        reasons.push("the invoice has no lines".to_owned());
    }
    for line in &invoice.lines {
        let ordered = line
            .po_line
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| po.lines.get(i));
        let Some(ordered) = ordered else {
            reasons.push(format!("line {} is not on the PO", line.po_line));
            continue;
        };
        if let Some(part) = &line.supplier_part_id
            && part != ordered.supplier_part_id()
        {
            reasons.push(format!(
                "line {}: part {part} was not ordered on that line ({})",
                line.po_line,
                ordered.supplier_part_id()
            ));
        }
    }
    reasons
}

#[cfg(test)]
#[path = "invoice_tests.rs"]
mod tests;
