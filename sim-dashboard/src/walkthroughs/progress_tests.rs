//! The judging rules on hand-made journal rows and observations: only
//! the run's own flow counts, a flow begun before Start is never taken on
//! its own, each step ticks on its own proof and never because a later
//! step did, a step that does not apply is not needed (not done), and
//! every walkthrough the reviews named can end at N/N.

use service_kit::journal::{Direction, Exchange};

use super::*;
use crate::walkthroughs::Walkthroughs;

use Observation::*;
use Tick::{Done, NotNeeded, Open};

fn row(id: i64, service: &str, direction: Direction, kind: &str, flow: &str) -> Exchange {
    Exchange {
        id,
        service: service.to_owned(),
        at: "1970-01-01T00:00:00Z".to_owned(),
        direction,
        peer: "browser".to_owned(),
        document_type: Some(kind.to_owned()),
        payload_id: None,
        flow_id: Some(flow.to_owned()),
        http_status: Some(200),
        cxml_status: Some(200),
        latency_ms: 0.0,
        sequence: 0,
        finding_count: 0,
        raw_bytes: 0,
        response_bytes: None,
    }
}

fn refused(mut row: Exchange) -> Exchange {
    row.http_status = Some(401);
    row.cxml_status = Some(401);
    row
}

fn setup(id: i64, flow: &str) -> Exchange {
    row(
        id,
        "coupa",
        Direction::Outbound,
        "PunchOutSetupRequest",
        flow,
    )
}

fn setup_received(id: i64, flow: &str) -> Exchange {
    row(
        id,
        "marketplace",
        Direction::Inbound,
        "PunchOutSetupRequest",
        flow,
    )
}

fn cart(id: i64, flow: &str) -> Exchange {
    row(
        id,
        "coupa",
        Direction::Inbound,
        "PunchOutOrderMessage",
        flow,
    )
}

fn order(id: i64, flow: &str) -> Exchange {
    row(id, "coupa", Direction::Outbound, "OrderRequest", flow)
}

fn order_received(id: i64, flow: &str) -> Exchange {
    row(id, "marketplace", Direction::Inbound, "OrderRequest", flow)
}

fn invoice_received(id: i64, flow: &str) -> Exchange {
    row(
        id,
        "coupa",
        Direction::Inbound,
        "InvoiceDetailRequest",
        flow,
    )
}

fn walkthrough(id: &str) -> Walkthrough {
    let all = Walkthroughs::load().expect("walkthroughs.toml reads");
    all.find(id).expect("defined").clone()
}

fn count(w: &Walkthrough, rows: &[Exchange], observed: &Observed) -> (usize, usize) {
    tally(w, &ticks(w, rows, observed))
}

fn nothing() -> Observed {
    Observed::default()
}

/// What `rows`' bodies hold, as `bodies` reads them, with `seen`.
fn holding(rows: &[(&Exchange, Holds)], seen: &[Observation]) -> Observed {
    let mut observed = Observed::of(seen);
    for (row, holds) in rows {
        observed.insert_body(row, *holds);
    }
    observed
}

/// An ordinary Coupa purchase's flow: punchout, cart, order, and the
/// marketplace's invoice of the upfront contract at once.
fn ordinary_purchase(flow: &str) -> Vec<Exchange> {
    vec![
        setup(1, flow),
        cart(2, flow),
        order(3, flow),
        order_received(4, flow),
        invoice_received(5, flow),
        setup_received(6, flow),
    ]
}

#[test]
fn nothing_is_done_without_a_flow() {
    let f1 = walkthrough("F1");
    assert_eq!(count(&f1, &[], &nothing()), (0, 3));
    assert!(ticks(&f1, &[], &nothing()).iter().all(|t| *t == Open));
}

#[test]
fn f1_ticks_step_by_step_and_ends_with_the_edit() {
    let f1 = walkthrough("F1");
    let mut rows = vec![setup(1, "a")];
    assert_eq!(ticks(&f1, &rows, &nothing()), [Done, Open, Open]);
    rows.push(cart(2, "a"));
    assert_eq!(ticks(&f1, &rows, &nothing()), [Done, Done, Open]);
    // Edit at supplier: a second setup request in the same flow.
    rows.push(setup(3, "a"));
    assert_eq!(ticks(&f1, &rows, &nothing()), [Done, Done, Done]);
    assert_eq!(count(&f1, &rows, &nothing()), (3, 3));
}

