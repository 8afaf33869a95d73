//! Invoicing (SPEC F6-F9), driven by the simulated clock: what each
//! agreement is billed and when ([`plan`]), the invoices table
//! ([`store`]) and the typed values of its rows ([`period`], [`state`],
//! [`number`]), the cXML InvoiceDetailRequest ([`document`]), a run of
//! everything due ([`run`]) and the schedule API ([`api`]).
//!
//! A *run* does everything due at the clock's current instant: it issues
//! every charge that fell due (one row per agreement and period,
//! committed before anything is sent, so reruns never invoice twice) and
//! then delivers the cXML invoices waiting to go. Charges against the PO
//! go as cXML to an account whose enabled connection has an invoice URL:
//! Coupa's (SPEC F6/F7), or an Ariba one whose admin set the network's
//! invoice endpoint (none is seeded); every other charge, usage always (SPEC F8), lands on
//! the marketplace's own invoice. A transient failure (5xx or no cXML
//! reply) is retried an hour of simulated time later, up to
//! [`MAX_ATTEMPTS`]; a permanent one (4xx) is recorded and not retried.
//! Runs are serialised, so a run started by new agreements and one asked
//! for over HTTP never send the same invoice twice.
//!
//! [`Invoicing`] is the handle kept in the marketplace's state. It holds
//! what a run needs (not the whole marketplace) and a worker that runs as
//! soon as new agreements are announced, so an upfront invoice goes out
//! without waiting for the clock to move (SPEC F6).

pub mod api;
pub mod document;
mod number;
mod period;
pub mod plan;
mod run;
mod state;
pub mod store;

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use service_kit::{Clock, Store, StoreError, cxml_http::CxmlClient, journal::Journal};
use tokio::{
    sync::{Mutex, MutexGuard},
    task::JoinHandle,
};

pub use run::RunReport;

use crate::{
    catalog::{Catalog, OfferRegistry},
    order::agreements::NewAgreements,
};

/// Delivery attempts before a transiently failing invoice is given up.
pub const MAX_ATTEMPTS: i64 = 10;
/// How long after a transient failure the next attempt is due.
pub const RETRY_AFTER: SignedDuration = SignedDuration::from_hours(1);

/// What invoicing reads and writes: the catalog and offers a plan is made
/// of, the database, the clock and the journaled client invoices go by.
#[derive(Clone, Debug)]
pub struct Parts {
    pub catalog: Arc<Catalog>,
    pub offers: OfferRegistry,
    pub store: Store,
    pub clock: Clock,
    /// Journals every invoice sent.
    pub journal: Journal,
}

/// The invoicing handle: a cheap `Clone`; the worker stops with the last.
#[derive(Clone, Debug)]
pub struct Invoicing {
    runner: Arc<Runner>,
    _worker: Arc<AbortOnDrop>,
}

/// What runs: the parts, the client and the lock that serialises runs.
#[derive(Debug)]
struct Runner {
    parts: Parts,
    client: CxmlClient,
    running: Mutex<()>,
}

impl Invoicing {
    /// Starts the worker that runs whenever `new_agreements` rings. Must be
    /// called inside a tokio runtime.
    pub fn start(parts: Parts, new_agreements: NewAgreements) -> Self {
        let runner = Arc::new(Runner {
            client: CxmlClient::new(parts.journal.clone()),
            parts,
            running: Mutex::new(()),
        });
        let worker = tokio::spawn(work(runner.clone(), new_agreements));
        Invoicing {
            runner,
            _worker: Arc::new(AbortOnDrop(worker)),
        }
    }

    /// Does everything due at the clock's current instant; answers when done.
    pub async fn run_due(&self) -> Result<RunReport, StoreError> {
        let runner = &self.runner;
        let _running = runner.running.lock().await;
        run::run_due(&runner.parts, &runner.client).await
    }

    /// The next instant at which invoicing has work: a charge not yet
    /// issued or a retry. It may be at or before now when a run is overdue.
    pub async fn next_due(&self) -> Result<Option<Timestamp>, StoreError> {
        run::next_due(&self.runner.parts).await
    }

    /// Waits until no run is going and keeps runs out while the guard
    /// lives: what the reset of all state holds, so a run never sees half
    /// a reset.
    pub(crate) async fn pause(&self) -> MutexGuard<'_, ()> {
        self.runner.running.lock().await
    }
}

/// Runs once per ring of `new_agreements` (rings while a run is going are
/// kept for the next), until aborted.
async fn work(runner: Arc<Runner>, new_agreements: NewAgreements) {
    loop {
        new_agreements.rung().await;
        let _running = runner.running.lock().await;
        if let Err(err) = run::run_due(&runner.parts, &runner.client).await {
            tracing::error!(%err, "invoicing run failed");
        }
    }
}

#[derive(Debug)]
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
