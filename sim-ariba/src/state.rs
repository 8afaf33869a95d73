//! The handlers' shared state: the configuration, the buyer store
//! (carts, requisitions, POs), the network store (relationships,
//! catalogs), the journal, the cXML client, the clock and the templates.
//! A cheap `Clone` handle; nothing here changes after start except what
//! the stores hold.

use std::sync::Arc;

use buyer_kit::{BuyerStore, Directory, User};
use service_kit::{Clock, cxml_http::CxmlClient, journal::Journal};
use tera::Tera;

use crate::{config::AribaConfig, suppliers::SupplierStore};

#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    config: AribaConfig,
    store: BuyerStore,
    suppliers: SupplierStore,
    journal: Journal,
    client: CxmlClient,
    clock: Clock,
    templates: Tera,
}

/// What the state is made of.
pub struct Parts {
    pub config: AribaConfig,
    pub store: BuyerStore,
    pub suppliers: SupplierStore,
    pub journal: Journal,
    pub clock: Clock,
    pub templates: Tera,
}

impl AppState {
    pub fn new(parts: Parts) -> Self {
        let client = CxmlClient::new(parts.journal.clone());
        AppState {
            inner: Arc::new(Inner {
                config: parts.config,
                store: parts.store,
                suppliers: parts.suppliers,
                journal: parts.journal,
                client,
                clock: parts.clock,
                templates: parts.templates,
            }),
        }
    }

    pub fn config(&self) -> &AribaConfig {
        &self.inner.config
    }

    pub fn store(&self) -> &BuyerStore {
        &self.inner.store
    }

    pub fn suppliers(&self) -> &SupplierStore {
        &self.inner.suppliers
    }

    pub fn journal(&self) -> &Journal {
        &self.inner.journal
    }

    pub fn client(&self) -> &CxmlClient {
        &self.inner.client
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    pub fn templates(&self) -> &Tera {
        &self.inner.templates
    }

    pub fn users(&self) -> &Directory {
        &self.inner.config.users
    }

    pub fn user(&self, email: &str) -> Option<&User> {
        self.inner.config.users.find(email)
    }
}
