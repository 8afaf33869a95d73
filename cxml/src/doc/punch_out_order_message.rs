//! `PunchOutOrderMessage`: the cart, returned through the user's browser.

use serde::{Deserialize, Serialize};

use crate::common::{ItemIn, ShipTo, Shipping, SupplierOrderInfo, Tax, Total};

/// `operationAllowed (create | inspect | edit) #REQUIRED`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OperationAllowed {
    Create,
    Inspect,
    Edit,
}

/// `<!ELEMENT PunchOutOrderMessage (BuyerCookie, PunchOutOrderMessageHeader, ItemIn*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PunchOutOrderMessage {
    /// `BuyerCookie` (declared ANY), as text: the setup request's cookie.
    #[serde(rename = "BuyerCookie", default)]
    pub buyer_cookie: String,
    #[serde(rename = "PunchOutOrderMessageHeader")]
    pub header: PunchOutOrderMessageHeader,
    #[serde(rename = "ItemIn", default, skip_serializing_if = "Vec::is_empty")]
    pub item_in: Vec<ItemIn>,
}

/// `<!ELEMENT PunchOutOrderMessageHeader (SourcingStatus?, Total, ShipTo?,
/// Shipping?, Tax?, SupplierOrderInfo?)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PunchOutOrderMessageHeader {
    #[serde(rename = "@operationAllowed")]
    pub operation_allowed: OperationAllowed,
    #[serde(
        rename = "@quoteStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub quote_status: Option<String>,
    #[serde(rename = "Total")]
    pub total: Total,
    #[serde(rename = "ShipTo", default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<ShipTo>,
    #[serde(rename = "Shipping", default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Shipping>,
    #[serde(rename = "Tax", default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<Tax>,
    #[serde(
        rename = "SupplierOrderInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_order_info: Option<SupplierOrderInfo>,
}
