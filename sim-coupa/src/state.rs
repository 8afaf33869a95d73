//! The handlers' shared state: the configuration that never changes, the
//! settings an admin edits (punchout site, order URL, approval chain; each
//! change saved in the buyer store first, see `admin_changes`), and the
//! buyer platform's shell (templates, users, store, journal, cXML client,
//! clock, PO numbering, address); `platform` is what Coupa makes of it.

use std::sync::{Arc, PoisonError, RwLock};

use buyer_kit::{BuyerError, BuyerStore, platform::Shell};
use service_kit::{Clock, journal::Journal};

use crate::{
    admin_changes::{self, AdminChange},
    config::CoupaConfig,
    settings::Settings,
};

/// A cheap `Clone` handle; everything inside is shared.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    config: CoupaConfig,
    settings: RwLock<Settings>,
    /// Held while a change is saved and applied, so the store and the
    /// settings never disagree about which change came last.
    changing: tokio::sync::Mutex<()>,
    shell: Shell,
    /// Plain HTTP to suppliers' JSON APIs (Open Buy search).
    http: reqwest::Client,
}

impl AppState {
    /// Coupa's state on `shell`, the settings as configured with the
    /// admin's saved changes replayed over them.
    pub fn new(config: CoupaConfig, mut shell: Shell) -> Result<Self, service_kit::StoreError> {
        let mut settings = Settings::from_config(&config);
        shell
            .journal
            .know_secret(settings.site.identities.secret.expose());
        admin_changes::replay(&mut settings, &shell.store.admin_settings()?);
        shell
            .journal
            .know_secret(settings.site.identities.secret.expose());
        // Coupa talks as its profile says: setup requests and orders share
        // one client, declaring 1.2.014 (CO-01), waiting 60 s (CO-24), and
        // reading past a deviating answer's envelope.
        shell.follow(&config.profile);
        Ok(AppState {
            inner: Arc::new(Inner {
                config,
                settings: RwLock::new(settings),
                changing: tokio::sync::Mutex::new(()),
                shell,
                http: reqwest::Client::new(),
            }),
        })
    }

    pub fn config(&self) -> &CoupaConfig {
        &self.inner.config
    }

    /// A snapshot of the current settings.
    pub fn settings(&self) -> Settings {
        self.inner
            .settings
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// An admin's change, made by `make` from the settings as they stand:
    /// saved first, then applied, one change at a time. It runs as a task
    /// of its own, so a request that goes away halfway cannot leave a
    /// saved change unapplied. Nothing changes when it cannot be saved.
    pub async fn change_settings(
        &self,
        make: impl FnOnce(&Settings) -> AdminChange + Send + 'static,
    ) -> Result<(), BuyerError> {
        let state = self.clone();
        tokio::spawn(async move {
            let _one_at_a_time = state.inner.changing.lock().await;
            let change = make(&state.settings());
            let (name, value) = change.row();
            state.store().save_admin_setting(name, value).await?;
            state.update_settings(|settings| change.apply(settings));
            Ok(())
        })
        .await
        .map_err(|err| BuyerError::Store(service_kit::StoreError::Task(err.to_string())))?
    }

    /// Changes the settings in one short section; a new secret is masked
    /// in the journal from then on.
    fn update_settings(&self, change: impl FnOnce(&mut Settings)) {
        let mut settings = self
            .inner
            .settings
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        change(&mut settings);
        self.journal()
            .know_secret(settings.site.identities.secret.expose());
    }

    /// Back to the state at startup: the database and the journal
    /// emptied, the settings as configured.
    pub async fn reset(&self) -> Result<(), service_kit::StoreError> {
        let _one_at_a_time = self.inner.changing.lock().await;
        self.store().reset().await?;
        self.journal().clear().await?;
        let configured = Settings::from_config(&self.inner.config);
        self.update_settings(|settings| *settings = configured);
        Ok(())
    }

    pub fn shell(&self) -> &Shell {
        &self.inner.shell
    }

    pub fn store(&self) -> &BuyerStore {
        &self.inner.shell.store
    }

    pub fn journal(&self) -> &Journal {
        &self.inner.shell.journal
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.shell.clock
    }
}
