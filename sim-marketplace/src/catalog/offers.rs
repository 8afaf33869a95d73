//! Private offers: a seller's terms for one listing, made to one buyer
//! account, valid until an expiry instant, revisable by the seller.
//!
//! The catalog is immutable; offers change (SPEC F10: a seller may move an
//! expiry or change terms while a requisition waits), so they live in an
//! [`OfferRegistry`], a small shared handle that the catalog seeds.

use std::{
    collections::BTreeMap,
    fmt,
    str::FromStr,
    sync::{Arc, Mutex, PoisonError},
};

use jiff::Timestamp;
use serde::{Deserialize, Serialize, Serializer};

use super::model::ListingId;
use crate::money::Money;

/// A buyer account on the marketplace, e.g. `acct-coupa-001`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct AccountId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an account id (1-64 lowercase letters, digits and dashes): {0:?}")]
pub struct BadAccountId(pub String);

impl FromStr for AccountId {
    type Err = BadAccountId;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let valid = (1..=64).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            Ok(AccountId(text.to_owned()))
        } else {
            Err(BadAccountId(text.chars().take(64).collect()))
        }
    }
}

/// The seeded buyer account connected to Coupa.
pub const SEEDED_COUPA_ACCOUNT: &str = "acct-coupa-001";
/// The seeded buyer account connected to Ariba.
pub const SEEDED_ARIBA_ACCOUNT: &str = "acct-ariba-001";

impl AccountId {
    /// For the crate's own seeded ids, which a test parses.
    pub(crate) fn seeded(id: &'static str) -> Self {
        AccountId(id.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which procurement system a buyer account buys through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcurementSystem {
    Coupa,
    Ariba,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BuyerAccount {
    pub id: AccountId,
    pub name: String,
    pub system: ProcurementSystem,
}

/// A private offer's id, shown as `offer-` and eight hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OfferId(u32);

impl OfferId {
    pub const fn from_raw(raw: u32) -> Self {
        OfferId(raw)
    }
}

impl fmt::Display for OfferId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "offer-{:08x}", self.0)
    }
}

impl FromStr for OfferId {
    type Err = ();

    /// `offer-` and eight lowercase hex digits, as [`OfferId`] displays.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let hex = text.strip_prefix("offer-").ok_or(())?;
        let canonical = hex.len() == 8
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !canonical {
            return Err(());
        }
        u32::from_str_radix(hex, 16).map(OfferId).map_err(|_| ())
    }
}

impl Serialize for OfferId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One payment of a flexible payment schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Installment {
    #[serde(serialize_with = "rfc3339")]
    pub due: Timestamp,
    pub amount: Money,
}

/// What the buyer agrees to pay under an offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OfferTerms {
    /// The whole contract value up front.
    UpfrontContract { duration_months: u8, amount: Money },
    /// A flexible payment schedule (SPEC F7).
    Fps(PaymentSchedule),
}

impl OfferTerms {
    /// Total contract value: the amount, or the sum of the installments.
    pub fn total(&self) -> Money {
        match self {
            OfferTerms::UpfrontContract { amount, .. } => *amount,
            OfferTerms::Fps(schedule) => schedule.total,
        }
    }
}

/// Installments in strictly increasing due order, all positive, in one
/// currency, whose total is known not to overflow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PaymentSchedule {
    installments: Vec<Installment>,
    total: Money,
}

impl PaymentSchedule {
    pub fn new(installments: Vec<Installment>) -> Result<Self, OfferError> {
        let increasing = installments.windows(2).all(|w| w[0].due < w[1].due);
        if !increasing {
            return Err(OfferError::BadSchedule("due dates must strictly increase"));
        }
        if installments.iter().any(|i| i.amount.ten_thousandths() <= 0) {
            return Err(OfferError::BadSchedule(
                "every installment must be positive",
            ));
        }
        let total = Money::sum(installments.iter().map(|i| i.amount)).ok_or(
            OfferError::BadSchedule("installments must be non-empty, in one currency"),
        )?;
        Ok(PaymentSchedule {
            installments,
            total,
        })
    }

