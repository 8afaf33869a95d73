//! Invoice rules: the arithmetic of InvoiceDetailRequest (CX070), Coupa's
//! PO reference convention (CX071, only when the receiver is Coupa) and
//! credit memos (CX072).
//!
//! Amounts compare after rounding the computed value to the stated one's
//! precision (at least cents), as in CX047.

use super::decimal::Decimal;
use super::{Finding, Platform, RuleContext, RuleId};
use crate::tree::{Element, Index};

const MIN_COMPARE_SCALE: u32 = 2;

pub(super) fn check(doc: &Index<'_>, ctx: &RuleContext, out: &mut Vec<Finding>) {
    for request in doc.find_all("InvoiceDetailRequest") {
        line_amounts(request, out);
        if let Some(summary) = request.child("InvoiceDetailSummary") {
            summary_amounts(summary, out);
        }
        if ctx.receiver == Some(Platform::Coupa) {
            coupa_po_reference(request, out);
        }
        credit_memo(request, out);
    }
}

/// An optional amount: absent, present but unreadable (already reported),
/// or a number.
enum Amount<'a> {
    Absent,
    Bad,
    Value(Decimal, Element<'a>),
}

fn read<'a>(parent: Element<'a>, rel: &str, out: &mut Vec<Finding>) -> Amount<'a> {
    let Some(money) = parent.at(rel) else {
        return Amount::Absent;
    };
    match Decimal::parse(money.text()) {
        Some(value) => Amount::Value(value, money),
        None => {
            let what = rel.trim_end_matches("/Money");
            let text = money.trimmed_text();
            let message = if text.is_empty() {
                format!("{what} has no amount")
            } else {
                format!("{what} `{text}` is not a number")
            };
            out.push(Finding::at(RuleId::Cx070, money, message));
            Amount::Bad
        }
    }
}

