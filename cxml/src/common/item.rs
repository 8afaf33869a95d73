//! Line items: `ItemID`, `ItemDetail`, `ItemIn` (supplier to buyer, in a
//! cart) and `ItemOut` (buyer to supplier, in setup requests and orders).

use serde::{Deserialize, Serialize};

use super::address::{Contact, ShipTo};
use super::money::{Shipping, Tax, UnitPrice};
use super::text::{Comments, Description, Extrinsic, Url};
use crate::newtypes::{Money, Unspsc, UnspscError};

/// `<!ELEMENT ItemID (SupplierPartID, SupplierPartAuxiliaryID?, BuyerPartID?, IdReference*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemId {
    #[serde(rename = "SupplierPartID", default)]
    pub supplier_part_id: String,
    #[serde(
        rename = "SupplierPartAuxiliaryID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_part_auxiliary_id: Option<String>,
    #[serde(
        rename = "BuyerPartID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub buyer_part_id: Option<String>,
}

impl ItemId {
    /// A supplier part id with an optional auxiliary id.
    pub fn new(supplier_part_id: impl Into<String>, auxiliary: Option<String>) -> Self {
        Self {
            supplier_part_id: supplier_part_id.into(),
            supplier_part_auxiliary_id: auxiliary,
            buyer_part_id: None,
        }
    }
}

/// `<!ELEMENT ItemDetail (UnitPrice, Description+, OverallLimit?, ExpectedLimit?,
/// UnitOfMeasure, PriceBasisQuantity?, Classification+, ManufacturerPartID?,
/// ManufacturerName?, URL?, LeadTime?, ..., Extrinsic*)>`
///
/// `description` and `classification` must not be empty when written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemDetail {
    #[serde(rename = "UnitPrice")]
    pub unit_price: UnitPrice,
    #[serde(rename = "Description", default)]
    pub description: Vec<Description>,
    #[serde(rename = "UnitOfMeasure", default)]
    pub unit_of_measure: String,
    #[serde(rename = "Classification", default)]
    pub classification: Vec<Classification>,
    #[serde(
        rename = "ManufacturerPartID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub manufacturer_part_id: Option<String>,
    #[serde(
        rename = "ManufacturerName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub manufacturer_name: Option<ManufacturerName>,
    #[serde(rename = "URL", default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    #[serde(rename = "LeadTime", default, skip_serializing_if = "Option::is_none")]
    pub lead_time: Option<String>,
    #[serde(rename = "Extrinsic", default, skip_serializing_if = "Vec::is_empty")]
    pub extrinsic: Vec<Extrinsic>,
}

impl ItemDetail {
    /// The first UNSPSC classification, validated.
    pub fn unspsc(&self) -> Option<Result<Unspsc, UnspscError>> {
        self.classification
            .iter()
            .find(|c| c.domain.trim().eq_ignore_ascii_case("UNSPSC"))
            .map(|c| Unspsc::new(&c.value))
    }
}

/// `<!ELEMENT Classification (#PCDATA)>` with `domain` (e.g. `UNSPSC`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    #[serde(rename = "@domain")]
    pub domain: String,
    #[serde(rename = "@code", default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(rename = "$text", default)]
    pub value: String,
}

impl Classification {
    /// `<Classification domain="UNSPSC">code</Classification>`.
    pub fn unspsc(code: &Unspsc) -> Self {
        Self {
            domain: "UNSPSC".to_owned(),
            code: None,
            value: code.to_string(),
        }
    }
}

/// `<!ELEMENT ManufacturerName (#PCDATA)>` with an optional `xml:lang`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManufacturerName {
    #[serde(rename = "@xml:lang", default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(rename = "$text", default)]
    pub value: String,
}

