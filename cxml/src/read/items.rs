//! Hand-read line items for the fast reader: `ItemOut`, `ItemIn` and the
//! subtrees they repeat (`ItemID`, `ItemDetail`, `UnitPrice`/`Money`,
//! `Description`, `Classification`, `Extrinsic`...). Rarer children
//! (`ShipTo`, `Shipping`, `Tax`, `Contact`, `Comments`) go through serde on
//! their own bytes. Same fields, same defaults, same duplicate and
//! missing-field refusals as the serde derive, which then decides.

use quick_xml::events::BytesStart;

use super::pull::{Bail, Pull, attr_once, attrs, is_blank, once, push};
use crate::common::{
    Amount, Classification, Description, Extrinsic, ItemDetail, ItemId, ItemIn, ItemOut,
    ManufacturerName, MoneyElement, Url,
};

pub(super) fn item_out(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<ItemOut> {
    let (mut quantity, mut line_number, mut requisition_id, mut delivery) =
        (None, None, None, None);
    attrs(e, |k, v| match k {
        b"quantity" => attr_once(&mut quantity, v),
        b"lineNumber" => attr_once(&mut line_number, v),
        b"requisitionID" => attr_once(&mut requisition_id, v),
        b"requestedDeliveryDate" => attr_once(&mut delivery, v),
        _ => Some(()),
    })?;
    let (mut item_id, mut item_detail, mut ship_to, mut shipping, mut tax) =
        (None, None, None, None, None);
    let (mut contact, mut comments) = (Vec::new(), Vec::new());
    p.children(empty, |p, at, c, empty| match c.name().as_ref() {
        b"ItemID" => once(&mut item_id, self::item_id(p, empty)?),
        b"ItemDetail" => once(&mut item_detail, self::item_detail(p, empty)?),
        b"ShipTo" => once(&mut ship_to, p.serde(at, empty)?),
        b"Shipping" => once(&mut shipping, p.serde(at, empty)?),
        b"Tax" => once(&mut tax, p.serde(at, empty)?),
        b"Contact" => push(&mut contact, p.serde(at, empty)?),
        b"Comments" => push(&mut comments, p.serde(at, empty)?),
        _ => p.skip(empty),
    })?;
    Some(ItemOut {
        quantity: quantity?,
        line_number,
        requisition_id,
        requested_delivery_date: delivery,
        item_id: item_id?,
        item_detail,
        ship_to,
        shipping,
        tax,
        contact,
        comments,
    })
}

pub(super) fn item_in(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<ItemIn> {
    let (mut quantity, mut line_number) = (None, None);
    attrs(e, |k, v| match k {
        b"quantity" => attr_once(&mut quantity, v),
        b"lineNumber" => attr_once(&mut line_number, v),
        _ => Some(()),
    })?;
    let (mut item_id, mut item_detail, mut ship_to, mut shipping, mut tax, mut comments) =
        (None, None, None, None, None, None);
    let (mut contact, mut extrinsic) = (Vec::new(), Vec::new());
    p.children(empty, |p, at, c, empty| match c.name().as_ref() {
        b"ItemID" => once(&mut item_id, self::item_id(p, empty)?),
        b"ItemDetail" => once(&mut item_detail, self::item_detail(p, empty)?),
        b"ShipTo" => once(&mut ship_to, p.serde(at, empty)?),
        b"Shipping" => once(&mut shipping, p.serde(at, empty)?),
        b"Tax" => once(&mut tax, p.serde(at, empty)?),
        b"Contact" => push(&mut contact, p.serde(at, empty)?),
        b"Comments" => once(&mut comments, p.serde(at, empty)?),
        b"Extrinsic" => push(&mut extrinsic, self::extrinsic(p, c, empty)?),
        _ => p.skip(empty),
    })?;
    Some(ItemIn {
        quantity: quantity?,
        line_number,
        item_id: item_id?,
        item_detail: item_detail?,
        ship_to,
        shipping,
        tax,
        contact,
        comments,
        extrinsic,
    })
}

pub(super) fn item_id(p: &mut Pull<'_>, empty: bool) -> Bail<ItemId> {
    let (mut supplier, mut auxiliary, mut buyer) = (None, None, None);
    p.children(empty, |p, _, c, empty| match c.name().as_ref() {
        b"SupplierPartID" => once(&mut supplier, p.text(empty)?),
        b"SupplierPartAuxiliaryID" => once(&mut auxiliary, p.text(empty)?),
        b"BuyerPartID" => once(&mut buyer, p.text(empty)?),
        _ => p.skip(empty),
    })?;
    Some(ItemId {
        supplier_part_id: supplier.unwrap_or_default(),
        supplier_part_auxiliary_id: auxiliary,
        buyer_part_id: buyer,
    })
}

fn item_detail(p: &mut Pull<'_>, empty: bool) -> Bail<ItemDetail> {
    let (mut unit_price, mut unit_of_measure, mut part_id, mut maker, mut url, mut lead_time) =
        (None, None, None, None, None, None);
    let (mut description, mut classification, mut extrinsic) = (Vec::new(), Vec::new(), Vec::new());
    p.children(empty, |p, _, c, empty| match c.name().as_ref() {
        b"UnitPrice" => once(&mut unit_price, amount(p, empty)?),
        b"Description" => push(&mut description, self::description(p, c, empty)?),
        b"UnitOfMeasure" => once(&mut unit_of_measure, p.text(empty)?),
        b"Classification" => push(&mut classification, self::classification(p, c, empty)?),
        b"ManufacturerPartID" => once(&mut part_id, p.text(empty)?),
        b"ManufacturerName" => once(&mut maker, manufacturer_name(p, c, empty)?),
        b"URL" => once(&mut url, self::url(p, c, empty)?),
        b"LeadTime" => once(&mut lead_time, p.text(empty)?),
        b"Extrinsic" => push(&mut extrinsic, self::extrinsic(p, c, empty)?),
        _ => p.skip(empty),
    })?;
    Some(ItemDetail {
        unit_price: unit_price?,
        description,
        unit_of_measure: unit_of_measure.unwrap_or_default(),
        classification,
        manufacturer_part_id: part_id,
        manufacturer_name: maker,
        url,
        lead_time,
        extrinsic,
    })
}

/// `UnitPrice`, `SubtotalAmount`...: one `Money`.
pub(super) fn amount(p: &mut Pull<'_>, empty: bool) -> Bail<Amount> {
    let mut money = None;
    p.children(empty, |p, _, c, empty| match c.name().as_ref() {
        b"Money" => once(&mut money, self::money(p, c, empty)?),
        _ => p.skip(empty),
    })?;
    Some(Amount { money: money? })
}

fn money(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<MoneyElement> {
    let (mut currency, mut alternate_amount, mut alternate_currency) = (None, None, None);
    attrs(e, |k, v| match k {
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
    attrs(e, |k, v| match k {
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
    let (mut text, mut short_name) = (None, None);
    let (mut at, mut event) = p.next()?;
    loop {
        match event {
            Event::End(_) => return Some((text, short_name)),
            Event::Start(c) if c.name().as_ref() == b"ShortName" => {
                once(&mut short_name, p.text(false)?)?;
            }
            Event::Empty(c) if c.name().as_ref() == b"ShortName" => {
                once(&mut short_name, String::new())?;
            }
            first @ (Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)) => {
                let (run, after) = p.run(at, first)?;
                if !is_blank(&run) {
                    once(&mut text, run)?;
                }
                event = after;
                continue;
            }
            _ => return None,
        }
        (at, event) = p.next()?;
    }
}

fn classification(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Classification> {
    let (mut domain, mut code) = (None, None);
    attrs(e, |k, v| match k {
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
    attrs(e, |k, v| match k {
        b"xml:lang" => attr_once(&mut lang, v),
        _ => Some(()),
    })?;
    Some(ManufacturerName {
        lang,
        value: p.text_field(empty)?.unwrap_or_default(),
    })
}

fn url(p: &mut Pull<'_>, e: &BytesStart<'_>, empty: bool) -> Bail<Url> {
    let mut name = None;
    attrs(e, |k, v| match k {
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
    attrs(e, |k, v| match k {
        b"name" => attr_once(&mut name, v),
        _ => Some(()),
    })?;
    Some(Extrinsic {
        name: name?,
        value: p.text_field(empty)?.unwrap_or_default(),
    })
}
