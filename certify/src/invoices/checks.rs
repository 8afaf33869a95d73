//! CERT-INV-001 to 007 from what the inbox received: each check sums one
//! aspect of every judged invoice (the first failure is the evidence,
//! with the inbox's answer and the journal entry), and documents the
//! inbox could not read as an invoice fail CERT-INV-007.

use service_kit::journal::Exchange;

use super::judge::{Aspect, Judgement, Reference};
use crate::{
    catalogue::CheckId,
    report::{CheckResult, Evidence, Located},
};

/// A document the inbox journaled without judging it, and its first
/// error finding (the adapter's, kept in the journal).
pub(crate) struct Unread {
    pub exchange: Exchange,
    pub finding: Option<Located>,
}

/// What the wait brought.
pub(crate) struct Received {
    /// The invoices judged, each with its journal entry.
    pub judged: Vec<(Judgement, Option<i64>)>,
    /// Documents the inbox journaled but did not judge (unreadable, or
    /// not an invoice).
    pub unread: Vec<Unread>,
    /// How the wait is described: `within 300 s at URL`.
    pub waited: String,
}

pub(crate) fn all(received: &Received) -> Vec<CheckResult> {
    let judged = &received.judged;
    let no_invoice = "no invoice arrived (see CERT-INV-001)";
    let mut checks = vec![arrived(received)];
    if judged.is_empty() {
        checks.extend(
            [
                CheckId::Inv002,
                CheckId::Inv003,
                CheckId::Inv004,
                CheckId::Inv005,
                CheckId::Inv006,
            ]
            .map(|id| CheckResult::skipped(id, no_invoice)),
        );
        checks.push(if received.unread.is_empty() {
            CheckResult::skipped(CheckId::Inv007, no_invoice)
        } else {
            unreadable(&received.unread)
        });
        return checks;
    }
    checks.push(sum(CheckId::Inv002, judged, |j| Some(&j.dtd)));
    checks.push(sum(CheckId::Inv003, judged, |j| Some(&j.credentials)));
    checks.push(references(judged));
    let lines = sum(CheckId::Inv005, judged, |j| j.lines.as_ref());
    checks.push(lines);
    checks.push(sum(CheckId::Inv006, judged, |j| Some(&j.totals)));
    checks.push(if received.unread.is_empty() {
        sum(CheckId::Inv007, judged, |j| Some(&j.rules))
    } else {
        unreadable(&received.unread)
    });
    checks
}

fn evidence(judgement: &Judgement, journal_id: Option<i64>, detail: String) -> Evidence {
    Evidence {
        cxml_status: Some(judgement.code),
        cxml_text: Some(judgement.text.clone()),
        journal_id,
        ..Evidence::said(detail)
    }
}

/// CERT-INV-001: at least one InvoiceDetailRequest was judged.
fn arrived(received: &Received) -> CheckResult {
    let id = CheckId::Inv001;
    let Some((first, journal_id)) = received.judged.first() else {
        let unread = match received.unread.len() {
            0 => String::new(),
            n => format!(
                "; {n} other document(s) came that the inbox could not take as an invoice (see CERT-INV-007)"
            ),
        };
        return CheckResult::fail(
            id,
            Evidence::said(format!(
                "no InvoiceDetailRequest arrived {}{unread}",
                received.waited
            )),
        );
    };
    let count = received.judged.len();
    CheckResult::pass(
        id,
        evidence(
            first,
            *journal_id,
            format!(
                "{count} InvoiceDetailRequest(s) arrived {}; the first, {}, was answered {}",
                received.waited, first.payload_id, first.code
            ),
        ),
    )
}

/// One aspect over every invoice that has it: the first failure fails
/// the check; none judged skips it.
fn sum<'a>(
    id: CheckId,
    judged: &'a [(Judgement, Option<i64>)],
    aspect: impl Fn(&'a Judgement) -> Option<&'a Aspect>,
) -> CheckResult {
    let with: Vec<_> = judged
        .iter()
        .filter_map(|(j, journal)| Some((j, *journal, aspect(j)?)))
        .collect();
    if let Some((j, journal, Aspect::Failed(why, element))) = with
        .iter()
        .find(|(_, _, a)| matches!(a, Aspect::Failed(..)))
    {
        let mut evidence = evidence(j, *journal, format!("invoice {}: {why}", j.payload_id));
        evidence.element.clone_from(element);
        return CheckResult::fail(id, evidence);
    }
    match with.first() {
        Some((j, journal, Aspect::Passed(detail))) => {
            let detail = match with.len() {
                1 => detail.clone(),
                n => format!("all {n} invoices; the first: {detail}"),
            };
            CheckResult::pass(id, evidence(j, *journal, detail))
        }
        _ => CheckResult::skipped(
            id,
            "no invoice references the certified order (see CERT-INV-004)",
        ),
    }
}

/// CERT-INV-004: every invoice names the certified order.
fn references(judged: &[(Judgement, Option<i64>)]) -> CheckResult {
    let id = CheckId::Inv004;
    let failure = judged.iter().find_map(|(j, journal)| match &j.reference {
        Reference::Certified(_) => None,
        Reference::Unknown(named, at) => Some((
            j,
            journal,
            format!(
                "invoice {} is for order {named}, which procsim never sent; the inbox refused it",
                j.payload_id
            ),
            Some(at.clone()),
        )),
        Reference::Missing(at) => Some((
            j,
            journal,
            format!(
                "invoice {} names no order; the inbox refused it",
                j.payload_id
            ),
            at.clone(),
        )),
    });
    if let Some((j, journal, detail, element)) = failure {
        let mut evidence = evidence(j, *journal, detail);
        evidence.element = element;
        return CheckResult::fail(id, evidence);
    }
    let forms: Vec<&str> = judged
        .iter()
        .filter_map(|(j, _)| match j.reference {
            Reference::Certified(form) => Some(form),
            _ => None,
        })
        .collect();
    let (first, journal) = &judged[0];
    CheckResult::pass(
        id,
        evidence(
            first,
            *journal,
            format!("the certified order is named in {}", forms.join(", ")),
        ),
    )
}

/// CERT-INV-007 for documents the inbox could not take as invoices.
fn unreadable(unread: &[Unread]) -> CheckResult {
    let Unread {
        exchange: first,
        finding,
    } = &unread[0];
    let what = first.document_type.as_deref().map_or_else(
        || "a document the inbox could not read".to_owned(),
        |t| format!("a {t}"),
    );
    let detail = format!(
        "{} document(s) were not taken as invoices; the first was {what}, answered {}",
        unread.len(),
        first
            .cxml_status
            .map_or_else(|| "without cXML".to_owned(), |c| c.to_string())
    );
    CheckResult::fail(
        CheckId::Inv007,
        Evidence {
            http_status: first.http_status,
            cxml_status: first.cxml_status,
            journal_id: Some(first.id),
            element: finding.clone(),
            ..Evidence::said(detail)
        },
    )
}