#[test]
fn a_refused_document_is_not_evidence_of_success() {
    let f1 = walkthrough("F1");
    let rows = [refused(setup(1, "a"))];
    assert!(ticks(&f1, &rows, &nothing()).iter().all(|t| *t == Open));
}

#[test]
fn an_open_buy_search_ticks_off_by_its_http_status_as_it_has_no_cxml_one() {
    let f3 = walkthrough("F3");
    let search = |status| Exchange {
        cxml_status: None,
        http_status: Some(status),
        ..row(1, "coupa", Direction::Outbound, "OpenBuySearch", "a")
    };
    assert_eq!(ticks(&f3, &[search(200)], &nothing()), [Done, Open, Open]);
    assert!(
        ticks(&f3, &[search(401)], &nothing())
            .iter()
            .all(|t| *t == Open)
    );
}

/// F3's punchout step is a setup to one product (SelectedItem), not any
/// setup: an ordinary punchout does not tick it.
#[test]
fn f3_ticks_its_punchout_only_for_a_setup_with_a_selected_item() {
    let f3 = walkthrough("F3");
    let rows = [setup(1, "a"), cart(2, "a")];
    assert_eq!(ticks(&f3, &rows, &nothing()), [Open, Open, Done]);
    let selected = holding(&[(&rows[0], Holds::SelectedItem)], &[]);
    assert_eq!(ticks(&f3, &rows, &selected), [Open, Done, Done]);
    // What another row's body holds proves nothing here.
    let elsewhere = holding(&[(&setup(9, "b"), Holds::SelectedItem)], &[]);
    assert_eq!(ticks(&f3, &rows, &elsewhere), [Open, Open, Done]);
}

#[test]
fn a_run_takes_the_first_flow_begun_after_its_start() {
    let f1 = walkthrough("F1");
    // Flow "old" began before Start (coupa's newest id was 2 then).
    let since = Cursors::from([("coupa".to_owned(), 2)]);
    let rows = [
        setup(1, "old"),
        cart(2, "old"),
        setup(3, "mine"),
        setup(4, "later"),
    ];
    let taken = first_new_flow(&f1, &since, &rows, &nothing());
    assert_eq!(taken.as_deref(), Some("mine"));
    // A flow begun before the start is not taken even if it goes on.
    let rows = [setup(1, "old"), cart(3, "old")];
    assert_eq!(first_new_flow(&f1, &since, &rows, &nothing()), None);
    // Nor one that shows none of the walkthrough's documents.
    let f6 = walkthrough("F6");
    let rows = [setup(3, "mine")];
    assert_eq!(first_new_flow(&f6, &since, &rows, &nothing()), None);
}

