//! Memory and latency under sustained load (SPEC section 6, issue 10): a
//! million PunchOutSetupRequests, as Coupa writes them, from 32 kept-alive
//! connections against `procsim up` as a process, in ten rounds. Each
//! round reports its rate, median and p99 latency and the resident memory
//! after it. Targets: under 150 MB resident after the last round, and a
//! p99 that does not grow with the setups served so far: the last round's
//! within twice the median round's (each round's p99 is also reported as
//! a ratio to the first round's, the baseline measured in the same run).
//! Every answer must be a 200 with a StartPage.
//!
//! `cargo bench -p procsim --bench soak` (`PROCSIM_SOAK_SETUPS` changes the
//! total); `cargo test --bench soak` runs two rounds of 500.

use std::{
    path::Path,
    sync::Arc,
    time::{Duration, Instant},
};

use scenarios::support::{
    bench::{measuring, scaled},
    browser::Result,
    partner::{Partner, start_page},
    process::Process,
};
use tokio::task::JoinSet;

const PROCSIM: &str = env!("CARGO_BIN_EXE_procsim");
const SETUPS: usize = 1_000_000;
const ROUNDS: usize = 10;
const CONNECTIONS: usize = 32;
const RESIDENT_TARGET_KB: u64 = 150 * 1024;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if let Err(err) = run().await {
        eprintln!("soak: {err}");
        std::process::exit(1);
    }
}

struct Round {
    rate: f64,
    p50: Duration,
    p99: Duration,
    resident_kb: u64,
}

async fn run() -> Result<()> {
    let total = std::env::var("PROCSIM_SOAK_SETUPS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(scaled(SETUPS, 1_000));
    let rounds = scaled(ROUNDS, 2);
    let per_round = total / rounds;
    let procsim = Process::up(Path::new(PROCSIM), &[])?;
    let partner = Arc::new(Partner::of(procsim.url("dashboard")?, "coupa").await?);
    let return_url = Arc::new(format!("{}/punchout/return", procsim.url("coupa")?));
    let start_kb = procsim.resident_kb()?;
    println!(
        "{rounds} rounds of {per_round} setups from {CONNECTIONS} connections; \
         resident at start {:.1} MB",
        start_kb as f64 / 1024.0
    );
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()
        .map_err(|e| e.to_string())?;
    let mut results: Vec<Round> = Vec::new();
    for round in 1..=rounds {
        let started = Instant::now();
        let mut latencies = one_round(&http, &partner, &return_url, per_round).await?;
        let elapsed = started.elapsed();
        latencies.sort_unstable();
        let result = Round {
            rate: per_round as f64 / elapsed.as_secs_f64(),
            p50: percentile(&latencies, 50),
            p99: percentile(&latencies, 99),
            resident_kb: procsim.resident_kb()?,
        };
        let first_p99 = results.first().map_or(result.p99, |r| r.p99);
        println!(
            "round {round:>2}: {:>7.0} setups/s, median {:>6.2} ms, p99 {:>6.2} ms \
             ({:.2}x round 1), resident {:>6.1} MB after {} setups",
            result.rate,
            ms(result.p50),
            ms(result.p99),
            result.p99.as_secs_f64() / first_p99.as_secs_f64(),
            result.resident_kb as f64 / 1024.0,
            round * per_round
        );
        results.push(result);
    }
    let last = results.last().ok_or("no round ran")?;
    let mut rates: Vec<f64> = results.iter().map(|r| r.rate).collect();
    rates.sort_by(f64::total_cmp);
    println!(
        "median rate {:.0} setups/s; p99 first round {:.2} ms, last {:.2} ms; \
         resident {:.1} MB after {} setups (target under 150 MB)",
        rates[rates.len() / 2],
        ms(results[0].p99),
        ms(last.p99),
        last.resident_kb as f64 / 1024.0,
        rounds * per_round
    );
    let mut p99s: Vec<Duration> = results.iter().map(|r| r.p99).collect();
    p99s.sort_unstable();
    let typical_p99 = p99s[p99s.len() / 2];
    let mut missed = Vec::new();
    if last.resident_kb >= RESIDENT_TARGET_KB {
        missed.push(format!(
            "{:.1} MB resident",
            last.resident_kb as f64 / 1024.0
        ));
    }
    // Flat: the last round's p99 within twice the rounds' median p99 (one
    // noisy round on a shared machine is not growth).
    if last.p99 > typical_p99 * 2 {
        missed.push(format!(
            "p99 grew to {:.2} ms (median round {:.2} ms)",
            ms(last.p99),
            ms(typical_p99)
        ));
    }
    if measuring() && !missed.is_empty() {
        return Err(format!("missed the target: {}", missed.join(", ")));
    }
    Ok(())
}

/// `count` setups from [`CONNECTIONS`] clients; each one's latency.
async fn one_round(
    http: &reqwest::Client,
    partner: &Arc<Partner>,
    return_url: &Arc<String>,
    count: usize,
) -> Result<Vec<Duration>> {
    let mut clients = JoinSet::new();
    for client in 0..CONNECTIONS {
        let (http, partner, return_url) = (http.clone(), partner.clone(), return_url.clone());
        let mine = (client..count).step_by(CONNECTIONS).count();
        clients.spawn(async move {
            let identities = partner.identities();
            let url = partner.connection.cxml_url.clone();
            let mut latencies = Vec::with_capacity(mine);
            for _ in 0..mine {
                let doc = partner.setup_request(&identities, &return_url);
                let body = cxml::write::to_bytes(&doc).map_err(|e| e.to_string())?;
                let started = Instant::now();
                let reply = http
                    .post(&url)
                    .header("content-type", "text/xml; charset=UTF-8")
                    .body(body)
                    .send()
                    .await
                    .map_err(|e| format!("POST {url}: {e}"))?;
                let status = reply.status();
                let body = reply.bytes().await.map_err(|e| e.to_string())?.to_vec();
                latencies.push(started.elapsed());
                let reply = scenarios::support::partner::RawReply {
                    http_status: status,
                    cxml: None,
                    body,
                };
                if !status.is_success() || start_page(&reply).is_none() {
                    return Err(format!(
                        "a setup was answered HTTP {status}: {}",
                        String::from_utf8_lossy(&reply.body)
                    ));
                }
            }
            Ok(latencies)
        });
    }
    let mut all = Vec::with_capacity(count);
    while let Some(joined) = clients.join_next().await {
        all.extend(joined.map_err(|e| e.to_string())??);
    }
    Ok(all)
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted
        .get(sorted.len().saturating_sub(1) * p / 100)
        .copied()
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
