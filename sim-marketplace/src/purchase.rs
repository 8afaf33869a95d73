//! A purchase option named by its key, as it travels in forms and in cXML
//! (`SupplierPartAuxiliaryID`): a contract dimension key (`standard-12m`),
//! the hourly usage of an annual one (`basic-12m.usage`), `payg`, `free`,
//! `byol`, or a private offer with its revision
//! (`offer-1a2b3c4d.r2`). Resolving a key checks everything an order needs:
//! the option exists, an offer belongs to the account, has not expired on
//! the simulated clock and is still at that revision (SPEC F5, F10) and,
//! on the [`Route::Procurement`] route, that a procurement system may buy
//! the product at all (SPEC F11). Every product may be bought directly.

use jiff::Timestamp;

use crate::{
    cart_line::{
        ANNUAL_USAGE_SUFFIX, CartLine, CartLineError, Purchase, PurchaseOption, annual_usage_key,
        cart_line,
    },
    catalog::{AccountId, Catalog, Listing, ListingId, OfferId, OfferRegistry, Pricing},
};

/// How a purchase reaches the marketplace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Through a buyer's procurement system: a punchout cart, then an
    /// OrderRequest. Only the products SPEC F11 admits.
    Procurement,
    /// Subscribed in the marketplace itself, outside any procurement
    /// system (the storefront's Subscribe, the instance-launch console).
    Direct,
}

/// What is for sale at one instant: the catalog, the private offers as
/// revised so far, and the simulated now their expiry is judged at.
#[derive(Clone, Copy, Debug)]
pub struct ForSale<'a> {
    pub catalog: &'a Catalog,
    pub offers: &'a OfferRegistry,
    pub now: Timestamp,
}

/// Why a listing and option cannot be bought; the text names both.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PurchaseError {
    #[error("item {0}: no such product")]
    UnknownListing(String),
    #[error("item {listing}: this product cannot be bought through a procurement system. {reason}")]
    Unsupported {
        listing: String,
        reason: &'static str,
    },
    #[error("item {listing}: unknown purchase option {option:?}")]
    UnknownOption { listing: String, option: String },
    #[error("item {listing}: private offer {offer} was not made to this account")]
    NotYourOffer { listing: String, offer: String },
    #[error("item {listing}: private offer {offer} has expired")]
    OfferExpired { listing: String, offer: String },
    #[error(
        "item {listing}: private offer {offer} was revised (revision {current}, the order has {ordered}); punch out again for the current terms"
    )]
    OfferRevised {
        listing: String,
        offer: String,
        ordered: u32,
        current: u32,
    },
    #[error("item {listing}: {source}")]
    Line {
        listing: String,
        source: CartLineError,
    },
}

impl ForSale<'_> {
    /// The cart line for `option_key` on `listing_id`, bought by `account`
    /// along `route`.
    pub fn resolve(
        &self,
        route: Route,
        account: &AccountId,
        listing_id: &str,
        option_key: &str,
    ) -> Result<(Listing, CartLine), PurchaseError> {
        let listing_id = listing_id.trim();
        let listing = listing_id
            .parse::<ListingId>()
            .ok()
            .and_then(|id| self.catalog.listing(id))
            .ok_or_else(|| PurchaseError::UnknownListing(listing_id.to_owned()))?;
        let name = listing.id.to_string();
        if route == Route::Procurement
            && let Some(reason) = listing.product_type.procurement_refusal()
        {
            return Err(PurchaseError::Unsupported {
                listing: name,
                reason,
            });
        }
        let key = option_key.trim();
        let unknown = || PurchaseError::UnknownOption {
            listing: name.clone(),
            option: key.to_owned(),
        };
        let line = |option| {
            cart_line(Purchase { listing, option }).map_err(|source| match source {
                CartLineError::OptionNotOffered { .. }
                | CartLineError::OfferForOtherListing { .. } => unknown(),
                source => PurchaseError::Line {
                    listing: name.clone(),
                    source,
                },
            })
        };
        let result = match key {
            "payg" => line(PurchaseOption::Usage),
            "free" if listing.pricing == Pricing::Free => line(PurchaseOption::NoCharge),
            "byol" if listing.pricing == Pricing::Byol => line(PurchaseOption::NoCharge),
            "free" | "byol" => Err(unknown()),
            _ if key.starts_with("offer-") => {
                let (id, revision) = parse_offer_key(key).ok_or_else(unknown)?;
                let offer = self.offers.get(id).ok_or_else(unknown)?;
                let offer_name = offer.id.to_string();
                if &offer.account != account {
                    return Err(PurchaseError::NotYourOffer {
                        listing: name,
                        offer: offer_name,
                    });
                }
                if offer.is_expired_at(self.now) {
                    return Err(PurchaseError::OfferExpired {
                        listing: name,
                        offer: offer_name,
                    });
                }
                if offer.revision != revision {
                    return Err(PurchaseError::OfferRevised {
                        listing: name,
                        offer: offer_name,
                        ordered: revision,
                        current: offer.revision,
                    });
                }
                line(PurchaseOption::Offer(&offer))
            }
            _ if key.ends_with(ANNUAL_USAGE_SUFFIX) => line(PurchaseOption::AnnualUsage {
                dimension_key: key.strip_suffix(ANNUAL_USAGE_SUFFIX).unwrap_or(key),
            }),
            _ => line(PurchaseOption::Contract { dimension_key: key }),
        };
        Ok((listing.clone(), result?))
    }

    /// Every option the account may pick on `listing` along `route`, with
    /// its cart line: public pricing first, then the account's live
    /// private offers.
    pub fn options(
        &self,
        route: Route,
        account: Option<&AccountId>,
        listing: &Listing,
    ) -> Vec<CartLine> {
        let mut keys: Vec<String> = match &listing.pricing {
            Pricing::UpfrontContract { dimensions } => dimensions.iter().map(|d| d.key()).collect(),
            Pricing::AnnualWithHourly { annual, .. } => annual
                .iter()
                .flat_map(|d| [d.key(), annual_usage_key(&d.key())])
                .collect(),
            Pricing::Payg { .. } => vec!["payg".into()],
            Pricing::Free => vec!["free".into()],
            Pricing::Byol => vec!["byol".into()],
        };
        if let Some(account) = account {
            keys.extend(
                self.offers
                    .for_account(account)
                    .into_iter()
                    .filter(|offer| offer.listing == listing.id && !offer.is_expired_at(self.now))
                    .map(|offer| format!("{}.r{}", offer.id, offer.revision)),
            );
        }
        let Some(account) = account.cloned().or_else(|| "anonymous".parse().ok()) else {
            return Vec::new();
        };
        keys.iter()
            .filter_map(|key| {
                self.resolve(route, &account, &listing.id.to_string(), key)
                    .ok()
            })
            .map(|(_, line)| line)
            .collect()
    }
}

/// `offer-1a2b3c4d.r2` → the offer id and revision 2.
pub(crate) fn parse_offer_key(key: &str) -> Option<(OfferId, u32)> {
    let (offer, revision) = key.split_once(".r")?;
    Some((offer.parse().ok()?, revision.parse().ok()?))
}
