//! How a chosen purchase becomes a PunchOut cart line (SPEC section 3).
//!
//! A single non-usage charge goes as one Service line at its full price; any
//! usage charge, or more than one charge (FPS installments), goes as a
//! Material line of `amount / 0.01` units at 0.01, which lets the buyer
//! receive and invoice it piecemeal. PAYG usage counts at the default
//! blanket amount of 10,000 USD (SPEC F8), a default: the buyer may order
//! another amount ([`CartLine::with_blanket_units`]). An annual server agreement is
//! two purchases, each approved on its own: the annual fee (a Service
//! line) and its hourly usage at the blanket amount (a Material line).
//! The same line prices a direct subscription. This module is pure: no
//! clock, no storage; whether the product may go through procurement,
//! expiry and account checks belong to [`crate::purchase`].

use serde::Serialize;

use crate::{
    catalog::{Listing, OfferTerms, Pricing, PrivateOffer},
    money::Money,
};

/// UNSPSC for a single-charge line: software maintenance and support.
pub const SERVICE_UNSPSC: &str = "81162000";
/// UNSPSC for a usage or multi-charge line: software.
pub const MATERIAL_UNSPSC: &str = "43232701";
/// What a PAYG product goes to the cart at (SPEC F8).
pub const PAYG_BLANKET_AMOUNT: Money = Money::usd(10_000);
/// The unit price of every Material line.
pub const MATERIAL_UNIT_PRICE: Money = Money::usd_cents(1);

/// The `LineType` extrinsic of a cart item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum LineType {
    Service,
    Material,
}

impl LineType {
    pub fn as_str(self) -> &'static str {
        match self {
            LineType::Service => "Service",
            LineType::Material => "Material",
        }
    }
}

/// Which of a listing's options the buyer chose.
#[derive(Clone, Copy, Debug)]
pub enum PurchaseOption<'a> {
    /// An upfront contract dimension, by key (e.g. `standard-12m`). On an
    /// annual server listing this is the annual fee alone: its hourly
    /// usage is a second purchase, [`PurchaseOption::AnnualUsage`].
    Contract { dimension_key: &'a str },
    /// The hourly usage under an annual server agreement (key
    /// `{dimension}.usage`): approved on its own at the PAYG blanket
    /// amount, and never invoiced against (SPEC F8).
    AnnualUsage { dimension_key: &'a str },
    /// Pay as you go.
    Usage,
    /// A Free or BYOL listing: a 0.00 order (SPEC F9).
    NoCharge,
    /// A private offer made for this listing.
    Offer(&'a PrivateOffer),
}

/// A listing plus the option chosen on it.
#[derive(Clone, Copy, Debug)]
pub struct Purchase<'a> {
    pub listing: &'a Listing,
    pub option: PurchaseOption<'a>,
}

/// One item of a PunchOut cart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CartLine {
    /// The listing id.
    pub supplier_part_id: String,
    /// Which option: a dimension key, `payg`, `free`, `byol`, or the offer
    /// id with its revision (`offer-1a2b3c4d.r2`), so a revised offer is
    /// recognisable when the order comes back (SPEC F10).
    pub aux_id: String,
    pub description: String,
    pub line_type: LineType,
    pub unspsc: &'static str,
    pub quantity: i64,
    pub unit_price: Money,
    /// Always exactly `quantity × unit_price`.
    pub total: Money,
    /// A usage line: its amount is a default blanket the buyer may change
    /// (SPEC F8), and a direct subscription to it is billed by usage alone.
    pub blanket: bool,
}

/// The most a blanket may be: 1,000,000,000.00 in cents.
pub const MAX_BLANKET_UNITS: i64 = 100_000_000_000;

