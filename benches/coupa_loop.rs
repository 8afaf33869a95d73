//! One full Coupa loop in-process (SPEC section 6: median under 20 ms):
//! F1 + F4 + F5 + F6 through HTTP exactly as the tests drive it — punchout
//! (PunchOutSetupRequest, StartPage, storefront), product page, "Request
//! approval", the auto-submitted cart to Coupa, the requisition, the
//! manager's approval, the PO and its OrderRequest, the agreement committed
//! before the marketplace's 200, then the upfront invoice: the marketplace's
//! schedule run (which answers once the InvoiceDetailRequest was delivered)
//! and Coupa's PO page showing the contract amount invoiced. The mail is
//! delivered by the marketplace's outbox in the background and is not
//! waited for.
//!
//! One ecosystem (default catalog) is reused; every iteration is a new
//! punchout. A `GET /healthz` round trip through the same browser is
//! measured in the same run as the baseline, so the figure reads as a
//! ratio on any machine. Besides criterion's report, a fixed pass times
//! each iteration and prints the medians and their ratio.
//!
//! `cargo bench -p procsim --bench coupa_loop`; `cargo test --bench
//! coupa_loop` runs each part once (criterion's test mode, and a fixed
//! pass of two loops).

use std::{
    sync::atomic::{AtomicUsize, Ordering},
    time::{Duration, Instant},
};

use criterion::{Criterion, criterion_group, criterion_main};
use procsim::EcosystemConfig;
use reqwest::StatusCode;
use scenarios::support::{
    bench::scaled,
    billing::invoiced_of_ordered,
    browser::Result,
    catalog::{Pick, first_saas_upfront},
    coupa::{CoupaUser, JANE, MIA, buy},
    sim::{COUPA_ACCOUNT, Sim},
};

/// Below Coupa's finance threshold, so the manager alone approves.
const BELOW_THRESHOLD_CENTS: i64 = 500_000;
/// Iterations of the fixed pass that reports medians (when measuring).
const LOOPS: usize = 200;
const ROUND_TRIPS: usize = 2_000;

struct Bench {
    sim: Sim,
    jane: CoupaUser,
    mia: CoupaUser,
    pick: Pick,
    healthz: String,
    loops: AtomicUsize,
}

impl Bench {
    async fn start() -> Result<Bench> {
        let sim = Sim::start(EcosystemConfig::ephemeral()).await?;
        let pick = first_saas_upfront(&sim, |p| {
            p.currency == "USD" && p.cents() < BELOW_THRESHOLD_CENTS
        })
        .await?;
        let jane = CoupaUser::sign_in(&sim, JANE).await?;
        let mia = CoupaUser::sign_in(&sim, MIA).await?;
        let healthz = format!("{}/healthz", sim.url("coupa"));
        Ok(Bench {
            sim,
            jane,
            mia,
            pick,
            healthz,
            loops: AtomicUsize::new(0),
        })
    }

    /// One whole loop; fails unless the supplier accepted the order and
    /// Coupa matched the whole contract amount invoiced against the PO.
    async fn full_loop(&self) -> Result<()> {
        let purchase = buy(&self.jane, &[&self.mia], &self.pick).await?;
        self.loops.fetch_add(1, Ordering::Relaxed);
        if purchase.po_outcome != "accepted" {
            return Err(format!("{}: {}", purchase.po_number, purchase.po_outcome));
        }
        self.sim.run_marketplace_schedule().await?;
        let invoiced = invoiced_of_ordered(&self.jane, &purchase.po_number).await?;
        let (done, ordered) = invoiced
            .split_once(" invoiced of ")
            .ok_or_else(|| format!("{}: {invoiced:?}", purchase.po_number))?;
        if done != ordered.trim_end_matches(" ordered") || done.starts_with("0.00 ") {
            return Err(format!("{}: {invoiced:?}", purchase.po_number));
        }
        Ok(())
    }

    async fn round_trip(&self) -> Result<()> {
        let page = self.jane.browser.get(&self.healthz).await?;
        page.expect_status(StatusCode::OK)?;
        Ok(())
    }

    /// Every loop created exactly one agreement.
    async fn check(&self) -> Result<usize> {
        let loops = self.loops.load(Ordering::Relaxed);
        let agreements = self.sim.agreements(COUPA_ACCOUNT).await?.len();
        if agreements == loops {
            Ok(loops)
        } else {
            Err(format!("{loops} loops but {agreements} agreements"))
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("no tokio runtime: {err}"))
}

fn or_die<T>(outcome: Result<T>) -> T {
    outcome.unwrap_or_else(|err| panic!("{err}"))
}

fn coupa_loop(c: &mut Criterion) {
    let runtime = runtime();
    let bench = or_die(runtime.block_on(Bench::start()));
    let mut group = c.benchmark_group("coupa_loop");
    group.bench_function("healthz_round_trip", |b| {
        b.to_async(&runtime)
            .iter(|| async { or_die(bench.round_trip().await) });
    });
    group.bench_function("full_loop", |b| {
        b.to_async(&runtime)
            .iter(|| async { or_die(bench.full_loop().await) });
    });
    group.finish();

    let (baseline, full) = runtime.block_on(async {
        let baseline = timed(scaled(ROUND_TRIPS, 5), || bench.round_trip()).await;
        let full = timed(scaled(LOOPS, 2), || bench.full_loop()).await;
        (baseline, full)
    });
    let loops = or_die(runtime.block_on(bench.check()));
    let (base_median, full_median) = (percentile(&baseline, 50), percentile(&full, 50));
    println!(
        "coupa_loop fixed pass: healthz round trip median {:.3} ms (p90 {:.3} ms, n={}); \
         full loop median {:.2} ms (p90 {:.2} ms, n={}); ratio {:.0}x; \
         {loops} loops in all, each with its agreement",
        ms(base_median),
        ms(percentile(&baseline, 90)),
        baseline.len(),
        ms(full_median),
        ms(percentile(&full, 90)),
        full.len(),
        full_median.as_secs_f64() / base_median.as_secs_f64(),
    );
    or_die(runtime.block_on(bench.sim.stop()));
}

/// Runs `step` `n` times, timing each.
async fn timed<F, Fut>(n: usize, step: F) -> Vec<Duration>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        or_die(step().await);
        times.push(started.elapsed());
    }
    times.sort_unstable();
    times
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted
        .get((sorted.len().saturating_sub(1)) * p / 100)
        .copied()
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

criterion_group!(benches, coupa_loop);
criterion_main!(benches);
