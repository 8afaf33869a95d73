//! Walkthrough pages over real sockets, judged from what a real buyer
//! journal serves and what a buyer system says of a flow's requisition
//! (`GET /api/requisitions?flow=`, here a stand-in): a step that asks
//! what a returned cart holds is read from the cart's body (F9's two
//! paths), an approval from the requisition, a finance approval the chain
//! does not ask for is shown as not needed (F4 under the threshold), and
//! every page says how each step ticks off.

mod support;

use support::page;

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{Json, Router, extract::Query, routing::get};
use serde_json::{Value, json};
use service_kit::{
    Clock, Service, Shutdown, Storage,
    journal::{self, Direction, Journal, NewExchange},
};
use sim_dashboard::{DashboardConfig, ServiceLink};

/// What the stand-in answers for each flow's requisition.
type Requisitions = Arc<Mutex<Vec<Value>>>;

struct Fixture {
    url: String,
    coupa: Journal,
    requisitions: Requisitions,
    _shutdown: Shutdown,
}

#[derive(serde::Deserialize)]
struct FlowQuery {
    flow: String,
}

/// Coupa's `/api/requisitions?flow=`: the requisitions given, of that flow.
fn requisitions_api(held: Requisitions) -> Router {
    Router::new().route(
        "/api/requisitions",
        get(move |Query(query): Query<FlowQuery>| {
            let held = held.clone();
            async move {
                let all = held.lock().expect("not poisoned").clone();
                let of_flow: Vec<Value> = all
                    .into_iter()
                    .filter(|r| r["flow_id"] == query.flow.as_str())
                    .collect();
                Json(json!({ "requisitions": of_flow }))
            }
        }),
    )
}

/// A dashboard whose only service is Coupa's journal, with a stand-in
/// for Coupa's requisitions.
async fn fixture() -> Fixture {
    let shutdown = Shutdown::new();
    let clock = Clock::starting_at(
        "2026-03-01T12:00:00Z"
            .parse()
            .expect("a fixed RFC 3339 time parses"),
    );
    let coupa = Journal::open(&Storage::Memory, "coupa", clock.clone())
        .expect("an in-memory journal opens");
    let requisitions = Requisitions::default();
    let addr = SocketAddr::from(([127, 0, 0, 1], 0));
    let routes = journal::routes(coupa.clone()).merge(requisitions_api(requisitions.clone()));
    let service = Service::bind("coupa", addr, routes)
        .await
        .expect("coupa's journal binds a loopback port");
    let coupa_url = format!(
        "http://{}",
        service
            .local_addr()
            .expect("a bound service has a local address")
    );
    tokio::spawn(service.run_until(shutdown.wait()));
    let config = DashboardConfig {
        services: vec![ServiceLink {
            name: "coupa".into(),
            url: coupa_url,
            has_journal: true,
        }],
        connections: Vec::new(),
        storage: Default::default(),
        dtds: Default::default(),
    };
    let url = support::serve(config, clock, &shutdown).await;
    Fixture {
        url,
        coupa,
        requisitions,
        _shutdown: shutdown,
    }
}

/// A cart Coupa received in `flow`: one line per (option, unit price),
/// and the marketplace's own order when `subscribed`.
fn returned_cart(flow: &str, lines: &[(&str, &str)], subscribed: bool) -> NewExchange {
    let info = match subscribed {
        true => r#"<SupplierOrderInfo orderID="subscribe.abc@marketplace"/>"#,
        false => "",
    };
    let items: String = lines
        .iter()
        .map(|(option, price)| {
            format!(
                r#"<ItemIn quantity="1" lineNumber="1"><ItemID><SupplierPartID>prod-1</SupplierPartID><SupplierPartAuxiliaryID>{option}</SupplierPartAuxiliaryID></ItemID><ItemDetail><UnitPrice><Money currency="USD">{price}</Money></UnitPrice><Description xml:lang="en">A product</Description><UnitOfMeasure>EA</UnitOfMeasure><Classification domain="UNSPSC">43232300</Classification></ItemDetail></ItemIn>"#
            )
        })
        .collect();
    let raw = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><cXML payloadID="cart@m" timestamp="2026-03-01T12:00:00+00:00"><Header><From><Credential domain="NetworkID"><Identity>m</Identity></Credential></From><To><Credential domain="NetworkID"><Identity>c</Identity></Credential></To><Sender><Credential domain="NetworkID"><Identity>m</Identity></Credential><UserAgent>procsim</UserAgent></Sender></Header><Message><PunchOutOrderMessage><BuyerCookie>cookie</BuyerCookie><PunchOutOrderMessageHeader operationAllowed="edit"><Total><Money currency="USD">0.00</Money></Total>{info}</PunchOutOrderMessageHeader>{items}</PunchOutOrderMessage></Message></cXML>"#
    );
    NewExchange {
        direction: Direction::Inbound,
        peer: "browser".into(),
        document_type: Some("PunchOutOrderMessage".into()),
        payload_id: Some("cart@m".into()),
        flow_id: Some(flow.into()),
        http_status: Some(200),
        cxml_status: Some(200),
        latency: Duration::from_micros(100),
        findings: Vec::new(),
        response_findings: Vec::new(),
        raw: raw.into_bytes(),
        response_raw: None,
    }
}

