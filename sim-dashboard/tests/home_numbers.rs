//! The home page's numbers read as amounts do everywhere, grouped by
//! thousands: what the marketplace holds and its limits (its
//! `/api/stats`), and what each journal keeps.

mod support;

use std::net::SocketAddr;

use axum::{Json, Router, routing::get};
use service_kit::{
    Clock, Service, Shutdown, Storage,
    journal::{self, Journal},
};
use sim_dashboard::{DashboardConfig, ServiceLink};

/// A marketplace that answers only `/api/stats`, holding a lot.
fn marketplace() -> Router {
    let stats = serde_json::json!({
        "start_pages": 1234,
        "sessions": 1,
        "orders": 25000,
        "returned_carts": 0,
        "agreements": 999,
        "invoices": 1000000,
        "newest_settings_change": 0,
        "limits": {
            "max_start_pages": 10000,
            "max_sessions": 10000,
            "start_page_secs": 600,
            "session_idle_secs": 7200
        }
    });
    Router::new().route("/api/stats", get(move || async move { Json(stats) }))
}

async fn serve(name: &'static str, router: Router, shutdown: &Shutdown) -> String {
    let addr = "127.0.0.1:0".parse::<SocketAddr>().expect("an address");
    let service = Service::bind(name, addr, router).await.expect("binds");
    let url = format!("http://{}", service.local_addr().expect("bound"));
    tokio::spawn(service.run_until(shutdown.wait()));
    url
}

#[tokio::test]
async fn the_home_page_groups_its_counts_and_limits_by_thousands() {
    let shutdown = Shutdown::new();
    let clock = Clock::starting_at("2026-03-01T12:00:00Z".parse().expect("a time"));
    let coupa = Journal::open(&Storage::Memory, "coupa", clock.clone()).expect("a journal");
    let coupa_url = serve("coupa", journal::routes(coupa), &shutdown).await;
    let marketplace_url = serve("marketplace", marketplace(), &shutdown).await;
    let config = DashboardConfig {
        services: vec![
            ServiceLink {
                name: "marketplace".into(),
                url: marketplace_url,
                has_journal: false,
            },
            ServiceLink {
                name: "coupa".into(),
                url: coupa_url,
                has_journal: true,
            },
        ],
        connections: Vec::new(),
        storage: Default::default(),
        dtds: Default::default(),
    };
    let url = support::serve(config, clock, &shutdown).await;

    let html = reqwest::get(format!("{url}/"))
        .await
        .expect("the home page answers")
        .text()
        .await
        .expect("a text");
    let held = html
        .split("<p class=\"meta\" id=\"held\">")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .expect("the page says what the marketplace holds");
    assert_eq!(
        held,
        "The marketplace holds 1 open punchout session and 1,234 StartPages not yet opened \
         (at most 10,000 and 10,000; a StartPage lapses after 10 minutes, a session after 2 \
         idle hours), 25,000 orders, 999 agreements and 1,000,000 invoices."
    );
    assert!(html.contains("keeps the newest 10,000 or"), "{html}");
    shutdown.trigger();
}
