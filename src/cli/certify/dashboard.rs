//! `--dashboard URL`: a finished run handed to a running procsim's
//! dashboard (`POST /certify/api/runs`), so it is listed beside the runs
//! started there, its checks link to their exchanges and the run to its
//! flow's sequence diagram; the report written here then carries those
//! links (and the dashboard's journal ids).

use certify::{DashboardLinks, Report};
use service_kit::journal::{ExchangeDetail, Journal, JournalFilter};
use sim_dashboard::handoff::{Accepted, Handoff};

/// Every exchange of `journal` with its bodies, oldest first: the
/// journal of this one run (in memory, or `--data-dir`'s, whose older
/// runs' exchanges are left out by the run's flow).
pub(super) async fn exchanges_of(
    journal: &Journal,
    flow: Option<&str>,
) -> Result<Vec<ExchangeDetail>, String> {
    let mut details = Vec::new();
    let mut after = 0;
    loop {
        let filter = JournalFilter {
            flow: flow.map(str::to_owned),
            after: Some(after),
            ..JournalFilter::default()
        };
        let page = journal
            .list(filter)
            .await
            .map_err(|e| format!("cannot read the run's journal: {e}"))?;
        let Some(last) = page.last() else {
            return Ok(details);
        };
        after = last.id;
        for exchange in page {
            let detail = journal
                .get(exchange.id)
                .await
                .map_err(|e| format!("cannot read journal entry {}: {e}", exchange.id))?;
            details.extend(detail);
        }
    }
}

/// Hands `report` and its `exchanges` to the dashboard at `base`; gives
/// the report as the dashboard numbers it, with its links.
pub(super) async fn hand_over(
    base: &str,
    cart: &str,
    report: Report,
    exchanges: Vec<ExchangeDetail>,
) -> Result<Report, String> {
    let base = base.trim_end_matches('/');
    let handoff = Handoff {
        cart: cart.to_owned(),
        report: serde_json::to_value(&report).map_err(|e| e.to_string())?,
        exchanges,
    };
    let body = serde_json::to_vec(&handoff).map_err(|e| e.to_string())?;
    let url = format!("{base}/certify/api/runs");
    let reply = reqwest::Client::new()
        .post(&url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("cannot reach the dashboard at {url}: {e}"))?;
    let status = reply.status();
    let bytes = reply
        .bytes()
        .await
        .map_err(|e| format!("the dashboard's answer was cut off: {e}"))?;
    if !status.is_success() {
        let said = serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
            .unwrap_or_else(|| String::from_utf8_lossy(&bytes).chars().take(300).collect());
        return Err(format!(
            "the dashboard at {url} refused the run ({status}): {said}"
        ));
    }
    let accepted: Accepted = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{url} answered, but not as procsim's dashboard does: {e}"))?;
    let links = DashboardLinks::new(base, accepted.id, report.flow.as_deref());
    Ok(report.on_dashboard(links, &accepted.journal))
}
