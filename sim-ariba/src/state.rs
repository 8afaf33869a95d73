//! The handlers' shared state: the configuration, the buyer platform's
//! shell (templates, users, buyer store of carts, requisitions and POs,
//! journal, cXML client, clock, PO numbering, address) and the network
//! store (relationships, catalogs). A cheap `Clone` handle; nothing here
//! changes after start except what the stores hold. `platform` is what
//! Ariba makes of the shell.

use std::sync::Arc;

use buyer_kit::{BuyerStore, User, platform::Shell};
use service_kit::{Clock, cxml_http::CxmlClient, journal::Journal};
use tera::Tera;

use crate::{config::AribaConfig, suppliers::SupplierStore};

#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    config: AribaConfig,
    shell: Shell,
    suppliers: SupplierStore,
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
        let config = parts.config;
        let shell = Shell {
            user_cookie: crate::pages::USER_COOKIE,
            templates: parts.templates,
            content_security_policy: crate::pages::CONTENT_SECURITY_POLICY,
            users: config.users.clone(),
            store: parts.store,
            client: CxmlClient::new(parts.journal.clone()),
            journal: parts.journal,
            clock: parts.clock,
            po_prefix: config.po_prefix.clone(),
            address: config.address.clone(),
            utc_offset_minutes: config.utc_offset_minutes,
        };
        AppState {
            inner: Arc::new(Inner {
                config,
                shell,
                suppliers: parts.suppliers,
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

    pub fn journal(&self) -> &Journal {
        &self.inner.shell.journal
    }

    pub fn client(&self) -> &CxmlClient {
        &self.inner.shell.client
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.shell.clock
    }

    pub fn user(&self, email: &str) -> Option<&User> {
        self.inner.shell.users.find(email)
    }
}
