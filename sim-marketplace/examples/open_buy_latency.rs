//! Open Buy search over HTTP, end to end, as Coupa calls it: the default
//! 10,000-listing catalog, HTTP Basic with the seeded Coupa connection's
//! identity and secret, the account read and the private marketplace
//! check on every request. Prints p50/p99 of 2,000 sequential searches
//! with the private marketplace off and then on (250 approved listings),
//! beside a `GET /healthz` round trip measured the same way.
//!
//! `cargo run --release -p sim-marketplace --example open_buy_latency`

use std::time::{Duration, Instant};

use service_kit::{Clock, Shutdown};
use sim_marketplace::MarketplaceConfig;
use tokio::net::TcpListener;

const REQUESTS: usize = 2_000;
const WORDS: [&str; 6] = ["security", "cloud", "robust mid", "platform", "data", "s"];

#[tokio::main]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    // No mail is sent by searches; the outbox only needs an address.
    let smtp = "127.0.0.1:9".parse().expect("address");
    let clock = Clock::starting_at(jiff::Timestamp::UNIX_EPOCH);
    let service = sim_marketplace::build(listener, MarketplaceConfig::new(&url, smtp), clock)
        .expect("the marketplace starts");
    let shutdown = Shutdown::new();
    tokio::spawn(service.run_until(shutdown.wait()));
    let http = reqwest::Client::new();

    let health = timed(REQUESTS, |_| http.get(format!("{url}/healthz")).send()).await;
    let search = |n: usize| {
        http.get(format!("{url}/api/open-buy/listings"))
            .basic_auth("coupa-acme", Some("coupa-shared-secret"))
            .query(&[("q", WORDS[n % WORDS.len()]), ("limit", "20")])
            .send()
    };
    let open = timed(REQUESTS, search).await;

    let approved = every_fortieth(&http, &url).await;
    let reply = http
        .put(format!(
            "{url}/api/accounts/acct-coupa-001/private-marketplace"
        ))
        .header("x-procsim-user", "admin@acme.test")
        .json(&serde_json::json!({ "enabled": true, "listings": approved }))
        .send()
        .await
        .expect("setting");
    assert!(
        reply.status().is_success(),
        "{}",
        reply.text().await.unwrap_or_default()
    );
    let private = timed(REQUESTS, search).await;

    report("GET /healthz", &health);
    report("Open Buy search, private marketplace off", &open);
    let on = format!(
        "Open Buy search, private marketplace on ({} approved)",
        approved.len()
    );
    report(&on, &private);
    shutdown.trigger();
}

/// Every 40th listing of the public catalog (250 of 10,000), as an
/// admin's approved list.
async fn every_fortieth(http: &reqwest::Client, url: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for offset in (0..10_000).step_by(100) {
        let page: serde_json::Value = http
            .get(format!("{url}/api/listings?limit=100&offset={offset}"))
            .send()
            .await
            .expect("catalog")
            .json()
            .await
            .expect("catalog JSON");
        let hits = page["hits"].as_array().cloned().unwrap_or_default();
        ids.extend(
            hits.iter()
                .filter_map(|h| h["id"].as_str().map(str::to_owned)),
        );
    }
    ids.into_iter().step_by(40).collect()
}

/// Runs `request(n)` `count` times in sequence; every answer must be a
/// success. Gives the sorted durations.
async fn timed<F, R>(count: usize, request: F) -> Vec<Duration>
where
    F: Fn(usize) -> R,
    R: std::future::Future<Output = reqwest::Result<reqwest::Response>>,
{
    let mut times = Vec::with_capacity(count);
    for n in 0..count {
        let started = Instant::now();
        let reply = request(n).await.expect("request");
        assert!(reply.status().is_success(), "status {}", reply.status());
        reply.bytes().await.expect("body");
        times.push(started.elapsed());
    }
    times.sort();
    times
}

fn report(what: &str, times: &[Duration]) {
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    println!(
        "{what}: p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        at(0.5).as_secs_f64() * 1e6,
        at(0.99).as_secs_f64() * 1e6,
        at(1.0).as_secs_f64() * 1e6
    );
}
