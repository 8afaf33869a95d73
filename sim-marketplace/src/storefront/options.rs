//! The options a product page offers, priced for the account that looks
//! (its private offers included): shared by the product page (`browse`)
//! and the pages a subscription answers with (`subscribe`).

use serde::Serialize;

use super::offer_facts::OfferFacts;
use crate::{
    Marketplace,
    catalog::{AccountId, Listing, OfferId},
    purchase::Route,
};

#[derive(Serialize)]
pub struct OptionView {
    key: String,
    description: String,
    private: bool,
    line_type: &'static str,
    unspsc: &'static str,
    quantity: i64,
    unit_price: String,
    total: String,
    currency: &'static str,
    /// A usage line: a default blanket amount in a punchout, billed by
    /// usage when bought directly (SPEC F8).
    blanket: bool,
    /// A private offer's expiry and schedule, shown beside its option.
    offer: Option<OfferFacts>,
}

/// Every option `account` (or anyone, when `None`) may pick on `listing`,
/// priced: bought directly, any product has them; whether a page offers
/// them for approval is the page's decision (SPEC F11).
pub fn option_views(
    marketplace: &Marketplace,
    account: Option<&AccountId>,
    listing: &Listing,
) -> Vec<OptionView> {
    marketplace
        .for_sale()
        .options(Route::Direct, account, listing)
        .into_iter()
        .map(|line| OptionView {
            private: line.aux_id.starts_with("offer-"),
            // A private option's key is the offer's id and its revision.
            offer: line
                .aux_id
                .split('.')
                .next()
                .and_then(|id| id.parse::<OfferId>().ok())
                .and_then(|id| marketplace.offers().get(id))
                .map(|offer| OfferFacts::of(&offer)),
            key: line.aux_id,
            description: line.description,
            line_type: line.line_type.as_str(),
            unspsc: line.unspsc,
            quantity: line.quantity,
            unit_price: line.unit_price.decimal(),
            total: line.total.decimal(),
            currency: line.total.currency().code(),
            blanket: line.blanket,
        })
        .collect()
}
