//! What the dashboard's tests share: a dashboard served on a free
//! loopback port, and reading one of its pages.
#![allow(dead_code)] // each test file uses what it needs

use service_kit::{Clock, Shutdown};
use sim_dashboard::DashboardConfig;
use tokio::net::TcpListener;

/// Builds a dashboard from `config` and serves it on a free loopback port
/// until `shutdown`; gives its base URL.
pub async fn serve(config: DashboardConfig, clock: Clock, shutdown: &Shutdown) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("the dashboard binds a loopback port");
    let url = format!(
        "http://{}",
        listener
            .local_addr()
            .expect("a bound listener has a local address")
    );
    let dashboard = sim_dashboard::build(listener, config, clock)
        .expect("the dashboard builds on its listener");
    tokio::spawn(dashboard.run_until(shutdown.wait()));
    url
}

/// The text of the page at `url`.
pub async fn page(url: String) -> String {
    reqwest::get(url)
        .await
        .expect("the dashboard answers the GET")
        .text()
        .await
        .expect("the dashboard's page has a text body")
}
