//! The accounts as last read from the database, for the request paths
//! that need every account on every request (PunchOutSetupRequest and
//! OrderRequest authentication, the storefront's Subscribe). The database
//! stays the truth: every write of accounts, users or connections goes
//! through [`store`](super::store) and is followed by [`AccountsCache::forget`]
//! (integration settings saved, the reset), and a read that raced a write
//! is never kept.

use std::sync::{
    Arc, PoisonError, RwLock,
    atomic::{AtomicU64, Ordering},
};

use service_kit::{Store, StoreError};

use super::{Account, store};

/// A cheap `Clone` handle; clones share the cached accounts.
#[derive(Clone, Debug, Default)]
pub struct AccountsCache {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    accounts: RwLock<Option<Arc<Vec<Account>>>>,
    /// Goes up with every `forget`.
    generation: AtomicU64,
}

impl AccountsCache {
    /// Every account, by id: cached, or read from `db` (and kept unless a
    /// write happened while it was read); `on_read` sees what was read.
    pub async fn all(
        &self,
        db: &Store,
        on_read: impl FnOnce(&[Account]),
    ) -> Result<Arc<Vec<Account>>, StoreError> {
        let cached = self
            .inner
            .accounts
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(accounts) = cached {
            return Ok(accounts);
        }
        let before = self.inner.generation.load(Ordering::SeqCst);
        let accounts = Arc::new(db.call(|db| store::all(db)).await?);
        on_read(&accounts);
        let mut slot = self
            .inner
            .accounts
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if self.inner.generation.load(Ordering::SeqCst) == before {
            *slot = Some(accounts.clone());
        }
        Ok(accounts)
    }

    /// Drops what is cached; call it after every committed write of
    /// accounts, users or connections.
    pub fn forget(&self) {
        let mut slot = self
            .inner
            .accounts
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        self.inner.generation.fetch_add(1, Ordering::SeqCst);
        *slot = None;
    }
}

#[cfg(test)]
mod tests {
    use service_kit::Storage;

    use super::*;
    use crate::accounts::{IntegrationSettings, MarketplaceSeed};

    #[tokio::test]
    async fn a_forgotten_cache_reads_the_database_again() {
        let db = crate::db::open(&Storage::Memory).expect("database");
        store::seed_if_empty(&db, &MarketplaceSeed::default()).expect("seeded");
        let cache = AccountsCache::default();
        let first = cache.all(&db, |_| {}).await.expect("read");
        let account = first[0].clone();
        let settings = IntegrationSettings {
            po_management: !account.po_management,
            connections: account.connections.clone(),
        };
        let id = account.id.clone();
        let saved = settings.clone();
        db.call(move |db| store::replace_settings(db, &id, &saved))
            .await
            .expect("saved");
        // Until forgotten, the cache answers what it read.
        assert_eq!(cache.all(&db, |_| {}).await.expect("read")[0], account);
        cache.forget();
        let after = cache.all(&db, |_| {}).await.expect("read");
        assert_eq!(after[0].po_management, settings.po_management);
        assert!(Arc::ptr_eq(
            &after,
            &cache.all(&db, |_| {}).await.expect("read")
        ));
    }
}
