//! The journal as a person reads it at 1280 px, after a whole F1 + F4 + F5
//! purchase and its upfront invoice: every column is inside the window
//! (the flow's diagram link above all), the rows are in the order things
//! happened (the OrderRequest before the invoice it caused), the exchange
//! page shows the HTTP headers and collapses a long document, and Resend
//! makes a new exchange in the same flow.

use std::time::{Duration, Instant};

use fantoccini::Client;
use scenarios::support::{
    catalog::saas_upfront_above,
    coupa::{CoupaUser, FIN, JANE, MIA, buy},
    sim::{Sim, test_config},
};
use serde_json::json;

use crate::driver::{Chrome, Result, arrive, body_text, click, document, expect_heading, find};

const WIDTH: u32 = 1280;

/// (service, document) of each row, in the order the merged journal
/// lists a Coupa purchase with its upfront invoice.
const CAUSAL_ORDER: [(&str, &str); 8] = [
    ("coupa", "PunchOutSetupRequest"),
    ("marketplace", "PunchOutSetupRequest"),
    ("marketplace", "PunchOutOrderMessage"),
    ("coupa", "PunchOutOrderMessage"),
    ("coupa", "OrderRequest"),
    ("marketplace", "OrderRequest"),
    ("marketplace", "InvoiceDetailRequest"),
    ("coupa", "InvoiceDetailRequest"),
];

#[tokio::test(flavor = "multi_thread")]
async fn the_journal_fits_1280_px_in_causal_order_and_resends() {
    let sim = Sim::start(test_config()).await.expect("ecosystem");
    let flow = purchase(&sim).await.expect("a purchase with its invoice");
    Chrome::run(
        "the_journal_fits_1280_px_in_causal_order_and_resends",
        |client| async move { read_journal(&client, &sim, &flow).await },
    )
    .await;
}

/// Jane buys above the finance threshold; waits for the upfront invoice.
async fn purchase(sim: &Sim) -> Result<String> {
    let pick = saas_upfront_above(sim, 500_000).await?;
    let jane = CoupaUser::sign_in(sim, JANE).await?;
    let mia = CoupaUser::sign_in(sim, MIA).await?;
    let fin = CoupaUser::sign_in(sim, FIN).await?;
    let bought = buy(&jane, &[&mia, &fin], &pick).await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while sim.merged_journal(&bought.flow).await?.len() < CAUSAL_ORDER.len() {
        if Instant::now() > deadline {
            return Err("the upfront invoice never reached Coupa's journal".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(bought.flow)
}

async fn run_script(client: &Client, script: &str) -> Result<serde_json::Value> {
    client
        .execute(script, Vec::new())
        .await
        .map_err(|e| format!("script failed: {e}"))
}

async fn read_journal(client: &Client, sim: &Sim, flow: &str) -> Result<()> {
    client
        .set_window_size(WIDTH, 1000)
        .await
        .map_err(|e| e.to_string())?;
    let dashboard = sim.url("dashboard");
    client
        .goto(&format!("{dashboard}/journal?flow={flow}"))
        .await
        .map_err(|e| e.to_string())?;
    expect_heading(client, "Journal").await?;
    find(client, "table.journal td.flow a.diagram-link").await?;
    document(client, "journal").await?;

    // Every cell's right edge is inside the window, every flow and diagram
    // link inside its cell (not clipped), and nothing scrolls sideways.
    let fit = run_script(
        client,
        "const w = document.documentElement.clientWidth;\
         const inside = (e, box) => e.getBoundingClientRect().right <= box + 0.5;\
         const out = Array.from(document.querySelectorAll('table.journal th, table.journal td, \
           table.journal td.flow a'))\
           .filter(e => !inside(e, w) || (e.tagName === 'A' && \
             !inside(e, e.closest('td').getBoundingClientRect().right)))\
           .map(e => e.outerHTML.slice(0, 80));\
         return {width: w, scroll: document.documentElement.scrollWidth, out: out,\
           links: document.querySelectorAll('table.journal a.diagram-link').length};",
    )
    .await?;
    if fit["width"].as_u64().is_none_or(|w| w > u64::from(WIDTH))
        || fit["scroll"] != fit["width"]
        || fit["out"] != json!([])
        || fit["links"] != json!(CAUSAL_ORDER.len())
    {
        return Err(format!("the journal does not fit {WIDTH} px: {fit}"));
    }

    // The rows, in the order things happened.
    let rows = run_script(
        client,
        "return Array.from(document.querySelectorAll('table.journal tbody tr')).map(r => \
           [r.querySelector('td.service').innerText.trim(), \
            r.querySelector('td.document').innerText.trim()]);",
    )
    .await?;
    let expected: Vec<[&str; 2]> = CAUSAL_ORDER.iter().map(|(s, d)| [*s, *d]).collect();
    if rows != json!(expected) {
        return Err(format!("the rows are in the order {rows}"));
    }

    // Coupa's OrderRequest: headers, a collapsed document, a resend.
    click(client, "table.journal tbody tr:nth-child(5) td.document a").await?;
    arrive(client, "/journal/coupa/").await?;
    let page = expect_heading(client, "OrderRequest").await?;
    for wanted in ["HTTP headers", "x-procsim-flow", "content-type", "text/xml"] {
        if !page.contains(wanted) {
            return Err(format!("the exchange page does not show {wanted:?}"));
        }
    }
    find(client, "details#raw-body:not([open]) > summary").await?;
    document(client, "exchange-headers").await?;
    find(client, "button[data-copy-from$='/raw']").await?;
    find(client, "a[download][href$='/raw']").await?;
    let before = client.current_url().await.map_err(|e| e.to_string())?;
    click(client, "form.resend button").await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = client.current_url().await.map_err(|e| e.to_string())?;
        if now != before && now.path().starts_with("/journal/coupa/") {
            break;
        }
        if Instant::now() > deadline {
            return Err(format!("the resend did not open a new exchange: at {now}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let resent = expect_heading(client, "OrderRequest").await?;
    if !resent.contains(flow) {
        return Err("the resent OrderRequest is not in the flow".into());
    }
    let merged = sim.merged_journal(flow).await?;
    let orders: Vec<(&str, _)> = merged
        .iter()
        .filter(|e| e.document_type.as_deref() == Some("OrderRequest"))
        .map(|e| (e.service.as_str(), e.direction))
        .collect();
    if orders.len() != 4 {
        let text = body_text(client).await?;
        return Err(format!(
            "after a resend the flow's orders are {orders:?}: {text}"
        ));
    }
    Ok(())
}