impl CartLine {
    /// This blanket line at `units` cents instead of its default, when it
    /// is a blanket line and `units` is at least one cent and at most
    /// [`MAX_BLANKET_UNITS`].
    pub fn with_blanket_units(&self, units: i64) -> Option<CartLine> {
        if !self.blanket || !(1..=MAX_BLANKET_UNITS).contains(&units) {
            return None;
        }
        Some(CartLine {
            quantity: units,
            total: self.unit_price.checked_mul(units)?,
            ..self.clone()
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartLineError {
    #[error("{listing} has no {option} option")]
    OptionNotOffered {
        listing: String,
        option: &'static str,
    },
    #[error("{offer} is not an offer for {listing}")]
    OfferForOtherListing { offer: String, listing: String },
    #[error("the amount {0} is not a whole number of cents or overflows")]
    BadAmount(Money),
}

/// What a purchase charges, before it is typed as a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Charge {
    Fixed(Money),
    Usage,
}

/// The cart line for `purchase`, or why it cannot go to a cart.
pub fn cart_line(purchase: Purchase<'_>) -> Result<CartLine, CartLineError> {
    let listing = purchase.listing;
    let (aux_id, detail, charges) = charges(purchase)?;
    let (line_type, amount) = typed_amount(&charges)?;
    let (quantity, unit_price) = match line_type {
        LineType::Service => (1, amount),
        LineType::Material => {
            let units = amount
                .exact_div(MATERIAL_UNIT_PRICE)
                .ok_or(CartLineError::BadAmount(amount))?;
            (units, MATERIAL_UNIT_PRICE)
        }
    };
    Ok(CartLine {
        supplier_part_id: listing.id.to_string(),
        aux_id,
        description: format!("{} ({detail})", listing.name),
        line_type,
        unspsc: match line_type {
            LineType::Service => SERVICE_UNSPSC,
            LineType::Material => MATERIAL_UNSPSC,
        },
        quantity,
        unit_price,
        total: amount,
        blanket: charges.contains(&Charge::Usage),
    })
}

/// The SPEC section 3 rule itself, on a purchase's charges.
fn typed_amount(charges: &[Charge]) -> Result<(LineType, Money), CartLineError> {
    let amounts = charges.iter().map(|charge| match charge {
        Charge::Fixed(amount) => *amount,
        Charge::Usage => PAYG_BLANKET_AMOUNT,
    });
    let amount = Money::sum(amounts).ok_or(CartLineError::BadAmount(PAYG_BLANKET_AMOUNT))?;
    let single_fixed = matches!(charges, [Charge::Fixed(_)]);
    let line_type = if single_fixed {
        LineType::Service
    } else {
        LineType::Material
    };
    Ok((line_type, amount))
}

type Charges = (String, String, Vec<Charge>);

fn charges(purchase: Purchase<'_>) -> Result<Charges, CartLineError> {
    let listing = purchase.listing;
    let not_offered = |option| CartLineError::OptionNotOffered {
        listing: listing.id.to_string(),
        option,
    };
    match (purchase.option, &listing.pricing) {
        (PurchaseOption::Contract { dimension_key }, Pricing::UpfrontContract { dimensions }) => {
            let chosen = dimensions
                .iter()
                .find(|d| d.key() == dimension_key)
                .ok_or(not_offered("such contract"))?;
            let charges = vec![Charge::Fixed(chosen.price)];
            Ok((chosen.key(), chosen.description(), charges))
        }
        (PurchaseOption::Contract { dimension_key }, Pricing::AnnualWithHourly { annual, .. }) => {
            let chosen = annual
                .iter()
                .find(|d| d.key() == dimension_key)
                .ok_or(not_offered("such annual"))?;
            let charges = vec![Charge::Fixed(chosen.price)];
            let detail = format!(
                "{}, annual fee; hourly usage is approved separately",
                chosen.description()
            );
            Ok((chosen.key(), detail, charges))
        }
        (
            PurchaseOption::AnnualUsage { dimension_key },
            Pricing::AnnualWithHourly { annual, .. },
        ) => {
            let chosen = annual
                .iter()
                .find(|d| d.key() == dimension_key)
                .ok_or(not_offered("such annual"))?;
            let detail = format!(
                "hourly usage under the {} annual agreement, pay as you go",
                chosen.description()
            );
            Ok((annual_usage_key(&chosen.key()), detail, vec![Charge::Usage]))
        }
        (PurchaseOption::Usage, Pricing::Payg { .. }) => {
            Ok(("payg".into(), "pay as you go".into(), vec![Charge::Usage]))
        }
        (PurchaseOption::NoCharge, Pricing::Free) => Ok(no_charge("free", "free")),
        (PurchaseOption::NoCharge, Pricing::Byol) => {
            Ok(no_charge("byol", "bring your own license"))
        }
        (PurchaseOption::Offer(offer), _) => offer_charges(listing, offer),
        (PurchaseOption::Contract { .. }, _) => Err(not_offered("contract")),
        (PurchaseOption::AnnualUsage { .. }, _) => Err(not_offered("annual usage")),
        (PurchaseOption::Usage, _) => Err(not_offered("pay-as-you-go")),
        (PurchaseOption::NoCharge, _) => Err(not_offered("free or BYOL")),
    }
}

/// The option key of the hourly usage under annual dimension `key`.
pub fn annual_usage_key(key: &str) -> String {
    format!("{key}{ANNUAL_USAGE_SUFFIX}")
}

/// What [`annual_usage_key`] appends.
pub const ANNUAL_USAGE_SUFFIX: &str = ".usage";

fn no_charge(aux_id: &str, detail: &str) -> Charges {
    let zero = Money::usd(0);
    (aux_id.into(), detail.into(), vec![Charge::Fixed(zero)])
}

fn offer_charges(listing: &Listing, offer: &PrivateOffer) -> Result<Charges, CartLineError> {
    if offer.listing != listing.id {
        return Err(CartLineError::OfferForOtherListing {
            offer: offer.id.to_string(),
            listing: listing.id.to_string(),
        });
    }
    let aux_id = format!("{}.r{}", offer.id, offer.revision);
    match &offer.terms {
        OfferTerms::UpfrontContract {
            duration_months,
            amount,
        } => Ok((
            aux_id,
            format!("private offer, {duration_months} months"),
            vec![Charge::Fixed(*amount)],
        )),
        OfferTerms::Fps(schedule) => {
            let installments = schedule.installments();
            let charges = installments
                .iter()
                .map(|i| Charge::Fixed(i.amount))
                .collect();
            let detail = format!("private offer, {} installments", installments.len());
            Ok((aux_id, detail, charges))
        }
    }
}

#[cfg(test)]
#[path = "cart_line_tests.rs"]
mod tests;