async fn start(f: &Fixture, id: &str) -> String {
    let reply = reqwest::Client::new()
        .post(format!("{}/walkthroughs/{id}/start", f.url))
        .send()
        .await
        .expect("the dashboard answers the walkthrough's start");
    reply
        .text()
        .await
        .expect("the walkthrough's start has a text body")
}

/// The pre-approved path: the cart reports the subscription and holds no
/// 0.00 line, so the approval step stays open and the walkthrough ends
/// on its other path.
#[tokio::test]
async fn f9_ends_when_the_returned_cart_reports_the_subscription() {
    let f = fixture().await;
    let started = start(&f, "F9").await;
    assert!(started.contains("0 of 4 steps done"));
    assert!(!started.contains("Walkthrough complete"));
    // Either path's cart takes the flow, and the page says both.
    assert!(
        started.contains(
            "(it is taken once coupa receives PunchOutOrderMessage holding a 0.00 Free or BYOL \
             line, or coupa receives PunchOutOrderMessage reporting the subscription the \
             marketplace made at once)"
        ),
        "{started}"
    );
    f.coupa
        .record(returned_cart("auto", &[], true))
        .await
        .unwrap();
    let html = page(format!("{}/walkthroughs/F9", f.url)).await;
    assert!(html.contains("1 of 1 steps done"), "{html}");
    assert!(html.contains("Walkthrough complete"), "{html}");
    assert_eq!(html.matches("class=\"step done").count(), 1, "{html}");
    // Steps 1 to 4 are not ticked: the page says the path went around them.
    assert_eq!(
        html.matches("Not needed: you took the other path").count(),
        4,
        "{html}"
    );
    // They no longer look like steps to do: marked, with no link to follow.
    assert_eq!(html.matches("class=\"step skipped").count(), 4, "{html}");
    assert_eq!(
        html.matches("aria-label=\"not needed\"").count(),
        4,
        "{html}"
    );
    assert_eq!(html.matches("aria-label=\"to do\"").count(), 0, "{html}");
    let hub = page(format!("{}/", f.url)).await;
    assert!(hub.contains("1/1"), "{hub}");
}

/// The approval path: only a cart with a 0.00 Free or BYOL line ticks
/// the approval step; a paid line does not.
#[tokio::test]
async fn f9_approval_step_ticks_for_a_cart_with_a_zero_free_line_only() {
    let f = fixture().await;
    start(&f, "F9").await;
    f.coupa
        .record(returned_cart("paid", &[("standard-12m", "1200.00")], false))
        .await
        .unwrap();
    let html = page(format!("{}/walkthroughs/F9", f.url)).await;
    assert!(html.contains("0 of 4 steps done"), "{html}");
    start(&f, "F9").await;
    f.coupa
        .record(returned_cart("free", &[("free", "0.00")], false))
        .await
        .unwrap();
    let html = page(format!("{}/walkthroughs/F9", f.url)).await;
    assert!(html.contains("1 of 4 steps done"), "{html}");
    assert!(html.contains("<code class=\"flow\">free</code>"), "{html}");
}

/// Every step of every walkthrough says how it ticks off: by what shows
/// it, or that it is not counted (an alternative not taken, an aside);
/// none waits for the next step to tick it.
#[tokio::test]
async fn every_step_of_every_walkthrough_says_how_it_ticks_off() {
    let f = fixture().await;
    for n in 1..=15 {
        let html = page(format!("{}/walkthroughs/F{n}", f.url)).await;
        let steps = html.matches("<li class=\"step").count();
        let said = html.matches("Ticks off when").count()
            + html.matches("Not counted:").count()
            + html.matches("Not a step:").count();
        assert!(steps > 0, "F{n}: {html}");
        assert_eq!(said, steps, "F{n}: {html}");
        assert!(!html.contains("Ticks off with the next step"), "F{n}");
    }
}

