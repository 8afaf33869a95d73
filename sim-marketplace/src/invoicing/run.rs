//! One invoicing run: read what is open, issue every charge due now in
//! one transaction, then deliver the cXML invoices waiting to go; and the
//! next instant anything falls due.

use std::collections::HashSet;

use cxml::{StatusClass, status_code::ReplyClass};
use jiff::Timestamp;
use serde::Serialize;
use service_kit::{
    Clock, StoreError,
    cxml_http::{CxmlClient, envelope_ids},
};

use super::{
    MAX_ATTEMPTS, Parts, RETRY_AFTER, document,
    number::InvoiceNumber,
    period::Period,
    plan::{self, Billed, Channel, Charge, Plan},
    store::{self, Attempt, CxmlTarget, Invoice, NewInvoice},
};
use crate::{
    accounts::{Account, Connection, store as accounts},
    as_text,
    cart_line::{LineType, MATERIAL_UNIT_PRICE},
    order::agreements::{self, Agreement, AgreementId},
    purchase::parse_offer_key,
};

/// What one run did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RunReport {
    /// The simulated instant the run was for (RFC 3339).
    #[serde(serialize_with = "as_text::display")]
    pub ran_at: Timestamp,
    /// Invoices issued by this run.
    pub issued: Vec<InvoiceNumber>,
    /// cXML invoices delivered by this run.
    pub delivered: Vec<InvoiceNumber>,
    /// cXML invoices that failed transiently and will be retried.
    pub retrying: Vec<InvoiceNumber>,
    /// cXML invoices that failed for good.
    pub failed: Vec<InvoiceNumber>,
}

/// Everything the schedule needs, read in one section.
struct Snapshot {
    accounts: Vec<Account>,
    /// The agreements still open for invoicing: those with everything
    /// invoiced and nothing to come are marked done and not read again.
    agreements: Vec<Agreement>,
    /// The agreements of `pending`, for delivering them (done or not).
    delivering: Vec<Agreement>,
    pending: Vec<Invoice>,
    /// Every (agreement, period) already invoiced, of those agreements: a
    /// run looks only at what is new.
    issued: HashSet<(AgreementId, Period)>,
}

async fn snapshot(parts: &Parts) -> Result<Snapshot, StoreError> {
    parts
        .store
        .call(|db| {
            Ok(Snapshot {
                accounts: accounts::all(db)?,
                agreements: agreements::open_for_invoicing(db)?,
                delivering: agreements::with_pending_invoices(db)?,
                pending: store::pending(db)?,
                issued: store::issued_periods(db)?,
            })
        })
        .await
}

/// Does everything due at the clock's current instant; answers when done.
/// The caller holds the lock that serialises runs.
pub(super) async fn run_due(parts: &Parts, client: &CxmlClient) -> Result<RunReport, StoreError> {
    let now = parts.clock.now();
    let mut report = RunReport {
        ran_at: now,
        ..RunReport::default()
    };
    let before = snapshot(parts).await?;
    // One plan per agreement for the whole run: what is issued and what is
    // marked done must agree even if an offer is revised meanwhile.
    let plans = plans(parts, &before);
    let to_issue: Vec<NewInvoice> = charges_due(&before, &plans, now)
        .into_iter()
        .map(|(agreement, charge)| new_invoice(&parts.clock, &before, agreement, &charge, now))
        .collect();
    let done = finished(&plans, now);
    let issued = parts
        .store
        .call(move |db| {
            let tx = db.transaction()?;
            let mut issued = Vec::new();
            for invoice in &to_issue {
                issued.extend(store::issue(&tx, invoice)?);
            }
            agreements::mark_invoicing_done(&tx, &done)?;
            tx.commit()?;
            Ok(issued)
        })
        .await?;
    report.issued = issued.into_iter().map(|i| i.number).collect();
    let after = snapshot(parts).await?;
    for invoice in &after.pending {
        if invoice.next_attempt_at.is_some_and(|due| due <= now) {
            deliver(parts, client, &after, invoice, now, &mut report).await?;
        }
    }
    Ok(report)
}