/// Pushes a CX070 finding when `stated` (the amount of `what`) differs
/// from `expected`.
fn compare(
    (what, stated, at): (&str, Decimal, Element<'_>),
    expected: Decimal,
    how: &str,
    out: &mut Vec<Finding>,
) {
    if expected.round_to(stated.scale().max(MIN_COMPARE_SCALE)) != stated {
        out.push(Finding::at(
            RuleId::Cx070,
            at,
            format!("{what} is {stated} but {how} = {expected}"),
        ));
    }
}

/// Each line's SubtotalAmount against quantity x price, and their sum
/// against the summary's SubtotalAmount.
fn line_amounts(request: Element<'_>, out: &mut Vec<Finding>) {
    let mut sum = Some(Decimal::ZERO);
    let mut lines = 0;
    for line in request.descendants() {
        if line.name() != "InvoiceDetailItem" && line.name() != "InvoiceDetailServiceItem" {
            continue;
        }
        lines += 1;
        let subtotal = read(line, "SubtotalAmount/Money", out);
        let price = read(line, "UnitPrice/Money", out);
        let quantity = line.attr("quantity").and_then(Decimal::parse);
        // Prices per PriceBasisQuantity need conversion factors: not checked.
        if let (Amount::Value(stated, at), Amount::Value(price, _), Some(q)) =
            (&subtotal, &price, quantity)
            && line.child("PriceBasisQuantity").is_none()
            && let Some(expected) = q.checked_mul(*price)
        {
            compare(
                ("SubtotalAmount", *stated, *at),
                expected,
                "quantity x UnitPrice",
                out,
            );
        }
        sum = match subtotal {
            Amount::Value(v, _) => sum.and_then(|s| s.checked_add(v)),
            _ => None,
        };
    }
    let Some(summary) = request.child("InvoiceDetailSummary") else {
        return;
    };
    if let (true, Some(sum), Some(money)) = (lines > 0, sum, summary.at("SubtotalAmount/Money"))
        && let Some(stated) = Decimal::parse(money.text())
    {
        let how = "the sum of the lines' SubtotalAmount";
        compare(("SubtotalAmount", stated, money), sum, how, out);
    }
}

/// Gross = Subtotal + Tax + Shipping + SpecialHandling; Net = Gross -
/// Discount; Due = Net - Deposit. Absent optional amounts count as zero;
/// an absent Gross or Net is taken as computed so later steps still check.
fn summary_amounts(summary: Element<'_>, out: &mut Vec<Finding>) {
    let subtotal = read(summary, "SubtotalAmount/Money", out);
    let parts = [
        "Tax/Money",
        "ShippingAmount/Money",
        "SpecialHandlingAmount/Money",
        "InvoiceDetailDiscount/Money",
        "DepositAmount/Money",
    ]
    .map(|rel| read(summary, rel, out));
    let gross = read(summary, "GrossAmount/Money", out);
    let net = read(summary, "NetAmount/Money", out);
    let due = read(summary, "DueAmount/Money", out);
    let Amount::Value(subtotal, _) = subtotal else {
        return;
    };
    let mut values = [Decimal::ZERO; 5];
    for (value, part) in values.iter_mut().zip(&parts) {
        match part {
            Amount::Value(v, _) => *value = *v,
            Amount::Absent => {}
            Amount::Bad => return,
        }
    }
    let [tax, shipping, handling, discount, deposit] = values;
    let steps = [
        (
            gross,
            "GrossAmount",
            "Subtotal + Tax + Shipping + SpecialHandling",
        ),
        (net, "NetAmount", "Gross - Discount"),
        (due, "DueAmount", "Net - Deposit"),
    ];
    let Some(mut expected) = add_all(subtotal, &[tax, shipping, handling]) else {
        return;
    };
    for (index, (stated, what, how)) in steps.into_iter().enumerate() {
        let carried = match stated {
            Amount::Value(v, at) => {
                compare((what, v, at), expected, how, out);
                v
            }
            Amount::Absent => expected,
            Amount::Bad => return,
        };
        let next = match index {
            0 => carried.checked_sub(discount),
            _ => carried.checked_sub(deposit),
        };
        let Some(next) = next else { return };
        expected = next;
    }
}

fn add_all(first: Decimal, rest: &[Decimal]) -> Option<Decimal> {
    rest.iter().try_fold(first, |acc, v| acc.checked_add(*v))
}

/// CX071: Coupa matches invoices to POs by OrderReference/DocumentReference@payloadID.
fn coupa_po_reference(request: Element<'_>, out: &mut Vec<Finding>) {
    let infos: Vec<Element<'_>> = request
        .descendants()
        .filter(|e| e.name() == "InvoiceDetailOrderInfo")
        .collect();
    if infos.is_empty() {
        out.push(Finding::at(
            RuleId::Cx071,
            request,
            "the invoice references no order; Coupa needs every invoice backed by a PO",
        ));
    }
    for info in infos {
        let has_po = info
            .at("OrderReference/DocumentReference")
            .and_then(|r| r.attr("payloadID"))
            .is_some_and(|p| !p.trim().is_empty());
        if !has_po {
            out.push(Finding::at(
                RuleId::Cx071,
                info,
                "no PO number in OrderReference/DocumentReference@payloadID",
            ));
        }
    }
}

/// CX072: a credit memo is a header invoice with a negative amount due.
fn credit_memo(request: Element<'_>, out: &mut Vec<Finding>) {
    let Some(header) = request.child("InvoiceDetailRequestHeader") else {
        return;
    };
    if header.attr("purpose").map(str::trim) != Some("creditMemo") {
        return;
    }
    let header_invoice = header
        .child("InvoiceDetailHeaderIndicator")
        .and_then(|i| i.attr("isHeaderInvoice"))
        .is_some_and(|v| v.trim() == "yes");
    if !header_invoice {
        out.push(Finding::at(
            RuleId::Cx072,
            header,
            "credit memo without InvoiceDetailHeaderIndicator isHeaderInvoice=\"yes\"",
        ));
    }
    if let Some(money) = request.at("InvoiceDetailSummary/DueAmount/Money")
        && Decimal::parse(money.text()).is_some_and(|due| !due.is_negative())
    {
        out.push(Finding::at(
            RuleId::Cx072,
            money,
            format!(
                "credit memo DueAmount {} is not negative",
                money.trimmed_text()
            ),
        ));
    }
}

#[cfg(test)]
mod tests;
