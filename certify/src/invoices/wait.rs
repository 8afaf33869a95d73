//! The leg's course in a run: the inbox opened before anything is sent
//! ([`open`]), and after the order leg ([`finish`]) the wait for invoices
//! naming the certified order — it ends with the first such invoice or at
//! the timeout, counting down — then each judgement paired with its
//! journal entry, and the documents the inbox journaled without judging.

use std::time::Duration;

use cxml::Severity;
use service_kit::{
    Clock,
    journal::{Direction, Exchange, Journal, JournalFilter},
};
use tokio::time::{Instant, sleep_until};

use super::{
    InvoicePrompt, Invoices, Ordered,
    checks::{self, Received, Unread},
    inbox::{Binding, Inbox},
    judge::{Expect, Judgement, Reference},
    skipped_all,
};
use crate::{
    cart::checks::from_finding,
    catalogue::CheckId,
    report::{CheckResult, CheckStatus},
};

/// The leg, once the run has started.
pub(crate) enum Leg {
    /// No `--invoices`.
    Off,
    /// The inbox could not be opened: why.
    Unavailable(String),
    Open(Box<Inbox>),
}

impl Leg {
    /// The inbox the order leg tells its order to.
    pub(crate) fn inbox(&self) -> Option<&Inbox> {
        match self {
            Leg::Open(inbox) => Some(inbox),
            _ => None,
        }
    }
}

/// What the leg takes from the run the virtual buyer plays: `--invoices`
/// (none: the leg is off), what every invoice is judged against, and the
/// run's flow, journal and clock.
pub(crate) struct Run<'a> {
    pub invoices: Option<&'a Invoices>,
    pub expect: Expect,
    pub flow: &'a str,
    pub journal: &'a Journal,
    pub clock: &'a Clock,
}

/// Opens the inbox of the run, when it asks for one, and says where.
pub(crate) async fn open(run: &Run<'_>) -> Leg {
    let Some(invoices) = run.invoices else {
        return Leg::Off;
    };
    let binding = Binding {
        listen: invoices.listen,
        host: invoices.host.as_deref(),
        flow: run.flow,
        journal: run.journal.clone(),
        clock: run.clock.clone(),
    };
    let expect = run.expect.clone();
    match Inbox::bind(binding, expect).await {
        Ok(inbox) => {
            invoices.tell(InvoicePrompt::Inbox {
                url: inbox.url().to_owned(),
            });
            Leg::Open(Box::new(inbox))
        }
        Err(err) => {
            let reason = format!(
                "procsim cannot open its invoice inbox on {}: {err}",
                invoices.listen
            );
            invoices.tell(InvoicePrompt::NoInbox {
                reason: reason.clone(),
            });
            Leg::Unavailable(reason)
        }
    }
}

/// The CERT-INV checks, after the order leg whose checks are `so_far`.
pub(crate) async fn finish(run: &Run<'_>, leg: Leg, so_far: &[CheckResult]) -> Vec<CheckResult> {
    let (mut inbox, invoices) = match (leg, run.invoices) {
        (Leg::Open(inbox), Some(invoices)) => (inbox, invoices),
        (Leg::Unavailable(why), _) => return skipped_all(&why),
        _ => return skipped_all("--invoices not given: procsim opened no invoice inbox"),
    };
    let order = so_far.iter().find(|c| c.id == CheckId::Order001);
    let Some(ordered) = inbox.ordered() else {
        let why = order.map_or("no order leg ran", |c| c.evidence.detail.as_str());
        return skipped_all(&format!(
            "no order was sent, so nothing can be invoiced ({why})"
        ));
    };
    if order.is_some_and(|c| c.status != CheckStatus::Passed) {
        return skipped_all("the order was not accepted (see CERT-ORDER-001): nothing to invoice");
    }
    invoices.tell(InvoicePrompt::Awaiting {
        order_id: ordered.order_id.clone(),
        timeout: invoices.timeout,
    });
    let judgements = wait(&mut inbox, invoices, &ordered).await;
    let (judged, unread) = journaled(run, judgements).await;
    checks::all(&Received {
        judged,
        unread,
        waited: format!(
            "at {} within {} s of the order",
            inbox.url(),
            invoices.timeout.as_secs()
        ),
    })
}