/// The agreements that, once this run has issued what is due, have
/// nothing more to invoice: every charge of their plan is due by `now`
/// (so issued by now or by this run) and none comes after. An agreement
/// whose listing is unknown is never finished (it has no plan to judge).
fn finished(plans: &[(&Agreement, Plan)], now: Timestamp) -> Vec<AgreementId> {
    plans
        .iter()
        .filter(|(_, plan)| plan.next_after(now).is_none())
        .map(|(agreement, _)| agreement.id)
        .collect()
}

/// The plan of every open agreement whose listing is known.
fn plans<'a>(parts: &Parts, snap: &'a Snapshot) -> Vec<(&'a Agreement, Plan)> {
    snap.agreements
        .iter()
        .filter_map(|agreement| Some((agreement, plan_of(parts, agreement)?)))
        .collect()
}

/// The next instant at which invoicing has work (see [`super::Invoicing::next_due`]).
pub(super) async fn next_due(parts: &Parts) -> Result<Option<Timestamp>, StoreError> {
    let now = parts.clock.now();
    let snap = snapshot(parts).await?;
    let plans = plans(parts, &snap);
    let overdue = charges_due(&snap, &plans, now)
        .into_iter()
        .map(|(_, charge)| charge.due);
    let upcoming = plans.iter().filter_map(|(_, plan)| plan.next_after(now));
    let retries = snap.pending.iter().filter_map(|i| i.next_attempt_at);
    Ok(overdue.chain(upcoming).chain(retries).min())
}

/// The agreement's billing plan, if its listing is known.
fn plan_of(parts: &Parts, agreement: &Agreement) -> Option<Plan> {
    let listing = parts.catalog.listing(agreement.listing_id)?;
    let offer = parse_offer_key(&agreement.option_id).and_then(|(id, _)| parts.offers.get(id));
    Some(plan::plan(Billed {
        agreement: agreement.id.0,
        created_at: agreement.created_at,
        option: &agreement.option_id,
        amount: agreement.amount,
        listing,
        offer: offer.as_ref(),
    }))
}

/// Every charge due by `now`, issued or not, with its agreement.
fn charges_due<'a>(
    snap: &Snapshot,
    plans: &[(&'a Agreement, Plan)],
    now: Timestamp,
) -> Vec<(&'a Agreement, Charge)> {
    plans
        .iter()
        .flat_map(|(agreement, plan)| {
            plan.due_by(now)
                .into_iter()
                .map(move |charge| (*agreement, charge))
        })
        .filter(|(agreement, charge)| !snap.issued.contains(&(agreement.id, charge.period)))
        .collect()
}

/// The account's connection that takes cXML invoices: enabled, with an
/// invoice URL and not in test mode. Coupa's connections carry one (SPEC
/// F6); an Ariba connection only when its admin set one, since Ariba takes
/// invoices through its network (AR-29) and the seeded Globex has none, so
/// by default Ariba-connected accounts get no cXML invoices.
fn invoice_connection<'a>(snap: &'a Snapshot, account: &str) -> Option<&'a Connection> {
    snap.accounts
        .iter()
        .find(|a| a.id.as_str() == account)?
        .connections
        .iter()
        .find(|c| c.enabled && !c.test_mode && c.invoice_url.is_some())
}