/// A walkthrough about what a document holds is not taken by an ordinary
/// purchase begun after Start: F7 follows the first flow whose cart holds
/// a private offer with a payment schedule, F3 the first setup naming one
/// product, whatever came before them.
#[test]
fn a_run_about_a_documents_content_takes_only_a_flow_holding_it() {
    let since = Cursors::from([("coupa".to_owned(), 2)]);
    let rows = [
        setup(3, "ordinary"),
        cart(4, "ordinary"),
        order(5, "ordinary"),
        setup(6, "mine"),
        cart(7, "mine"),
    ];
    let f7 = walkthrough("F7");
    assert_eq!(first_new_flow(&f7, &since, &rows, &nothing()), None);
    // An offer with no payment schedule is F10's, not F7's.
    let offer = holding(&[(&rows[1], Holds::PrivateOffer)], &[]);
    assert_eq!(first_new_flow(&f7, &since, &rows, &offer), None);
    let fps = holding(
        &[(&rows[4], Holds::FpsOffer), (&rows[4], Holds::PrivateOffer)],
        &[],
    );
    let taken = first_new_flow(&f7, &since, &rows, &fps);
    assert_eq!(taken.as_deref(), Some("mine"));
    // Only carts are read for F7; F3 reads setups, and takes the one
    // naming a product.
    let read: Vec<i64> = new_rows(&f7, &since, &rows).iter().map(|r| r.id).collect();
    assert_eq!(read, [4, 7]);
    let f3 = walkthrough("F3");
    assert_eq!(first_new_flow(&f3, &since, &rows, &nothing()), None);
    let selected = holding(&[(&rows[3], Holds::SelectedItem)], &[]);
    let taken = first_new_flow(&f3, &since, &rows, &selected);
    assert_eq!(taken.as_deref(), Some("mine"));
    // F10 is taken by any private offer, F8 by a pay-as-you-go line.
    let f10 = walkthrough("F10");
    let taken = first_new_flow(&f10, &since, &rows, &offer);
    assert_eq!(taken.as_deref(), Some("ordinary"));
    let f8 = walkthrough("F8");
    assert_eq!(first_new_flow(&f8, &since, &rows, &offer), None);
    // A walkthrough about no content is taken by any of its documents.
    let f4 = walkthrough("F4");
    let taken = first_new_flow(&f4, &since, &rows, &nothing());
    assert_eq!(taken.as_deref(), Some("ordinary"));
}

#[test]
fn a_second_purchase_does_not_tick_the_first_runs_steps() {
    // Each run is judged only from its own flow's rows, which the caller
    // fetched by flow id.
    let f1 = walkthrough("F1");
    let all = [setup(1, "a"), cart(2, "a"), setup(3, "a"), setup(4, "b")];
    let of = |flow: &str| -> Vec<Exchange> {
        all.iter()
            .filter(|r| r.flow_id.as_deref() == Some(flow))
            .cloned()
            .collect()
    };
    assert_eq!(count(&f1, &of("a"), &nothing()), (3, 3));
    // The first punchout of flow b alone is not F1's second one.
    assert_eq!(count(&f1, &of("b"), &nothing()), (1, 3));
    // A walkthrough not started has no flow, so nothing to judge.
    let f13 = walkthrough("F13");
    assert_eq!(count(&f13, &[], &nothing()), (0, 3));
}

/// The old rule ticked a step nothing proved once a later step ticked:
/// the order of a purchase ticked "submit" and both approvals. Now each
/// waits for its own proof.
#[test]
fn no_step_ticks_because_a_later_one_did() {
    let f4 = walkthrough("F4");
    let rows = [cart(2, "a"), order(3, "a")];
    assert_eq!(
        ticks(&f4, &rows, &nothing()),
        [Done, Open, Open, Open, Done, Open]
    );
    assert_eq!(count(&f4, &rows, &nothing()), (2, 5));
}

/// F4 under the finance threshold: Coupa's chain has no finance step, so
/// Fin's step is not needed (shown so, not ticked, not counted), and F4
/// ends at 4/4.
#[test]
fn f4_under_the_threshold_shows_finance_not_needed_and_ends() {
    let f4 = walkthrough("F4");
    let rows = [cart(2, "a"), order(3, "a")];
    let small = Observed::of(&[RequisitionSubmitted, ManagerApproved, FinanceNotNeeded]);
    let judged = ticks(&f4, &rows, &small);
    assert_eq!(judged, [Done, Done, Done, NotNeeded, Done, Open]);
    assert!(!judged[3].is_done(), "not needed is not done");
    assert_eq!(count(&f4, &rows, &small), (4, 4));
    // Submitted, before any approval: finance is already known to be
    // out of the chain.
    let submitted = Observed::of(&[RequisitionSubmitted, FinanceNotNeeded]);
    assert_eq!(count(&f4, &rows[..1], &submitted), (2, 4));
}