/// Every judgement until one names `ordered` or the timeout passes.
async fn wait(inbox: &mut Inbox, invoices: &Invoices, ordered: &Ordered) -> Vec<Judgement> {
    let deadline = Instant::now() + invoices.timeout;
    let tick = invoices.tick.max(Duration::from_millis(10));
    let mut judgements = Vec::new();
    let mut next_tick = Instant::now() + tick;
    loop {
        tokio::select! {
            judgement = inbox.arrivals.recv() => {
                let Some(judgement) = judgement else { break };
                invoices.tell(InvoicePrompt::Arrived {
                    payload_id: judgement.payload_id.clone(),
                    code: judgement.code,
                });
                let certified = matches!(judgement.reference, Reference::Certified(_));
                judgements.push(judgement);
                if certified {
                    // Those that came with it are judged too.
                    while let Ok(more) = inbox.arrivals.try_recv() {
                        judgements.push(more);
                    }
                    return judgements;
                }
            }
            () = sleep_until(next_tick.min(deadline)) => {
                let now = Instant::now();
                if now >= deadline {
                    break;
                }
                next_tick = now + tick;
                invoices.tell(InvoicePrompt::Waiting { remaining: deadline - now });
            }
        }
    }
    tracing::info!(order = %ordered.order_id, "no invoice for the certified order in time");
    invoices.tell(InvoicePrompt::TimedOut);
    judgements
}

/// How long the adapter may take to journal a document it answered.
const JOURNALED_WITHIN: Duration = Duration::from_secs(5);

/// Each judgement with its journal entry, and the inbox's entries that
/// were not judged. The adapter journals after it answers, so the entries
/// are polled for until each judgement has one, or for a few seconds.
async fn journaled(
    run: &Run<'_>,
    judgements: Vec<Judgement>,
) -> (Vec<(Judgement, Option<i64>)>, Vec<Unread>) {
    let deadline = Instant::now() + JOURNALED_WITHIN;
    let mut entries = inbox_entries(run).await;
    while Instant::now() < deadline
        && judgements.iter().any(|j| {
            !entries
                .iter()
                .any(|e| e.payload_id.as_deref() == Some(&j.payload_id))
        })
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
        entries = inbox_entries(run).await;
    }
    let judged = judgements
        .into_iter()
        .map(|j| {
            let at = entries
                .iter()
                .position(|e| e.payload_id.as_deref() == Some(&j.payload_id));
            let id = at.map(|at| entries.remove(at).id);
            (j, id)
        })
        .collect();
    let mut unread = Vec::new();
    for exchange in entries {
        let detail = run.journal.get(exchange.id).await.ok().flatten();
        let finding = detail.and_then(|d| {
            d.findings
                .iter()
                .find(|f| f.severity == Severity::Error)
                .map(from_finding)
        });
        unread.push(Unread { exchange, finding });
    }
    (judged, unread)
}

/// The documents the inbox journaled in the run's flow (the cart, also
/// inbound in the flow, comes from the browser).
async fn inbox_entries(run: &Run<'_>) -> Vec<Exchange> {
    let filter = JournalFilter {
        flow: Some(run.flow.to_owned()),
        direction: Some(Direction::Inbound),
        ..JournalFilter::default()
    };
    match run.journal.list(filter).await {
        Ok(entries) => entries
            .into_iter()
            .filter(|e| e.peer != "browser")
            .collect(),
        Err(err) => {
            tracing::error!(%err, "cannot read the run's journal");
            Vec::new()
        }
    }
}
