//! The dashboard over real sockets: the merged journal (read from real
//! service journals over HTTP), clock controls, connection details and
//! pages that escape what came from documents.

mod support;

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use axum::Router;
use service_kit::{
    Clock, Service, Shutdown, Storage,
    journal::{self, Direction, Journal, NewExchange},
};
use sim_dashboard::{Connection, CredentialRef, DashboardConfig, ServiceLink};
use tokio::net::TcpListener;

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

fn exchange(flow: &str, doc: &str, status: u16, raw: &str) -> NewExchange {
    NewExchange {
        direction: Direction::Inbound,
        peer: "127.0.0.1:1".into(),
        document_type: Some(doc.into()),
        payload_id: Some(format!("{doc}@test")),
        flow_id: Some(flow.into()),
        http_status: Some(200),
        cxml_status: Some(status),
        latency: Duration::from_micros(1500),
        findings: Vec::new(),
        response_findings: Vec::new(),
        raw: raw.as_bytes().to_vec(),
        response_raw: None,
    }
}

struct Fixture {
    url: String,
    clock: Clock,
    supplier: Journal,
    shutdown: Shutdown,
    /// Ariba's address: refused for as long as the fixture lives.
    _ariba_down: service_kit::ClosedPort,
}

async fn fixture() -> Fixture {
    let shutdown = Shutdown::new();
    let clock = Clock::starting_at(
        "2026-03-01T12:00:00Z"
            .parse()
            .expect("a fixed RFC 3339 time parses"),
    );
    let supplier = Journal::open(&Storage::Memory, "marketplace", clock.clone())
        .expect("an in-memory journal opens");
    let buyer = Journal::open(&Storage::Memory, "coupa", clock.clone())
        .expect("an in-memory journal opens");
    buyer
        .record(exchange(
            "f1",
            "PunchOutSetupRequest",
            200,
            "<cXML>setup</cXML>",
        ))
        .await
        .expect("the buyer's journal records the exchange");
    clock
        .advance(jiff::SignedDuration::from_secs(60))
        .expect("the simulated clock moves forward");
    supplier
        .record(exchange(
            "f1",
            "OrderRequest",
            200,
            "<cXML><SharedSecret>hidden</SharedSecret><script>alert(1)</script></cXML>",
        ))
        .await
        .expect("the supplier's journal records the exchange");
    supplier
        .record(exchange("f2", "OrderRequest", 401, "<cXML/>"))
        .await
        .expect("the supplier's journal records the exchange");
    let supplier_url = serve(journal::routes(supplier.clone()), &shutdown).await;
    let buyer_url = serve(journal::routes(buyer), &shutdown).await;
    let closed =
        service_kit::ClosedPort::reserve().expect("a loopback port can be reserved closed");
    let gone_url = format!("http://{}", closed.addr());
    let config = DashboardConfig {
        services: vec![
            ServiceLink {
                name: "marketplace".into(),
                url: supplier_url,
                has_journal: true,
            },
            ServiceLink {
                name: "coupa".into(),
                url: buyer_url,
                has_journal: true,
            },
            ServiceLink {
                name: "ariba".into(),
                url: gone_url,
                has_journal: true,
            },
        ],
        connections: vec![Connection {
            buyer_system: "coupa".into(),
            marketplace_account: "acct-coupa-001".into(),
            cxml_url: "http://127.0.0.1:7701/cxml".into(),
            from: CredentialRef {
                domain: "NetworkID".into(),
                identity: "coupa-acme".into(),
            },
            to: CredentialRef {
                domain: "NetworkID".into(),
                identity: "procsim-marketplace".into(),
            },
            sender: CredentialRef {
                domain: "NetworkID".into(),
                identity: "coupa-acme".into(),
            },
            shared_secret: "coupa-shared-secret".into(),
        }],
        storage: Default::default(),
        dtds: Default::default(),
    };
    let url = support::serve(config, clock.clone(), &shutdown).await;
    Fixture {
        url,
        clock,
        supplier,
        shutdown,
        _ariba_down: closed,
    }
}

async fn json(url: String) -> serde_json::Value {
    reqwest::get(url)
        .await
        .expect("the dashboard answers the GET")
        .json()
        .await
        .expect("the dashboard answers with JSON")
}

