//! procsim's **dashboard**: the hub a person opens first. It links to every
//! service and shows whether it is up, merges the services' journals into
//! one list, moves the simulated clock, resets every service's state, and tells integrators how to
//! connect a real system (`GET /api/connections`).
//!
//! It reads the other services only over HTTP, like any outsider would;
//! the clock is the one thing it holds directly, since the clock is the
//! ecosystem's and the dashboard is where a person moves it.

mod clock_api;
mod connections;
mod exchange_view;
mod flows;
mod journal_merge;
mod live;
mod pages;
mod peers;
mod rendering;
mod reset;
mod schedule;
mod sequence;
mod walkthroughs;

use std::sync::Arc;

use axum::Router;
use service_kit::{Clock, Service};
use tokio::net::TcpListener;

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
}

/// Why the dashboard cannot start: what is compiled into it does not read.
#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    #[error("the dashboard's templates do not compile: {0}")]
    Templates(#[from] tera::Error),
    #[error("walkthroughs.toml does not read: {0}")]
    Walkthroughs(#[from] toml::de::Error),
}

/// The dashboard on `listener`, which the composer bound; call
/// [`Service::run_until`] to serve.
pub fn build(
    listener: TcpListener,
    config: DashboardConfig,
    clock: Clock,
) -> Result<Service, DashboardError> {
    let state = AppState {
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
    let router: Router = Router::new()
        .merge(pages::routes())
        .merge(clock_api::routes())
        .merge(connections::routes())
        .merge(journal_merge::routes())
        .merge(flows::routes())
        .merge(walkthroughs::routes())
        .merge(live::routes())
        .merge(reset::routes())
        .with_state(state);
    Ok(Service::from_listener(NAME, listener, router))
}
