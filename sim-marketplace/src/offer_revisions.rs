//! A seller's revision of a private offer (SPEC F10) is acknowledged only
//! once it is in the database: [`revise`] writes the offer as revised to
//! `offer_revisions` and only then lets the registry show it, and
//! [`replay`] puts the newest stored revision of every offer back into the
//! registry when the marketplace starts on an existing data dir. A restart
//! therefore never brings back an expiry or terms the seller replaced.

use jiff::Timestamp;
use rusqlite::params;
use serde::Deserialize;
use service_kit::{Clock, Store, StoreError};

use crate::{
    catalog::{
        Installment, OfferError, OfferId, OfferRegistry, OfferTerms, PaymentSchedule, PrivateOffer,
    },
    money::{Currency, Money},
};

#[derive(Debug, thiserror::Error)]
pub enum ReviseError {
    #[error(transparent)]
    Offer(#[from] OfferError),
    #[error(
        "offer {0} was revised elsewhere at the same moment; \
         look at it again and send your revision anew"
    )]
    Concurrent(OfferId),
    #[error("the revision cannot be written down")]
    Encode(#[source] serde_json::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a revision touches: the registry that shows the offers, the store
/// that keeps their revisions, and the clock that dates them. Cheap to
/// clone (handles).
#[derive(Clone, Debug)]
pub struct Revising {
    pub offers: OfferRegistry,
    pub store: Store,
    pub clock: Clock,
}

/// Revises offer `id` (a new expiry, new terms or both): stored first,
/// then shown. Nothing changes when it is refused. It runs as a task of
/// its own, so a client that goes away halfway cannot leave a stored
/// revision the registry does not show.
pub async fn revise(
    parts: Revising,
    id: OfferId,
    new_expiry: Option<Timestamp>,
    new_terms: Option<OfferTerms>,
) -> Result<PrivateOffer, ReviseError> {
    tokio::spawn(async move {
        let _no_other_change = parts.offers.changes().await;
        let revised = parts.offers.revision_of(id, new_expiry, new_terms)?;
        let row = StoredRevision::of(&revised, parts.clock.now())?;
        let stored = parts.store.call(move |conn| row.insert(conn)).await?;
        // Under the lock nothing else revises, so a taken key means the
        // table and the registry disagree (a revision stored by another
        // process on the same data dir): refuse rather than overwrite.
        if stored == 0 {
            return Err(ReviseError::Concurrent(id));
        }
        parts.offers.install(revised.clone());
        Ok(revised)
    })
    .await
    .map_err(|err| ReviseError::Store(StoreError::Task(err.to_string())))?
}

/// Puts each offer's newest stored revision into `offers`. A stored
/// revision of an offer the catalog does not have (a data dir made with
/// another seed or size) or that cannot be read is skipped with a warning.
pub fn replay(store: &Store, offers: &OfferRegistry) -> Result<usize, StoreError> {
    let rows = store.with(|conn| {
        let mut newest = conn.prepare(
            "SELECT offer_id, revision, expires_at, terms FROM offer_revisions AS r \
             WHERE revision = (SELECT MAX(revision) FROM offer_revisions \
                               WHERE offer_id = r.offer_id) \
             ORDER BY offer_id",
        )?;
        let rows = newest
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, u32>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    })?;
    let mut replayed = 0;
    for (offer_id, revision, expires_at, terms) in rows {
        match restore(offers, &offer_id, revision, &expires_at, &terms) {
            Ok(()) => replayed += 1,
            Err(why) => {
                tracing::warn!(offer = %offer_id, revision, "stored revision skipped: {why}")
            }
        }
    }
    Ok(replayed)
}

fn restore(
    offers: &OfferRegistry,
    offer_id: &str,
    revision: u32,
    expires_at: &str,
    terms: &str,
) -> Result<(), String> {
    let id: OfferId = offer_id
        .parse()
        .map_err(|()| "not an offer id".to_owned())?;
    let mut offer = offers
        .get(id)
        .ok_or("the catalog has no such offer (another seed or size?)")?;
    offer.expires_at = expires_at
        .parse()
        .map_err(|e| format!("expiry {expires_at:?}: {e}"))?;
    offer.terms = read_terms(terms)?;
    offer.revision = revision;
    offers.install(offer);
    Ok(())
}

/// One row of `offer_revisions`.
struct StoredRevision {
    offer_id: String,
    revision: u32,
    listing_id: String,
    account_id: String,
    expires_at: Timestamp,
    terms: String,
    revised_at: Timestamp,
}

impl StoredRevision {
    fn of(offer: &PrivateOffer, now: Timestamp) -> Result<Self, ReviseError> {
        Ok(StoredRevision {
            offer_id: offer.id.to_string(),
            revision: offer.revision,
            listing_id: offer.listing.to_string(),
            account_id: offer.account.to_string(),
            expires_at: offer.expires_at,
            // The terms as the API shows them; `read_terms` reads them back.
            terms: serde_json::to_string(&offer.terms).map_err(ReviseError::Encode)?,
            revised_at: now,
        })
    }
}

impl StoredRevision {
    /// Adds the row unless its (offer, revision) is taken; gives the
    /// number of rows added.
    fn insert(&self, conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
        conn.execute(
            "INSERT OR IGNORE INTO offer_revisions \
             (offer_id, revision, listing_id, account_id, expires_at, terms, revised_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                self.offer_id,
                self.revision,
                self.listing_id,
                self.account_id,
                self.expires_at.to_string(),
                self.terms,
                self.revised_at.to_string()
            ],
        )
    }
}

