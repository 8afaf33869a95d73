//! A burst of buyers (issue 10): 500 punchouts at once through to their
//! carts, then 200 orders at once, against `procsim up` as a process. Every
//! punchout must end with its cart and every order with its agreement: 0
//! lost, 0 answered 5xx. Resident memory is read before and after. The
//! baseline, in the same run, is the same number of simultaneous
//! `GET /healthz` round trips; the burst's time is reported as a ratio to it.
//!
//! `cargo bench -p procsim --bench load`; `cargo test --bench load` runs
//! 20 punchouts and 10 orders.

use std::{
    path::Path,
    time::{Duration, Instant},
};

use scenarios::support::{
    bench::scaled,
    browser::Result,
    catalog::{Pick, saas_upfront_at},
    partner::Partner,
    process::Process,
};
use tokio::task::JoinSet;

const PROCSIM: &str = env!("CARGO_BIN_EXE_procsim");
const PUNCHOUTS: usize = 500;
const ORDERS: usize = 200;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if let Err(err) = run().await {
        eprintln!("load: {err}");
        std::process::exit(1);
    }
}

async fn run() -> Result<()> {
    let (punchouts, orders) = (scaled(PUNCHOUTS, 20), scaled(ORDERS, 10));
    let procsim = Process::up(Path::new(PROCSIM), &[])?;
    let market = procsim.url("marketplace")?.to_owned();
    let partner = Partner::of(procsim.url("dashboard")?, "coupa").await?;
    let pick = saas_upfront_at(&reqwest::Client::new(), &market, |p| p.currency == "USD", 1)
        .await?
        .pop()
        .ok_or("no SaaS upfront option")?;
    let return_url = format!("{}/punchout/return", procsim.url("coupa")?);
    let before_kb = procsim.resident_kb()?;

    let baseline = healthz_burst(&format!("{market}/healthz"), punchouts).await?;
    let started = Instant::now();
    let carts = punchout_burst(&partner, &pick, &return_url, punchouts).await?;
    let punchout_time = started.elapsed();
    let started = Instant::now();
    order_burst(&partner, &carts[..orders]).await?;
    let order_time = started.elapsed();
    let agreements = agreements(&market).await?;
    if agreements != orders {
        return Err(format!(
            "{orders} orders acknowledged but {agreements} agreements"
        ));
    }
    let after_kb = procsim.resident_kb()?;
    println!(
        "{punchouts} simultaneous punchouts to carts in {:.2} s (baseline: as many \
         simultaneous GET /healthz in {:.3} s; ratio {:.0}x); {orders} simultaneous orders \
         in {:.2} s; every cart returned, every order its agreement: 0 lost, 0 answered 5xx; \
         resident {:.1} MB before, {:.1} MB after",
        punchout_time.as_secs_f64(),
        baseline.as_secs_f64(),
        punchout_time.as_secs_f64() / baseline.as_secs_f64(),
        order_time.as_secs_f64(),
        before_kb as f64 / 1024.0,
        after_kb as f64 / 1024.0
    );
    Ok(())
}

/// `count` simultaneous `GET url`, each on its own connection.
async fn healthz_burst(url: &str, count: usize) -> Result<Duration> {
    let started = Instant::now();
    let mut tasks = JoinSet::new();
    for _ in 0..count {
        let url = url.to_owned();
        tasks.spawn(async move {
            let reply = reqwest::Client::new().get(&url).send().await;
            match reply {
                Ok(reply) if reply.status().is_success() => Ok(()),
                other => Err(format!("GET {url}: {other:?}")),
            }
        });
    }
    join_all(tasks).await?;
    Ok(started.elapsed())
}

/// `count` simultaneous punchouts, each to its cart.
async fn punchout_burst(
    partner: &Partner,
    pick: &Pick,
    return_url: &str,
    count: usize,
) -> Result<Vec<Vec<cxml::common::ItemIn>>> {
    let mut tasks = JoinSet::new();
    for _ in 0..count {
        let (partner, pick, return_url) = (partner.clone(), pick.clone(), return_url.to_owned());
        tasks.spawn(async move { partner.punch_out_to_cart(&pick, &return_url).await });
    }
    join_all(tasks).await
}

/// One order per cart, all at once; each must be acknowledged.
async fn order_burst(partner: &Partner, carts: &[Vec<cxml::common::ItemIn>]) -> Result<()> {
    let identities = partner.identities();
    let mut tasks = JoinSet::new();
    for (n, cart) in carts.iter().enumerate() {
        let doc = partner.order_for_cart(&identities, &format!("PO-LOAD-{n}"), cart);
        let partner = partner.clone();
        tasks.spawn(async move {
            let reply = partner.send(&doc).await?;
            match reply.cxml_code() {
                Some(200) => Ok(()),
                _ => Err(format!(
                    "order {n}: HTTP {} {:?}",
                    reply.http_status, reply.cxml
                )),
            }
        });
    }
    join_all(tasks).await.map(|_| ())
}

async fn agreements(market: &str) -> Result<usize> {
    let url = format!("{market}/api/agreements?account=acct-coupa-001");
    let reply: serde_json::Value = reqwest::get(&url)
        .await
        .map_err(|e| format!("{url}: {e}"))?
        .json()
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    Ok(reply["agreements"].as_array().map_or(0, Vec::len))
}

/// Every task's result; the first failure, with how many failed.
async fn join_all<T: 'static>(mut tasks: JoinSet<Result<T>>) -> Result<Vec<T>> {
    let mut done = Vec::new();
    let mut failed = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined.map_err(|e| e.to_string()).and_then(|r| r) {
            Ok(value) => done.push(value),
            Err(err) => failed.push(err),
        }
    }
    match failed.first() {
        None => Ok(done),
        Some(first) => Err(format!(
            "{} of {} failed; first: {first}",
            failed.len(),
            failed.len() + done.len()
        )),
    }
}