/// Above it, finance's step waits for Fin's own approval.
#[test]
fn f4_above_the_threshold_waits_for_finance() {
    let f4 = walkthrough("F4");
    let cart_only = [cart(2, "a")];
    let manager = Observed::of(&[RequisitionSubmitted, ManagerApproved]);
    assert_eq!(
        ticks(&f4, &cart_only, &manager),
        [Done, Done, Done, Open, Open, Open]
    );
    assert_eq!(count(&f4, &cart_only, &manager), (3, 5));
    let rows = [cart(2, "a"), order(3, "a")];
    let both = Observed::of(&[RequisitionSubmitted, ManagerApproved, FinanceApproved]);
    assert_eq!(count(&f4, &rows, &both), (5, 5));
}

/// F4's other ending: a rejection stands in for the approvals and the
/// order, and the walkthrough ends on it.
#[test]
fn f4_ends_on_a_rejection() {
    let f4 = walkthrough("F4");
    let rows = [cart(2, "a")];
    let rejected = Observed::of(&[RequisitionSubmitted, FinanceNotNeeded, RequisitionRejected]);
    assert_eq!(
        ticks(&f4, &rows, &rejected),
        [Done, Done, Open, NotNeeded, Open, Done]
    );
    assert_eq!(count(&f4, &rows, &rejected), (3, 3));
    // Rejected by finance after the manager approved: the same ending.
    let late = Observed::of(&[RequisitionSubmitted, ManagerApproved, RequisitionRejected]);
    assert_eq!(count(&f4, &rows, &late), (3, 3));
}

#[test]
fn f5_ends_when_the_mail_is_read() {
    let f5 = walkthrough("F5");
    let rows = [cart(2, "a"), order(3, "a"), order_received(4, "a")];
    let approved = [RequisitionSubmitted, ManagerApproved, FinanceNotNeeded];
    assert_eq!(count(&f5, &rows, &Observed::of(&approved)), (5, 6));
    let read = Observed::of(&[approved.as_slice(), &[MailRead]].concat());
    assert_eq!(count(&f5, &rows, &read), (6, 6));
}

/// F6 ends with the invoice in Coupa's inbox, its approvals proved by
/// the requisition (it had no submit step, nor an approver's sign-in).
#[test]
fn f6_counts_the_submission_and_approvals_it_needs() {
    let f6 = walkthrough("F6");
    let rows = [
        cart(2, "a"),
        order(3, "a"),
        row(
            4,
            "marketplace",
            Direction::Outbound,
            "InvoiceDetailRequest",
            "a",
        ),
        invoice_received(5, "a"),
    ];
    assert_eq!(count(&f6, &rows, &nothing()), (4, 7));
    let approved = Observed::of(&[RequisitionSubmitted, ManagerApproved, FinanceApproved]);
    assert_eq!(count(&f6, &rows, &approved), (7, 7));
}

/// F7 on an ordinary upfront purchase: invoiced at once, with no private
/// offer: neither its offer's cart, nor the clock, nor the installment's
/// invoice ticks.
#[test]
fn f7_leaves_the_offer_clock_and_installment_open_for_an_upfront_purchase() {
    let f7 = walkthrough("F7");
    let rows = ordinary_purchase("a");
    let approved = Observed::of(&[RequisitionSubmitted, ManagerApproved, FinanceApproved]);
    let judged = ticks(&f7, &rows, &approved);
    // The aside, then its seven steps.
    assert_eq!(
        judged,
        [Open, Open, Done, Done, Done, Done, Open, Open],
        "{judged:?}"
    );
    assert_eq!(count(&f7, &rows, &approved), (4, 7));
}

/// F7 followed through: the offer's cart, then each of the clock and the
/// installment's invoice on its own observation.
#[test]
fn f7_ticks_the_clock_and_the_installment_each_on_its_own() {
    let f7 = walkthrough("F7");
    let rows = [cart(2, "a"), order(3, "a")];
    let approvals = [RequisitionSubmitted, ManagerApproved, FinanceApproved];
    let offered = |seen: &[Observation]| {
        holding(
            &[(&rows[0], Holds::FpsOffer), (&rows[0], Holds::PrivateOffer)],
            &[&approvals[..], seen].concat(),
        )
    };
    assert_eq!(count(&f7, &rows, &offered(&[])), (5, 7));
    let reached = offered(&[InstallmentDateReached]);
    assert_eq!(ticks(&f7, &rows, &reached)[6..], [Done, Open]);
    let invoiced = offered(&[InstallmentDateReached, InstallmentInvoiced]);
    assert_eq!(count(&f7, &rows, &invoiced), (7, 7));
    // A private offer with no payment schedule is not F7's.
    let upfront_offer = holding(&[(&rows[0], Holds::PrivateOffer)], &approvals);
    assert_eq!(ticks(&f7, &rows, &upfront_offer)[1], Open);
}

