//! Hand-read line items for the fast reader: `ItemOut`, `ItemIn` and the
//! subtrees they repeat (`ItemID`, `ItemDetail`, `UnitPrice`/`Money`,
//! `Description`, `Classification`, `Extrinsic`...), and a line's `ShipTo`
//! and `Contact` with the address readers. Rarer children (`Shipping`,
//! `Tax`, `Comments`) go through serde on their own bytes. Same fields,
//! same defaults, same duplicate and missing-field refusals as the serde
//! derive, which then decides.
//!
//! The line structs are large (an `ItemOut` is about 1.7 kB, mostly rare
//! optional parts), so they are read in place: a blank is pushed on the
//! list and its fields are filled there, instead of building the struct
//! aside and moving it in.

use quick_xml::events::BytesStart;

use super::address::{contact, ship_to};
use super::pull::{Bail, Pull, TextStart, attr_once, first, is_blank, not_nil, once, push, slot};
use crate::common::{
    Amount, Classification, Description, Extrinsic, ItemDetail, ItemId, ItemIn, ItemOut,
    ManufacturerName, MoneyElement, Url,
};

pub(super) fn item_out(
    p: &mut Pull<'_>,
    e: &BytesStart<'_>,
    empty: bool,
    out: &mut Vec<ItemOut>,
) -> Bail<()> {
    let item = slot(out, blank_item_out())?;
    let mut quantity = None;
    p.attrs(e, |k, v| match k {
        b"quantity" => attr_once(&mut quantity, v),
        b"lineNumber" => attr_once(&mut item.line_number, v),
        b"requisitionID" => attr_once(&mut item.requisition_id, v),
        b"requestedDeliveryDate" => attr_once(&mut item.requested_delivery_date, v),
        _ => Some(()),
    })?;
    item.quantity = quantity?;
    let mut item_id = None;
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"ItemID" => once(&mut item_id, self::item_id(p, c, empty)?),
        b"ItemDetail" => {
            if item.item_detail.is_some() {
                return None;
            }
            item_detail(p, c, empty, item.item_detail.insert(blank_item_detail()))
        }
        b"ShipTo" => once(&mut item.ship_to, Box::new(ship_to(p, c, empty)?)),
        b"Shipping" => once(&mut item.shipping, p.serde(empty)?),
        b"Tax" => once(&mut item.tax, p.serde(empty)?),
        b"Contact" => push(&mut item.contact, contact(p, c, empty)?),
        b"Comments" => push(&mut item.comments, p.serde(empty)?),
        _ => p.unknown(c, empty),
    })?;
    item.item_id = item_id?;
    Some(())
}

pub(super) fn item_in(
    p: &mut Pull<'_>,
    e: &BytesStart<'_>,
    empty: bool,
    out: &mut Vec<ItemIn>,
) -> Bail<()> {
    let item = slot(out, blank_item_in())?;
    let mut quantity = None;
    p.attrs(e, |k, v| match k {
        b"quantity" => attr_once(&mut quantity, v),
        b"lineNumber" => attr_once(&mut item.line_number, v),
        _ => Some(()),
    })?;
    item.quantity = quantity?;
    let (mut item_id, mut detail) = (None, false);
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"ItemID" => once(&mut item_id, self::item_id(p, c, empty)?),
        b"ItemDetail" => {
            first(&mut detail)?;
            item_detail(p, c, empty, &mut item.item_detail)
        }
        b"ShipTo" => once(&mut item.ship_to, Box::new(ship_to(p, c, empty)?)),
        b"Shipping" => once(&mut item.shipping, p.serde(empty)?),
        b"Tax" => once(&mut item.tax, p.serde(empty)?),
        b"Contact" => push(&mut item.contact, contact(p, c, empty)?),
        b"Comments" => once(&mut item.comments, p.serde(empty)?),
        b"Extrinsic" => push(&mut item.extrinsic, self::extrinsic(p, c, empty)?),
        _ => p.unknown(c, empty),
    })?;
    item.item_id = item_id?;
    detail.then_some(())
}

