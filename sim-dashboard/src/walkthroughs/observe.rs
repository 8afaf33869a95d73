//! What a step may need that no journal shows, read over HTTP for one run
//! and only when one of its steps asks. Of its flow: whether the flow's
//! punchout showed a product no procurement system can buy (SPEC F11) or
//! only the account's Private Marketplace (F13); where the requisition
//! its cart became stands (submitted, the manager's and finance's
//! approvals, a chain with no finance step, a rejection), as the buyer
//! system holds it; of the flow's agreements, whether the "agreement
//! created" mail was opened (the mail service marks a message read when
//! it is viewed, and its Mailpit-style search filters on that with
//! `is:read`), the usage invoice, where the simulated clock stands
//! against its installments (F7) and the end of its first month (F8), and
//! the installment invoices delivered; whether a private offer in the
//! flow's cart has expired (F10). And, for a run that follows the
//! accounts, what they did since its start (`activity`). The rules that
//! turn what was read into observations are pure and tested here.

use jiff::{Timestamp, ToSpan, tz::TimeZone};
use serde::Deserialize;

use super::{Observation, Walkthrough, activity, bodies::offer_id, progress::Observed, runs::Run};
use crate::{
    AppState,
    peers::{
        AgreementRow, InvoiceRow, OfferRow, RequisitionRow, agreements_of_flow, get_json,
        invoices_of, offers_of, requisition_of_flow, showed_private_marketplace,
        showed_unsupported, url_of,
    },
};

#[derive(Deserialize)]
struct SearchReply {
    messages_count: u64,
}

/// Observations read from the flow's requisition.
const OF_REQUISITION: [Observation; 5] = [
    Observation::RequisitionSubmitted,
    Observation::ManagerApproved,
    Observation::FinanceApproved,
    Observation::FinanceNotNeeded,
    Observation::RequisitionRejected,
];

/// Observations read from the flow's agreements.
const OF_AGREEMENTS: [Observation; 5] = [
    Observation::MailRead,
    Observation::UsageInvoice,
    Observation::InstallmentDateReached,
    Observation::InstallmentInvoiced,
    Observation::MonthEndPassed,
];

/// Adds to `observed` what `walkthrough`'s steps ask for, in `run`;
/// `cart_offers` are the private offers the flow's carts hold (`bodies`).
pub(crate) async fn observe(
    state: &AppState,
    walkthrough: &Walkthrough,
    run: &Run,
    cart_offers: &[String],
    observed: &mut Observed,
) {
    if let Some(flow) = &run.flow {
        of_flow(state, walkthrough, flow, cart_offers, observed).await;
    }
    if let Some(marks) = run.marks {
        let since = activity::since(state, marks).await;
        for observation in activity::observations(&since) {
            observed.insert(observation);
        }
        // A step done after the save (F15's punchout) must follow it.
        if let Some(at) = activity::settings_saved_at(&since) {
            observed.insert_at(Observation::SettingsSaved, at);
        }
    }
}

async fn of_flow(
    state: &AppState,
    walkthrough: &Walkthrough,
    flow: &str,
    cart_offers: &[String],
    observed: &mut Observed,
) {
    let wanted = |o: Observation| walkthrough.wants(o);
    if wanted(Observation::UnsupportedShown) && showed_unsupported(state, flow).await {
        observed.insert(Observation::UnsupportedShown);
    }
    if wanted(Observation::PrivateMarketplaceShown) && showed_private_marketplace(state, flow).await
    {
        observed.insert(Observation::PrivateMarketplaceShown);
    }
    if OF_REQUISITION.into_iter().any(wanted)
        && let Some(requisition) = requisition_of_flow(state, flow).await
    {
        for observation in of_requisition(&requisition) {
            observed.insert(observation);
        }
    }
    if wanted(Observation::OfferExpired)
        && !cart_offers.is_empty()
        && offer_expired(cart_offers, &offers_of(state).await)
    {
        observed.insert(Observation::OfferExpired);
    }
    if !OF_AGREEMENTS.into_iter().any(wanted) {
        return;
    }
    let agreements = agreements_of_flow(state, flow).await;
    if agreements.is_empty() {
        return;
    }
    if wanted(Observation::MailRead) && mail_read(state, &agreements).await {
        observed.insert(Observation::MailRead);
    }
    let invoices =
        match wanted(Observation::UsageInvoice) || wanted(Observation::InstallmentInvoiced) {
            true => invoices_of(state, &agreements).await,
            false => Vec::new(),
        };
    let offers = match wanted(Observation::InstallmentDateReached) {
        true => offers_of(state).await,
        false => Vec::new(),
    };
    let now = state.clock.now();
    for observation in of_agreements(&agreements, &invoices, &offers, now) {
        if wanted(observation) {
            observed.insert(observation);
        }
    }
}

