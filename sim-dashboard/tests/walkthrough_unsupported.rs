//! F11 over real sockets: a punchout alone does not tick the step "open
//! an unsupported product"; the marketplace saying its storefront showed
//! one in the run's own flow (`GET /api/punchout/unsupported-shown?flow=`)
//! does, and one shown in another flow does not.

mod support;

use support::page;

use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{Json, Router, extract::Query, routing::get};
use service_kit::{
    Clock, Service, Shutdown, Storage,
    journal::{self, Direction, Journal, NewExchange},
};
use sim_dashboard::{DashboardConfig, ServiceLink};

/// The flows whose storefront showed an unsupported product, as the
/// marketplace would answer for them.
type Shown = Arc<Mutex<Vec<String>>>;

struct Fixture {
    url: String,
    coupa: Journal,
    shown: Shown,
    _shutdown: Shutdown,
}

/// The marketplace's answer for `flow`: one product when it was shown.
fn answer(shown: &Shown, flow: &str) -> serde_json::Value {
    let seen = shown
        .lock()
        .expect("not poisoned")
        .iter()
        .any(|f| f == flow);
    let products = match seen {
        true => serde_json::json!([{
            "listing_id": "prod-00000001",
            "name": "Onboarding workshop",
            "reason": "Professional services are agreed with the seller directly."
        }]),
        false => serde_json::json!([]),
    };
    serde_json::json!({ "flow": flow, "products": products })
}

/// A dashboard with Coupa's journal and a marketplace that serves only
/// what its storefront showed.
async fn fixture() -> Fixture {
    let shutdown = Shutdown::new();
    let clock = Clock::starting_at("2026-03-01T12:00:00Z".parse().expect("a time"));
    let coupa = Journal::open(&Storage::Memory, "coupa", clock.clone()).expect("a journal");
    let addr = "127.0.0.1:0".parse::<SocketAddr>().expect("an address");
    let service = Service::bind("coupa", addr, journal::routes(coupa.clone()))
        .await
        .expect("coupa binds");
    let coupa_url = format!("http://{}", service.local_addr().expect("bound"));
    tokio::spawn(service.run_until(shutdown.wait()));

    let shown = Shown::default();
    let served = shown.clone();
    let marketplace = Router::new().route(
        "/api/punchout/unsupported-shown",
        get(move |Query(q): Query<HashMap<String, String>>| {
            let served = served.clone();
            async move { Json(answer(&served, q.get("flow").map_or("", String::as_str))) }
        }),
    );
    let service = Service::bind("marketplace", addr, marketplace)
        .await
        .expect("the marketplace binds");
    let marketplace_url = format!("http://{}", service.local_addr().expect("bound"));
    tokio::spawn(service.run_until(shutdown.wait()));

    let config = DashboardConfig {
        services: vec![
            ServiceLink {
                name: "coupa".into(),
                url: coupa_url,
                has_journal: true,
            },
            ServiceLink {
                name: "marketplace".into(),
                url: marketplace_url,
                has_journal: false,
            },
        ],
        connections: Vec::new(),
        storage: Default::default(),
        dtds: Default::default(),
    };
    let url = support::serve(config, clock, &shutdown).await;
    Fixture {
        url,
        coupa,
        shown,
        _shutdown: shutdown,
    }
}

/// The PunchOutSetupRequest Coupa sent in `flow`.
fn setup(flow: &str) -> NewExchange {
    NewExchange {
        direction: Direction::Outbound,
        peer: "http://marketplace.test/cxml".into(),
        document_type: Some("PunchOutSetupRequest".into()),
        payload_id: Some(format!("setup.{flow}@coupa")),
        flow_id: Some(flow.into()),
        http_status: Some(200),
        cxml_status: Some(200),
        latency: Duration::from_micros(100),
        findings: Vec::new(),
        response_findings: Vec::new(),
        raw: b"<cXML/>".to_vec(),
        response_raw: None,
    }
}

/// Each step of the page, in order: whether it is ticked.
fn ticks(html: &str) -> Vec<bool> {
    html.split("<li class=\"step")
        .skip(1)
        .map(|step| step.starts_with(" done"))
        .collect()
}

#[tokio::test]
async fn f11_ticks_the_product_step_only_once_the_runs_punchout_showed_one() {
    let f = fixture().await;
    let started = reqwest::Client::new()
        .post(format!("{}/walkthroughs/F11/start", f.url))
        .send()
        .await
        .expect("start answers");
    assert!(started.status().is_success(), "{}", started.status());

    // Another person's flow showed one; this run's punchout alone shows
    // nothing of the kind.
    f.shown.lock().expect("not poisoned").push("theirs".into());
    f.coupa.record(setup("mine")).await.expect("journaled");
    let html = page(format!("{}/walkthroughs/F11", f.url)).await;
    assert!(html.contains("<code class=\"flow\">mine</code>"), "{html}");
    assert_eq!(ticks(&html), [true, false], "{html}");
    assert!(html.contains("1 of 2 steps done"), "{html}");
    assert!(
        html.contains(
            "Ticks off when the marketplace shows, in this flow&#x27;s punchout, a product it \
             cannot send for approval"
        ),
        "{html}"
    );

    // She opens a professional services product in that punchout.
    f.shown.lock().expect("not poisoned").push("mine".into());
    let html = page(format!("{}/walkthroughs/F11", f.url)).await;
    assert_eq!(ticks(&html), [true, true], "{html}");
    assert!(html.contains("2 of 2 steps done"), "{html}");
    assert!(html.contains("Walkthrough complete"), "{html}");
    let hub = page(format!("{}/", f.url)).await;
    assert!(hub.contains("2/2"), "{hub}");
}
