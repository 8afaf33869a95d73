//! Unit tests of the invoice rules.

use super::super::test_support::{envelope, only};
use super::super::{Platform, RuleContext};
use super::*;

fn line(quantity: &str, price: &str, subtotal: &str) -> String {
    format!(
        "<InvoiceDetailItem invoiceLineNumber=\"1\" quantity=\"{quantity}\"><UnitOfMeasure>EA</UnitOfMeasure>\
         <UnitPrice><Money currency=\"USD\">{price}</Money></UnitPrice>\
         <SubtotalAmount><Money currency=\"USD\">{subtotal}</Money></SubtotalAmount></InvoiceDetailItem>"
    )
}

struct Invoice<'a> {
    purpose: &'a str,
    indicator: &'a str,
    order_info: &'a str,
    lines: Vec<String>,
    summary: &'a str,
}

impl Default for Invoice<'_> {
    fn default() -> Self {
        Self {
            purpose: "standard",
            indicator: "",
            order_info: "<OrderReference orderID=\"PO-1\"><DocumentReference payloadID=\"PO-1\"/></OrderReference>",
            lines: vec![line("2", "10.00", "20.00"), line("1", "5.50", "5.50")],
            summary: "<SubtotalAmount><Money currency=\"USD\">25.50</Money></SubtotalAmount>\
                      <Tax><Money currency=\"USD\">2.00</Money></Tax>\
                      <SpecialHandlingAmount><Money currency=\"USD\">1.00</Money></SpecialHandlingAmount>\
                      <ShippingAmount><Money currency=\"USD\">3.00</Money></ShippingAmount>\
                      <GrossAmount><Money currency=\"USD\">31.50</Money></GrossAmount>\
                      <InvoiceDetailDiscount><Money currency=\"USD\">1.50</Money></InvoiceDetailDiscount>\
                      <NetAmount><Money currency=\"USD\">30.00</Money></NetAmount>\
                      <DepositAmount><Money currency=\"USD\">10.00</Money></DepositAmount>\
                      <DueAmount><Money currency=\"USD\">20.00</Money></DueAmount>",
        }
    }
}

impl Invoice<'_> {
    fn xml(&self) -> String {
        envelope(&format!(
            "<Header/><Request deploymentMode=\"test\"><InvoiceDetailRequest>\
             <InvoiceDetailRequestHeader invoiceID=\"1\" purpose=\"{}\" operation=\"new\" invoiceDate=\"2025-01-01T00:00:00+00:00\">\
             <InvoiceDetailHeaderIndicator {}/><InvoiceDetailLineIndicator/></InvoiceDetailRequestHeader>\
             <InvoiceDetailOrder><InvoiceDetailOrderInfo>{}</InvoiceDetailOrderInfo>{}</InvoiceDetailOrder>\
             <InvoiceDetailSummary>{}</InvoiceDetailSummary></InvoiceDetailRequest></Request>",
            self.purpose,
            self.indicator,
            self.order_info,
            self.lines.concat(),
            self.summary
        ))
    }
}

fn messages(xml: &str, ctx: &RuleContext, rule: RuleId) -> Vec<String> {
    only(xml, ctx, rule)
        .into_iter()
        .map(|f| f.message)
        .collect()
}

fn cx070(invoice: &Invoice<'_>) -> Vec<String> {
    messages(&invoice.xml(), &RuleContext::default(), RuleId::Cx070)
}

fn coupa() -> RuleContext {
    RuleContext {
        receiver: Some(Platform::Coupa),
        ..RuleContext::default()
    }
}

#[test]
fn consistent_invoice_passes() {
    assert!(cx070(&Invoice::default()).is_empty());
    let minimal = Invoice {
        summary: "<SubtotalAmount><Money currency=\"USD\">25.50</Money></SubtotalAmount>\
                  <DueAmount><Money currency=\"USD\">25.50</Money></DueAmount>",
        ..Invoice::default()
    };
    assert!(cx070(&minimal).is_empty());
}

#[test]
fn line_subtotal_must_be_quantity_times_price() {
    let invoice = Invoice {
        lines: vec![line("2", "10.00", "21.00"), line("1", "5.50", "5.50")],
        ..Invoice::default()
    };
    assert_eq!(
        cx070(&invoice),
        [
            "SubtotalAmount is 21.00 but quantity x UnitPrice = 20.00",
            "SubtotalAmount is 25.50 but the sum of the lines' SubtotalAmount = 26.50",
        ]
    );
}

#[test]
fn summary_chain_is_checked_step_by_step() {
    let wrong_gross = Invoice::default().summary.replace(">31.50<", ">32.50<");
    let invoice = Invoice {
        summary: &wrong_gross,
        ..Invoice::default()
    };
    let found = cx070(&invoice);
    // Net follows the stated (wrong) Gross, so Net is judged against 32.50 - 1.50.
    assert_eq!(
        found,
        [
            "GrossAmount is 32.50 but Subtotal + Tax + Shipping + SpecialHandling = 31.50",
            "NetAmount is 30.00 but Gross - Discount = 31.00",
        ]
    );
    let wrong_due = Invoice::default().summary.replace(">20.00<", ">19.00<");
    let invoice = Invoice {
        summary: &wrong_due,
        ..Invoice::default()
    };
    assert_eq!(
        cx070(&invoice),
        ["DueAmount is 19.00 but Net - Deposit = 20.00"]
    );
}

#[test]
fn unreadable_amounts_are_reported() {
    let empty_net = Invoice::default().summary.replace(
        "<Money currency=\"USD\">30.00</Money>",
        "<Money currency=\"USD\"/>",
    );
    let invoice = Invoice {
        summary: &empty_net,
        ..Invoice::default()
    };
    assert_eq!(cx070(&invoice), ["NetAmount has no amount"]);
}

#[test]
fn cx071_only_for_coupa() {
    let missing = Invoice {
        order_info: "<OrderReference orderID=\"PO-1\"><DocumentReference payloadID=\"\"/></OrderReference>",
        ..Invoice::default()
    };
    assert!(messages(&missing.xml(), &RuleContext::default(), RuleId::Cx071).is_empty());
    let found = only(&missing.xml(), &coupa(), RuleId::Cx071);
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .path
            .ends_with("InvoiceDetailOrder/InvoiceDetailOrderInfo"),
        "{}",
        found[0].path
    );
    assert!(messages(&Invoice::default().xml(), &coupa(), RuleId::Cx071).is_empty());
}

#[test]
fn cx072_credit_memos() {
    let negative = Invoice {
        purpose: "creditMemo",
        indicator: "isHeaderInvoice=\"yes\"",
        lines: vec![],
        summary: "<SubtotalAmount><Money currency=\"USD\">-10.00</Money></SubtotalAmount>\
                  <DueAmount><Money currency=\"USD\">-10.00</Money></DueAmount>",
        ..Invoice::default()
    };
    let ctx = RuleContext::default();
    assert!(messages(&negative.xml(), &ctx, RuleId::Cx072).is_empty());
    let positive = Invoice {
        indicator: "",
        summary: "<SubtotalAmount><Money currency=\"USD\">10.00</Money></SubtotalAmount>\
                  <DueAmount><Money currency=\"USD\">10.00</Money></DueAmount>",
        ..negative
    };
    assert_eq!(
        messages(&positive.xml(), &ctx, RuleId::Cx072),
        [
            "credit memo without InvoiceDetailHeaderIndicator isHeaderInvoice=\"yes\"",
            "credit memo DueAmount 10.00 is not negative",
        ]
    );
    assert!(messages(&Invoice::default().xml(), &ctx, RuleId::Cx072).is_empty());
}
