//! PunchOutSetupRequest handling against a bare axum handler (SPEC
//! section 6: at least 30% of the request rate of a "hello" handler
//! measured in the same run).
//!
//! One ecosystem (default catalog, memory storage) and, on its own port in
//! the same runtime, a router whose only route answers `hello`. Clients
//! post Coupa's PunchOutSetupRequest for the seeded Coupa account to the
//! marketplace's `POST /cxml` exactly as Coupa does (credentials from the
//! dashboard's `GET /api/connections`): the marketplace reads it,
//! authenticates the sender in constant time, opens a session, journals
//! the exchange and answers with a StartPage. Every answer is checked (200
//! and a StartPage URL); every document is a new punchout (its own
//! payloadID and BuyerCookie), made before the clock starts. A round ends
//! when the marketplace's journal has written every exchange of it (its
//! statistics, asked inside the timing, answer only then).
//!
//! Each round measures the two targets one after the other, `REQUESTS`
//! requests each from `CLIENTS` concurrent clients over kept-alive
//! connections; a first round warms up and is not counted. The bench
//! prints each round's rates and ratio, the medians and the median ratio.
//!
//! When the official DTDs are at hand (shared/ or the DTD cache), a second
//! ecosystem whose journals also check every document against them (as
//! `procsim up` does once `procsim dtd fetch` ran) is measured in the same
//! rounds, and its rate is reported as a ratio to the first's.
//!
//! `cargo bench -p procsim --bench punchout_setup`; `cargo test --bench
//! punchout_setup` runs one small round and judges nothing.

use std::time::Instant;

/// The allocator the `procsim` binary runs with (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use axum::{Router, routing::get};
use buyer_kit::{
    BuyerCookie, Identities, Identity,
    setup_request::{SetupParams, Stamp, setup_request},
};
use cxml::{SharedSecret, doc::PunchOutOperation, envelope::DeploymentMode};
use procsim::{Ecosystem, EcosystemConfig};
use scenarios::support::bench::{measuring, scaled};
use serde::Deserialize;
use service_kit::journal::Dtds;
use tokio::net::TcpListener;

const CLIENTS: usize = 4;
const REQUESTS: usize = 2_000;
/// Counted rounds, after one round of each that warms up.
const ROUNDS: usize = 9;

type Result<T> = std::result::Result<T, String>;

#[derive(Deserialize)]
struct Credential {
    domain: String,
    identity: String,
}

/// One connection as `GET /api/connections` lists it.
#[derive(Deserialize)]
struct Connection {
    buyer_system: String,
    cxml_url: String,
    from: Credential,
    to: Credential,
    sender: Credential,
    shared_secret: String,
}

/// What one round posts or gets.
#[derive(Clone)]
enum Target {
    Hello(String),
    Setup {
        url: String,
        documents: Vec<Vec<u8>>,
        /// The receiving service's journal statistics: asked at the end of
        /// the round, inside the timing, so the round counts the journal's
        /// writing of every exchange, not only the answers.
        journal: String,
    },
}

impl Target {
    fn name(&self) -> &'static str {
        match self {
            Target::Hello(_) => "hello",
            Target::Setup { .. } => "setup",
        }
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if let Err(err) = run().await {
        eprintln!("punchout_setup: {err}");
        std::process::exit(1);
    }
}

