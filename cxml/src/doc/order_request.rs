//! `OrderRequest`: a purchase order (new, or an update/delete of an earlier one).

use serde::{Deserialize, Serialize};

use crate::common::{
    BillTo, Comments, Contact, DocumentReference, Extrinsic, IdReference, ItemOut, PostalAddress,
    ShipTo, Shipping, SupplierOrderInfo, Tax, Total,
};
use crate::newtypes::{Decimal, Money};

/// `type (new | update | delete) "new"`
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrderType {
    #[default]
    New,
    Update,
    Delete,
}

/// `<!ELEMENT OrderRequest (OrderRequestHeader, ItemOut+)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRequest {
    #[serde(rename = "OrderRequestHeader")]
    pub header: OrderRequestHeader,
    #[serde(rename = "ItemOut", default)]
    pub item_out: Vec<ItemOut>,
}

/// `<!ELEMENT OrderRequestHeader (Total, ShipTo?, BillTo, BusinessPartner*,
/// LegalEntity?, OrganizationalUnit*, Shipping?, Tax?, Payment?, PaymentTerm*,
/// Contact*, Comments*, Followup?, ControlKeys?, DocumentReference?,
/// SupplierOrderInfo?, TermsOfDelivery?, DeliveryPeriod?, IdReference*,
/// OrderRequestHeaderIndustry?, Extrinsic*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRequestHeader {
    #[serde(rename = "@orderID")]
    pub order_id: String,
    #[serde(rename = "@orderDate")]
    pub order_date: String,
    #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
    pub order_type: Option<OrderType>,
    #[serde(
        rename = "@orderVersion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub order_version: Option<String>,
    #[serde(
        rename = "@requisitionID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub requisition_id: Option<String>,
    #[serde(rename = "Total")]
    pub total: Total,
    #[serde(rename = "ShipTo", default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<ShipTo>,
    #[serde(rename = "BillTo")]
    pub bill_to: BillTo,
    #[serde(rename = "Shipping", default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Shipping>,
    #[serde(rename = "Tax", default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<Tax>,
    #[serde(rename = "Payment", default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<Payment>,
    #[serde(rename = "Contact", default, skip_serializing_if = "Vec::is_empty")]
    pub contact: Vec<Contact>,
    #[serde(rename = "Comments", default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comments>,
    /// Required for `update`/`delete`: the order being changed.
    #[serde(
        rename = "DocumentReference",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub document_reference: Option<DocumentReference>,
    #[serde(
        rename = "SupplierOrderInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_order_info: Option<SupplierOrderInfo>,
    #[serde(rename = "IdReference", default, skip_serializing_if = "Vec::is_empty")]
    pub id_reference: Vec<IdReference>,
    #[serde(rename = "Extrinsic", default, skip_serializing_if = "Vec::is_empty")]
    pub extrinsic: Vec<Extrinsic>,
}

impl OrderRequestHeader {
    /// The order type, `new` when absent (the DTD default).
    pub fn order_type(&self) -> OrderType {
        self.order_type.unwrap_or_default()
    }
}

impl OrderRequest {
    /// What the lines add up to (quantity times unit price), the amount a
    /// header `Total` must state (CONFORMANCE CX047); `None` for an order
    /// without lines, a line without a price or a readable quantity, or
    /// lines in more than one currency.
    pub fn lines_total(&self) -> Option<Money> {
        let mut sum: Option<Money> = None;
        for item in &self.item_out {
            let price = item.item_detail.as_ref()?.unit_price.value().ok()?;
            let quantity = Decimal::parse(item.quantity.trim()).ok()?;
            let line = Money::new(
                price.currency().clone(),
                price.amount().checked_mul(&quantity).ok()?,
            );
            sum = Some(match sum {
                None => line,
                Some(sum) => sum.checked_add(&line).ok()?,
            });
        }
        sum
    }
}

/// `<!ELEMENT Payment (PCard)>` (1.2.071). Older documents carry other
/// payment forms, which are skipped on read: `pcard` is then `None`, and
/// such a `Payment` cannot be written validly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    #[serde(rename = "PCard", default, skip_serializing_if = "Option::is_none")]
    pub pcard: Option<PCard>,
}

/// `<!ELEMENT PCard (PostalAddress?)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PCard {
    #[serde(rename = "@number")]
    pub number: String,
    #[serde(rename = "@expiration")]
    pub expiration: String,
    #[serde(rename = "@name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        rename = "PostalAddress",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub postal_address: Option<PostalAddress>,
}