/// Whether the marketplace's mail about one of `agreements` was opened.
async fn mail_read(state: &AppState, agreements: &[AgreementRow]) -> bool {
    let Some(inbox) = url_of(state, "mail") else {
        return false;
    };
    let url = format!("{inbox}/api/v1/search");
    for agreement in agreements {
        // The marketplace's mail names the PO in its subject, as the
        // flow's sequence diagram finds it.
        let query = format!("subject:\"(PO {})\" is:read", agreement.po_number);
        let reply = get_json::<SearchReply>(state, &url, &[("query", &query)]).await;
        if reply.is_some_and(|r| r.messages_count > 0) {
            return true;
        }
    }
    false
}

/// What a flow's requisition shows: it was submitted (it exists), its
/// manager and finance steps approved, a chain with no finance step (its
/// total under the threshold: finance is not needed), a rejection.
fn of_requisition(requisition: &RequisitionRow) -> Vec<Observation> {
    let decided = |level: &str, decision: &str| {
        requisition
            .approvals
            .iter()
            .any(|a| a.level == level && a.decision.as_deref() == Some(decision))
    };
    let mut seen = vec![Observation::RequisitionSubmitted];
    if decided("manager", "approved") {
        seen.push(Observation::ManagerApproved);
    }
    if decided("finance", "approved") {
        seen.push(Observation::FinanceApproved);
    }
    if !requisition.approvals.iter().any(|a| a.level == "finance") {
        seen.push(Observation::FinanceNotNeeded);
    }
    if requisition.status == "rejected" {
        seen.push(Observation::RequisitionRejected);
    }
    seen
}

/// Whether one of the offers named by `options` has expired.
fn offer_expired(options: &[String], offers: &[OfferRow]) -> bool {
    options.iter().any(|option| {
        offers
            .iter()
            .any(|offer| offer.id == offer_id(option) && offer.expired)
    })
}

/// The first instant of the month after the one `at` falls in (UTC),
/// when a pay-as-you-go month's usage falls due.
fn next_month(at: Timestamp) -> Option<Timestamp> {
    let first = at.to_zoned(TimeZone::UTC).date().first_of_month();
    let next = first.checked_add(1.month()).ok()?;
    next.to_zoned(TimeZone::UTC).ok().map(|z| z.timestamp())
}

/// Whether `option` buys usage: pay as you go, or an annual agreement's
/// hourly usage.
fn buys_usage(option: &str) -> bool {
    option == "payg" || option.ends_with(".usage")
}