#[test]
fn f8_ends_when_the_usage_invoice_is_issued_after_the_month_ends() {
    let f8 = walkthrough("F8");
    let rows = [cart(2, "a"), order(3, "a")];
    let payg = |seen: &[Observation]| {
        let approvals = [RequisitionSubmitted, ManagerApproved, FinanceApproved];
        holding(
            &[(&rows[0], Holds::PaygLine)],
            &[&approvals[..], seen].concat(),
        )
    };
    assert_eq!(count(&f8, &rows, &payg(&[])), (5, 7));
    // The clock step has its own proof: the invoice alone does not tick it.
    assert_eq!(ticks(&f8, &rows, &payg(&[UsageInvoice]))[5], Open);
    let ended = payg(&[MonthEndPassed, UsageInvoice]);
    assert_eq!(count(&f8, &rows, &ended), (7, 7));
    // A cart with no pay-as-you-go line is not F8's cart.
    let upfront = Observed::of(&[RequisitionSubmitted]);
    assert_eq!(ticks(&f8, &rows, &upfront)[0], Open);
}

/// F10: the clock past the offer's expiry is its own step, and the
/// refused order ends it.
#[test]
fn f10_ends_on_the_refused_order_after_the_offer_expired() {
    let f10 = walkthrough("F10");
    let rows = [cart(2, "a"), refused(order(3, "a"))];
    let seen = |extra: &[Observation]| {
        let base = [RequisitionSubmitted, ManagerApproved, FinanceApproved];
        holding(
            &[(&rows[0], Holds::PrivateOffer)],
            &[&base[..], extra].concat(),
        )
    };
    assert_eq!(count(&f10, &rows, &seen(&[])), (5, 6));
    assert_eq!(count(&f10, &rows, &seen(&[OfferExpired])), (6, 6));
    // An accepted order is not the refusal.
    let accepted = [cart(2, "a"), order(3, "a")];
    assert_eq!(count(&f10, &accepted, &seen(&[OfferExpired])), (5, 6));
}

/// A punchout alone is not the unsupported product step: only the
/// marketplace saying it showed one in the run's flow ticks it.
#[test]
fn f11_ticks_the_product_step_only_when_the_flow_showed_an_unsupported_product() {
    let f11 = walkthrough("F11");
    let rows = [setup(1, "a")];
    assert_eq!(ticks(&f11, &rows, &nothing()), [Done, Open]);
    assert_eq!(count(&f11, &rows, &nothing()), (1, 2));
    let shown = Observed::of(&[UnsupportedShown]);
    assert_eq!(ticks(&f11, &rows, &shown), [Done, Done]);
    assert_eq!(count(&f11, &rows, &shown), (2, 2));
    // Another observation of the flow is not that one.
    let read = Observed::of(&[MailRead]);
    assert_eq!(count(&f11, &rows, &read), (1, 2));
}

/// An ordinary punchout (redirect off, no Private Marketplace, no
/// setting saved) ticks nothing in F12, F13 or F15: it used to finish
/// all three.
#[test]
fn an_ordinary_punchout_ticks_nothing_in_f12_f13_or_f15() {
    let rows = ordinary_purchase("a");
    for id in ["F12", "F13", "F15"] {
        let w = walkthrough(id);
        let (done, steps) = count(&w, &rows, &nothing());
        assert_eq!(done, 0, "{id}: {:?}", ticks(&w, &rows, &nothing()));
        assert!(steps >= 3, "{id}");
    }
}

