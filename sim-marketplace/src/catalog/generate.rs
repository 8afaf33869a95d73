//! Generates a catalog from a seed with the `fake` crate.
//!
//! Determinism: one ChaCha8 stream (a generator documented as reproducible
//! across platforms and releases) seeded from the seed drives every choice,
//! in a fixed order, with no hash-map iteration anywhere; the `fake`
//! version is pinned by Cargo.lock. The golden fingerprint test in
//! `tests/catalog.rs` catches any drift.

use std::collections::HashSet;

use fake::{
    Fake,
    faker::company::en::CompanyName,
    rand::{RngExt, SeedableRng, rngs::ChaCha8Rng, seq::IndexedRandom},
};
use jiff::{SignedDuration, Timestamp};

use super::vocabulary::{CATEGORY_NAMES, description, product_name, slug};
use super::{
    Catalog, CatalogConfig, CatalogSize,
    model::{
        AmiModel, Category, CategoryId, ContainerModel, Listing, ListingId, ProductFamily,
        ProductType, SaasModel, Seller, SellerId,
    },
    offers::{
        AccountId, BuyerAccount, Installment, OfferId, OfferTerms, PaymentSchedule, PrivateOffer,
        ProcurementSystem, SEEDED_ARIBA_ACCOUNT, SEEDED_COUPA_ACCOUNT,
    },
    pricing::{ContractDimension, Pricing, Tier, UsageDimension, UsageUnit},
};
use crate::money::{Currency, Money};

pub(super) type Rng = ChaCha8Rng;

/// The seeded buyer accounts: one per procurement system.
const SEEDED_ACCOUNTS: [(&str, &str, ProcurementSystem); 2] = [
    (
        SEEDED_COUPA_ACCOUNT,
        "Acme Robotics",
        ProcurementSystem::Coupa,
    ),
    (
        SEEDED_ARIBA_ACCOUNT,
        "Globex Manufacturing",
        ProcurementSystem::Ariba,
    ),
];

/// Private offers per seeded account: alternately upfront and FPS.
const OFFERS_PER_ACCOUNT: usize = 4;

pub(super) fn generate(config: &CatalogConfig) -> Catalog {
    let mut rng = Rng::seed_from_u64(config.seed);
    let categories = categories(config.size.categories);
    let sellers = sellers(&mut rng, config.size.sellers);
    let mut listings = listings(&mut rng, &config.size);
    listings.sort_by_key(|listing| listing.id);
    let accounts = seeded_accounts();
    let offers = offers(&mut rng, &listings, &accounts, config.epoch);
    Catalog {
        seed: config.seed,
        epoch: config.epoch,
        categories,
        sellers,
        listings,
        accounts,
        offers,
    }
}

fn categories(count: usize) -> Vec<Category> {
    CATEGORY_NAMES
        .iter()
        .take(count)
        .zip(0u16..)
        .map(|(name, id)| Category {
            id: CategoryId(id),
            slug: slug(name),
            name: (*name).to_owned(),
        })
        .collect()
}

fn sellers(rng: &mut Rng, count: usize) -> Vec<Seller> {
    let mut taken = HashSet::with_capacity(count);
    (0u16..)
        .take(count)
        .map(|id| {
            let mut name: String = CompanyName().fake_with_rng(rng);
            // fake's surname pool is finite: after a few clashes, number it.
            for attempt in 2.. {
                if !taken.contains(&name) {
                    break;
                }
                name = if attempt < 8 {
                    CompanyName().fake_with_rng(rng)
                } else {
                    format!("{name} {attempt}")
                };
            }
            taken.insert(name.clone());
            Seller {
                id: SellerId(id),
                name,
            }
        })
        .collect()
}

/// Listings in generation order. The first ones go round-robin through
/// every category and seller so that each has at least one listing.
fn listings(rng: &mut Rng, size: &CatalogSize) -> Vec<Listing> {
    let mut ids = HashSet::with_capacity(size.listings);
    (0..size.listings)
        .map(|n| {
            let id = loop {
                let raw: u32 = rng.random();
                if ids.insert(raw) {
                    break ListingId::from_raw(raw);
                }
            };
            let category = spread(rng, n, size.categories);
            let seller = spread(rng, n, size.sellers);
            listing(rng, id, CategoryId(category), SellerId(seller))
        })
        .collect()
}

/// `n` while it is below `count`, a random index below `count` after.
fn spread(rng: &mut Rng, n: usize, count: usize) -> u16 {
    let index = if n < count {
        n
    } else {
        rng.random_range(0..count)
    };
    // Callers keep counts within u16 (checked by `Catalog::generate`).
    u16::try_from(index).unwrap_or(u16::MAX)
}

fn listing(rng: &mut Rng, id: ListingId, category: CategoryId, seller: SellerId) -> Listing {
    let product_type = product_type(rng);
    let pricing = pricing(rng, product_type);
    let name = product_name(rng, product_type.family());
    let short_description = description(rng);
    let free_trial = !matches!(pricing, Pricing::Free | Pricing::Byol)
        && !matches!(
            product_type.family(),
            ProductFamily::ProfessionalServices | ProductFamily::Data
        )
        && rng.random_ratio(1, 4);
    Listing {
        id,
        name,
        short_description,
        category,
        seller,
        product_type,
        pricing,
        free_trial,
    }
}

fn product_type(rng: &mut Rng) -> ProductType {
    match rng.random_range(0..100u32) {
        0..25 => ProductType::Saas(SaasModel::Subscription),
        25..50 => ProductType::Saas(SaasModel::Contract),
        50..62 => ProductType::Ami(AmiModel::Hourly),
        62..68 => ProductType::Ami(AmiModel::Annual),
        68..72 => ProductType::Ami(AmiModel::Contract),
        72..80 => ProductType::Container(ContainerModel::Hourly),
        80..84 => ProductType::Container(ContainerModel::Contract),
        84..92 => ProductType::ProfessionalServices,
        _ => ProductType::Data,
    }
}

