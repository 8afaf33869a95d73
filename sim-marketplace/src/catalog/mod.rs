//! The marketplace's catalog: listings, categories, sellers, seeded buyer
//! accounts and their initial private offers, all generated from a seed.
//!
//! A [`Catalog`] is immutable once generated and cheap to share behind an
//! `Arc`; listings are kept sorted by id so look-ups are a binary search and
//! "by id" is also "by position". Offers change over time, so they are
//! handed to an [`OfferRegistry`] (see [`offers`]).

mod generate;
pub mod model;
pub mod offers;
pub mod pricing;
mod vocabulary;

use std::hash::Hasher;

use jiff::Timestamp;
use serde::Serialize;

pub use model::{
    AmiModel, BadListingId, Category, CategoryId, ContainerModel, Listing, ListingId,
    ProductFamily, ProductType, SaasModel, Seller, SellerId,
};
pub use offers::{
    AccountId, BuyerAccount, Installment, OfferError, OfferId, OfferRegistry, OfferTerms,
    PaymentSchedule, PrivateOffer, ProcurementSystem, SEEDED_ARIBA_ACCOUNT, SEEDED_COUPA_ACCOUNT,
};
pub use pricing::{ContractDimension, Pricing, Tier, UsageDimension, UsageUnit};

/// How many of each thing to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CatalogSize {
    pub listings: usize,
    pub categories: usize,
    pub sellers: usize,
}

impl CatalogSize {
    /// The most categories there are names for.
    pub const MAX_CATEGORIES: usize = vocabulary::CATEGORY_NAMES.len();
}

impl Default for CatalogSize {
    /// SPEC section 2: 10,000 listings in 50 categories from 1,600 sellers.
    fn default() -> Self {
        CatalogSize {
            listings: 10_000,
            categories: 50,
            sellers: 1_600,
        }
    }
}

/// Everything a catalog is a function of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CatalogConfig {
    pub seed: u64,
    pub size: CatalogSize,
    /// The instant offer expiries and installment dates are counted from.
    pub epoch: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("a catalog needs 1 to {max} categories, not {0}", max = CatalogSize::MAX_CATEGORIES)]
    Categories(usize),
    #[error("a catalog needs 1 to 65535 sellers, not {0}")]
    Sellers(usize),
    #[error("a catalog needs 1 to 1,000,000 listings, not {0}")]
    Listings(usize),
}

/// A generated, immutable catalog.
#[derive(Debug, Serialize)]
pub struct Catalog {
    seed: u64,
    #[serde(serialize_with = "rfc3339")]
    epoch: Timestamp,
    categories: Vec<Category>,
    sellers: Vec<Seller>,
    listings: Vec<Listing>,
    accounts: Vec<BuyerAccount>,
    offers: Vec<PrivateOffer>,
}

impl Catalog {
    /// Generates the catalog for `config`: the same config gives the same
    /// catalog, byte for byte, on every run and platform.
    pub fn generate(config: &CatalogConfig) -> Result<Self, CatalogError> {
        let size = config.size;
        if !(1..=CatalogSize::MAX_CATEGORIES).contains(&size.categories) {
            return Err(CatalogError::Categories(size.categories));
        }
        if !(1..=usize::from(u16::MAX)).contains(&size.sellers) {
            return Err(CatalogError::Sellers(size.sellers));
        }
        if !(1..=1_000_000).contains(&size.listings) {
            return Err(CatalogError::Listings(size.listings));
        }
        Ok(generate::generate(config))
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn epoch(&self) -> Timestamp {
        self.epoch
    }

    /// Every listing, sorted by id.
    pub fn listings(&self) -> &[Listing] {
        &self.listings
    }

    /// Where the listing sits in [`Catalog::listings`].
    pub fn position(&self, id: ListingId) -> Option<usize> {
        self.listings.binary_search_by_key(&id, |l| l.id).ok()
    }

    pub fn listing(&self, id: ListingId) -> Option<&Listing> {
        self.position(id).map(|at| &self.listings[at])
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    pub fn category(&self, id: CategoryId) -> Option<&Category> {
        self.categories.get(usize::from(id.0))
    }

    pub fn category_by_slug(&self, slug: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.slug == slug)
    }

    pub fn sellers(&self) -> &[Seller] {
        &self.sellers
    }

    pub fn seller(&self, id: SellerId) -> Option<&Seller> {
        self.sellers.get(usize::from(id.0))
    }

    /// Who sells the listing `id`.
    pub fn seller_of(&self, id: ListingId) -> Option<&Seller> {
        self.listing(id)
            .and_then(|listing| self.seller(listing.seller))
    }

    /// The seeded buyer accounts (one connected to Coupa, one to Ariba).
    pub fn accounts(&self) -> &[BuyerAccount] {
        &self.accounts
    }

    /// The private offers as generated; use an [`OfferRegistry`] built from
    /// them for anything that may be revised.
    pub fn initial_offers(&self) -> &[PrivateOffer] {
        &self.offers
    }

    /// A 64-bit FNV-1a digest of the catalog's canonical JSON form: equal
    /// digests mean byte-identical catalogs (for tests and the dashboard).
    pub fn fingerprint(&self) -> u64 {
        let mut hasher = Fnv1a::default();
        // Writing into a hasher cannot fail, and the model serialises
        // without maps or non-string keys, so neither can serialisation.
        let _ = serde_json::to_writer(HashWriter(&mut hasher), self);
        hasher.finish()
    }
}

fn rfc3339<S: serde::Serializer>(at: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(at)
}

/// FNV-1a, 64 bits: tiny, fixed forever and the same on every platform,
/// unlike `std`'s `DefaultHasher`, whose algorithm may change.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

struct HashWriter<'h>(&'h mut Fnv1a);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
