//! The dashboard's control of a running clock: pause and resume over JSON
//! and forms, the hub saying which it is, and schedules run as time
//! passes without anyone advancing the clock.

mod support;

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use axum::{Json, Router, routing};
use service_kit::{Clock, Service, Shutdown};
use sim_dashboard::{DashboardConfig, ServiceLink};

async fn dashboard(clock: Clock, services: Vec<ServiceLink>, shutdown: &Shutdown) -> String {
    let config = DashboardConfig {
        services,
        ..DashboardConfig::default()
    };
    support::serve(config, clock, shutdown).await
}

async fn json(request: reqwest::RequestBuilder) -> serde_json::Value {
    let reply = request
        .send()
        .await
        .expect("the dashboard answers the request");
    assert!(reply.status().is_success(), "{}", reply.status());
    reply.json().await.expect("the dashboard answers with JSON")
}

#[tokio::test]
async fn pause_and_resume_switch_the_clock_and_the_hub_says_which() {
    let shutdown = Shutdown::new();
    let clock = Clock::starting_at("2026-03-01T12:00:00Z".parse().unwrap());
    clock.resume().unwrap();
    let url = dashboard(clock.clone(), Vec::new(), &shutdown).await;
    let http = reqwest::Client::new();

    let reading = json(http.get(format!("{url}/api/clock"))).await;
    assert_eq!(reading["running"], true, "{reading}");
    let hub = http.get(format!("{url}/")).send().await.unwrap();
    let hub = hub.text().await.unwrap();
    assert!(hub.contains(">running<") && hub.contains("data-running-clock"));
    assert!(hub.contains("action=\"/clock/pause\""), "{hub}");

    let paused = json(http.post(format!("{url}/api/clock/pause"))).await;
    assert_eq!(paused["running"], false);
    assert!(!clock.is_running());
    assert_eq!(
        paused["now"],
        clock.now().to_string(),
        "it stands where it stopped"
    );
    let hub = http.get(format!("{url}/")).send().await.unwrap();
    let hub = hub.text().await.unwrap();
    assert!(hub.contains(">paused<") && !hub.contains("data-running-clock"));
    assert!(hub.contains("action=\"/clock/resume\""), "{hub}");

    // The hub's form goes back to the hub's clock.
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resumed = no_redirects
        .post(format!("{url}/clock/resume"))
        .form(&[("go", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(resumed.status(), 303);
    assert_eq!(resumed.headers()["location"], "/#clock");
    assert!(clock.is_running());
    shutdown.trigger();
}

/// A service whose next event is already due, counting its schedule runs.
async fn due_service(shutdown: &Shutdown) -> (String, Arc<AtomicUsize>) {
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = runs.clone();
    let router = Router::new()
        .route(
            "/api/schedule",
            routing::get(|| async { Json(serde_json::json!({"next": "2026-03-01T12:00:00Z"})) }),
        )
        .route(
            "/api/schedule/run",
            routing::post(move || {
                counted.fetch_add(1, Ordering::SeqCst);
                async { Json(serde_json::json!({"issued": []})) }
            }),
        );
    let addr = SocketAddr::from(([127, 0, 0, 1], 0));
    let service = Service::bind("due", addr, router)
        .await
        .expect("the stand-in service binds a loopback port");
    let url = format!(
        "http://{}",
        service
            .local_addr()
            .expect("a bound service has a local address")
    );
    tokio::spawn(service.run_until(shutdown.wait()));
    (url, runs)
}

#[tokio::test]
async fn a_running_clock_runs_what_falls_due_without_an_advance() {
    let shutdown = Shutdown::new();
    let (market, runs) = due_service(&shutdown).await;
    let clock = Clock::starting_at("2026-03-01T12:00:00Z".parse().unwrap());
    clock.resume().unwrap();
    let link = ServiceLink {
        name: "marketplace".into(),
        url: market,
        has_journal: false,
    };
    dashboard(clock, vec![link], &shutdown).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while runs.load(Ordering::SeqCst) == 0 {
        assert!(Instant::now() < deadline, "the due schedule never ran");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    shutdown.trigger();
}