fn new_invoice(
    clock: &Clock,
    snap: &Snapshot,
    agreement: &Agreement,
    charge: &Charge,
    now: Timestamp,
) -> NewInvoice {
    // Usage is billed on the marketplace's own invoice, never against a
    // PO (SPEC F8): PO numbers for it are not supported, so the invoice
    // names none, even when the agreement came from a PO.
    let against_po = charge.channel == Channel::AgainstPo;
    let po_number = Some(agreement.po_number.clone()).filter(|po| against_po && !po.is_empty());
    let cxml = match (charge.channel, &po_number) {
        (Channel::AgainstPo, Some(_)) => invoice_connection(snap, agreement.account_id.as_str())
            .and_then(|c| Some((c, c.invoice_url.clone()?))),
        _ => None,
    }
    .map(|(connection, url)| {
        let (payload_id, timestamp) = envelope_ids(clock);
        CxmlTarget {
            url,
            connection_id: connection.id.clone(),
            payload_id,
            timestamp,
        }
    });
    let (quantity, unit_price) = match charge.line {
        LineType::Service => (1, charge.amount),
        LineType::Material => (
            charge.amount.exact_div(MATERIAL_UNIT_PRICE).unwrap_or(1),
            MATERIAL_UNIT_PRICE,
        ),
    };
    NewInvoice {
        agreement_id: agreement.id,
        account_id: agreement.account_id.clone(),
        period: charge.period,
        description: charge.description.clone(),
        amount: charge.amount,
        quantity,
        unit_price,
        po_line: against_po.then_some(agreement.po_line),
        po_number,
        due_at: charge.due,
        created_at: now,
        cxml,
    }
}

/// One delivery attempt of a pending cXML invoice, recorded.
async fn deliver(
    parts: &Parts,
    client: &CxmlClient,
    snap: &Snapshot,
    invoice: &Invoice,
    now: Timestamp,
    report: &mut RunReport,
) -> Result<(), StoreError> {
    let agreement = snap
        .delivering
        .iter()
        .find(|a| a.id == invoice.agreement_id);
    let connection = snap
        .accounts
        .iter()
        .find(|a| a.id == invoice.account_id)
        .and_then(|a| {
            a.connections
                .iter()
                .find(|c| Some(&c.id) == invoice.connection_id.as_ref())
        });
    let attempt = match (agreement, connection, invoice.url.as_deref()) {
        (Some(agreement), Some(connection), Some(url)) => {
            attempt(client, invoice, agreement, connection, url, now).await
        }
        _ => Attempt::Failed("the agreement or connection no longer exists".into()),
    };
    let list = match &attempt {
        Attempt::Delivered(_) => &mut report.delivered,
        Attempt::RetryAt(..) => &mut report.retrying,
        Attempt::Failed(_) => &mut report.failed,
    };
    list.push(invoice.number.clone());
    let id = invoice.id;
    parts
        .store
        .call(move |db| store::record_attempt(db, id, &attempt))
        .await
}

async fn attempt(
    client: &CxmlClient,
    invoice: &Invoice,
    agreement: &Agreement,
    connection: &Connection,
    url: &str,
    now: Timestamp,
) -> Attempt {
    let doc = match document::invoice_document(invoice, agreement, connection) {
        Ok(doc) => doc,
        Err(err) => {
            tracing::error!(%err, "cannot build an invoice");
            return Attempt::Failed("the invoice could not be written".into());
        }
    };
    let sent = match client.post(url, &doc, agreement.flow_id.as_deref()).await {
        Ok(sent) => sent,
        Err(err) => {
            tracing::error!(%err, "cannot write an invoice");
            return Attempt::Failed("the invoice could not be written".into());
        }
    };
    let status = match &sent.reply {
        ReplyClass::Cxml(status) => format!("{} {}", status.code.0, status.text),
        ReplyClass::Transport { reason, .. } => reason.clone(),
    };
    match sent.reply.class() {
        StatusClass::Success => Attempt::Delivered(status),
        StatusClass::Permanent => Attempt::Failed(status),
        StatusClass::Transient if invoice.attempts + 1 >= MAX_ATTEMPTS => {
            Attempt::Failed(format!("gave up after {MAX_ATTEMPTS} attempts: {status}"))
        }
        StatusClass::Transient => {
            let retry = now.saturating_add(RETRY_AFTER).unwrap_or(now);
            Attempt::RetryAt(status, retry)
        }
    }
}
