//! Crash safety with `--data-dir` (SPEC section 6, issue 10): orders
//! stream in from several connections while `procsim up` is killed with
//! SIGKILL at a random moment, then restarted, again and again. After
//! every restart, every order the marketplace acknowledged (answered 200)
//! has its agreement, and no order has two. After each restart the buyer
//! does what a buyer does: it sends again every order that got no answer
//! (the kill may have come after the commit or before), and redelivers a
//! few acknowledged ones; each must then have exactly one agreement.
//!
//! `PROCSIM_CRASH_CYCLES` sets the number of kills (3 by default; the long
//! run in RELIABILITY.md used 1,000 with a release build).

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use rand::Rng;
use scenarios::support::{
    browser::Result,
    catalog::{Pick, saas_upfront_at},
    partner::Partner,
    process::Process,
};
use serde_json::Value;

const PROCSIM: &str = env!("CARGO_BIN_EXE_procsim");
/// Connections sending orders at once.
const STREAMS: usize = 4;

/// What the buyer side saw.
#[derive(Default)]
struct Ledger {
    /// orderID → the bytes of the document the marketplace acknowledged.
    acknowledged: BTreeMap<String, Vec<u8>>,
    /// The same orderIDs, in the order they were acknowledged.
    in_order: Vec<String>,
    /// Orders sent that got no answer (the process died): sent again.
    unanswered: Vec<(String, Vec<u8>)>,
    sent: usize,
}

impl Ledger {
    fn acknowledge(&mut self, order_id: String, bytes: Vec<u8>) {
        self.in_order.push(order_id.clone());
        self.acknowledged.insert(order_id, bytes);
    }
}

