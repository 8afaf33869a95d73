//! `POST /api/reset`: the marketplace back to the state `procsim up` starts
//! it in. With no invoicing run and no mail delivery in progress, in one
//! transaction the database loses every order, agreement, returned cart,
//! invoice, outbox mail, private marketplace, offer revision, account
//! change (Ariba's auto-accept setting among them), the history of
//! settings changes and the purchases the storefront handed to a
//! procurement system, and the seeded accounts are written again (Ariba
//! buyers' relationships stay, as Ariba keeps them); then the offer
//! registry goes back to the generated offers, the punchout sessions are
//! forgotten and the journal is emptied.

use axum::Router;
use service_kit::StoreError;

use crate::{Marketplace, NAME, accounts};

/// Every table of the marketplace database but `ariba_relationships`.
const TABLES: &[&str] = &[
    "settings_changes",
    "storefront_handoffs",
    "ariba_auto_accept",
    "offer_revisions",
    "approved_listings",
    "private_marketplaces",
    "invoices",
    "outbox",
    "returned_carts",
    "agreements",
    "orders",
    "connections",
    "users",
    "accounts",
];

impl Marketplace {
    /// Puts every piece of state back to the startup state.
    pub async fn reset(&self) -> Result<(), StoreError> {
        let _no_invoicing_run = self.inner.invoicing.pause().await;
        // A mail of the old state still on its way would reach the mail
        // service after the dashboard has reset that too.
        let _no_mail_in_flight = self.inner.outbox.pause().await;
        let _no_offer_revision = self.inner.offers.changes().await;
        let seed = self.inner.seed_accounts.clone();
        self.inner
            .store
            .empty_and_reseed(TABLES, move |tx| accounts::store::write_seed(tx, &seed))
            .await?;
        self.inner.accounts.forget();
        self.inner
            .offers
            .replace_all(self.catalog().initial_offers().iter().cloned());
        self.inner.sessions.clear();
        self.inner.journal.clear().await
    }
}

pub(crate) fn routes(marketplace: Marketplace) -> Router<Marketplace> {
    service_kit::reset::route(NAME, move || {
        let marketplace = marketplace.clone();
        async move { marketplace.reset().await }
    })
    .with_state(())
}
