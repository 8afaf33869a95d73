//! procsim's **ariba** service: an SAP-Ariba-like buyer procurement system.
//!
//! Globex's admin asks a supplier for a trading relationship by its
//! network id and the supplier accepts it; the supplier publishes its
//! catalog as a cXML `Index` with a PunchOut
//! item; a requester picks the item and punches out (F2, level 1), gets the
//! cart back through the browser, submits it as a requisition that runs
//! through the approval chain (F4), and on final approval a purchase order
//! is numbered and its OrderRequest sent to the supplier (F5). Every
//! document carries Ariba's habits: sibling `From` credentials, the hub as
//! `Sender` with the supplier's secret, the network's UserAgent, the user
//! extrinsics UniqueName, UserEmail, CostCenter and User.
//!
//! The platform-neutral parts live in `buyer-kit`. Modules: `config`
//! (settings and seeds), `network` (Ariba's header habits), `suppliers`
//! (relationships, published catalogs and their JSON API),
//! `relationships` (the admin's request and the notice to the supplier),
//! `punchout`
//! (setup), `ariba_platform` (what Ariba makes of buyer-kit's shared
//! buyer platform, PO sending included), `state`, `pages`
//! (its look, and how the network's refusals become pages), `web` (its
//! own pages: catalog, supplier relationships).

mod ariba_platform;
pub mod config;
mod network;
mod pages;
mod punchout;
mod relationships;
mod relationships_api;
mod state;
mod suppliers;
mod web;

use axum::Router;
use buyer_kit::platform::{self, BuildError, Shell};
use service_kit::{Clock, Service};
use tokio::net::TcpListener;

pub use config::{AribaConfig, SupplierAccount};
pub use relationships::SECRET_HEADER;
pub use relationships_api::USER_HEADER;

/// The service's name as it appears in logs and URLs printed by `procsim up`.
pub const NAME: &str = "ariba";

/// The buyer database (carts, requisitions, purchase orders); the network's
/// relationships and catalogs live in its own, `ariba-network.sqlite`.
pub const DB_FILE: &str = "ariba.sqlite";

/// The ariba service on `listener`, which the composer bound (so it
/// can tell every service its peers' URLs first); call
/// [`Service::run_until`] to serve. An empty `public_url` becomes
/// `http://<bound address>`.
pub fn build(
    listener: TcpListener,
    mut config: AribaConfig,
    clock: Clock,
) -> Result<Service, BuildError> {
    config.platform.public_url = platform::public_url(&config.platform.public_url, &listener)?;
    Ok(platform::service(NAME, listener, router(config, clock)?))
}

fn router(config: AribaConfig, clock: Clock) -> Result<Router, BuildError> {
    let look = pages::look()?;
    let mut shell = Shell::open(look, &config.platform, DB_FILE, clock)?;
    // Ariba talks as its profile says (the version, the wait, and refusing
    // an answer whose envelope deviates).
    shell.follow(&config.profile);
    let suppliers = suppliers::SupplierStore::open(&config.platform.storage)?;
    let journal = shell.journal.clone();
    for supplier in &config.suppliers {
        journal.know_secret(supplier.secret.expose());
    }
    let state = state::AppState::new(config, shell, suppliers);
    // The trading relationships and published catalogs are configuration
    // (set up by the composition at startup), so a reset keeps them.
    let reset = service_kit::reset::route(NAME, {
        let (store, journal) = (state.store().clone(), journal.clone());
        move || {
            let (store, journal) = (store.clone(), journal.clone());
            async move {
                store.reset().await?;
                journal.clear().await
            }
        }
    });
    Ok(
        buyer_kit::platform::routes(state, web::routes().merge(relationships_api::routes()))
            .merge(reset)
            .merge(service_kit::journal::routes(journal)),
    )
}
