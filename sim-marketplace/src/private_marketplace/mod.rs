//! Private Marketplace (SPEC F13): an account setting that, when enabled,
//! limits what the account's people see and buy to its admin's list of
//! pre-approved listings — in the storefront of its punchout sessions
//! (home, categories, search, product pages, "Request approval"), in Open
//! Buy search, in the orders it sends, and in every direct subscription
//! of its signed-in users (Subscribe, the instance-launch console), whose
//! product pages say so. When disabled, or for a browser outside any
//! punchout session, the whole catalog is visible.
//!
//! [`store`] keeps the setting in the marketplace database; the admin page
//! and the admin API change it (admins only, like the F15 settings), and
//! each change asked for is recorded in the account's settings history
//! ([`save`]).

pub mod store;

use std::{
    collections::{BTreeSet, HashSet},
    sync::Arc,
};

use service_kit::{Store, StoreError};

use crate::{
    accounts::{
        changes::{self, Asked},
        view::Asker,
    },
    catalog::{AccountId, Catalog, ListingId},
};

/// The most listings one account may approve (the default catalog's size).
pub const MAX_APPROVED: usize = 10_000;

/// One account's setting: on or off, and its approved listings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrivateMarketplace {
    pub enabled: bool,
    pub approved: BTreeSet<ListingId>,
}

/// Why a requested setting was refused; nothing is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    #[error("{0:?} is not a listing id (expected prod- and eight hex digits)")]
    BadId(String),
    #[error("no listing {0} in the catalog")]
    UnknownListing(String),
    #[error("at most {MAX_APPROVED} listings can be approved")]
    TooMany,
}

impl PrivateMarketplace {
    /// The setting an admin asks for: every id must name a listing of
    /// `catalog` (duplicates collapse).
    pub fn requested(
        enabled: bool,
        ids: impl IntoIterator<Item = impl AsRef<str>>,
        catalog: &Catalog,
    ) -> Result<Self, SettingError> {
        let mut approved = BTreeSet::new();
        for id in ids {
            approved.insert(known_listing(id.as_ref(), catalog)?);
            if approved.len() > MAX_APPROVED {
                return Err(SettingError::TooMany);
            }
        }
        Ok(PrivateMarketplace { enabled, approved })
    }

    /// What the account may see under this setting.
    pub fn visibility(&self) -> Visibility {
        if self.enabled {
            Visibility::Only(Arc::new(self.approved.iter().copied().collect()))
        } else {
            Visibility::All
        }
    }
}

/// `text` as the id of a listing in `catalog`.
pub fn known_listing(text: &str, catalog: &Catalog) -> Result<ListingId, SettingError> {
    let text = text.trim();
    let id = text
        .parse::<ListingId>()
        .map_err(|_| SettingError::BadId(text.chars().take(40).collect()))?;
    catalog
        .listing(id)
        .map(|listing| listing.id)
        .ok_or_else(|| SettingError::UnknownListing(id.to_string()))
}

/// What one account may see: everything, or only its approved listings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Visibility {
    All,
    Only(Arc<HashSet<ListingId>>),
}

impl Visibility {
    pub fn admits(&self, id: ListingId) -> bool {
        match self {
            Visibility::All => true,
            Visibility::Only(ids) => ids.contains(&id),
        }
    }

    /// Whether a listing named by text is admitted; text that is no listing
    /// id is admitted here and refused by the purchase checks as unknown.
    pub fn admits_text(&self, listing: &str) -> bool {
        listing
            .trim()
            .parse::<ListingId>()
            .map_or(true, |id| self.admits(id))
    }

    /// The search filter this visibility needs (`None`: no restriction).
    pub fn only_ids(&self) -> Option<&HashSet<ListingId>> {
        match self {
            Visibility::All => None,
            Visibility::Only(ids) => Some(ids),
        }
    }

    pub fn is_private(&self) -> bool {
        matches!(self, Visibility::Only(_))
    }
}

/// What `account` may see now, read from `db`.
pub async fn visibility(db: &Store, account: &AccountId) -> Result<Visibility, StoreError> {
    let id = account.to_string();
    let setting = db.call(move |db| store::get(db, &id)).await?;
    Ok(setting.visibility())
}

/// What the settings history records of `setting`, asked for.
pub fn asked(setting: &PrivateMarketplace) -> Asked {
    Asked::PrivateMarketplace {
        private_marketplace: setting.enabled,
        approved_listings: setting.approved.iter().map(ToString::to_string).collect(),
    }
}

/// Stores `setting` for `account` unless there is a `refusal`, and records
/// the change in the account's settings history either way (refused, what
/// was asked is `setting`), in one transaction: the dashboard's F13
/// walkthrough sees the Private Marketplace turned on and off there.
pub async fn save(
    db: &Store,
    account: &AccountId,
    asker: Asker<'_>,
    setting: PrivateMarketplace,
    refusal: Option<String>,
) -> Result<(), StoreError> {
    let id = account.clone();
    let (user, at) = (asker.user.to_owned(), asker.at);
    db.call(move |db| {
        let tx = db.transaction()?;
        if refusal.is_none() {
            store::write(&tx, &id, &setting)?;
        }
        let asked = asked(&setting);
        let change = changes::NewChange {
            account: &id,
            user: &user,
            at,
            asked: &asked,
            refusal: refusal.as_deref(),
        };
        changes::record(&tx, &change)?;
        tx.commit()
    })
    .await
}

/// The refusal text for a listing outside the account's private marketplace.
pub fn not_approved(listing: &str) -> String {
    format!(
        "item {listing}: this product is not in the account's private marketplace \
         (not pre-approved by its administrator)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{CatalogConfig, CatalogSize};

    fn catalog() -> Catalog {
        Catalog::generate(&CatalogConfig {
            seed: 3,
            size: CatalogSize {
                listings: 30,
                categories: 3,
                sellers: 5,
            },
            epoch: jiff::Timestamp::UNIX_EPOCH,
        })
        .unwrap_or_else(|err| panic!("catalog: {err}"))
    }

    #[test]
    fn a_request_keeps_known_listings_once_each() {
        let catalog = catalog();
        let first = catalog.listings()[0].id.to_string();
        let second = catalog.listings()[5].id.to_string();
        let setting =
            PrivateMarketplace::requested(true, [&first, &second, &format!(" {first} ")], &catalog)
                .unwrap_or_else(|err| panic!("{err}"));
        let ids: Vec<String> = setting.approved.iter().map(ToString::to_string).collect();
        let mut expected = vec![first, second];
        expected.sort();
        assert_eq!(ids, expected);
    }

    #[test]
    fn a_malformed_or_unknown_id_is_refused_by_name() {
        let catalog = catalog();
        assert_eq!(
            PrivateMarketplace::requested(true, ["prod-1"], &catalog),
            Err(SettingError::BadId("prod-1".into()))
        );
        assert_eq!(
            PrivateMarketplace::requested(true, ["prod-ffffffff"], &catalog),
            Err(SettingError::UnknownListing("prod-ffffffff".into()))
        );
    }

    #[test]
    fn only_an_enabled_setting_restricts() {
        let catalog = catalog();
        let approved = catalog.listings()[2].id;
        let other = catalog.listings()[3].id;
        let mut setting = PrivateMarketplace::requested(false, [approved.to_string()], &catalog)
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(setting.visibility(), Visibility::All);
        assert!(setting.visibility().admits(other));
        setting.enabled = true;
        let visible = setting.visibility();
        assert!(visible.admits(approved));
        assert!(!visible.admits(other));
        assert_eq!(visible.only_ids().map(HashSet::len), Some(1));
    }
}
