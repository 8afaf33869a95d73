//! What a step may need that no journal shows, read for one flow over
//! HTTP: whether the "agreement created" mail of the flow's agreement was
//! opened (the mail service marks a message read when it is viewed, and
//! its Mailpit-style search filters on that with `is:read`), and whether
//! the marketplace issued a usage invoice for that agreement (after the
//! clock moved past a month's end).

use serde::Deserialize;

use super::{Observation, Walkthrough, progress::Observed};
use crate::{
    AppState,
    peers::{agreements_of_flow, get_json, invoices_of, url_of},
};

#[derive(Deserialize)]
struct SearchReply {
    messages_count: u64,
}

/// The observations `walkthrough`'s steps ask for, in `flow`; nothing is
/// asked when none does.
pub(crate) async fn observe(state: &AppState, walkthrough: &Walkthrough, flow: &str) -> Observed {
    let wanted = |o: Observation| walkthrough.steps.iter().any(|s| s.observe == Some(o));
    let (mail, usage) = (
        wanted(Observation::MailRead),
        wanted(Observation::UsageInvoice),
    );
    if !mail && !usage {
        return Observed::default();
    }
    let agreements = agreements_of_flow(state, flow).await;
    if agreements.is_empty() {
        return Observed::default();
    }
    let mut observed = Observed::default();
    if mail && let Some(inbox) = url_of(state, "mail") {
        let url = format!("{inbox}/api/v1/search");
        for agreement in &agreements {
            // The marketplace's mail names the PO in its subject, as the
            // flow's sequence diagram finds it.
            let query = format!("subject:\"(PO {})\" is:read", agreement.po_number);
            let reply = get_json::<SearchReply>(state, &url, &[("query", &query)]).await;
            if reply.is_some_and(|r| r.messages_count > 0) {
                observed.mail_read = true;
                break;
            }
        }
    }
    if usage {
        observed.usage_invoice = invoices_of(state, &agreements)
            .await
            .iter()
            .any(|invoice| invoice.period.starts_with("usage-"));
    }
    observed
}