fn pricing(rng: &mut Rng, product_type: ProductType) -> Pricing {
    let roll = rng.random_range(0..100u32);
    match product_type {
        ProductType::Saas(SaasModel::Subscription) => Pricing::Payg {
            dimensions: usage_dimensions(rng, ProductFamily::Saas),
        },
        ProductType::Ami(AmiModel::Hourly) | ProductType::Container(ContainerModel::Hourly) => {
            match roll {
                0..15 => Pricing::Free,
                15..30 => Pricing::Byol,
                _ => Pricing::Payg {
                    dimensions: usage_dimensions(rng, product_type.family()),
                },
            }
        }
        ProductType::Ami(AmiModel::Annual) => Pricing::AnnualWithHourly {
            hourly: usage_dimensions(rng, ProductFamily::Ami),
            annual: contract_dimensions(rng, &[12]),
        },
        ProductType::Data if roll < 40 => Pricing::Free,
        ProductType::ProfessionalServices => Pricing::UpfrontContract {
            dimensions: contract_dimensions(rng, &[1, 3, 6]),
        },
        _ => Pricing::UpfrontContract {
            dimensions: contract_dimensions(rng, &[12, 24, 36]),
        },
    }
}

/// One to three tiers in increasing order, each for one of `months`.
fn contract_dimensions(rng: &mut Rng, months: &[u8]) -> Vec<ContractDimension> {
    let count = rng.random_range(1..=3usize);
    let first = rng.random_range(0..=Tier::ALL.len() - count);
    let base_hundreds = rng.random_range(10..=500i64);
    Tier::ALL[first..first + count]
        .iter()
        .zip(1i64..)
        .map(|(&tier, step)| {
            let duration_months = months.choose(rng).copied().unwrap_or(12);
            let years_or_part = i64::from(duration_months).max(12) / 12;
            ContractDimension {
                tier,
                duration_months,
                price: Money::usd(base_hundreds * 100 * step * years_or_part),
            }
        })
        .collect()
}

fn usage_dimensions(rng: &mut Rng, family: ProductFamily) -> Vec<UsageDimension> {
    let units: &[UsageUnit] = match family {
        ProductFamily::Ami | ProductFamily::Container => {
            &[UsageUnit::InstanceHours, UsageUnit::Hosts]
        }
        _ => &[
            UsageUnit::UserHours,
            UsageUnit::ThousandRequests,
            UsageUnit::Gigabytes,
        ],
    };
    let count = rng.random_range(1..=units.len());
    units[..count]
        .iter()
        .map(|&unit| UsageDimension {
            unit,
            unit_price: Money::from_ten_thousandths(Currency::Usd, rng.random_range(1..=50_000)),
        })
        .collect()
}

fn seeded_accounts() -> Vec<BuyerAccount> {
    SEEDED_ACCOUNTS
        .iter()
        .map(|&(id, name, system)| BuyerAccount {
            id: AccountId::seeded(id),
            name: name.to_owned(),
            system,
        })
        .collect()
}

/// A handful of private offers per seeded account, on SaaS listings.
fn offers(
    rng: &mut Rng,
    listings: &[Listing],
    accounts: &[BuyerAccount],
    epoch: Timestamp,
) -> Vec<PrivateOffer> {
    let saas: Vec<&Listing> = listings
        .iter()
        .filter(|l| l.product_type.family() == ProductFamily::Saas)
        .collect();
    let mut ids = HashSet::new();
    let mut offers = Vec::new();
    for account in accounts {
        let chosen = saas.sample(rng, OFFERS_PER_ACCOUNT.min(saas.len()));
        for (n, listing) in chosen.enumerate() {
            let id = loop {
                let raw: u32 = rng.random();
                if ids.insert(raw) {
                    break OfferId::from_raw(raw);
                }
            };
            let expires_at = days_after(epoch, rng.random_range(14..=90));
            offers.push(PrivateOffer {
                id,
                listing: listing.id,
                account: account.id.clone(),
                expires_at,
                terms: offer_terms(rng, n % 2 == 1, epoch),
                revision: 1,
            });
        }
    }
    offers.sort_by_key(|offer| offer.id);
    offers
}

fn offer_terms(rng: &mut Rng, fps: bool, epoch: Timestamp) -> OfferTerms {
    // An odd number of cents, so that splitting it is not trivially even.
    let total_cents = rng.random_range(120..=2_400i64) * 10_000 + rng.random_range(1..100i64);
    if !fps {
        return OfferTerms::UpfrontContract {
            duration_months: 12,
            amount: Money::usd_cents(total_cents),
        };
    }
    let count = rng.random_range(3..=4i64);
    let share = total_cents / count;
    let installments = (0..count)
        .map(|n| Installment {
            due: days_after(epoch, 30 + 90 * n),
            // The last installment takes the remainder: the sum is exact.
            amount: Money::usd_cents(if n == count - 1 {
                total_cents - share * (count - 1)
            } else {
                share
            }),
        })
        .collect();
    match PaymentSchedule::new(installments) {
        Ok(schedule) => OfferTerms::Fps(schedule),
        // Unreachable by construction (positive, increasing); fall back to
        // the same value up front rather than panic.
        Err(_) => OfferTerms::UpfrontContract {
            duration_months: 12,
            amount: Money::usd_cents(total_cents),
        },
    }
}

fn days_after(epoch: Timestamp, days: i64) -> Timestamp {
    epoch
        .saturating_add(SignedDuration::from_hours(24 * days))
        .unwrap_or(epoch)
}