#[test]
fn f12_ticks_the_redirect_the_handoff_and_the_punchout_to_the_product() {
    let f12 = walkthrough("F12");
    let rows = [setup(1, "a")];
    let selected = |seen: &[Observation]| holding(&[(&rows[0], Holds::SelectedItem)], seen);
    // The aside (signing in to Coupa) is never ticked.
    assert_eq!(
        ticks(&f12, &rows, &selected(&[])),
        [Open, Open, Open, Done, Open]
    );
    let all = selected(&[RedirectOn, SentToCoupa, RedirectOff]);
    assert_eq!(ticks(&f12, &rows, &all), [Done, Open, Done, Done, Done]);
    assert_eq!(count(&f12, &rows, &all), (4, 4));
    // Without the redirect, the same punchout to a product is not enough.
    assert_eq!(count(&f12, &rows, &selected(&[RedirectOn])), (2, 4));
}

#[test]
fn f13_needs_the_private_marketplace_on_and_shown_in_the_flow() {
    let f13 = walkthrough("F13");
    let rows = [setup(1, "a")];
    let on = Observed::of(&[PrivateMarketplaceOn]);
    assert_eq!(ticks(&f13, &rows, &on), [Done, Open, Open]);
    let shown = Observed::of(&[PrivateMarketplaceOn, PrivateMarketplaceShown]);
    assert_eq!(ticks(&f13, &rows, &shown), [Done, Done, Open]);
    // Shown, but in no punchout of the flow: the step needs both.
    assert_eq!(ticks(&f13, &[], &shown), [Done, Open, Open]);
    let off = Observed::of(&[
        PrivateMarketplaceOn,
        PrivateMarketplaceShown,
        PrivateMarketplaceOff,
    ]);
    assert_eq!(count(&f13, &rows, &off), (3, 3));
}

/// `row`, journaled at `at` on the simulated clock.
fn journaled_at(row: Exchange, at: &str) -> Exchange {
    Exchange {
        at: at.to_owned(),
        ..row
    }
}

/// The refusal seen, and the settings first saved at `at`.
fn saved_at(at: &str) -> Observed {
    let mut observed = Observed::of(&[SettingsRefused]);
    observed.insert_at(SettingsSaved, at.parse().expect("an RFC 3339 instant"));
    observed
}

#[test]
fn f15_needs_the_refusal_the_save_and_a_punchout_after_them() {
    let f15 = walkthrough("F15");
    let rows = [journaled_at(setup_received(1, "a"), "2026-03-01T12:05:00Z")];
    let refused_only = Observed::of(&[SettingsRefused]);
    assert_eq!(ticks(&f15, &rows, &refused_only), [Done, Open, Open]);
    let saved = saved_at("2026-03-01T12:00:00Z");
    assert_eq!(ticks(&f15, &rows, &saved), [Done, Done, Done]);
    assert_eq!(count(&f15, &rows, &saved), (3, 3));
    // A clock standing still gives both the same time: not before it.
    assert_eq!(
        ticks(&f15, &rows, &saved_at("2026-03-01T12:05:00Z"))[2],
        Done
    );
}

/// F15's punchout must come after the save it follows: one journaled
/// before it does not tick, nor one whose time is not known.
#[test]
fn f15_does_not_tick_a_punchout_made_before_the_save() {
    let f15 = walkthrough("F15");
    let early = [journaled_at(setup_received(1, "a"), "2026-03-01T11:59:00Z")];
    let saved = saved_at("2026-03-01T12:00:00Z");
    assert_eq!(ticks(&f15, &early, &saved), [Done, Done, Open]);
    assert_eq!(count(&f15, &early, &saved), (2, 3));
    let unknown = [journaled_at(setup_received(1, "a"), "not a time")];
    assert_eq!(ticks(&f15, &unknown, &saved)[2], Open);
    // The save seen with no time known: its order cannot be told.
    let untimed = Observed::of(&[SettingsRefused, SettingsSaved]);
    let late = [journaled_at(setup_received(1, "a"), "2026-03-01T12:05:00Z")];
    assert_eq!(ticks(&f15, &late, &untimed)[2], Open);
}

