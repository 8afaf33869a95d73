//! `InvoiceDetailRequest` (InvoiceDetail.dtd): an invoice against one or
//! more orders. The request and its header live here; order lines and the
//! summary are in `lines`.

mod lines;

use serde::{Deserialize, Serialize};

pub use lines::{
    InvoiceDetailDiscount, InvoiceDetailItem, InvoiceDetailItemReference, InvoiceDetailOrder,
    InvoiceDetailOrderInfo, InvoiceDetailSummary, MasterAgreementReference, OrderIdInfo,
    SpecialHandlingAmount,
};

use crate::common::{
    Comments, Contact, Discount, DocumentReference, Extrinsic, IdReference, yes_flag,
};

/// `<!ELEMENT InvoiceDetailRequest (InvoiceDetailRequestHeader,
/// (InvoiceDetailOrder+ | InvoiceDetailHeaderOrder+), InvoiceDetailSummary)>`
///
/// Only `InvoiceDetailOrder` is modelled; `invoice_detail_order` must not be
/// empty when written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetailRequest {
    #[serde(rename = "InvoiceDetailRequestHeader")]
    pub header: InvoiceDetailRequestHeader,
    #[serde(rename = "InvoiceDetailOrder", default)]
    pub invoice_detail_order: Vec<InvoiceDetailOrder>,
    #[serde(rename = "InvoiceDetailSummary")]
    pub summary: InvoiceDetailSummary,
}

/// `purpose (standard | creditMemo | debitMemo | lineLevelCreditMemo | lineLevelDebitMemo) "standard"`
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum InvoicePurpose {
    #[default]
    Standard,
    CreditMemo,
    DebitMemo,
    LineLevelCreditMemo,
    LineLevelDebitMemo,
}

/// `operation (new | delete) "new"`
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InvoiceOperation {
    #[default]
    New,
    Delete,
}

/// `<!ELEMENT InvoiceDetailRequestHeader (InvoiceDetailHeaderIndicator,
/// InvoiceDetailLineIndicator, InvoicePartner*, DocumentReference?,
/// InvoiceIDInfo?, PaymentProposalIDInfo?, InvoiceDetailShipping?,
/// ShipNoticeIDInfo?, (InvoiceDetailPaymentTerm* | PaymentTerm*),
/// PaymentInformation?, Period?, Comments?, IdReference*, Extrinsic*)>`
///
/// Fill at most one of `invoice_detail_payment_term` and `payment_term`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetailRequestHeader {
    #[serde(rename = "@invoiceID")]
    pub invoice_id: String,
    #[serde(rename = "@purpose", default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<InvoicePurpose>,
    #[serde(
        rename = "@operation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub operation: Option<InvoiceOperation>,
    #[serde(rename = "@invoiceDate")]
    pub invoice_date: String,
    #[serde(
        rename = "@invoiceOrigin",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub invoice_origin: Option<String>,
    #[serde(rename = "InvoiceDetailHeaderIndicator")]
    pub header_indicator: InvoiceDetailHeaderIndicator,
    #[serde(rename = "InvoiceDetailLineIndicator")]
    pub line_indicator: InvoiceDetailLineIndicator,
    #[serde(
        rename = "InvoicePartner",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub invoice_partner: Vec<InvoicePartner>,
    #[serde(
        rename = "DocumentReference",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub document_reference: Option<DocumentReference>,
    #[serde(
        rename = "InvoiceDetailShipping",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub invoice_detail_shipping: Option<InvoiceDetailShipping>,
    #[serde(
        rename = "InvoiceDetailPaymentTerm",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub invoice_detail_payment_term: Vec<InvoiceDetailPaymentTerm>,
    #[serde(rename = "PaymentTerm", default, skip_serializing_if = "Vec::is_empty")]
    pub payment_term: Vec<PaymentTerm>,
    #[serde(rename = "Comments", default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<Comments>,
    #[serde(rename = "IdReference", default, skip_serializing_if = "Vec::is_empty")]
    pub id_reference: Vec<IdReference>,
    #[serde(rename = "Extrinsic", default, skip_serializing_if = "Vec::is_empty")]
    pub extrinsic: Vec<Extrinsic>,
}

impl InvoiceDetailRequestHeader {
    /// The purpose, `standard` when absent (the DTD default).
    pub fn purpose(&self) -> InvoicePurpose {
        self.purpose.unwrap_or_default()
    }
}

/// `<!ELEMENT InvoiceDetailHeaderIndicator EMPTY>`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetailHeaderIndicator {
    #[serde(
        rename = "@isHeaderInvoice",
        default,
        with = "yes_flag",
        skip_serializing_if = "yes_flag::is_false"
    )]
    pub is_header_invoice: bool,
    #[serde(
        rename = "@isVatRecoverable",
        default,
        with = "yes_flag",
        skip_serializing_if = "yes_flag::is_false"
    )]
    pub is_vat_recoverable: bool,
}

/// `<!ELEMENT InvoiceDetailLineIndicator EMPTY>`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetailLineIndicator {
    #[serde(
        rename = "@isTaxInLine",
        default,
        with = "yes_flag",
        skip_serializing_if = "yes_flag::is_false"
    )]
    pub is_tax_in_line: bool,
    #[serde(
        rename = "@isSpecialHandlingInLine",
        default,
        with = "yes_flag",
        skip_serializing_if = "yes_flag::is_false"
    )]
    pub is_special_handling_in_line: bool,
    #[serde(
        rename = "@isShippingInLine",
        default,
        with = "yes_flag",
        skip_serializing_if = "yes_flag::is_false"
    )]
    pub is_shipping_in_line: bool,
    #[serde(
        rename = "@isDiscountInLine",
        default,
        with = "yes_flag",
        skip_serializing_if = "yes_flag::is_false"
    )]
    pub is_discount_in_line: bool,
    #[serde(
        rename = "@isAccountingInLine",
        default,
        with = "yes_flag",
        skip_serializing_if = "yes_flag::is_false"
    )]
    pub is_accounting_in_line: bool,
}

/// `<!ELEMENT InvoicePartner (Contact, IdReference*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoicePartner {
    #[serde(rename = "Contact")]
    pub contact: Contact,
    #[serde(rename = "IdReference", default, skip_serializing_if = "Vec::is_empty")]
    pub id_reference: Vec<IdReference>,
}

/// `<!ELEMENT InvoiceDetailShipping (Contact, Contact+, (CarrierIdentifier+,
/// ShipmentIdentifier+)?, DocumentReference?)>`: at least two contacts
/// (`shipFrom`, `shipTo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetailShipping {
    #[serde(
        rename = "@shippingDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub shipping_date: Option<String>,
    #[serde(rename = "Contact", default)]
    pub contact: Vec<Contact>,
    #[serde(
        rename = "DocumentReference",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub document_reference: Option<DocumentReference>,
}

/// `<!ELEMENT InvoiceDetailPaymentTerm EMPTY>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetailPaymentTerm {
    #[serde(rename = "@payInNumberOfDays")]
    pub pay_in_number_of_days: String,
    #[serde(rename = "@percentageRate")]
    pub percentage_rate: String,
}

/// `<!ELEMENT PaymentTerm (Discount?, Extrinsic*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTerm {
    #[serde(rename = "@payInNumberOfDays")]
    pub pay_in_number_of_days: String,
    #[serde(rename = "Discount", default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<Discount>,
    #[serde(rename = "Extrinsic", default, skip_serializing_if = "Vec::is_empty")]
    pub extrinsic: Vec<Extrinsic>,
}
