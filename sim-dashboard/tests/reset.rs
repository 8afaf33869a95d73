//! The dashboard's reset of all state, against stand-in services over real
//! sockets: every service is asked, the clock goes back to the start, GET
//! is refused, and one failing service gives a clear error naming it.

mod support;

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
};

use axum::{Router, http::StatusCode, routing::post};
use service_kit::{Clock, Service, Shutdown};
use sim_dashboard::{DashboardConfig, ServiceLink};

async fn serve(router: Router, shutdown: &Shutdown) -> String {
    let service = Service::bind("t", SocketAddr::from(([127, 0, 0, 1], 0)), router)
        .await
        .expect("the stand-in service binds a loopback port");
    let url = format!(
        "http://{}",
        service
            .local_addr()
            .expect("a bound service has a local address")
    );
    tokio::spawn(service.run_until(shutdown.wait()));
    url
}

/// A service whose reset counts its calls and answers `status`.
async fn stand_in(status: StatusCode, calls: Arc<AtomicUsize>, shutdown: &Shutdown) -> String {
    let router = Router::new().route(
        "/api/reset",
        post(move || {
            calls.fetch_add(1, Ordering::SeqCst);
            async move {
                (
                    status,
                    axum::Json(serde_json::json!({"error": "disk full"})),
                )
            }
        }),
    );
    serve(router, shutdown).await
}

struct Fixture {
    url: String,
    clock: Clock,
    calls: Vec<Arc<AtomicUsize>>,
    _shutdown: Shutdown,
}

async fn fixture(statuses: &[(&str, StatusCode)]) -> Fixture {
    let shutdown = Shutdown::new();
    let clock = Clock::starting_at(
        "2026-03-01T12:00:00Z"
            .parse()
            .expect("a fixed RFC 3339 time parses"),
    );
    let mut services = Vec::new();
    let mut calls = Vec::new();
    for (name, status) in statuses {
        let count = Arc::new(AtomicUsize::new(0));
        let url = stand_in(*status, count.clone(), &shutdown).await;
        calls.push(count);
        services.push(ServiceLink {
            name: (*name).to_owned(),
            url,
            has_journal: true,
        });
    }
    services.push(ServiceLink {
        name: "smtp".into(),
        url: "smtp://127.0.0.1:1".into(),
        has_journal: false,
    });
    let config = DashboardConfig {
        services,
        connections: Vec::new(),
        storage: Default::default(),
        dtds: Default::default(),
    };
    let url = support::serve(config, clock.clone(), &shutdown).await;
    clock
        .advance(jiff::SignedDuration::from_hours(24 * 30))
        .expect("the simulated clock moves forward");
    Fixture {
        url,
        clock,
        calls,
        _shutdown: shutdown,
    }
}

const ALL_OK: &[(&str, StatusCode)] = &[
    ("marketplace", StatusCode::OK),
    ("coupa", StatusCode::OK),
    ("ariba", StatusCode::OK),
    ("mail", StatusCode::OK),
];

#[tokio::test]
async fn the_api_resets_every_service_and_the_clock() {
    let f = fixture(ALL_OK).await;
    let reply = reqwest::Client::new()
        .post(format!("{}/api/reset", f.url))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    let body: serde_json::Value = reply.json().await.unwrap();
    // The dashboard's own certification runs and their journal are reset
    // like a service's.
    assert_eq!(
        body["reset"],
        serde_json::json!(["marketplace", "coupa", "ariba", "mail", "certify"])
    );
    assert_eq!(body["failed"], serde_json::json!([]));
    assert_eq!(body["now"], "2026-03-01T12:00:00Z");
    for calls in &f.calls {
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
    assert_eq!(f.clock.now().to_string(), "2026-03-01T12:00:00Z");
}

#[tokio::test]
async fn get_is_refused_and_changes_nothing() {
    let f = fixture(ALL_OK).await;
    for path in ["/api/reset", "/reset"] {
        let reply = reqwest::get(format!("{}{path}", f.url)).await.unwrap();
        assert_eq!(reply.status(), 405, "{path}");
    }
    assert!(f.calls.iter().all(|c| c.load(Ordering::SeqCst) == 0));
    assert_eq!(f.clock.now().to_string(), "2026-03-31T12:00:00Z");
}

#[tokio::test]
async fn the_form_needs_the_confirmation() {
    let f = fixture(ALL_OK).await;
    let client = reqwest::Client::new();
    let refused = client
        .post(format!("{}/reset", f.url))
        .form(&[("confirm", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    assert!(refused.text().await.unwrap().contains("Nothing was reset"));
    assert!(f.calls.iter().all(|c| c.load(Ordering::SeqCst) == 0));
    let page = client
        .post(format!("{}/reset", f.url))
        .form(&[("confirm", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Everything is reset"), "{html}");
    assert!(html.contains("2026-03-01T12:00:00Z"), "{html}");
    let index = reqwest::get(&f.url).await.unwrap().text().await.unwrap();
    assert!(
        index.contains("action=\"/reset\""),
        "the form is on the dashboard"
    );
}

#[tokio::test]
async fn a_failing_service_is_named_and_the_clock_stays() {
    let f = fixture(&[
        ("marketplace", StatusCode::OK),
        ("coupa", StatusCode::INTERNAL_SERVER_ERROR),
        ("mail", StatusCode::OK),
    ])
    .await;
    let client = reqwest::Client::new();
    let reply = client
        .post(format!("{}/api/reset", f.url))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 502);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(
        body["reset"],
        serde_json::json!(["marketplace", "mail", "certify"])
    );
    assert_eq!(body["failed"][0]["service"], "coupa");
    let error = body["failed"][0]["error"].as_str().unwrap();
    assert!(
        error.contains("500") && error.contains("disk full"),
        "{error}"
    );
    assert_eq!(body["clock_reset"], false);
    assert_eq!(f.clock.now().to_string(), "2026-03-31T12:00:00Z");
    let page = client
        .post(format!("{}/reset", f.url))
        .form(&[("confirm", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 502);
    let html = page.text().await.unwrap();
    assert!(html.contains("The reset did not complete"), "{html}");
    assert!(html.contains("<strong>coupa</strong>"), "{html}");
}