/// The JSON `OfferTerms` serialises to, read back.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum TermsJson {
    UpfrontContract {
        duration_months: u8,
        amount: MoneyJson,
    },
    Fps {
        installments: Vec<InstallmentJson>,
    },
}

#[derive(Deserialize)]
struct MoneyJson {
    amount: String,
    currency: String,
}

#[derive(Deserialize)]
struct InstallmentJson {
    due: String,
    amount: MoneyJson,
}

impl MoneyJson {
    fn money(&self) -> Result<Money, String> {
        let currency = match self.currency.as_str() {
            "USD" => Currency::Usd,
            other => return Err(format!("unknown currency {other:?}")),
        };
        Money::parse_decimal(currency, &self.amount)
            .ok_or_else(|| format!("amount {:?}", self.amount))
    }
}

fn read_terms(json: &str) -> Result<OfferTerms, String> {
    let terms: TermsJson = serde_json::from_str(json).map_err(|e| format!("terms: {e}"))?;
    Ok(match terms {
        TermsJson::UpfrontContract {
            duration_months,
            amount,
        } => OfferTerms::UpfrontContract {
            duration_months,
            amount: amount.money()?,
        },
        TermsJson::Fps { installments } => {
            let installments = installments
                .iter()
                .map(|i| {
                    Ok(Installment {
                        due: i.due.parse().map_err(|e| format!("due {:?}: {e}", i.due))?,
                        amount: i.amount.money()?,
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            OfferTerms::Fps(PaymentSchedule::new(installments).map_err(|e| e.to_string())?)
        }
    })
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;

    use super::*;
    use crate::{Marketplace, MarketplaceConfig, catalog::CatalogSize};

    /// A small marketplace in memory; no mail is sent here.
    fn marketplace() -> Marketplace {
        let config = MarketplaceConfig {
            catalog_size: CatalogSize {
                listings: 200,
                categories: 4,
                sellers: 20,
            },
            ..MarketplaceConfig::new("http://127.0.0.1:9", ([127, 0, 0, 1], 9).into())
        };
        Marketplace::new(&config, Clock::starting_at(Timestamp::UNIX_EPOCH)).expect("marketplace")
    }

    fn stored_revisions(marketplace: &Marketplace, id: OfferId) -> Vec<u32> {
        marketplace
            .store()
            .with(|db| {
                db.prepare(
                    "SELECT revision FROM offer_revisions WHERE offer_id = ?1 ORDER BY revision",
                )?
                .query_map([id.to_string()], |row| row.get(0))?
                .collect()
            })
            .expect("read")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_revisions_each_get_their_own_number() {
        let marketplace = marketplace();
        let id = marketplace.offers().all()[0].id;
        let revisions: Vec<_> = (1..=8)
            .map(|day| {
                let marketplace = marketplace.clone();
                tokio::spawn(async move {
                    revise(marketplace.revising(), id, Some(at(day)), None).await
                })
            })
            .collect();
        let mut numbers = Vec::new();
        for revision in revisions {
            numbers.push(revision.await.expect("task").expect("revised").revision);
        }
        numbers.sort_unstable();
        assert_eq!(numbers, (2..=9).collect::<Vec<_>>());
        assert_eq!(stored_revisions(&marketplace, id), numbers);
        assert_eq!(marketplace.offers().get(id).map(|o| o.revision), Some(9));
    }

    #[tokio::test]
    async fn a_revision_already_stored_elsewhere_is_refused_and_changes_nothing() {
        let marketplace = marketplace();
        let before = marketplace.offers().all()[0].clone();
        let taken = StoredRevision::of(
            &PrivateOffer {
                revision: 2,
                ..before.clone()
            },
            at(0),
        )
        .expect("row");
        let added = marketplace
            .store()
            .with(|db| taken.insert(db))
            .expect("inserted");
        assert_eq!(added, 1);
        let refused = revise(marketplace.revising(), before.id, Some(at(3)), None).await;
        assert!(matches!(refused, Err(ReviseError::Concurrent(id)) if id == before.id));
        assert_eq!(marketplace.offers().get(before.id), Some(before));
    }

    fn at(days: i64) -> Timestamp {
        Timestamp::UNIX_EPOCH + SignedDuration::from_hours(24 * days)
    }

    #[test]
    fn terms_read_back_as_written() {
        let schedule = PaymentSchedule::new(vec![
            Installment {
                due: at(1),
                amount: Money::usd_cents(123_456),
            },
            Installment {
                due: at(366),
                amount: Money::from_ten_thousandths(Currency::Usd, 50_001),
            },
        ])
        .expect("valid");
        for terms in [
            OfferTerms::UpfrontContract {
                duration_months: 36,
                amount: Money::usd(90_000),
            },
            OfferTerms::Fps(schedule),
        ] {
            let json = serde_json::to_string(&terms).expect("serialises");
            assert_eq!(read_terms(&json), Ok(terms), "{json}");
        }
    }

    #[test]
    fn unreadable_terms_are_refused_not_guessed() {
        for bad in [
            "",
            r#"{"kind":"barter"}"#,
            r#"{"kind":"upfront_contract","duration_months":12,"amount":{"amount":"1,5","currency":"USD"}}"#,
            r#"{"kind":"upfront_contract","duration_months":12,"amount":{"amount":"1.50","currency":"EUR"}}"#,
            r#"{"kind":"fps","installments":[]}"#,
        ] {
            assert!(read_terms(bad).is_err(), "{bad}");
        }
    }
}
