//! The handlers' shared state: the configuration, the buyer platform's
//! shell (templates, users, buyer store of carts, requisitions and POs,
//! journal, cXML client, clock, PO numbering, address) and the network
//! store (relationships, catalogs) with the HTTP client that tells
//! suppliers of relationship requests. A cheap `Clone` handle; nothing here
//! changes after start except what the stores hold. `platform` is what
//! Ariba makes of the shell.

use std::sync::Arc;

use buyer_kit::{BuyerStore, User, platform::Shell};
use service_kit::{Clock, journal::Journal};

use crate::{config::AribaConfig, suppliers::SupplierStore};

#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    config: AribaConfig,
    shell: Shell,
    suppliers: SupplierStore,
    http: reqwest::Client,
}

impl AppState {
    pub fn new(config: AribaConfig, shell: Shell, suppliers: SupplierStore) -> Self {
        AppState {
            inner: Arc::new(Inner {
                config,
                shell,
                suppliers,
                http: reqwest::Client::new(),
            }),
        }
    }

    pub fn config(&self) -> &AribaConfig {
        &self.inner.config
    }

    pub fn shell(&self) -> &Shell {
        &self.inner.shell
    }

    pub fn store(&self) -> &BuyerStore {
        &self.inner.shell.store
    }

    pub fn suppliers(&self) -> &SupplierStore {
        &self.inner.suppliers
    }

    /// The client for the network's JSON calls to suppliers.
    pub fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub fn journal(&self) -> &Journal {
        &self.inner.shell.journal
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.shell.clock
    }

    pub fn user(&self, email: &str) -> Option<&User> {
        self.inner.shell.users.find(email)
    }
}
