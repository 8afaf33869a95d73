//! The order-related body of an `InvoiceDetailRequest`: which order is
//! invoiced (`InvoiceDetailOrderInfo`), its lines and the summary amounts.

use serde::{Deserialize, Serialize};

use crate::common::{
    Amount, Classification, Comments, Country, Description, DocumentReference, Extrinsic,
    IdReference, ItemId, ManufacturerName, MoneyElement, OrderReference, SupplierOrderInfo, Tax,
    UnitPrice,
};

/// `<!ELEMENT InvoiceDetailOrder (InvoiceDetailOrderInfo, InvoiceDetailReceiptInfo?,
/// InvoiceDetailShipNoticeInfo?, (InvoiceDetailItem | InvoiceDetailServiceItem)+)>`
///
/// Only `InvoiceDetailItem` is modelled; `item` must not be empty when written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetailOrder {
    #[serde(rename = "InvoiceDetailOrderInfo")]
    pub order_info: InvoiceDetailOrderInfo,
    #[serde(rename = "InvoiceDetailItem", default)]
    pub item: Vec<InvoiceDetailItem>,
}

/// `<!ELEMENT InvoiceDetailOrderInfo ((OrderReference, (MasterAgreementReference
/// | MasterAgreementIDInfo)?, SupplierOrderInfo?) | (MasterAgreementReference,
/// OrderIDInfo?, SupplierOrderInfo?) | ... | (OrderIDInfo, SupplierOrderInfo?)
/// | SupplierOrderInfo)>`
///
/// Written in this field order, so valid combinations are: `order_reference`
/// [+ `master_agreement_reference`]; `master_agreement_reference` [+
/// `order_id_info`]; `order_id_info`; each optionally with
/// `supplier_order_info`, or that alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetailOrderInfo {
    #[serde(
        rename = "OrderReference",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub order_reference: Option<OrderReference>,
    #[serde(
        rename = "MasterAgreementReference",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub master_agreement_reference: Option<MasterAgreementReference>,
    #[serde(
        rename = "OrderIDInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub order_id_info: Option<OrderIdInfo>,
    #[serde(
        rename = "SupplierOrderInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_order_info: Option<SupplierOrderInfo>,
}

/// `<!ELEMENT MasterAgreementReference (DocumentReference)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MasterAgreementReference {
    #[serde(
        rename = "@agreementID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub agreement_id: Option<String>,
    #[serde(
        rename = "@agreementDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub agreement_date: Option<String>,
    #[serde(rename = "DocumentReference")]
    pub document_reference: DocumentReference,
}

/// `<!ELEMENT OrderIDInfo (IdReference*)>`: an order known only by number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderIdInfo {
    #[serde(rename = "@orderID")]
    pub order_id: String,
    #[serde(
        rename = "@orderDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub order_date: Option<String>,
    #[serde(rename = "IdReference", default, skip_serializing_if = "Vec::is_empty")]
    pub id_reference: Vec<IdReference>,
}

/// `<!ELEMENT InvoiceDetailItem (UnitOfMeasure, UnitPrice, PriceBasisQuantity?,
/// InvoiceDetailItemReference, ..., SubtotalAmount?, Tax?, ..., GrossAmount?,
/// InvoiceDetailDiscount?, ..., NetAmount?, ..., Comments?, ..., Extrinsic*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetailItem {
    #[serde(rename = "@invoiceLineNumber")]
    pub invoice_line_number: String,
    #[serde(rename = "@quantity")]
    pub quantity: String,
    #[serde(
        rename = "@referenceDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reference_date: Option<String>,
    #[serde(rename = "UnitOfMeasure", default)]
    pub unit_of_measure: String,
    #[serde(rename = "UnitPrice")]
    pub unit_price: UnitPrice,
    #[serde(rename = "InvoiceDetailItemReference")]
    pub item_reference: InvoiceDetailItemReference,
    #[serde(
        rename = "SubtotalAmount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub subtotal_amount: Option<Amount>,
    #[serde(rename = "Tax", default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<Box<Tax>>,
    #[serde(
        rename = "GrossAmount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub gross_amount: Option<Amount>,
    #[serde(
        rename = "InvoiceDetailDiscount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub discount: Option<Box<InvoiceDetailDiscount>>,
    #[serde(rename = "NetAmount", default, skip_serializing_if = "Option::is_none")]
    pub net_amount: Option<Amount>,
    #[serde(rename = "Comments", default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<Comments>,
    #[serde(rename = "Extrinsic", default, skip_serializing_if = "Vec::is_empty")]
    pub extrinsic: Vec<Extrinsic>,
}

/// `<!ELEMENT InvoiceDetailItemReference (ItemID?, Description?, Classification*,
/// (ManufacturerPartID, ManufacturerName)?, Country?, ...)>`: which PO line.
/// Set both manufacturer fields or neither.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetailItemReference {
    #[serde(rename = "@lineNumber")]
    pub line_number: String,
    #[serde(rename = "ItemID", default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<ItemId>,
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<Description>,
    #[serde(
        rename = "Classification",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
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
    #[serde(rename = "Country", default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
}

/// `<!ELEMENT InvoiceDetailSummary (SubtotalAmount, Tax, SpecialHandlingAmount?,
/// ShippingAmount?, GrossAmount?, InvoiceDetailDiscount?, ..., NetAmount,
/// DepositAmount?, DueAmount?, ...)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetailSummary {
    #[serde(rename = "SubtotalAmount")]
    pub subtotal_amount: Amount,
    #[serde(rename = "Tax")]
    pub tax: Tax,
    #[serde(
        rename = "SpecialHandlingAmount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub special_handling_amount: Option<SpecialHandlingAmount>,
    #[serde(
        rename = "ShippingAmount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub shipping_amount: Option<Amount>,
    #[serde(
        rename = "GrossAmount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub gross_amount: Option<Amount>,
    #[serde(
        rename = "InvoiceDetailDiscount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub discount: Option<InvoiceDetailDiscount>,
    #[serde(rename = "NetAmount")]
    pub net_amount: Amount,
    #[serde(
        rename = "DepositAmount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub deposit_amount: Option<Amount>,
    #[serde(rename = "DueAmount", default, skip_serializing_if = "Option::is_none")]
    pub due_amount: Option<Amount>,
}

/// `<!ELEMENT SpecialHandlingAmount (Money, Description?, Distribution*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialHandlingAmount {
    #[serde(rename = "Money")]
    pub money: MoneyElement,
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<Description>,
}

/// `<!ELEMENT InvoiceDetailDiscount (Money, Distribution*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetailDiscount {
    #[serde(
        rename = "@percentageRate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub percentage_rate: Option<String>,
    #[serde(rename = "Money")]
    pub money: MoneyElement,
}