/// `<!ELEMENT ItemIn (ItemID, Path?, ItemDetail, (SupplierID | SupplierList)?,
/// ShipTo?, Shipping?, Tax?, SpendDetail?, Distribution*, Contact*, Comments?,
/// ScheduleLine*, BillTo?, Batch?, Period?, DateInfo*, Extrinsic*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemIn {
    #[serde(rename = "@quantity")]
    pub quantity: String,
    #[serde(
        rename = "@lineNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub line_number: Option<String>,
    #[serde(rename = "ItemID")]
    pub item_id: ItemId,
    #[serde(rename = "ItemDetail")]
    pub item_detail: ItemDetail,
    #[serde(rename = "ShipTo", default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<Box<ShipTo>>,
    #[serde(rename = "Shipping", default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Box<Shipping>>,
    #[serde(rename = "Tax", default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<Box<Tax>>,
    #[serde(rename = "Contact", default, skip_serializing_if = "Vec::is_empty")]
    pub contact: Vec<Contact>,
    #[serde(rename = "Comments", default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<Comments>,
    #[serde(rename = "Extrinsic", default, skip_serializing_if = "Vec::is_empty")]
    pub extrinsic: Vec<Extrinsic>,
}

/// What a cart line says of itself: enough to write an `ItemIn` as a
/// software supplier does (each unit of measure `EA`, one English
/// description, one UNSPSC code, the line's extrinsics in `ItemDetail` so
/// they survive into the buyer's `OrderRequest`).
#[derive(Debug, Clone)]
pub struct LineSpec<'a> {
    pub item_id: ItemId,
    pub quantity: &'a str,
    pub unit_price: &'a Money,
    pub description: &'a str,
    pub unspsc: &'a Unspsc,
    pub extrinsics: Vec<Extrinsic>,
}

impl ItemIn {
    /// A cart line written from `spec`, with no line number.
    pub fn line(spec: LineSpec<'_>) -> Self {
        ItemIn {
            quantity: spec.quantity.to_owned(),
            line_number: None,
            item_id: spec.item_id,
            item_detail: ItemDetail {
                unit_price: UnitPrice::of(spec.unit_price),
                description: vec![Description::new("en", spec.description)],
                unit_of_measure: "EA".to_owned(),
                classification: vec![Classification::unspsc(spec.unspsc)],
                manufacturer_part_id: None,
                manufacturer_name: None,
                url: None,
                lead_time: None,
                extrinsic: spec.extrinsics,
            },
            ship_to: None,
            shipping: None,
            tax: None,
            contact: Vec::new(),
            comments: None,
            extrinsic: Vec::new(),
        }
    }
}

/// `<!ELEMENT ItemOut (ItemID, Path?, (ItemDetail|BlanketItemDetail)?,
/// (SupplierID | SupplierList)?, ShipTo?, Shipping?, Tax?, SpendDetail?,
/// Distribution*, Contact*, TermsOfDelivery?, Comments*, ...)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemOut {
    #[serde(rename = "@quantity")]
    pub quantity: String,
    #[serde(
        rename = "@lineNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub line_number: Option<String>,
    #[serde(
        rename = "@requisitionID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub requisition_id: Option<String>,
    #[serde(
        rename = "@requestedDeliveryDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub requested_delivery_date: Option<String>,
    #[serde(rename = "ItemID")]
    pub item_id: ItemId,
    #[serde(
        rename = "ItemDetail",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub item_detail: Option<ItemDetail>,
    #[serde(rename = "ShipTo", default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<Box<ShipTo>>,
    #[serde(rename = "Shipping", default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Box<Shipping>>,
    #[serde(rename = "Tax", default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<Box<Tax>>,
    #[serde(rename = "Contact", default, skip_serializing_if = "Vec::is_empty")]
    pub contact: Vec<Contact>,
    #[serde(rename = "Comments", default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comments>,
}

impl ItemOut {
    /// The `ItemOut` that orders what a cart's `ItemIn` offered: ids, price
    /// and details carried over unchanged, as buyers do.
    pub fn from_item_in(item: &ItemIn, line_number: Option<String>) -> Self {
        Self {
            quantity: item.quantity.clone(),
            line_number,
            requisition_id: None,
            requested_delivery_date: None,
            item_id: item.item_id.clone(),
            item_detail: Some(item.item_detail.clone()),
            ship_to: item.ship_to.clone(),
            shipping: item.shipping.clone(),
            tax: item.tax.clone(),
            contact: Vec::new(),
            comments: Vec::new(),
        }
    }
}
