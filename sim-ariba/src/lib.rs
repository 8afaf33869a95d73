//! procsim's **ariba** service: an SAP-Ariba-like buyer procurement system.
//!
//! A supplier asks for a trading relationship and Globex's admin accepts
//! it; the supplier publishes its catalog as a cXML `Index` with a PunchOut
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
//! (relationships, published catalogs and their JSON API), `punchout`
//! (setup and return), `ordering` (PO sending), `state`, `pages`
//! (rendering and errors), `web` (pages and forms).

pub mod config;
pub mod network;
mod ordering;
mod pages;
mod punchout;
mod state;
pub mod suppliers;
mod web;

use std::{io, net::SocketAddr};

use axum::Router;
use buyer_kit::BuyerStore;
use service_kit::{Clock, Service, journal::Journal};
use tokio::net::TcpListener;

pub use config::{AribaConfig, SupplierAccount};
pub use suppliers::api::USER_HEADER;

/// The service's name as it appears in logs and URLs printed by `procsim up`.
pub const NAME: &str = "ariba";

/// The buyer database (carts, requisitions, purchase orders); the network's
/// relationships and catalogs live in [`suppliers::NETWORK_DB_FILE`].
pub const DB_FILE: &str = "ariba.sqlite";

/// Binds the ariba service on `addr`; call [`Service::run_until`] to serve.
pub async fn bind(addr: SocketAddr, config: AribaConfig, clock: Clock) -> io::Result<Service> {
    let listener = service_kit::connections::listen(addr)
        .map_err(|err| io::Error::new(err.kind(), format!("{NAME}: cannot bind {addr}: {err}")))?;
    from_listener(listener, config, clock)
}

/// Serves on an already bound listener, so a composer can bind every
/// service before it knows the others' URLs. An empty `public_url` becomes
/// `http://<bound address>`.
pub fn from_listener(
    listener: TcpListener,
    mut config: AribaConfig,
    clock: Clock,
) -> io::Result<Service> {
    if config.public_url.is_empty() {
        config.public_url = format!("http://{}", listener.local_addr()?);
    }
    config.public_url = config.public_url.trim_end_matches('/').to_owned();
    let router = router(config, clock)?;
    // The BrowserFormPost URL: the supplier's page, on its own site,
    // returns the cart here through the browser.
    Ok(Service::from_listener(NAME, listener, router).open_to_any_site("/punchout/return"))
}

fn router(config: AribaConfig, clock: Clock) -> io::Result<Router> {
    let store = BuyerStore::open(&config.storage, DB_FILE).map_err(io::Error::other)?;
    let suppliers = suppliers::SupplierStore::open(&config.storage).map_err(io::Error::other)?;
    let journal = Journal::open(&config.storage, NAME, clock.clone())
        .map_err(io::Error::other)?
        .with_limits(config.journal_limits);
    for supplier in &config.suppliers {
        journal.know_secret(supplier.secret.expose());
    }
    let templates = pages::templates().map_err(io::Error::other)?;
    let state = state::AppState::new(state::Parts {
        config,
        store,
        suppliers,
        journal: journal.clone(),
        clock,
        templates,
    });
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
    Ok(web::routes()
        .merge(suppliers::api::routes())
        .with_state(state)
        .merge(reset)
        .merge(service_kit::journal::routes(journal)))
}