/// A requisition of a flow as a buyer system lists it.
fn requisition(flow: &str, status: &str, approvals: &[(&str, Option<&str>)]) -> Value {
    let approvals: Vec<Value> = approvals
        .iter()
        .map(|(level, decision)| json!({ "level": level, "decision": decision }))
        .collect();
    json!({
        "number": "REQ-000001",
        "flow_id": flow,
        "requester": "jane@acme.test",
        "status": status,
        "total": "1200.00",
        "currency": "USD",
        "approvals": approvals,
    })
}

/// An OrderRequest Coupa sent in `flow`.
fn order_sent(flow: &str) -> NewExchange {
    NewExchange {
        direction: Direction::Outbound,
        peer: "marketplace".into(),
        document_type: Some("OrderRequest".into()),
        payload_id: Some("order@coupa".into()),
        raw: b"<cXML/>".to_vec(),
        ..returned_cart(flow, &[("standard-12m", "1200.00")], false)
    }
}

/// F4 followed over HTTP: the cart alone ticks only its step; submitting
/// and Mia's approval tick their own steps, as Coupa's requisition says;
/// under the threshold its chain has no finance step, so Fin's step is
/// shown not needed, never ticked, and F4 ends at 4/4 with the order.
#[tokio::test]
async fn f4_under_the_threshold_ticks_each_approval_and_shows_finance_not_needed() {
    let f = fixture().await;
    let started = start(&f, "F4").await;
    assert!(started.contains("0 of 5 steps done"), "{started}");
    f.coupa
        .record(returned_cart(
            "small",
            &[("standard-12m", "1200.00")],
            false,
        ))
        .await
        .unwrap();
    let html = page(format!("{}/walkthroughs/F4", f.url)).await;
    assert!(html.contains("1 of 5 steps done"), "{html}");

    f.requisitions
        .lock()
        .unwrap()
        .push(requisition("small", "pending", &[("manager", None)]));
    let html = page(format!("{}/walkthroughs/F4", f.url)).await;
    assert!(html.contains("2 of 4 steps done"), "{html}");
    assert_eq!(html.matches("class=\"step not-needed").count(), 1, "{html}");
    assert!(
        html.contains(
            "Not needed in your flow: the requisition&#x27;s approval chain has no finance step"
        ),
        "{html}"
    );
    assert_eq!(html.matches("class=\"step done").count(), 2, "{html}");

    *f.requisitions.lock().unwrap() = vec![requisition(
        "small",
        "approved",
        &[("manager", Some("approved"))],
    )];
    f.coupa.record(order_sent("small")).await.unwrap();
    let html = page(format!("{}/walkthroughs/F4", f.url)).await;
    assert!(html.contains("4 of 4 steps done"), "{html}");
    assert!(html.contains("Walkthrough complete"), "{html}");
    // Fin's step is not done: it is marked, not ticked.
    assert_eq!(html.matches("class=\"step done").count(), 4, "{html}");
    assert_eq!(html.matches("class=\"step not-needed").count(), 1, "{html}");
}

/// Above the threshold the same page waits for Fin: a requisition whose
/// chain has a finance step keeps it to do until finance approves.
#[tokio::test]
async fn f4_above_the_threshold_waits_for_fins_approval() {
    let f = fixture().await;
    start(&f, "F4").await;
    f.coupa
        .record(returned_cart("big", &[("standard-12m", "12000.00")], false))
        .await
        .unwrap();
    let pending = |finance| {
        requisition(
            "big",
            "pending",
            &[("manager", Some("approved")), ("finance", finance)],
        )
    };
    f.requisitions.lock().unwrap().push(pending(None));
    let html = page(format!("{}/walkthroughs/F4", f.url)).await;
    assert!(html.contains("3 of 5 steps done"), "{html}");
    assert!(!html.contains("class=\"step not-needed"), "{html}");
    *f.requisitions.lock().unwrap() = vec![pending(Some("approved"))];
    let html = page(format!("{}/walkthroughs/F4", f.url)).await;
    assert!(html.contains("4 of 5 steps done"), "{html}");
}
