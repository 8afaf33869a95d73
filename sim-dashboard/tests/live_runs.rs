//! A certification run a command follows on the dashboard (`procsim
//! certify --dashboard`): begun over `POST /certify/api/runs/live`, its
//! progress told over `POST /certify/api/runs/{id}/progress`, finished by
//! the handoff, or given up (abandoned) by its command. What does not fit
//! is refused with the reason and changes nothing: a StartPage that is no
//! web address (the page links it), a run without the token it was begun
//! with, a run already over.

mod support;

use serde_json::{Value, json};
use service_kit::{Clock, Shutdown};
use sim_dashboard::DashboardConfig;

async fn dashboard(shutdown: &Shutdown) -> String {
    let clock = Clock::starting_at("2026-03-01T12:00:00Z".parse().expect("an instant"));
    let config = DashboardConfig {
        services: Vec::new(),
        connections: Vec::new(),
        storage: Default::default(),
        dtds: Default::default(),
    };
    support::serve(config, clock, shutdown).await
}

async fn post(url: String, body: Value) -> (u16, Value) {
    let reply = reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await
        .expect("the dashboard answers");
    let status = reply.status().as_u16();
    let body = reply.json().await.unwrap_or(Value::Null);
    (status, body)
}

fn waiting(token: &str, start_page: &str) -> Value {
    json!({
        "token": token,
        "state": "waiting",
        "start_page": start_page,
        "browser_form_post": "http://127.0.0.1:9/return",
        "deadline": "2030-01-01T00:00:00Z",
    })
}

#[tokio::test]
async fn a_live_run_shows_where_it_stands_and_refuses_what_does_not_fit() {
    let shutdown = Shutdown::new();
    let url = dashboard(&shutdown).await;
    let (status, begun) = post(
        format!("{url}/certify/api/runs/live"),
        json!({
            "platform": "coupa",
            "setup_url": "http://supplier.test/cxml",
            "order_url": null,
            "cart": "manual",
            "started_at": "2026-03-01T12:00:00Z",
        }),
    )
    .await;
    assert_eq!(status, 200, "{begun}");
    let id = begun["id"].as_i64().expect("an id");
    let token = begun["token"].as_str().expect("a token").to_owned();
    assert!(token.len() >= 32, "{token}");
    let running = json!({ "token": token, "state": "running" });
    let page = format!("{url}{}", begun["run"].as_str().expect("a page"));
    assert!(
        support::page(page.clone())
            .await
            .contains("The checks are running")
    );

    let progress = format!("{url}/certify/api/runs/{id}/progress");
    let (status, said) = post(progress.clone(), waiting(&token, "javascript:alert(1)")).await;
    assert_eq!(status, 400);
    assert!(
        said["error"]
            .as_str()
            .unwrap_or("")
            .contains("not an http(s) URL"),
        "{said}"
    );
    assert!(!support::page(page.clone()).await.contains("Your turn"));

    let (status, said) = post(
        progress.clone(),
        waiting("not-the-token", "http://supplier.test/start/abc"),
    )
    .await;
    assert_eq!(status, 404, "another run's token does not fit: {said}");
    assert!(!support::page(page.clone()).await.contains("Your turn"));
    let (status, _) = post(
        progress.clone(),
        waiting(&token, "http://supplier.test/start/abc"),
    )
    .await;
    assert_eq!(status, 204);
    let shown = support::page(page.clone()).await;
    assert!(
        shown.contains("Your turn: shop and return the cart"),
        "{shown}"
    );
    assert!(shown.contains("start&#x2F;abc"), "{shown}");

    let (status, _) = post(progress.clone(), running.clone()).await;
    assert_eq!(status, 204);
    assert!(!support::page(page.clone()).await.contains("Your turn"));

    let (status, said) = post(
        format!("{url}/certify/api/runs/{}/progress", id + 7),
        running.clone(),
    )
    .await;
    assert_eq!(status, 404, "{said}");

    let report = json!({
        "platform": "coupa",
        "setup_url": "http://supplier.test/cxml",
        "verdict": "failed",
        "started_at": "2026-03-01T12:00:00Z",
        "checks": [],
    });
    let run = json!({ "id": id, "token": token });
    let handoff = json!({ "run": run, "cart": "manual", "report": report, "exchanges": [] });
    let (status, said) = post(format!("{url}/certify/api/runs"), handoff).await;
    assert_eq!(
        status, 400,
        "a report without its counts is refused: {said}"
    );
    assert!(
        said["error"].as_str().unwrap_or("").contains("summary"),
        "{said}"
    );
    let mut report = report;
    report["summary"] = json!({ "passed": 0, "failed": 1, "warning": 0, "skipped": 0 });
    let handoff = json!({ "run": run, "cart": "manual", "report": report, "exchanges": [] });
    let (status, accepted) = post(format!("{url}/certify/api/runs"), handoff.clone()).await;
    assert_eq!(status, 200, "{accepted}");
    assert_eq!(accepted["id"], id, "the live run is the one finished");
    let (status, said) = post(format!("{url}/certify/api/runs"), handoff).await;
    assert_eq!(status, 409, "a finished run takes no second report: {said}");
    let (status, _) = post(progress, running).await;
    assert_eq!(status, 409);
    let list = support::page(format!("{url}/certify")).await;
    assert_eq!(list.matches("/certify/runs/").count(), 1, "{list}");
}