/// What a flow's agreements show at `now`: a usage invoice; the clock at
/// or past an installment of its offer due after the agreement was made
/// (one due earlier was invoiced with the agreement, whatever the clock
/// did), and such an installment invoiced over cXML and delivered; the
/// clock past the end of the month a usage agreement was made in.
fn of_agreements(
    agreements: &[AgreementRow],
    invoices: &[InvoiceRow],
    offers: &[OfferRow],
    now: Timestamp,
) -> Vec<Observation> {
    let mut seen = Vec::new();
    if invoices.iter().any(|i| i.period.starts_with("usage-")) {
        seen.push(Observation::UsageInvoice);
    }
    let later_installments = |agreement: &AgreementRow| -> Vec<Timestamp> {
        let Some(made) = agreement.made_at() else {
            return Vec::new();
        };
        let offer = offers
            .iter()
            .find(|o| o.id == offer_id(&agreement.option_id) && o.has_schedule());
        offer
            .into_iter()
            .flat_map(|o| &o.terms.installments)
            .filter_map(|i| i.due.parse::<Timestamp>().ok())
            .filter(|due| *due > made)
            .collect()
    };
    let reached = agreements
        .iter()
        .any(|a| later_installments(a).iter().any(|due| *due <= now));
    if reached {
        seen.push(Observation::InstallmentDateReached);
    }
    let invoiced = invoices.iter().any(|invoice| {
        let agreement = agreements.iter().find(|a| a.id == invoice.agreement_id);
        let later = agreement
            .and_then(AgreementRow::made_at)
            .zip(invoice.due_at.parse::<Timestamp>().ok())
            .is_some_and(|(made, due)| due > made);
        invoice.period.starts_with("installment-")
            && invoice.channel == "cxml"
            && invoice.state == "delivered"
            && later
    });
    if invoiced {
        seen.push(Observation::InstallmentInvoiced);
    }
    let month_ended = agreements.iter().any(|a| {
        buys_usage(&a.option_id)
            && a.made_at()
                .and_then(next_month)
                .is_some_and(|end| now >= end)
    });
    if month_ended {
        seen.push(Observation::MonthEndPassed);
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::peers::{ApprovalRow, InstallmentRow, OfferTerms};

    fn at(text: &str) -> Timestamp {
        text.parse().expect("an RFC 3339 instant")
    }

    fn requisition(status: &str, steps: &[(&str, Option<&str>)]) -> RequisitionRow {
        RequisitionRow {
            status: status.to_owned(),
            approvals: steps
                .iter()
                .map(|(level, decision)| ApprovalRow {
                    level: (*level).to_owned(),
                    decision: decision.map(str::to_owned),
                })
                .collect(),
        }
    }

    #[test]
    fn a_requisition_shows_each_approval_as_it_is_given() {
        use Observation::*;
        let pending = requisition("pending", &[("manager", None), ("finance", None)]);
        assert_eq!(of_requisition(&pending), [RequisitionSubmitted]);
        let manager = requisition(
            "pending",
            &[("manager", Some("approved")), ("finance", None)],
        );
        assert_eq!(
            of_requisition(&manager),
            [RequisitionSubmitted, ManagerApproved]
        );
        let both = requisition(
            "approved",
            &[("manager", Some("approved")), ("finance", Some("approved"))],
        );
        assert_eq!(
            of_requisition(&both),
            [RequisitionSubmitted, ManagerApproved, FinanceApproved]
        );
    }

    /// Under the finance threshold the chain has no finance step: that
    /// step is not needed, which is not that it was approved.
    #[test]
    fn a_chain_without_finance_says_finance_is_not_needed() {
        use Observation::*;
        let small = requisition("approved", &[("manager", Some("approved"))]);
        assert_eq!(
            of_requisition(&small),
            [RequisitionSubmitted, ManagerApproved, FinanceNotNeeded]
        );
        let rejected = requisition("rejected", &[("manager", Some("rejected"))]);
        assert_eq!(
            of_requisition(&rejected),
            [RequisitionSubmitted, FinanceNotNeeded, RequisitionRejected]
        );
        let late = requisition(
            "rejected",
            &[("manager", Some("approved")), ("finance", Some("rejected"))],
        );
        assert_eq!(
            of_requisition(&late),
            [RequisitionSubmitted, ManagerApproved, RequisitionRejected]
        );
    }

    fn agreement(id: i64, option: &str, made: &str) -> AgreementRow {
        AgreementRow {
            id,
            account_id: "acct-coupa-001".to_owned(),
            po_number: format!("PO-{id:06}"),
            order_payload_id: format!("order.{id}@coupa"),
            flow_id: Some("flow".to_owned()),
            source: "order".to_owned(),
            option_id: option.to_owned(),
            created_at: made.to_owned(),
        }
    }

    fn fps(id: &str, dues: &[&str]) -> OfferRow {
        OfferRow {
            id: id.to_owned(),
            expired: false,
            terms: OfferTerms {
                kind: "fps".to_owned(),
                installments: dues
                    .iter()
                    .map(|due| InstallmentRow {
                        due: (*due).to_owned(),
                    })
                    .collect(),
            },
        }
    }

    fn invoice(agreement: i64, period: &str, due: &str, state: &str) -> InvoiceRow {
        InvoiceRow {
            agreement_id: agreement,
            period: period.to_owned(),
            po_number: Some("PO-000001".to_owned()),
            due_at: due.to_owned(),
            channel: "cxml".to_owned(),
            state: state.to_owned(),
        }
    }

    /// F7: the clock reaching the next installment's date, and that
    /// installment's invoice delivered, are each seen on their own; an
    /// upfront purchase (its whole amount invoiced at once) shows
    /// neither.
    #[test]
    fn installments_due_after_the_agreement_show_the_clock_and_their_invoice() {
        use Observation::*;
        let made = "2026-03-01T12:00:00Z";
        let bought = [agreement(1, "offer-0000002a.r1", made)];
        let offers = [fps(
            "offer-0000002a",
            &["2026-02-01T00:00:00Z", "2026-04-01T00:00:00Z"],
        )];
        // The first installment was due before the agreement: invoiced
        // with it, at once. Neither step shows.
        let first = [invoice(1, "installment-1", made, "delivered")];
        let before = at("2026-03-15T00:00:00Z");
        assert_eq!(of_agreements(&bought, &first, &offers, before), []);
        // The clock moves to the next installment's date.
        let after = at("2026-04-01T00:00:00Z");
        assert_eq!(
            of_agreements(&bought, &first, &offers, after),
            [InstallmentDateReached]
        );
        let mut both = first.to_vec();
        both.push(invoice(
            1,
            "installment-2",
            "2026-04-01T00:00:00Z",
            "pending",
        ));
        assert_eq!(
            of_agreements(&bought, &both, &offers, after),
            [InstallmentDateReached],
            "not delivered yet"
        );
        both[1].state = "delivered".to_owned();
        assert_eq!(
            of_agreements(&bought, &both, &offers, after),
            [InstallmentDateReached, InstallmentInvoiced]
        );
        // An upfront contract, invoiced at once, at any time.
        let upfront = [agreement(2, "standard-12m", made)];
        let contract = [invoice(2, "contract", made, "delivered")];
        let later = at("2027-01-01T00:00:00Z");
        assert_eq!(of_agreements(&upfront, &contract, &offers, later), []);
    }

    /// F8: the month a pay-as-you-go agreement was made in ends at the
    /// first instant of the next (UTC); another option never shows it.
    #[test]
    fn a_usage_agreements_month_ends_at_the_next_months_first_instant() {
        use Observation::*;
        let payg = [agreement(1, "payg", "2026-03-31T23:00:00Z")];
        assert_eq!(
            of_agreements(&payg, &[], &[], at("2026-03-31T23:59:59Z")),
            []
        );
        assert_eq!(
            of_agreements(&payg, &[], &[], at("2026-04-01T00:00:00Z")),
            [MonthEndPassed]
        );
        let usage = [invoice(
            1,
            "usage-2026-03",
            "2026-04-01T00:00:00Z",
            "issued",
        )];
        assert_eq!(
            of_agreements(&payg, &usage, &[], at("2026-04-01T00:00:00Z")),
            [UsageInvoice, MonthEndPassed]
        );
        let upfront = [agreement(2, "standard-12m", "2026-03-31T23:00:00Z")];
        assert_eq!(
            of_agreements(&upfront, &[], &[], at("2026-06-01T00:00:00Z")),
            []
        );
    }

    /// F10: only an expired offer the cart holds, whatever its revision.
    #[test]
    fn only_an_expired_offer_of_the_cart_is_seen() {
        let mut offer = fps("offer-0000002a", &[]);
        let cart = ["offer-0000002a.r1".to_owned()];
        assert!(!offer_expired(&cart, std::slice::from_ref(&offer)));
        offer.expired = true;
        assert!(offer_expired(&cart, std::slice::from_ref(&offer)));
        assert!(!offer_expired(
            &["offer-0000002b.r1".to_owned()],
            std::slice::from_ref(&offer)
        ));
        assert!(!offer_expired(&[], std::slice::from_ref(&offer)));
    }
}