async fn run() -> Result<()> {
    let ecosystem = Ecosystem::start(EcosystemConfig::ephemeral())
        .await
        .map_err(|e| format!("{e:#}"))?;
    let checking = checking_dtds().await?;
    let hello = hello_server().await?;
    let http = reqwest::Client::new();
    let coupa = coupa_connection(&http, &ecosystem).await?;
    let checking_coupa = match &checking {
        Some(checking) => Some(coupa_connection(&http, checking).await?),
        None => None,
    };
    let mut rates: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut ratios = Vec::new();
    let mut dtd_ratios = Vec::new();
    let (rounds, requests) = (scaled(ROUNDS, 1), scaled(REQUESTS, 40));
    for round in 0..=rounds {
        let setup = Target::Setup {
            url: coupa.cxml_url.clone(),
            documents: setup_documents(&coupa, &ecosystem, requests),
            journal: journal_stats(&ecosystem)?,
        };
        let mut pair = [0.0; 2];
        for (slot, target) in [Target::Hello(hello.clone()), setup]
            .into_iter()
            .enumerate()
        {
            pair[slot] = measure(&http, &target, requests).await?;
        }
        let label = if round == 0 {
            "warm-up".to_owned()
        } else {
            format!("round {round}")
        };
        let mut checked = String::new();
        if let (Some(checking), Some(coupa)) = (&checking, &checking_coupa) {
            let target = Target::Setup {
                url: coupa.cxml_url.clone(),
                documents: setup_documents(coupa, checking, requests),
                journal: journal_stats(checking)?,
            };
            let rate = measure(&http, &target, requests).await?;
            checked = format!(
                "  setup, DTD-checking journal {rate:>7.0}/s ({:>5.1}% of setup)",
                100.0 * rate / pair[1]
            );
            if round > 0 {
                dtd_ratios.push(rate / pair[1]);
            }
        }
        println!(
            "{label:>8}: hello {:>7.0}/s  setup {:>7.0}/s  ratio {:>5.1}%{checked}",
            pair[0],
            pair[1],
            100.0 * pair[1] / pair[0]
        );
        if round > 0 {
            rates[0].push(pair[0]);
            rates[1].push(pair[1]);
            ratios.push(pair[1] / pair[0]);
        }
    }
    let [hello_rate, setup_rate] = rates.map(median);
    let ratio = setup_rate / hello_rate;
    println!(
        "medians over {rounds} rounds of {requests} requests from {CLIENTS} clients: \
         hello {hello_rate:.0}/s, PunchOutSetupRequest {setup_rate:.0}/s; \
         ratio of the medians {:.1}%, median of the rounds' ratios {:.1}% \
         (target at least {:.0}%)",
        100.0 * ratio,
        100.0 * median(ratios),
        100.0 * TARGET_RATIO
    );
    if let Some(checking) = checking {
        println!(
            "with journals checking every document against the official DTDs: \
             median {:.1}% of the setup rate without",
            100.0 * median(dtd_ratios)
        );
        checking.stop().await.map_err(|e| format!("{e:#}"))?;
    }
    ecosystem.stop().await.map_err(|e| format!("{e:#}"))?;
    // Written so that a NaN (no hello answered) misses too.
    if measuring() && (ratio.is_nan() || ratio < TARGET_RATIO) {
        return Err(format!(
            "missed the target: {:.1}% is under {:.0}%",
            100.0 * ratio,
            100.0 * TARGET_RATIO
        ));
    }
    Ok(())
}

/// An ecosystem whose journals check documents against the official DTDs,
/// when they are at hand.
async fn checking_dtds() -> Result<Option<Ecosystem>> {
    let Some(dir) = shared_fixtures::find_dtd_dir() else {
        println!(
            "no official DTDs (shared/ or the cache): the DTD-checking journal is not measured"
        );
        return Ok(None);
    };
    let shelf = procsim::dtd_store::locate(Some(dir))?;
    let config = EcosystemConfig {
        dtds: Dtds::new(shelf),
        ..EcosystemConfig::ephemeral()
    };
    let ecosystem = Ecosystem::start(config)
        .await
        .map_err(|e| format!("{e:#}"))?;
    Ok(Some(ecosystem))
}

/// PunchOutSetupRequests answered per second, at least this share of what
/// the bare handler answers (ratio of the medians).
const TARGET_RATIO: f64 = 0.30;

/// A router with one route answering `hello`, on its own port.
async fn hello_server() -> Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let url = format!(
        "http://{}/hello",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    let app = Router::new().route("/hello", get(|| async { "hello" }));
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(url)
}

