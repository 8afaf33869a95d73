//! Hand-read invoice lines for the fast reader: `InvoiceDetailItem` and its
//! `InvoiceDetailItemReference`; `Tax`, `InvoiceDetailDiscount`,
//! `Comments` and `Country` go through serde on their own bytes.

use quick_xml::events::BytesStart;

use super::items::{amount, description, extrinsic, item_id, manufacturer_name};
use super::pull::{Bail, Pull, attr_once, attrs, once, push};
use crate::doc::{InvoiceDetailItem, InvoiceDetailItemReference};

pub(super) fn invoice_detail_item(
    p: &mut Pull<'_>,
    e: &BytesStart<'_>,
    empty: bool,
) -> Bail<InvoiceDetailItem> {
    let (mut line, mut quantity, mut reference_date) = (None, None, None);
    attrs(e, |k, v| match k {
        b"invoiceLineNumber" => attr_once(&mut line, v),
        b"quantity" => attr_once(&mut quantity, v),
        b"referenceDate" => attr_once(&mut reference_date, v),
        _ => Some(()),
    })?;
    let (mut uom, mut unit_price, mut reference, mut subtotal, mut tax) =
        (None, None, None, None, None);
    let (mut gross, mut discount, mut net, mut comments) = (None, None, None, None);
    let mut extrinsics = Vec::new();
    p.children(empty, |p, at, c, empty| match c.name().as_ref() {
        b"UnitOfMeasure" => once(&mut uom, p.text(empty)?),
        b"UnitPrice" => once(&mut unit_price, amount(p, empty)?),
        b"InvoiceDetailItemReference" => once(&mut reference, item_reference(p, c, empty)?),
        b"SubtotalAmount" => once(&mut subtotal, amount(p, empty)?),
        b"Tax" => once(&mut tax, p.serde(at, empty)?),
        b"GrossAmount" => once(&mut gross, amount(p, empty)?),
        b"InvoiceDetailDiscount" => once(&mut discount, p.serde(at, empty)?),
        b"NetAmount" => once(&mut net, amount(p, empty)?),
        b"Comments" => once(&mut comments, p.serde(at, empty)?),
        b"Extrinsic" => push(&mut extrinsics, extrinsic(p, c, empty)?),
        _ => p.skip(empty),
    })?;
    Some(InvoiceDetailItem {
        invoice_line_number: line?,
        quantity: quantity?,
        reference_date,
        unit_of_measure: uom.unwrap_or_default(),
        unit_price: unit_price?,
        item_reference: reference?,
        subtotal_amount: subtotal,
        tax,
        gross_amount: gross,
        discount,
        net_amount: net,
        comments,
        extrinsic: extrinsics,
    })
}

fn item_reference(
    p: &mut Pull<'_>,
    e: &BytesStart<'_>,
    empty: bool,
) -> Bail<InvoiceDetailItemReference> {
    let mut line_number = None;
    attrs(e, |k, v| match k {
        b"lineNumber" => attr_once(&mut line_number, v),
        _ => Some(()),
    })?;
    let (mut id, mut desc, mut part_id, mut maker, mut country) = (None, None, None, None, None);
    let mut classification = Vec::new();
    p.children(empty, |p, at, c, empty| match c.name().as_ref() {
        b"ItemID" => once(&mut id, item_id(p, empty)?),
        b"Description" => once(&mut desc, description(p, c, empty)?),
        b"Classification" => push(&mut classification, p.serde(at, empty)?),
        b"ManufacturerPartID" => once(&mut part_id, p.text(empty)?),
        b"ManufacturerName" => once(&mut maker, manufacturer_name(p, c, empty)?),
        b"Country" => once(&mut country, p.serde(at, empty)?),
        _ => p.skip(empty),
    })?;
    Some(InvoiceDetailItemReference {
        line_number: line_number?,
        item_id: id,
        description: desc,
        classification,
        manufacturer_part_id: part_id,
        manufacturer_name: maker,
        country,
    })
}
