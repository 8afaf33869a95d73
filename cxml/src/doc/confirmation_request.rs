//! `ConfirmationRequest` (Fulfill.dtd): the supplier confirms, changes or
//! rejects an order.

use serde::{Deserialize, Serialize};

use crate::common::{
    Comments, Contact, DocumentReference, Extrinsic, IdReference, ItemIn, OrderReference, Shipping,
    Tax, Total, UnitPrice,
};

/// `<!ELEMENT ConfirmationRequest (ConfirmationHeader, OrderReference,
/// (OrderStatusRequestReference | OrderStatusRequestIDInfo)*, ConfirmationItem*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationRequest {
    #[serde(rename = "ConfirmationHeader")]
    pub header: ConfirmationHeader,
    #[serde(rename = "OrderReference")]
    pub order_reference: OrderReference,
    #[serde(
        rename = "ConfirmationItem",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub item: Vec<ConfirmationItem>,
}

/// `<!ELEMENT ConfirmationHeader (DocumentReference?, Total?, Shipping?, Tax?,
/// Contact*, Hazard*, Comments*, IdReference*, Extrinsic*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationHeader {
    #[serde(
        rename = "@confirmID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub confirm_id: Option<String>,
    /// `new` or `update` (DTD default `new`).
    #[serde(
        rename = "@operation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub operation: Option<String>,
    /// `accept`, `allDetail`, `detail`, `backordered`, `except`, `reject`, ...
    #[serde(rename = "@type")]
    pub confirmation_type: String,
    #[serde(rename = "@noticeDate")]
    pub notice_date: String,
    #[serde(
        rename = "@invoiceID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub invoice_id: Option<String>,
    #[serde(
        rename = "DocumentReference",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub document_reference: Option<DocumentReference>,
    #[serde(rename = "Total", default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Total>,
    #[serde(rename = "Shipping", default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Shipping>,
    #[serde(rename = "Tax", default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<Tax>,
    #[serde(rename = "Contact", default, skip_serializing_if = "Vec::is_empty")]
    pub contact: Vec<Contact>,
    #[serde(rename = "Comments", default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comments>,
    #[serde(rename = "IdReference", default, skip_serializing_if = "Vec::is_empty")]
    pub id_reference: Vec<IdReference>,
    #[serde(rename = "Extrinsic", default, skip_serializing_if = "Vec::is_empty")]
    pub extrinsic: Vec<Extrinsic>,
}

/// `<!ELEMENT ConfirmationItem (UnitOfMeasure, Contact*, Hazard*, ConfirmationStatus+)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationItem {
    #[serde(rename = "@quantity")]
    pub quantity: String,
    #[serde(rename = "@lineNumber")]
    pub line_number: String,
    #[serde(rename = "UnitOfMeasure", default)]
    pub unit_of_measure: String,
    #[serde(rename = "Contact", default, skip_serializing_if = "Vec::is_empty")]
    pub contact: Vec<Contact>,
    #[serde(rename = "ConfirmationStatus", default)]
    pub status: Vec<ConfirmationStatus>,
}

/// `<!ELEMENT ConfirmationStatus (UnitOfMeasure, (ItemIn | (UnitPrice?, Tax?,
/// Shipping?)), SupplierBatchID?, ScheduleLineReference?,
/// ComponentConsumptionDetails*, Comments*, Extrinsic*)>`
///
/// Set `item_in` or the price/tax/shipping group, not both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationStatus {
    #[serde(rename = "@quantity")]
    pub quantity: String,
    #[serde(rename = "@type")]
    pub status_type: String,
    #[serde(
        rename = "@shipmentDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub shipment_date: Option<String>,
    #[serde(
        rename = "@deliveryDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_date: Option<String>,
    #[serde(rename = "UnitOfMeasure", default)]
    pub unit_of_measure: String,
    #[serde(rename = "ItemIn", default, skip_serializing_if = "Option::is_none")]
    pub item_in: Option<ItemIn>,
    #[serde(rename = "UnitPrice", default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<UnitPrice>,
    #[serde(rename = "Tax", default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<Tax>,
    #[serde(rename = "Shipping", default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Shipping>,
    #[serde(rename = "Comments", default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comments>,
    #[serde(rename = "Extrinsic", default, skip_serializing_if = "Vec::is_empty")]
    pub extrinsic: Vec<Extrinsic>,
}