    pub fn installments(&self) -> &[Installment] {
        &self.installments
    }

    pub fn total(&self) -> Money {
        self.total
    }
}

/// A seller's private terms for one listing, for one buyer account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrivateOffer {
    pub id: OfferId,
    pub listing: ListingId,
    pub account: AccountId,
    #[serde(serialize_with = "rfc3339")]
    pub expires_at: Timestamp,
    pub terms: OfferTerms,
    /// 1 when made; each revision adds one.
    pub revision: u32,
}

impl PrivateOffer {
    /// An offer can be accepted strictly before its expiry instant.
    pub fn is_expired_at(&self, now: Timestamp) -> bool {
        now >= self.expires_at
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfferError {
    #[error("no private offer {0}")]
    NotFound(OfferId),
    #[error("a revision must change the expiry or the terms")]
    NothingToRevise,
    #[error("invalid payment schedule: {0}")]
    BadSchedule(&'static str),
}

/// The marketplace's private offers: a cheap-to-clone handle; every clone
/// sees every revision. The lock is only held for map look-ups.
#[derive(Clone, Debug, Default)]
pub struct OfferRegistry {
    offers: Arc<Mutex<BTreeMap<OfferId, PrivateOffer>>>,
    /// Held by whoever changes offers together with their stored
    /// revisions (a revision from computing to installing, the reset from
    /// emptying the table to restoring the generated offers), so the two
    /// never disagree.
    changing: Arc<tokio::sync::Mutex<()>>,
}

impl OfferRegistry {
    pub fn new(offers: impl IntoIterator<Item = PrivateOffer>) -> Self {
        let offers = offers.into_iter().map(|offer| (offer.id, offer)).collect();
        OfferRegistry {
            offers: Arc::new(Mutex::new(offers)),
            changing: Arc::default(),
        }
    }

    /// Waits for any change of offers in progress and keeps others out
    /// while the guard lives.
    pub async fn changes(&self) -> tokio::sync::OwnedMutexGuard<()> {
        self.changing.clone().lock_owned().await
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<OfferId, PrivateOffer>> {
        self.offers.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces every offer with `offers` (the reset of all state).
    pub fn replace_all(&self, offers: impl IntoIterator<Item = PrivateOffer>) {
        *self.lock() = offers.into_iter().map(|offer| (offer.id, offer)).collect();
    }

    pub fn get(&self, id: OfferId) -> Option<PrivateOffer> {
        self.lock().get(&id).cloned()
    }

    /// The account's offers, by id.
    pub fn for_account(&self, account: &AccountId) -> Vec<PrivateOffer> {
        self.lock()
            .values()
            .filter(|offer| &offer.account == account)
            .cloned()
            .collect()
    }

    /// Every offer, by id.
    pub fn all(&self) -> Vec<PrivateOffer> {
        self.lock().values().cloned().collect()
    }

    /// What the seller's revision of offer `id` would make of it (a new
    /// expiry, new terms or both; the revision number one higher), without
    /// applying it: a revision takes effect through [`Self::install`] once
    /// it is stored.
    pub fn revision_of(
        &self,
        id: OfferId,
        new_expiry: Option<Timestamp>,
        new_terms: Option<OfferTerms>,
    ) -> Result<PrivateOffer, OfferError> {
        if new_expiry.is_none() && new_terms.is_none() {
            return Err(OfferError::NothingToRevise);
        }
        let mut offer = self.get(id).ok_or(OfferError::NotFound(id))?;
        if let Some(expiry) = new_expiry {
            offer.expires_at = expiry;
        }
        if let Some(terms) = new_terms {
            offer.terms = terms;
        }
        offer.revision += 1;
        Ok(offer)
    }

    /// Makes `revised` the offer its id names, unless the registry already
    /// holds that revision or a later one; says whether it did.
    pub fn install(&self, revised: PrivateOffer) -> bool {
        let mut offers = self.lock();
        match offers.get_mut(&revised.id) {
            Some(current) if current.revision < revised.revision => {
                *current = revised;
                true
            }
            _ => false,
        }
    }
}

fn rfc3339<S: Serializer>(at: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(at)
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;

    use super::*;

    fn at(days: i64) -> Timestamp {
        Timestamp::UNIX_EPOCH + SignedDuration::from_hours(24 * days)
    }

    fn offer() -> PrivateOffer {
        PrivateOffer {
            id: OfferId::from_raw(7),
            listing: ListingId::from_raw(1),
            account: "acct-coupa-001".parse().expect("valid"),
            expires_at: at(30),
            terms: OfferTerms::UpfrontContract {
                duration_months: 12,
                amount: Money::usd(1_000),
            },
            revision: 1,
        }
    }

    #[test]
    fn a_revision_shows_for_every_clone_once_installed() {
        let registry = OfferRegistry::new([offer()]);
        let seen_elsewhere = registry.clone();
        let revised = registry
            .revision_of(OfferId::from_raw(7), Some(at(10)), None)
            .expect("revised");
        assert_eq!(revised.revision, 2);
        assert_eq!(revised.expires_at, at(10));
        assert_eq!(registry.get(OfferId::from_raw(7)), Some(offer()));
        assert!(registry.install(revised.clone()));
        let again = seen_elsewhere
            .get(OfferId::from_raw(7))
            .expect("still there");
        assert_eq!(again, revised);
        assert!(again.is_expired_at(at(10)));
        assert!(!again.is_expired_at(at(9)));
    }

    #[test]
    fn an_older_or_unknown_revision_is_not_installed() {
        let registry = OfferRegistry::new([offer()]);
        let second = registry
            .revision_of(OfferId::from_raw(7), Some(at(10)), None)
            .expect("revised");
        assert!(registry.install(second.clone()));
        assert!(!registry.install(second.clone()));
        assert!(!registry.install(offer()));
        let stranger = PrivateOffer {
            id: OfferId::from_raw(8),
            ..second.clone()
        };
        assert!(!registry.install(stranger));
        assert_eq!(registry.all(), vec![second]);
    }

    #[test]
    fn revising_nothing_or_an_unknown_offer_fails_without_change() {
        let registry = OfferRegistry::new([offer()]);
        assert_eq!(
            registry.revision_of(OfferId::from_raw(7), None, None),
            Err(OfferError::NothingToRevise)
        );
        assert_eq!(
            registry.revision_of(OfferId::from_raw(8), Some(at(1)), None),
            Err(OfferError::NotFound(OfferId::from_raw(8)))
        );
        assert_eq!(registry.all(), vec![offer()]);
    }

    #[test]
    fn schedules_must_be_positive_increasing_and_non_empty() {
        let pay = |day, dollars| Installment {
            due: at(day),
            amount: Money::usd(dollars),
        };
        let schedule = PaymentSchedule::new(vec![pay(1, 100), pay(31, 250)]).expect("valid");
        assert_eq!(schedule.total(), Money::usd(350));
        assert!(PaymentSchedule::new(vec![]).is_err());
        assert!(PaymentSchedule::new(vec![pay(5, 100), pay(5, 100)]).is_err());
        assert!(PaymentSchedule::new(vec![pay(1, 0)]).is_err());
    }

    #[test]
    fn account_ids_are_checked() {
        for seeded in [SEEDED_COUPA_ACCOUNT, SEEDED_ARIBA_ACCOUNT] {
            assert_eq!(seeded.parse(), Ok(AccountId::seeded(seeded)));
        }
        assert!("Acct 1".parse::<AccountId>().is_err());
        assert!("".parse::<AccountId>().is_err());
    }

    #[test]
    fn offer_ids_round_trip_and_reject_near_misses() {
        let id = OfferId::from_raw(0x1a2b_3c4d);
        assert_eq!("offer-1a2b3c4d".parse(), Ok(id));
        for bad in [
            "offer-1A2B3C4D",
            "offer-1a2b3c4",
            "1a2b3c4d",
            "offer-+a2b3c4d",
            "",
        ] {
            assert!(bad.parse::<OfferId>().is_err(), "{bad:?}");
        }
    }
}
