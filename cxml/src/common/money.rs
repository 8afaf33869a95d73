//! Money-bearing elements: `Money`, `UnitPrice`, `Total`, `Shipping`, `Tax`
//! and the invoice amounts that wrap a single `Money`.

use serde::{Deserialize, Serialize};

use super::text::{Description, Extrinsic};
use crate::newtypes::{Money, MoneyError};

/// `<!ELEMENT Money (#PCDATA)>` with a required `currency`. The amount stays
/// text on the wire; convert with `Money::try_from(&element)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyElement {
    #[serde(rename = "@currency")]
    pub currency: String,
    #[serde(
        rename = "@alternateAmount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub alternate_amount: Option<String>,
    #[serde(
        rename = "@alternateCurrency",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub alternate_currency: Option<String>,
    #[serde(rename = "$text", default)]
    pub amount: String,
}

impl From<&Money> for MoneyElement {
    fn from(m: &Money) -> Self {
        Self {
            currency: m.currency().to_string(),
            alternate_amount: None,
            alternate_currency: None,
            amount: m.amount().to_string(),
        }
    }
}

impl TryFrom<&MoneyElement> for Money {
    type Error = MoneyError;
    fn try_from(e: &MoneyElement) -> Result<Self, Self::Error> {
        Money::parse(&e.currency, &e.amount)
    }
}

/// An element whose content is exactly one `Money`: `Total`, `UnitPrice`,
/// `SubtotalAmount`, `GrossAmount`, `NetAmount`, `DueAmount`, ... (their
/// optional `Modifications`/`Distribution` tails are not modelled).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amount {
    #[serde(rename = "Money")]
    pub money: MoneyElement,
}

impl Amount {
    /// Wraps a validated amount.
    pub fn of(m: &Money) -> Self {
        Self { money: m.into() }
    }

    /// The validated amount.
    pub fn value(&self) -> Result<Money, MoneyError> {
        Money::try_from(&self.money)
    }
}

/// `<!ELEMENT Total (Money, Modifications?)>`
pub type Total = Amount;
/// `<!ELEMENT UnitPrice (Money, Modifications?, PricingConditions?)>`
pub type UnitPrice = Amount;

/// `<!ELEMENT Shipping (Money, Description, Modifications?)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipping {
    #[serde(
        rename = "@trackingDomain",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tracking_domain: Option<String>,
    #[serde(
        rename = "@trackingId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tracking_id: Option<String>,
    #[serde(rename = "Money")]
    pub money: MoneyElement,
    #[serde(rename = "Description")]
    pub description: Description,
}

/// `<!ELEMENT Tax (Money, TaxAdjustmentAmount?, Description, TaxDetail*, Distribution*, Extrinsic*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tax {
    #[serde(rename = "Money")]
    pub money: MoneyElement,
    #[serde(rename = "Description")]
    pub description: Description,
    #[serde(rename = "TaxDetail", default, skip_serializing_if = "Vec::is_empty")]
    pub tax_detail: Vec<TaxDetail>,
    #[serde(rename = "Extrinsic", default, skip_serializing_if = "Vec::is_empty")]
    pub extrinsic: Vec<Extrinsic>,
}

/// `<!ELEMENT TaxDetail (TaxableAmount?, TaxAmount, TaxLocation?, TaxAdjustmentAmount?, Description?, ...)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxDetail {
    #[serde(rename = "@purpose", default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(rename = "@category")]
    pub category: String,
    #[serde(
        rename = "@percentageRate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub percentage_rate: Option<String>,
    #[serde(
        rename = "@taxPointDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tax_point_date: Option<String>,
    #[serde(
        rename = "@isIncludedInPrice",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub is_included_in_price: Option<String>,
    #[serde(
        rename = "TaxableAmount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub taxable_amount: Option<Amount>,
    #[serde(rename = "TaxAmount")]
    pub tax_amount: Amount,
    #[serde(
        rename = "TaxLocation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tax_location: Option<TaxLocation>,
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<Description>,
}

/// `<!ELEMENT TaxLocation (#PCDATA)>`, `xml:lang` required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxLocation {
    #[serde(rename = "@xml:lang")]
    pub lang: String,
    #[serde(rename = "$text", default)]
    pub value: String,
}

/// `<!ELEMENT Discount (DiscountPercent | DiscountAmount)>`; set exactly one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discount {
    #[serde(
        rename = "DiscountPercent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub discount_percent: Option<DiscountPercent>,
    #[serde(
        rename = "DiscountAmount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub discount_amount: Option<Amount>,
}

/// `<!ELEMENT DiscountPercent EMPTY>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscountPercent {
    #[serde(rename = "@percent")]
    pub percent: String,
}