#[tokio::test]
async fn the_merged_journal_orders_by_time_and_filters() {
    let f = fixture().await;
    let all = json(format!("{}/api/journal", f.url)).await;
    let kinds: Vec<_> = all["exchanges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["service"].as_str().unwrap().to_owned(),
                e["cxml_status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("coupa".to_owned(), 200),
            ("marketplace".to_owned(), 200),
            ("marketplace".to_owned(), 401)
        ]
    );
    assert_eq!(all["unavailable"], serde_json::json!(["ariba"]));

    let flow = json(format!("{}/api/journal?flow=f1", f.url)).await;
    assert_eq!(flow["exchanges"].as_array().unwrap().len(), 2);
    let failed = json(format!("{}/api/journal?status=4xx", f.url)).await;
    assert_eq!(failed["exchanges"].as_array().unwrap().len(), 1);
    let one_service = json(format!(
        "{}/api/journal?service=coupa&type=PunchOutSetupRequest",
        f.url
    ))
    .await;
    assert_eq!(one_service["exchanges"].as_array().unwrap().len(), 1);
    assert_eq!(one_service["unavailable"], serde_json::json!([]));
}

#[tokio::test]
async fn a_json_answer_is_indented_and_escaped() {
    let f = fixture().await;
    let search = NewExchange {
        payload_id: None,
        cxml_status: None,
        document_type: Some("OpenBuySearch".into()),
        raw: b"GET http://mp/api/open-buy/listings?q=x".to_vec(),
        response_raw: Some(br#"{"hits":[{"name":"<script>x</script>"}]}"#.to_vec()),
        ..exchange("f9", "OpenBuySearch", 0, "")
    };
    let id = f.supplier.record(search).await.unwrap();
    let detail = reqwest::get(format!("{}/journal/marketplace/{id}", f.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(detail.contains("not cXML: the request as sent"), "{detail}");
    assert!(detail.contains("JSON, indented here."));
    assert!(
        detail.contains("&quot;hits&quot;: [\n    {\n      &quot;name&quot;: &quot;&lt;script&gt;x&lt;&#x2F;script&gt;&quot;"),
        "{detail}"
    );
    assert!(!detail.contains("<script>"));
}

#[tokio::test]
async fn the_findings_of_an_answer_are_shown_beside_the_documents_own() {
    let f = fixture().await;
    let answer = "<cXML><Header/><Response><Status code=\"200\" text=\"OK\"/></Response></cXML>";
    let findings = |bytes: &[u8]| cxml::validate::check_without_dtd(bytes, &Default::default());
    let setup = NewExchange {
        direction: Direction::Outbound,
        response_findings: findings(answer.as_bytes()),
        response_raw: Some(answer.as_bytes().to_vec()),
        ..exchange("f7", "PunchOutSetupRequest", 200, "<cXML/>")
    };
    assert!(
        setup
            .response_findings
            .iter()
            .any(|f| f.rule.as_str() == "CX003"),
        "{:?}",
        setup.response_findings
    );
    let id = f.supplier.record(setup).await.unwrap();
    let detail = reqwest::get(format!("{}/journal/marketplace/{id}", f.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        detail.contains("<h2>Findings in the response</h2>"),
        "{detail}"
    );
    assert!(detail.contains("<strong>CX003</strong> 1:1"), "{detail}");
}

#[tokio::test]
async fn exchange_pages_escape_documents_and_mask_secrets() {
    let f = fixture().await;
    let page = reqwest::get(format!("{}/journal", f.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("/journal/marketplace/1"), "{page}");
    // Times are written for people; the instant stays in the markup.
    assert!(
        page.contains(
            "<time datetime=\"2026-03-01T12:01:00Z\" title=\"Sun 1 Mar 2026, 12:01:00 UTC\">\
             1 Mar 2026 12:01:00</time>"
        ),
        "{page}"
    );
    let detail = reqwest::get(format!("{}/journal/marketplace/1", f.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Laid out and coloured: the element is shown as tags, never run.
    assert!(
        detail.contains("<span class=\"x-punct\">&lt;</span><span class=\"x-tag\">script</span>"),
        "{detail}"
    );
    assert!(detail.contains("<span class=\"x-text\">alert(1)</span>"));
    assert!(!detail.contains("<script>"));
    assert!(
        !detail.contains("hidden"),
        "secrets are masked in the journal"
    );
    let missing = reqwest::get(format!("{}/journal/marketplace/99", f.url))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains("not in the service"));
}

#[tokio::test]
async fn the_clock_moves_forward_only() {
    let f = fixture().await;
    let client = reqwest::Client::new();
    let before = f.clock.now();
    let moved = client
        .post(format!("{}/api/clock/advance", f.url))
        .json(&serde_json::json!({"days": 30}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 200);
    assert_eq!(f.clock.now().duration_since(before).as_hours(), 30 * 24);
    let now: serde_json::Value = moved.json().await.unwrap();
    assert_eq!(now["now"], f.clock.now().to_string());
    for bad in [
        serde_json::json!({"days": -1}),
        serde_json::json!({}),
        serde_json::json!({"days": 100_000}),
    ] {
        let refused = client
            .post(format!("{}/api/clock/advance", f.url))
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 400, "{bad}");
    }
    assert_eq!(
        f.clock.now().duration_since(before).as_hours(),
        30 * 24,
        "refusals change nothing"
    );
}

#[tokio::test]
async fn connections_and_the_hub_page() {
    let f = fixture().await;
    let connections = json(format!("{}/api/connections", f.url)).await;
    assert_eq!(connections[0]["shared_secret"], "coupa-shared-secret");
    assert_eq!(connections[0]["from"]["identity"], "coupa-acme");
    let page = reqwest::get(format!("{}/", f.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("acct-coupa-001"));
    assert!(
        !page.contains("coupa-shared-secret"),
        "the hub page does not show secrets"
    );
    assert!(
        page.contains("<span class=\"down\">down</span>"),
        "the unreachable service shows as down"
    );
}

/// A service whose schedule run answers `status` and counts its calls.
async fn scheduled(status: u16, shutdown: &Shutdown) -> (String, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let router = Router::new().route(
        "/api/schedule/run",
        axum::routing::post(move || {
            let calls = counted.clone();
            async move {
                calls.fetch_add(1, Ordering::SeqCst);
                let status = axum::http::StatusCode::from_u16(status)
                    .expect("the stand-in's status is a valid HTTP status");
                (
                    status,
                    axum::Json(serde_json::json!({ "issued": ["INV-000001"] })),
                )
            }
        }),
    );
    (serve(router, shutdown).await, calls)
}

#[tokio::test]
async fn an_advance_runs_every_schedule_before_it_answers() {
    let shutdown = Shutdown::new();
    let clock = Clock::starting_at("2026-03-01T12:00:00Z".parse().unwrap());
    let (market, market_calls) = scheduled(200, &shutdown).await;
    let (broken, broken_calls) = scheduled(500, &shutdown).await;
    let link = |name: &str, url: &str| ServiceLink {
        name: name.into(),
        url: url.into(),
        has_journal: false,
    };
    let start = |services: Vec<ServiceLink>| {
        let clock = clock.clone();
        let shutdown = shutdown.clone();
        async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let url = format!("http://{}", listener.local_addr().unwrap());
            let config = DashboardConfig {
                services,
                connections: Vec::new(),
                storage: Default::default(),
                dtds: Default::default(),
            };
            let dashboard = sim_dashboard::build(listener, config, clock).unwrap();
            tokio::spawn(dashboard.run_until(shutdown.wait()));
            url
        }
    };
    // The marketplace-like service runs; a service without a schedule (the
    // dashboard answers 404 itself) and SMTP are skipped.
    let no_schedule = start(Vec::new()).await;
    let healthy = start(vec![
        link("marketplace", &market),
        link("mail", &no_schedule),
        link("smtp", "smtp://127.0.0.1:1"),
    ])
    .await;
    let advance = |url: String| async move {
        reqwest::Client::new()
            .post(format!("{url}/api/clock/advance"))
            .json(&serde_json::json!({"hours": 1}))
            .send()
            .await
            .unwrap()
    };
    let reply = advance(healthy.clone()).await;
    assert_eq!(reply.status(), 200);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(market_calls.load(Ordering::SeqCst), 1);
    assert_eq!(body["ran"][0]["service"], "marketplace");
    assert_eq!(body["ran"][0]["report"]["issued"][0], "INV-000001");
    assert_eq!(body["ran"].as_array().unwrap().len(), 1, "{body}");
    assert_eq!(body["now"], "2026-03-01T13:00:00Z");

    // The dashboard's own form answers with a page: from when to when, and
    // what each service did.
    let form = reqwest::Client::new()
        .post(format!("{healthy}/clock/advance"))
        .form(&[("days", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    let page = form.text().await.unwrap();
    assert!(
        page.contains("From Sun 1 Mar 2026, 13:00:00 UTC to"),
        "{page}"
    );
    assert!(page.contains("Mon 2 Mar 2026, 13:00:00 UTC"), "{page}");
    assert!(
        page.contains("<strong>marketplace</strong>") && page.contains("issued: INV-000001"),
        "{page}"
    );
    assert_eq!(market_calls.load(Ordering::SeqCst), 2);
    let hub = reqwest::get(format!("{healthy}/"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        hub.contains("<time datetime=\"2026-03-02T13:00:00Z\">Mon 2 Mar 2026, 13:00:00 UTC</time>"),
        "{hub}"
    );

    let failing = start(vec![link("coupa", &broken)]).await;
    let reply = advance(failing).await;
    assert_eq!(reply.status(), 502);
    assert_eq!(broken_calls.load(Ordering::SeqCst), 1);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("coupa"), "{body}");
    assert_eq!(body["now"], "2026-03-02T14:00:00Z", "the clock did move");
}

async fn page(url: String) -> (u16, String) {
    let reply = reqwest::get(url)
        .await
        .expect("the dashboard answers the GET");
    (
        reply.status().as_u16(),
        reply
            .text()
            .await
            .expect("the dashboard's page has a text body"),
    )
}

#[tokio::test]
async fn a_flow_is_drawn_as_a_linked_svg_and_walkthroughs_are_pages() {
    let f = fixture().await;
    let (status, html) = page(format!("{}/flows/f1", f.url)).await;
    assert_eq!(status, 200);
    assert!(html.contains("<svg class=\"sequence\""), "{html}");
    assert_eq!(html.matches("<a class=\"arrow\"").count(), 2, "{html}");
    assert!(html.contains("href=\"/journal/coupa/1\""));
    assert!(!html.contains("<script>alert"));

    let (status, html) = page(format!("{}/walkthroughs/F1", f.url)).await;
    assert_eq!(status, 200);
    assert!(html.contains("F1 · Coupa PunchOut"), "{html}");
    // Nothing is judged, and no step opens, before the person starts.
    assert!(html.contains("Start this walkthrough"), "{html}");
    assert!(!html.contains("name=\"email\""), "{html}");
    let (status, _) = page(format!("{}/walkthroughs/F99", f.url)).await;
    assert_eq!(status, 404);
    let (_, hub) = page(format!("{}/", f.url)).await;
    assert!(hub.contains("href=\"/walkthroughs/F15\""));
    assert_eq!(hub.matches("not started").count(), 15, "{hub}");
}

#[tokio::test]
async fn a_started_walkthrough_follows_the_first_flow_begun_after_its_start() {
    let f = fixture().await;
    let http = reqwest::Client::new();
    let started = http
        .post(format!("{}/walkthroughs/F15/start", f.url))
        .send()
        .await
        .unwrap();
    // Redirected back to the page, which now opens the steps.
    assert_eq!(started.status(), 200);
    let html = started.text().await.unwrap();
    assert!(
        html.contains("name=\"email\" value=\"dev@acme.test\""),
        "{html}"
    );
    assert!(html.contains("0 of 3 steps done"), "{html}");
    assert!(html.contains("Waiting for the first flow"), "{html}");
    // f1 and f2 began before the start: listed to choose from, not taken.
    assert!(html.contains("value=\"f1\""), "{html}");

    f.supplier
        .record(exchange("f9", "PunchOutSetupRequest", 200, "<cXML/>"))
        .await
        .unwrap();
    let (_, html) = page(format!("{}/walkthroughs/F15", f.url)).await;
    assert!(html.contains("<code class=\"flow\">f9</code>"), "{html}");
    // Followed, yet no step is done: the punchout step also needs the
    // settings saved after Start, and nobody was refused or saved any.
    assert!(html.contains("0 of 3 steps done"), "{html}");
    // A later flow does not take its place.
    f.supplier
        .record(exchange("f10", "PunchOutSetupRequest", 401, "<cXML/>"))
        .await
        .unwrap();
    let (_, html) = page(format!("{}/walkthroughs/F15", f.url)).await;
    assert!(html.contains("<code class=\"flow\">f9</code>"), "{html}");
    let (_, hub) = page(format!("{}/", f.url)).await;
    assert!(hub.contains("0/3"), "{hub}");
    assert_eq!(hub.matches("not started").count(), 14, "{hub}");

    // The person may say which flow is theirs instead.
    let chosen = http
        .post(format!("{}/walkthroughs/F15/follow", f.url))
        .form(&[("flow", "f10")])
        .send()
        .await
        .unwrap();
    let html = chosen.text().await.unwrap();
    assert!(html.contains("the flow you chose"), "{html}");
    assert!(html.contains("<code class=\"flow\">f10</code>"), "{html}");
    assert!(
        html.contains("0 of 3 steps done"),
        "the refused setup proves nothing: {html}"
    );
}

#[tokio::test]
async fn the_event_stream_tells_of_new_exchanges_and_ends_on_shutdown() {
    let f = fixture().await;
    let mut stream = reqwest::get(format!("{}/api/events", f.url)).await.unwrap();
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    f.supplier
        .record(exchange("f3", "OrderRequest", 200, "<cXML/>"))
        .await
        .unwrap();
    let told = tokio::time::timeout(Duration::from_secs(10), async {
        let mut seen = String::new();
        while let Some(chunk) = stream.chunk().await.unwrap() {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("event: journal") && seen.contains("data: marketplace") {
                return seen;
            }
        }
        panic!("the stream ended first: {seen}");
    })
    .await
    .expect("an event within the deadline");
    assert!(
        !told.contains("coupa"),
        "only the journal that grew: {told}"
    );
    f.shutdown.trigger();
    tokio::time::timeout(Duration::from_secs(10), async {
        while let Ok(Some(_)) = stream.chunk().await {}
    })
    .await
    .expect("the stream ends when the dashboard stops");
}
