//! `PunchOutSetupRequest`: the buyer opens (or re-opens) a supplier's
//! catalog session.

use serde::{Deserialize, Serialize};

use crate::common::{Contact, Extrinsic, ItemId, ItemOut, ShipTo, UrlHolder};

/// `operation (create | inspect | edit | source) #REQUIRED`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PunchOutOperation {
    Create,
    Inspect,
    Edit,
    Source,
}

/// `<!ELEMENT PunchOutSetupRequest (BuyerCookie, Extrinsic*, BrowserFormPost?,
/// Contact*, SupplierSetup?, ShipTo?, SelectedItem?, ItemOut*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PunchOutSetupRequest {
    #[serde(rename = "@operation")]
    pub operation: PunchOutOperation,
    /// `BuyerCookie` (declared ANY), read as text; echo it back unchanged.
    #[serde(rename = "BuyerCookie", default)]
    pub buyer_cookie: String,
    #[serde(rename = "Extrinsic", default, skip_serializing_if = "Vec::is_empty")]
    pub extrinsic: Vec<Extrinsic>,
    #[serde(
        rename = "BrowserFormPost",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub browser_form_post: Option<UrlHolder>,
    #[serde(rename = "Contact", default, skip_serializing_if = "Vec::is_empty")]
    pub contact: Vec<Contact>,
    #[serde(
        rename = "SupplierSetup",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub supplier_setup: Option<UrlHolder>,
    #[serde(rename = "ShipTo", default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<ShipTo>,
    #[serde(
        rename = "SelectedItem",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub selected_item: Option<SelectedItem>,
    #[serde(rename = "ItemOut", default, skip_serializing_if = "Vec::is_empty")]
    pub item_out: Vec<ItemOut>,
}

impl PunchOutSetupRequest {
    /// A request with the cookie and the return URL, nothing else.
    pub fn new(
        operation: PunchOutOperation,
        buyer_cookie: impl Into<String>,
        browser_form_post: impl Into<String>,
    ) -> Self {
        Self {
            operation,
            buyer_cookie: buyer_cookie.into(),
            extrinsic: Vec::new(),
            browser_form_post: Some(UrlHolder::new(browser_form_post)),
            contact: Vec::new(),
            supplier_setup: None,
            ship_to: None,
            selected_item: None,
            item_out: Vec::new(),
        }
    }

    /// The value of the first extrinsic called `name` (case-insensitive).
    pub fn extrinsic(&self, name: &str) -> Option<&str> {
        self.extrinsic
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
            .map(|e| e.value.trim())
    }
}

/// `<!ELEMENT SelectedItem (ItemID)>`: the item a level-2 punchout opens on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectedItem {
    #[serde(rename = "ItemID")]
    pub item_id: ItemId,
}
