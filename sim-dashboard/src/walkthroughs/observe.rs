//! What a step may need that no journal shows, read over HTTP for one run:
//! of its flow, whether the "agreement created" mail of the flow's
//! agreement was opened (the mail service marks a message read when it is
//! viewed, and its Mailpit-style search filters on that with `is:read`),
//! and whether the marketplace issued a usage invoice for that agreement
//! (after the clock moved past a month's end), and whether its punchout
//! showed a product no procurement system can buy (SPEC F11: the page
//! with no "Request approval"); and, for a walkthrough no flow shows,
//! what the accounts did since the run started (`activity`).

use serde::Deserialize;

use super::{Observation, Walkthrough, activity, progress::Observed, runs::Run};
use crate::{
    AppState,
    peers::{agreements_of_flow, get_json, invoices_of, showed_unsupported, url_of},
};

#[derive(Deserialize)]
struct SearchReply {
    messages_count: u64,
}

/// The observations `walkthrough`'s steps ask for, in `run`; nothing is
/// asked when none does.
pub(crate) async fn observe(state: &AppState, walkthrough: &Walkthrough, run: &Run) -> Observed {
    let mut observed = Observed::default();
    if let Some(flow) = &run.flow {
        of_flow(state, walkthrough, flow, &mut observed).await;
    }
    if let Some(marks) = run.marks {
        let since = activity::since(state, marks).await;
        for observation in activity::observations(&since) {
            observed.insert(observation);
        }
    }
    observed
}

/// The mail read and the usage invoice of `flow`'s agreements, and the
/// unsupported product its punchout showed, when asked.
async fn of_flow(state: &AppState, walkthrough: &Walkthrough, flow: &str, observed: &mut Observed) {
    let wanted = |o: Observation| walkthrough.steps.iter().any(|s| s.observe == Some(o));
    if wanted(Observation::UnsupportedShown) && showed_unsupported(state, flow).await {
        observed.insert(Observation::UnsupportedShown);
    }
    let (mail, usage) = (
        wanted(Observation::MailRead),
        wanted(Observation::UsageInvoice),
    );
    if !mail && !usage {
        return;
    }
    let agreements = agreements_of_flow(state, flow).await;
    if agreements.is_empty() {
        return;
    }
    if mail && let Some(inbox) = url_of(state, "mail") {
        let url = format!("{inbox}/api/v1/search");
        for agreement in &agreements {
            // The marketplace's mail names the PO in its subject, as the
            // flow's sequence diagram finds it.
            let query = format!("subject:\"(PO {})\" is:read", agreement.po_number);
            let reply = get_json::<SearchReply>(state, &url, &[("query", &query)]).await;
            if reply.is_some_and(|r| r.messages_count > 0) {
                observed.insert(Observation::MailRead);
                break;
            }
        }
    }
    if usage
        && invoices_of(state, &agreements)
            .await
            .iter()
            .any(|invoice| invoice.period.starts_with("usage-"))
    {
        observed.insert(Observation::UsageInvoice);
    }
}
