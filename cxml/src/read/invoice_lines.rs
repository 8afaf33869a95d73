//! Hand-read invoice lines for the fast reader: `InvoiceDetailItem` and its
//! `InvoiceDetailItemReference`, read in place like the items (see
//! `items.rs`); `Tax`, `InvoiceDetailDiscount`, `Comments` and `Country` go
//! through serde on their own bytes.

use quick_xml::events::BytesStart;

use super::items::{amount, blank_amount, description, extrinsic, item_id, manufacturer_name};
use super::pull::{Bail, Pull, attr_once, first, once, push, slot};
use crate::doc::{InvoiceDetailItem, InvoiceDetailItemReference};

pub(super) fn invoice_detail_item(
    p: &mut Pull<'_>,
    e: &BytesStart<'_>,
    empty: bool,
    out: &mut Vec<InvoiceDetailItem>,
) -> Bail<()> {
    let item = slot(out, blank_invoice_detail_item())?;
    let (mut line, mut quantity) = (None, None);
    p.attrs(e, |k, v| match k {
        b"invoiceLineNumber" => attr_once(&mut line, v),
        b"quantity" => attr_once(&mut quantity, v),
        b"referenceDate" => attr_once(&mut item.reference_date, v),
        _ => Some(()),
    })?;
    item.invoice_line_number = line?;
    item.quantity = quantity?;
    let (mut uom, mut unit_price, mut reference) = (None, None, false);
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"UnitOfMeasure" => once(&mut uom, p.text(empty)?),
        b"UnitPrice" => once(&mut unit_price, amount(p, c, empty)?),
        b"InvoiceDetailItemReference" => {
            first(&mut reference)?;
            item_reference(p, c, empty, &mut item.item_reference)
        }
        b"SubtotalAmount" => once(&mut item.subtotal_amount, amount(p, c, empty)?),
        b"Tax" => once(&mut item.tax, p.serde(empty)?),
        b"GrossAmount" => once(&mut item.gross_amount, amount(p, c, empty)?),
        b"InvoiceDetailDiscount" => once(&mut item.discount, p.serde(empty)?),
        b"NetAmount" => once(&mut item.net_amount, amount(p, c, empty)?),
        b"Comments" => once(&mut item.comments, p.serde(empty)?),
        b"Extrinsic" => push(&mut item.extrinsic, extrinsic(p, c, empty)?),
        _ => p.unknown(c, empty),
    })?;
    item.unit_of_measure = uom.unwrap_or_default();
    item.unit_price = unit_price?;
    reference.then_some(())
}

/// Fills the blank reference of an invoice line in place.
fn item_reference(
    p: &mut Pull<'_>,
    e: &BytesStart<'_>,
    empty: bool,
    r: &mut InvoiceDetailItemReference,
) -> Bail<()> {
    let mut line_number = None;
    p.attrs(e, |k, v| match k {
        b"lineNumber" => attr_once(&mut line_number, v),
        _ => Some(()),
    })?;
    r.line_number = line_number?;
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"ItemID" => once(&mut r.item_id, item_id(p, c, empty)?),
        b"Description" => once(&mut r.description, description(p, c, empty)?),
        b"Classification" => push(&mut r.classification, p.serde(empty)?),
        b"ManufacturerPartID" => once(&mut r.manufacturer_part_id, p.text(empty)?),
        b"ManufacturerName" => once(&mut r.manufacturer_name, manufacturer_name(p, c, empty)?),
        b"Country" => once(&mut r.country, p.serde(empty)?),
        _ => p.unknown(c, empty),
    })
}

fn blank_invoice_detail_item() -> InvoiceDetailItem {
    InvoiceDetailItem {
        invoice_line_number: String::new(),
        quantity: String::new(),
        reference_date: None,
        unit_of_measure: String::new(),
        unit_price: blank_amount(),
        item_reference: InvoiceDetailItemReference {
            line_number: String::new(),
            item_id: None,
            description: None,
            classification: Vec::new(),
            manufacturer_part_id: None,
            manufacturer_name: None,
            country: None,
        },
        subtotal_amount: None,
        tax: None,
        gross_amount: None,
        discount: None,
        net_amount: None,
        comments: None,
        extrinsic: Vec::new(),
    }
}