pub(super) fn item_id(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<ItemId> {
    p.attrs(e, |_, _| Some(()))?;
    let (mut supplier, mut auxiliary, mut buyer) = (None, None, None);
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"SupplierPartID" => once(&mut supplier, p.text(empty)?),
        b"SupplierPartAuxiliaryID" => once(&mut auxiliary, p.text(empty)?),
        b"BuyerPartID" => once(&mut buyer, p.text(empty)?),
        _ => p.unknown(c, empty),
    })?;
    Some(ItemId {
        supplier_part_id: supplier.unwrap_or_default(),
        supplier_part_auxiliary_id: auxiliary,
        buyer_part_id: buyer,
    })
}

/// Fills a blank `ItemDetail` in place.
fn item_detail(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool, d: &mut ItemDetail) -> Bail<()> {
    p.attrs(e, |_, _| Some(()))?;
    let (mut unit_price, mut unit_of_measure) = (None, None);
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"UnitPrice" => once(&mut unit_price, amount(p, c, empty)?),
        b"Description" => push(&mut d.description, self::description(p, c, empty)?),
        b"UnitOfMeasure" => once(&mut unit_of_measure, p.text(empty)?),
        b"Classification" => push(&mut d.classification, classification(p, c, empty)?),
        b"ManufacturerPartID" => once(&mut d.manufacturer_part_id, p.text(empty)?),
        b"ManufacturerName" => once(&mut d.manufacturer_name, manufacturer_name(p, c, empty)?),
        b"URL" => once(&mut d.url, self::url(p, c, empty)?),
        b"LeadTime" => once(&mut d.lead_time, p.text(empty)?),
        b"Extrinsic" => push(&mut d.extrinsic, self::extrinsic(p, c, empty)?),
        _ => p.unknown(c, empty),
    })?;
    d.unit_price = unit_price?;
    d.unit_of_measure = unit_of_measure.unwrap_or_default();
    Some(())
}