#[tokio::test]
async fn a_run_its_command_gives_up_on_is_shown_interrupted() {
    let shutdown = Shutdown::new();
    let url = dashboard(&shutdown).await;
    let (_, begun) = post(
        format!("{url}/certify/api/runs/live"),
        json!({
            "platform": "ariba",
            "setup_url": "https://supplier.test/cxml",
            "order_url": "https://supplier.test/cxml",
            "cart": "none",
            "started_at": "2026-03-01T12:00:00Z",
        }),
    )
    .await;
    let id = begun["id"].as_i64().expect("an id");
    let token = begun["token"].as_str().expect("a token");
    let (status, _) = post(
        format!("{url}/certify/api/runs/{id}/progress"),
        json!({ "token": token, "state": "abandoned", "reason": "the handoff was refused" }),
    )
    .await;
    assert_eq!(status, 204);
    let page = support::page(format!("{url}/certify/runs/{id}")).await;
    assert!(page.contains("This run was interrupted"), "{page}");
}

/// A StartPage a run opened is handed over with the page as served: its
/// exchange page shows that HTML as escaped text, never laid out as XML
/// nor run, and the check links to it.
#[tokio::test]
async fn a_start_page_handed_over_is_shown_as_escaped_text() {
    let shutdown = Shutdown::new();
    let url = dashboard(&shutdown).await;
    let page = "<!DOCTYPE html>\n<html><body><p>shop</p><script>alert(1)</script></body></html>";
    let exchange = json!({
        "id": 7,
        "service": "certify",
        "at": "2026-03-01T12:00:01Z",
        "direction": "outbound",
        "peer": "http://supplier.test/start/abc",
        "document_type": "StartPage (GET)",
        "payload_id": null,
        "flow_id": "certify-0123",
        "http_status": 200,
        "cxml_status": null,
        "latency_ms": 3.0,
        "sequence": 1,
        "finding_count": 0,
        "raw_bytes": 35,
        "response_bytes": page.len(),
        "findings": [],
        "response_findings": [],
        "raw": "GET http://supplier.test/start/abc\n",
        "raw_truncated": false,
        "response_raw": page,
        "response_truncated": false,
    });
    let report = json!({
        "kind": "supplier",
        "platform": "coupa",
        "setup_url": "http://supplier.test/cxml",
        "order_url": null,
        "verdict": "passed",
        "started_at": "2026-03-01T12:00:00Z",
        "flow": "certify-0123",
        "summary": { "passed": 1, "failed": 0, "warning": 0, "skipped": 0 },
        "checks": [{
            "id": "CERT-SETUP-005",
            "severity": "error",
            "status": "passed",
            "title": "the StartPage opens",
            "fix": "",
            "source": "POS-02",
            "evidence": {
                "http_status": 200,
                "cxml_status": null,
                "cxml_text": null,
                "elapsed_ms": 3,
                "element": null,
                "detail": "GET http://supplier.test/start/abc answered 200",
                "journal_id": 7,
            },
        }],
    });
    let handoff = json!({ "cart": "none", "report": report, "exchanges": [exchange] });
    let (status, accepted) = post(format!("{url}/certify/api/runs"), handoff).await;
    assert_eq!(status, 200, "{accepted}");
    let entry = accepted["journal"]["7"]
        .as_i64()
        .expect("the page's new id");
    let run = support::page(format!(
        "{url}{}",
        accepted["run"].as_str().expect("a page")
    ))
    .await;
    assert!(
        run.contains(&format!("href=\"&#x2F;journal&#x2F;certify&#x2F;{entry}\"")),
        "the check links the page: {run}"
    );
    let shown = support::page(format!("{url}/journal/certify/{entry}")).await;
    assert!(shown.contains("an HTML page, shown as text"), "{shown}");
    assert!(
        shown.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"),
        "{shown}"
    );
    assert!(!shown.contains("<script>alert"), "{shown}");
    assert!(!shown.contains("class=\"x-tag\""), "not laid out: {shown}");
}
