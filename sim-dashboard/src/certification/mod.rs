//! Certification on the dashboard: a person starts `procsim certify
//! supplier` from a form (`/certify`), watches it live (`/certify/runs/{id}`:
//! the StartPage to shop at and a countdown while a manual cart run waits,
//! the checks table when it is done) and downloads its report.
//!
//! The runs happen inside the dashboard, with the certify library the CLI
//! uses; their exchanges go to a `certify` journal served under
//! `/certify/api/journal`, which the dashboard lists like any service's
//! (so a check's evidence links to its exchange and the run to its flow's
//! sequence diagram). The runs themselves are kept in certify's
//! [`RunStore`](certify::runs::RunStore), bounded; at most [`MAX_ACTIVE`]
//! run at once.

mod form;
pub mod handoff;
mod pages;

use std::sync::Arc;

use axum::Router;
use certify::runs::RunStore;
use service_kit::{
    Clock, Storage, StoreError,
    journal::{Dtds, Journal},
};
use tokio::sync::Semaphore;

use crate::{AppState, ServiceLink};

/// The name the certify journal goes by in the dashboard's lists and URLs.
pub(crate) const SERVICE: &str = "certify";

/// How many runs may be in progress at once: each holds a browser-facing
/// listener and a supplier's attention.
pub(crate) const MAX_ACTIVE: usize = 4;

/// The runs, their journal, and the slots for runs in progress. Cheap to
/// clone.
#[derive(Clone, Debug)]
pub(crate) struct Certification {
    pub(crate) runs: RunStore,
    pub(crate) journal: Journal,
    pub(crate) slots: Arc<Semaphore>,
    /// Held while a run made elsewhere is handed over, so two handoffs of
    /// one run cannot both import its exchanges.
    pub(crate) handoffs: Arc<tokio::sync::Mutex<()>>,
    /// What every run checks documents against.
    pub(crate) dtds: Dtds,
}

impl Certification {
    pub(crate) fn open(storage: &Storage, clock: &Clock, dtds: &Dtds) -> Result<Self, StoreError> {
        Ok(Self {
            runs: RunStore::open(storage)?,
            journal: Journal::open(storage, SERVICE, clock.clone())?.checking_dtds(dtds.clone()),
            slots: Arc::new(Semaphore::new(MAX_ACTIVE)),
            handoffs: Arc::default(),
            dtds: dtds.clone(),
        })
    }

    /// How the dashboard reaches the certify journal, itself at `own_url`.
    pub(crate) fn link(own_url: &str) -> ServiceLink {
        ServiceLink {
            name: SERVICE.to_owned(),
            url: format!("{own_url}/{SERVICE}"),
            has_journal: true,
        }
    }

    /// What the dashboard's other parts reach over HTTP, as they reach any
    /// service: the journal, `/healthz` and `/api/reset`, under
    /// `/certify`.
    pub(crate) fn service_routes(&self) -> Router {
        let runs = self.runs.clone();
        let journal = self.journal.clone();
        Router::new()
            .merge(service_kit::journal::routes(self.journal.clone()))
            .merge(service_kit::health_routes())
            .merge(service_kit::reset::route(SERVICE, move || {
                let (runs, journal) = (runs.clone(), journal.clone());
                async move {
                    runs.clear().await?;
                    journal.clear().await
                }
            }))
    }
}

pub(crate) fn routes() -> Router<AppState> {
    pages::routes().merge(handoff::routes())
}