/// `UnitPrice`, `SubtotalAmount`...: one `Money`.
pub(super) fn amount(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Amount> {
    p.attrs(e, |_, _| Some(()))?;
    let mut money = None;
    p.children(empty, |p, c, empty| match c.name().as_ref() {
        b"Money" => once(&mut money, self::money(p, c, empty)?),
        _ => p.unknown(c, empty),
    })?;
    Some(Amount { money: money? })
}

fn money(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<MoneyElement> {
    let (mut currency, mut alternate_amount, mut alternate_currency) = (None, None, None);
    p.attrs(e, |k, v| match k {
        b"currency" => attr_once(&mut currency, v),
        b"alternateAmount" => attr_once(&mut alternate_amount, v),
        b"alternateCurrency" => attr_once(&mut alternate_currency, v),
        _ => Some(()),
    })?;
    Some(MoneyElement {
        currency: currency?,
        alternate_amount,
        alternate_currency,
        amount: p.text_field(empty)?.unwrap_or_default(),
    })
}

/// Text runs around one `ShortName`: blank runs are dropped, a second
/// non-blank run is serde's "duplicate field `$text`" (bail).
pub(super) fn description(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Description> {
    let (mut lang, mut description_type) = (None, None);
    p.attrs(e, |k, v| match k {
        b"xml:lang" => attr_once(&mut lang, v),
        b"type" => attr_once(&mut description_type, v),
        _ => Some(()),
    })?;
    let (text, short_name) = if empty { (None, None) } else { mixed_text(p)? };
    Some(Description {
        lang: lang?,
        description_type,
        text,
        short_name,
    })
}

/// Text with at most one `ShortName` child; other children bail.
fn mixed_text(p: &mut Pull<'_>) -> Bail<(Option<String>, Option<String>)> {
    use quick_xml::events::Event;
    let non_blank = |run: String| (!is_blank(&run)).then_some(run);
    let (mut text, mut short_name) = (None, None);
    let mut event = match p.text_start()? {
        TextStart::Closed(run) => return Some((non_blank(run.to_owned()), None)),
        TextStart::Open(None, event) => event,
        TextStart::Open(lone, event) => {
            let (run, after) = p.run_from(lone, event)?;
            text = non_blank(run);
            after
        }
    };
    loop {
        match event {
            Event::End(_) => return Some((text, short_name)),
            Event::Start(c) if c.name().as_ref() == b"ShortName" => {
                not_nil(&c)?;
                once(&mut short_name, p.text(false)?)?;
            }
            Event::Empty(c) if c.name().as_ref() == b"ShortName" => {
                not_nil(&c)?;
                once(&mut short_name, String::new())?;
            }
            first @ (Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)) => {
                let (run, after) = p.run_from(None, first)?;
                if let Some(run) = non_blank(run) {
                    once(&mut text, run)?;
                }
                event = after;
                continue;
            }
            _ => return None,
        }
        event = p.next()?;
    }
}

fn classification(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Classification> {
    let (mut domain, mut code) = (None, None);
    p.attrs(e, |k, v| match k {
        b"domain" => attr_once(&mut domain, v),
        b"code" => attr_once(&mut code, v),
        _ => Some(()),
    })?;
    Some(Classification {
        domain: domain?,
        code,
        value: p.text_field(empty)?.unwrap_or_default(),
    })
}

pub(super) fn manufacturer_name(
    p: &mut Pull<'_>,
    e: &BytesStart<'_>,
    empty: bool,
) -> Bail<ManufacturerName> {
    let mut lang = None;
    p.attrs(e, |k, v| match k {
        b"xml:lang" => attr_once(&mut lang, v),
        _ => Some(()),
    })?;
    Some(ManufacturerName {
        lang,
        value: p.text_field(empty)?.unwrap_or_default(),
    })
}

pub(super) fn url(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Url> {
    let mut name = None;
    p.attrs(e, |k, v| match k {
        b"name" => attr_once(&mut name, v),
        _ => Some(()),
    })?;
    Some(Url {
        name,
        value: p.text_field(empty)?.unwrap_or_default(),
    })
}

pub(super) fn extrinsic(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Extrinsic> {
    let mut name = None;
    p.attrs(e, |k, v| match k {
        b"name" => attr_once(&mut name, v),
        _ => Some(()),
    })?;
    Some(Extrinsic {
        name: name?,
        value: p.text_field(empty)?.unwrap_or_default(),
    })
}

/// Placeholders for the fields read in place; the required ones are
/// always overwritten or the read bails.
fn blank_item_id() -> ItemId {
    ItemId::new(String::new(), None)
}

pub(super) fn blank_amount() -> Amount {
    Amount {
        money: MoneyElement {
            currency: String::new(),
            alternate_amount: None,
            alternate_currency: None,
            amount: String::new(),
        },
    }
}

fn blank_item_detail() -> ItemDetail {
    ItemDetail {
        unit_price: blank_amount(),
        description: Vec::new(),
        unit_of_measure: String::new(),
        classification: Vec::new(),
        manufacturer_part_id: None,
        manufacturer_name: None,
        url: None,
        lead_time: None,
        extrinsic: Vec::new(),
    }
}

fn blank_item_out() -> ItemOut {
    ItemOut {
        quantity: String::new(),
        line_number: None,
        requisition_id: None,
        requested_delivery_date: None,
        item_id: blank_item_id(),
        item_detail: None,
        ship_to: None,
        shipping: None,
        tax: None,
        contact: Vec::new(),
        comments: Vec::new(),
    }
}

fn blank_item_in() -> ItemIn {
    ItemIn {
        quantity: String::new(),
        line_number: None,
        item_id: blank_item_id(),
        item_detail: blank_item_detail(),
        ship_to: None,
        shipping: None,
        tax: None,
        contact: Vec::new(),
        comments: None,
        extrinsic: Vec::new(),
    }
}