#[test]
fn no_acknowledged_order_is_lost_or_duplicated_by_kill_9() -> Result<()> {
    let cycles: usize = std::env::var("PROCSIM_CRASH_CYCLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let data_dir = dir.path().to_string_lossy().into_owned();
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let mut pick = None;
    for cycle in 0..cycles {
        let procsim = Process::up(Path::new(PROCSIM), &["--data-dir", &data_dir])?;
        let market = procsim.url("marketplace")?.to_owned();
        let partner = runtime.block_on(Partner::of(procsim.url("dashboard")?, "coupa"))?;
        let pick = match &pick {
            Some(pick) => pick,
            None => pick.insert(runtime.block_on(first_pick(&market))?),
        };
        runtime.block_on(check(&partner, &market, &ledger, cycle))?;
        let stop = Arc::new(AtomicBool::new(false));
        let streams: Vec<_> = (0..STREAMS)
            .map(|stream| {
                let (partner, pick, ledger, stop) =
                    (partner.clone(), pick.clone(), ledger.clone(), stop.clone());
                runtime.spawn(async move {
                    orders(&partner, &pick, &ledger, &stop, cycle, stream).await
                })
            })
            .collect();
        // The kill lands anywhere: before the first order, amid commits,
        // between an answer and the next request.
        let wait = rand::rng().random_range(20..400);
        std::thread::sleep(Duration::from_millis(wait));
        procsim.crash()?;
        stop.store(true, Ordering::SeqCst);
        for stream in streams {
            let _ = runtime.block_on(stream);
        }
    }
    let procsim = Process::up(Path::new(PROCSIM), &["--data-dir", &data_dir])?;
    let market = procsim.url("marketplace")?.to_owned();
    let partner = runtime.block_on(Partner::of(procsim.url("dashboard")?, "coupa"))?;
    let agreements = runtime.block_on(check(&partner, &market, &ledger, cycles))?;
    let ledger = ledger.lock().map_err(|e| e.to_string())?;
    println!(
        "{cycles} kill -9 cycles: {} orders sent, {} acknowledged (unanswered ones sent again \
         after the restart), {agreements} agreements; 0 acknowledged orders lost, 0 duplicated",
        ledger.sent,
        ledger.acknowledged.len()
    );
    if agreements != ledger.acknowledged.len() {
        return Err(format!(
            "{agreements} agreements for {} orders",
            ledger.acknowledged.len()
        ));
    }
    Ok(())
}

/// Posts a document already sent once; its cXML status.
async fn resend(partner: &Partner, bytes: Vec<u8>) -> Result<Option<u16>> {
    let reply = partner
        .post(&partner.connection.cxml_url, Some("text/xml"), bytes)
        .await?;
    Ok(reply.cxml_code())
}

/// The first SaaS upfront option in USD.
async fn first_pick(market: &str) -> Result<Pick> {
    let http = reqwest::Client::new();
    saas_upfront_at(&http, market, |p| p.currency == "USD", 1)
        .await?
        .pop()
        .ok_or_else(|| "no SaaS upfront option".to_owned())
}

/// Sends new orders until `stop`, recording each acknowledged one.
async fn orders(
    partner: &Partner,
    pick: &Pick,
    ledger: &Mutex<Ledger>,
    stop: &AtomicBool,
    cycle: usize,
    stream: usize,
) {
    let identities = partner.identities();
    for n in 0.. {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let order_id = format!("PO-C{cycle}-S{stream}-{n}");
        let doc = partner.order_request(&identities, &order_id, std::slice::from_ref(pick));
        let Ok(bytes) = cxml::write::to_bytes(&doc) else {
            return;
        };
        if let Ok(mut ledger) = ledger.lock() {
            ledger.sent += 1;
        }
        let reply = partner.send(&doc).await;
        let Ok(mut ledger) = ledger.lock() else {
            return;
        };
        match reply {
            Ok(reply) if reply.cxml_code() == Some(200) => ledger.acknowledge(order_id, bytes),
            // Killed mid-request: not acknowledged, so the buyer resends.
            _ => {
                ledger.unanswered.push((order_id, bytes));
                return;
            }
        }
    }
}

/// Sends the unanswered orders again (each must now be acknowledged) and
/// redelivers the last acknowledged ones; then every acknowledged order has
/// exactly one agreement. Gives the number of agreements.
async fn check(
    partner: &Partner,
    market: &str,
    ledger: &Mutex<Ledger>,
    cycle: usize,
) -> Result<usize> {
    let (unanswered, redeliveries) = {
        let mut ledger = ledger.lock().map_err(|e| e.to_string())?;
        let last: Vec<Vec<u8>> = ledger
            .in_order
            .iter()
            .rev()
            .take(3)
            .filter_map(|id| ledger.acknowledged.get(id).cloned())
            .collect();
        (std::mem::take(&mut ledger.unanswered), last)
    };
    for (order_id, bytes) in unanswered {
        let reply = resend(partner, bytes.clone()).await?;
        if reply != Some(200) {
            return Err(format!(
                "after kill {cycle}: {order_id} sent again was answered {reply:?}"
            ));
        }
        ledger
            .lock()
            .map_err(|e| e.to_string())?
            .acknowledge(order_id, bytes);
    }
    for bytes in redeliveries {
        let reply = resend(partner, bytes).await?;
        if reply != Some(200) {
            return Err(format!(
                "after kill {cycle}: a redelivery was answered {reply:?}"
            ));
        }
    }
    let url = format!("{market}/api/agreements?account=acct-coupa-001");
    let reply: Value = reqwest::get(&url)
        .await
        .map_err(|e| format!("{url}: {e}"))?
        .json()
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    let mut per_po: BTreeMap<String, usize> = BTreeMap::new();
    for agreement in reply["agreements"].as_array().into_iter().flatten() {
        let po = agreement["po_number"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        *per_po.entry(po).or_default() += 1;
    }
    let duplicated: Vec<&String> = per_po
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(po, _)| po)
        .collect();
    let ledger = ledger.lock().map_err(|e| e.to_string())?;
    let acknowledged: BTreeSet<&String> = ledger.acknowledged.keys().collect();
    let lost: Vec<&&String> = acknowledged
        .iter()
        .filter(|po| !per_po.contains_key(**po))
        .collect();
    if !lost.is_empty() || !duplicated.is_empty() {
        return Err(format!(
            "after kill {cycle}: lost {} acknowledged orders {lost:?}; duplicated {duplicated:?}",
            lost.len()
        ));
    }
    Ok(per_po.values().sum())
}