async fn coupa_connection(http: &reqwest::Client, ecosystem: &Ecosystem) -> Result<Connection> {
    let dashboard = ecosystem.url("dashboard").ok_or("no dashboard")?;
    let connections: Vec<Connection> = http
        .get(format!("{dashboard}/api/connections"))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    connections
        .into_iter()
        .find(|c| c.buyer_system == "coupa")
        .ok_or_else(|| "no Coupa connection".to_owned())
}

/// `count` new punchouts as Coupa writes them, serialised.
fn setup_documents(coupa: &Connection, ecosystem: &Ecosystem, count: usize) -> Vec<Vec<u8>> {
    let identity = |c: &Credential| Identity::new(&c.domain, &c.identity);
    let identities = Identities {
        from: identity(&coupa.from),
        also_from: Vec::new(),
        to: identity(&coupa.to),
        sender: identity(&coupa.sender),
        secret: SharedSecret::new(coupa.shared_secret.as_str()),
        user_agent: "procsim punchout_setup bench".to_owned(),
    };
    let return_url = format!(
        "{}/punchout/return",
        ecosystem.url("coupa").unwrap_or_default()
    );
    (0..count)
        .map(|_| {
            let stamp = Stamp::at(ecosystem.clock().now(), 0);
            let cookie = BuyerCookie::generate();
            let doc = setup_request(SetupParams {
                identities: &identities,
                stamp: &stamp,
                deployment_mode: Some(DeploymentMode::Production),
                operation: PunchOutOperation::Create,
                cookie: &cookie,
                extrinsics: Vec::new(),
                contact: None,
                browser_form_post: &return_url,
                supplier_setup: Some(&coupa.cxml_url),
                items: &[],
            });
            cxml::write::to_bytes(&doc).unwrap_or_default()
        })
        .collect()
}

/// Requests per second for one round of `requests` against `target`.
async fn measure(http: &reqwest::Client, target: &Target, requests: usize) -> Result<f64> {
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let http = http.clone();
            let target = target.clone();
            tokio::spawn(async move {
                for i in (client..requests).step_by(CLIENTS) {
                    one(&http, &target, i).await?;
                }
                Ok::<(), String>(())
            })
        })
        .collect();
    for client in clients {
        client.await.map_err(|e| e.to_string())??;
    }
    if let Target::Setup { journal, .. } = target {
        // Answers once every exchange handed to the journal is written.
        let stats = http.get(journal).send().await.map_err(|e| e.to_string())?;
        if !stats.status().is_success() {
            return Err(format!("{journal}: {}", stats.status()));
        }
    }
    Ok(requests as f64 / started.elapsed().as_secs_f64())
}

/// The marketplace's `GET /api/journal/stats` in `ecosystem`.
fn journal_stats(ecosystem: &Ecosystem) -> Result<String> {
    let marketplace = ecosystem.url("marketplace").ok_or("no marketplace")?;
    Ok(format!("{marketplace}/api/journal/stats"))
}

async fn one(http: &reqwest::Client, target: &Target, i: usize) -> Result<()> {
    let reply = match target {
        Target::Hello(url) => http.get(url).send().await,
        Target::Setup { url, documents, .. } => {
            http.post(url)
                .header("content-type", "text/xml; charset=utf-8")
                .body(documents[i].clone())
                .send()
                .await
        }
    }
    .map_err(|e| e.to_string())?;
    let status = reply.status();
    let body = reply.bytes().await.map_err(|e| e.to_string())?;
    let answered = match target {
        Target::Hello(_) => body.as_ref() == b"hello",
        Target::Setup { .. } => contains(&body, b"<StartPage>") && contains(&body, b"code=\"200\""),
    };
    if status.is_success() && answered {
        Ok(())
    } else {
        Err(format!(
            "{} request {i}: {status}: {}",
            target.name(),
            String::from_utf8_lossy(&body)
                .chars()
                .take(300)
                .collect::<String>()
        ))
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
