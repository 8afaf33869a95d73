//! procsim's **dashboard**: the hub a person opens first. It links to every
//! service and shows whether it is up, merges the services' journals into
//! one list, moves the simulated clock, resets every service's state, and tells integrators how to
//! connect a real system (`GET /api/connections`).
//!
//! It reads the other services only over HTTP, like any outsider would;
//! the clock is the one thing it holds directly, since the clock is the
//! ecosystem's and the dashboard is where a person moves it.

mod certification;
mod clock_api;
mod connections;
mod exchange_view;
mod flows;
mod journal_merge;
mod live;
mod pages;
mod peers;
mod rendering;
mod resend;
mod reset;
mod schedule;
mod sequence;
mod walkthroughs;

use std::sync::Arc;

use axum::Router;
use service_kit::{Clock, Service, Storage, StoreError, journal::Dtds};
use tokio::net::TcpListener;

pub use certification::handoff;
pub use connections::{Connection, CredentialRef};

/// The service's name as it appears in logs and URLs printed by `procsim up`.
pub const NAME: &str = "dashboard";

/// Another service as the dashboard reaches it.
#[derive(Clone, Debug)]
pub struct ServiceLink {
    pub name: String,
    /// Base URL (`http://host:port`), or `smtp://` for the SMTP listener.
    pub url: String,
    /// Whether it serves `GET /api/journal`.
    pub has_journal: bool,
}

/// What the dashboard is told at startup.
#[derive(Clone, Debug, Default)]
pub struct DashboardConfig {
    pub services: Vec<ServiceLink>,
    pub connections: Vec<Connection>,
    /// Where the certification runs and their journal are kept.
    pub storage: Storage,
    /// The official DTDs the Certify page's runs check carts and invoices
    /// against, and their journal every document (none: the CX rules
    /// alone, as the run's evidence says).
    pub dtds: Dtds,
}

#[derive(Clone)]
struct AppState {
    config: Arc<DashboardConfig>,
    clock: Clock,
    http: reqwest::Client,
    tera: Arc<tera::Tera>,
    walkthroughs: walkthroughs::Walkthroughs,
    /// Each walkthrough's run: the flow it follows (in memory, bounded by
    /// the number of walkthroughs).
    runs: walkthroughs::Runs,
    changes: live::Changes,
    certification: certification::Certification,
}

/// Why the dashboard cannot start: what is compiled into it does not read.
#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    #[error("the dashboard's templates do not compile: {0}")]
    Templates(#[from] tera::Error),
    #[error("walkthroughs.toml does not read: {0}")]
    Walkthroughs(#[from] toml::de::Error),
    #[error("the certification runs cannot be opened: {0}")]
    Certification(#[from] StoreError),
    #[error("the dashboard's listener has no address: {0}")]
    Address(#[from] std::io::Error),
}

/// The dashboard on `listener`, which the composer bound; call
/// [`Service::run_until`] to serve.
pub fn build(
    listener: TcpListener,
    mut config: DashboardConfig,
    clock: Clock,
) -> Result<Service, DashboardError> {
    let certification = certification::Certification::open(&config.storage, &clock, &config.dtds)?;
    let own_url = own_url(listener.local_addr()?);
    config
        .services
        .push(certification::Certification::link(&own_url));
    let certify_service = certification.service_routes();
    let state = AppState {
        certification,
        walkthroughs: walkthroughs::Walkthroughs::load()?,
        runs: walkthroughs::Runs::default(),
        changes: live::Changes::default(),
        config: Arc::new(config),
        clock,
        http: reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(5))
            .build()
            .unwrap_or_default(),
        tera: Arc::new(rendering::templates()?),
    };
    let watcher = state.clone();
    let router: Router = Router::new()
        .merge(pages::routes())
        .merge(clock_api::routes())
        .merge(connections::routes())
        .merge(journal_merge::routes())
        .merge(flows::routes())
        .merge(walkthroughs::routes())
        .merge(live::routes())
        .merge(reset::routes())
        .merge(resend::routes())
        .merge(certification::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rendering::render_failures,
        ))
        .with_state(state)
        .nest(&format!("/{}", certification::SERVICE), certify_service);
    Ok(Service::from_listener(NAME, listener, router)
        .with_companion(move |stop| schedule::run_as_time_passes(watcher, stop)))
}

/// How the dashboard reaches itself (the certify journal is served under
/// its own address).
fn own_url(addr: std::net::SocketAddr) -> String {
    let ip = match addr.ip() {
        std::net::IpAddr::V4(ip) if ip.is_unspecified() => {
            std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)
        }
        std::net::IpAddr::V6(ip) if ip.is_unspecified() => {
            std::net::IpAddr::V6(std::net::Ipv6Addr::LOCALHOST)
        }
        ip => ip,
    };
    format!("http://{}", std::net::SocketAddr::new(ip, addr.port()))
}