#[test]
fn recent_flows_are_listed_newest_first_with_their_documents_once() {
    let rows = [setup(1, "a"), setup(2, "b"), cart(3, "a"), setup(4, "a")];
    let flows = recent_flows(&rows, 8);
    let names: Vec<&str> = flows.iter().map(|f| f.flow.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(
        flows[0].documents,
        ["PunchOutSetupRequest", "PunchOutOrderMessage"]
    );
    assert_eq!(recent_flows(&rows, 1).len(), 1);
}

#[test]
fn f14_ticks_what_the_account_did_since_start_to_the_end() {
    let f14 = walkthrough("F14");
    assert_eq!(count(&f14, &[], &nothing()), (0, 5));
    let refused = Observed::of(&[PoManagementRefused]);
    assert_eq!(ticks(&f14, &[], &refused), [Done, Open, Open, Open, Open]);
    let subscribed = Observed::of(&[PoManagementRefused, PoManagementOn, PoSubscription]);
    assert_eq!(
        ticks(&f14, &[], &subscribed),
        [Done, Done, Done, Open, Open]
    );
    let all = Observed::of(&[
        PoManagementRefused,
        PoManagementOn,
        PoSubscription,
        PoInvoice,
        IntegrationBack,
    ]);
    assert_eq!(count(&f14, &[], &all), (5, 5));
    // No journal row is evidence of an F14 step, whatever the flow shows.
    let rows = [setup(1, "a"), cart(2, "a"), order(3, "a")];
    assert_eq!(count(&f14, &rows, &nothing()), (0, 5));
}

#[test]
fn f9_approval_step_ticks_only_for_a_cart_with_a_free_line() {
    let f9 = walkthrough("F9");
    let rows = [cart(2, "a")];
    // The pre-approved path's cart reports the subscription and holds no
    // 0.00 line: the approval path's cart step stays open.
    let reported = holding(&[(&rows[0], Holds::Subscription)], &[]);
    assert_eq!(ticks(&f9, &rows, &reported)[1], Open);
    assert_eq!(ticks(&f9, &rows, &nothing())[1], Open);
    let free = holding(&[(&rows[0], Holds::FreeLine)], &[]);
    assert_eq!(
        ticks(&f9, &rows, &free),
        [Open, Done, Open, Open, Open, Open]
    );
    let rows = [cart(2, "a"), order(3, "a")];
    let approved = holding(
        &[(&rows[0], Holds::FreeLine)],
        &[RequisitionSubmitted, ManagerApproved, FinanceNotNeeded],
    );
    assert_eq!(count(&f9, &rows, &approved), (4, 4));
}

#[test]
fn f9_ends_on_the_pre_approved_path_when_the_cart_reports_the_subscription() {
    let f9 = walkthrough("F9");
    let rows = [cart(2, "a")];
    let reported = holding(&[(&rows[0], Holds::Subscription)], &[]);
    // The approval path's steps are not done, and do not count.
    assert_eq!(
        ticks(&f9, &rows, &reported),
        [Open, Open, Open, Open, Open, Done]
    );
    assert_eq!(count(&f9, &rows, &reported), (1, 1));
    // Before either path, the approval path's four steps are counted.
    assert_eq!(count(&f9, &[], &nothing()), (0, 4));
}

/// F2 on Ariba: its own documents and requisition, Fay not needed under
/// Ariba's threshold; Coupa's documents are not Ariba's.
#[test]
fn f2_follows_ariba_to_the_order() {
    let f2 = walkthrough("F2");
    let ariba = |id, direction, kind| row(id, "ariba", direction, kind, "a");
    let rows = [
        ariba(1, Direction::Outbound, "PunchOutSetupRequest"),
        ariba(2, Direction::Inbound, "PunchOutOrderMessage"),
        ariba(3, Direction::Outbound, "OrderRequest"),
    ];
    let small = Observed::of(&[RequisitionSubmitted, ManagerApproved, FinanceNotNeeded]);
    assert_eq!(
        ticks(&f2, &rows, &small),
        [Open, Done, Done, Done, Done, NotNeeded, Done]
    );
    assert_eq!(count(&f2, &rows, &small), (5, 5));
    let coupa = ordinary_purchase("a");
    assert_eq!(count(&f2, &coupa, &small).0, 2, "only the requisition's");
}
