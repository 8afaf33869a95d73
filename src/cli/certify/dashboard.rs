//! `--dashboard URL`: the run begun on a running procsim's dashboard
//! (`POST /certify/api/runs/live`) and kept current while a person shops
//! (the StartPage and the countdown on its page), then handed over when it
//! is done (`POST /certify/api/runs`), so it is listed beside the runs
//! started there, its checks link to their exchanges and the run to its
//! flow's sequence diagram; the report written here then carries those
//! links (and the dashboard's journal ids).

use certify::{DashboardLinks, Report};
use service_kit::journal::{ExchangeDetail, Journal, JournalFilter};
use sim_dashboard::handoff::{
    Accepted, Begun, Handoff, LiveRun, LiveRunRef, Progress, ProgressReport,
};

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

/// How long the dashboard may take to answer one call: a dashboard gone
/// quiet must not hold up the run (or the person's prompt).
const DASHBOARD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Begins `live` on the dashboard at `base`: the run there (with the token
/// its progress and handoff show), and its page.
pub(super) async fn begin(base: &str, live: &LiveRun) -> Result<(LiveRunRef, String), String> {
    let base = base.trim_end_matches('/');
    let bytes = post_json(&format!("{base}/certify/api/runs/live"), live).await?;
    let begun: Begun = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{base} answered, but not as procsim's dashboard does: {e}"))?;
    let page = format!("{base}{}", begun.run);
    Ok((
        LiveRunRef {
            id: begun.id,
            token: begun.token,
        },
        page,
    ))
}

/// Tells the dashboard at `base` where live `run` stands.
pub(super) async fn progress(
    base: &str,
    run: &LiveRunRef,
    progress: Progress,
) -> Result<(), String> {
    let base = base.trim_end_matches('/');
    let report = ProgressReport {
        token: run.token.clone(),
        progress,
    };
    post_json(
        &format!("{base}/certify/api/runs/{}/progress", run.id),
        &report,
    )
    .await
    .map(drop)
}

/// Hands `report` and its `exchanges` to the dashboard at `base`, as live
/// run `run` when it was begun there; gives the report as the dashboard
/// numbers it, with its links.
pub(super) async fn hand_over(
    base: &str,
    run: Option<LiveRunRef>,
    cart: &str,
    report: Report,
    exchanges: Vec<ExchangeDetail>,
) -> Result<Report, String> {
    let base = base.trim_end_matches('/');
    let handoff = Handoff {
        run,
        cart: cart.to_owned(),
        report: serde_json::to_value(&report).map_err(|e| e.to_string())?,
        exchanges,
    };
    let url = format!("{base}/certify/api/runs");
    let bytes = post_json(&url, &handoff).await?;
    let accepted: Accepted = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{url} answered, but not as procsim's dashboard does: {e}"))?;
    let links = DashboardLinks::new(base, accepted.id, report.flow.as_deref());
    Ok(report.on_dashboard(links, &accepted.journal))
}

/// Posts `body` as JSON to `url`; the answer's bytes, or what went wrong
/// (the dashboard's own words when it refused).
async fn post_json(url: &str, body: &impl serde::Serialize) -> Result<Vec<u8>, String> {
    let body = serde_json::to_vec(body).map_err(|e| e.to_string())?;
    let reply = reqwest::Client::new()
        .post(url)
        .timeout(DASHBOARD_TIMEOUT)
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
        return Err(format!("the dashboard at {url} refused ({status}): {said}"));
    }
    Ok(bytes.to_vec())
}
