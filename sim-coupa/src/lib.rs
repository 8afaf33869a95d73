//! procsim's **coupa** service: a Coupa-like buyer procurement system.
//!
//! Requesters punch out to the marketplace (F1) or find its products with
//! Coupa's own search and punch out straight to one (Open Buy, F3), get the cart back through
//! the browser, submit it as a requisition that runs through the approval
//! chain (F4), and on final approval a purchase order is numbered and its
//! OrderRequest sent to the marketplace (F5). Suppliers' invoices arrive
//! at `POST /cxml` and are matched to their PO (F6/F7, `invoices`). The
//! platform-neutral parts, the pages every buyer has (sign-in, cart,
//! requisitions, approvals, orders) included, live in buyer-kit's
//! `platform`; this crate adds what only Coupa has and its flavour.
//!
//! Modules: `config` (settings and seeds), `state` (handlers' state),
//! `admin_changes` (an admin's saved changes to the settings),
//! `coupa_platform` (what Coupa makes of the shared buyer platform: its
//! approval chain, its order channel), `pages` (its look: templates,
//! stylesheet, cookie, policy), `web` (its own pages: admin, the page the
//! marketplace sends subscribers to), `punchout` (setup, edit, inspect),
//! `open_buy` (in-tool search, level-2 punchout), `invoices` (the inbox).

mod admin_changes;
pub mod config;
mod coupa_platform;
mod invoices;
mod open_buy;
mod pages;
mod punchout;
mod settings;
mod state;
mod web;

use axum::Router;
use buyer_kit::platform::{self, BuildError, Shell};
use service_kit::{Clock, Service};
use tokio::net::TcpListener;

pub use config::{CoupaConfig, PunchoutSite};

/// The service's name as it appears in logs and URLs printed by `procsim up`.
pub const NAME: &str = "coupa";

/// The database file of the coupa service.
pub const DB_FILE: &str = "coupa.sqlite";

/// The coupa service on `listener`, which the composer bound (so it
/// can tell every service its peers' URLs first); call
/// [`Service::run_until`] to serve. An empty `public_url` becomes
/// `http://<bound address>`.
pub fn build(
    listener: TcpListener,
    mut config: CoupaConfig,
    clock: Clock,
) -> Result<Service, BuildError> {
    config.platform.public_url = platform::public_url(&config.platform.public_url, &listener)?;
    Ok(platform::service(NAME, listener, router(config, clock)?))
}

fn router(config: CoupaConfig, clock: Clock) -> Result<Router, BuildError> {
    let look = pages::look()?;
    let shell = Shell::open(look, &config.platform, DB_FILE, clock.clone())?;
    let journal = shell.journal.clone();
    let state = state::AppState::new(config, shell)?;
    let inbox = service_kit::cxml_http::cxml_route(
        invoices::InvoiceInbox(state.clone()),
        journal.clone(),
        clock,
    );
    let reset = service_kit::reset::route(NAME, {
        let state = state.clone();
        move || {
            let state = state.clone();
            async move { state.reset().await }
        }
    });
    Ok(platform::routes(state, web::routes())
        .merge(reset)
        .merge(inbox)
        .merge(service_kit::journal::routes(journal)))
}
