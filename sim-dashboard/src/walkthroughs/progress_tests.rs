//! The judging rules on hand-made journal rows: only the run's own flow
//! counts, a flow begun before Start is never taken on its own, and every
//! walkthrough the issue named (F1, F4, F5, F8) can end at N/N.

use service_kit::journal::{Direction, Exchange};

use super::*;
use crate::walkthroughs::CartHolds;
use crate::walkthroughs::Walkthroughs;

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

fn walkthrough(id: &str) -> Walkthrough {
    let all = Walkthroughs::load().expect("walkthroughs.toml reads");
    all.find(id).expect("defined").clone()
}

fn count(w: &Walkthrough, rows: &[Exchange], observed: Observed) -> (usize, usize) {
    tally(w, &done(w, rows, &observed))
}

fn nothing() -> Observed {
    Observed::default()
}

#[test]
fn nothing_is_done_without_a_flow() {
    let f1 = walkthrough("F1");
    assert_eq!(count(&f1, &[], nothing()), (0, 4));
    assert!(done(&f1, &[], &nothing()).iter().all(|d| !d));
}

#[test]
fn f1_ticks_step_by_step_and_ends_with_the_edit() {
    let f1 = walkthrough("F1");
    let mut rows = vec![setup(1, "a")];
    // Signing in (no evidence) follows the punchout that proves it.
    assert_eq!(done(&f1, &rows, &nothing()), [true, true, false, false]);
    rows.push(cart(2, "a"));
    assert_eq!(done(&f1, &rows, &nothing()), [true, true, true, false]);
    // Edit at supplier: a second setup request in the same flow.
    rows.push(setup(3, "a"));
    assert_eq!(done(&f1, &rows, &nothing()), [true, true, true, true]);
    assert_eq!(count(&f1, &rows, nothing()), (4, 4));
}

#[test]
fn a_refused_document_is_not_evidence_of_success() {
    let f1 = walkthrough("F1");
    let rows = [refused(setup(1, "a"))];
    assert!(done(&f1, &rows, &nothing()).iter().all(|d| !d));
}

#[test]
fn an_open_buy_search_ticks_off_by_its_http_status_as_it_has_no_cxml_one() {
    let f3 = walkthrough("F3");
    let search = |status| Exchange {
        cxml_status: None,
        http_status: Some(status),
        ..row(1, "coupa", Direction::Outbound, "OpenBuySearch", "a")
    };
    assert_eq!(
        done(&f3, &[search(200)], &nothing()),
        [true, true, false, false]
    );
    assert!(done(&f3, &[search(401)], &nothing()).iter().all(|d| !d));
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
    assert_eq!(first_new_flow(&f1, &since, &rows).as_deref(), Some("mine"));
    // A flow begun before the start is not taken even if it goes on.
    let rows = [setup(1, "old"), cart(3, "old")];
    assert_eq!(first_new_flow(&f1, &since, &rows), None);
    // Nor one that shows none of the walkthrough's documents.
    let f6 = walkthrough("F6");
    assert_eq!(first_new_flow(&f6, &since, &[setup(3, "mine")]), None);
}

#[test]
fn a_second_purchase_does_not_tick_the_first_runs_steps() {
    // The old rule judged from whichever flow was newest: one purchase
    // ticked F7, F9, F11, F12, F13 and F15, and a new punchout reset F1.
    // Now each run is judged only from its own flow's rows, which the
    // caller fetched by flow id.
    let f1 = walkthrough("F1");
    let all = [setup(1, "a"), cart(2, "a"), setup(3, "a"), setup(4, "b")];
    let mine: Vec<Exchange> = all
        .iter()
        .filter(|r| r.flow_id.as_deref() == Some("a"))
        .cloned()
        .collect();
    assert_eq!(count(&f1, &mine, nothing()), (4, 4));
    // A walkthrough not started has no flow, so nothing to judge.
    let f13 = walkthrough("F13");
    assert_eq!(count(&f13, &[], nothing()), (0, 3));
    // And the first punchout of flow b alone is not F1's second one.
    let theirs: Vec<Exchange> = all
        .iter()
        .filter(|r| r.flow_id.as_deref() == Some("b"))
        .cloned()
        .collect();
    assert_eq!(count(&f1, &theirs, nothing()), (2, 4));
}

#[test]
fn f4_ends_at_six_of_six_without_the_reject_alternative() {
    let f4 = walkthrough("F4");
    let rows = [setup(1, "a"), cart(2, "a"), order(3, "a")];
    let ticks = done(&f4, &rows, &nothing());
    assert_eq!(ticks, [true, true, true, true, true, true, false]);
    assert_eq!(count(&f4, &rows, nothing()), (6, 6));
}

#[test]
fn f5_ends_when_the_mail_is_read() {
    let f5 = walkthrough("F5");
    let rows = [
        setup(1, "a"),
        cart(2, "a"),
        order(3, "a"),
        order_received(4, "a"),
    ];
    assert_eq!(count(&f5, &rows, nothing()), (6, 7));
    let read = Observed::of(&[Observation::MailRead]);
    assert_eq!(count(&f5, &rows, read), (7, 7));
}

#[test]
fn f8_ends_when_the_usage_invoice_is_issued() {
    let f8 = walkthrough("F8");
    let rows = [setup(1, "a"), cart(2, "a"), order(3, "a")];
    let (done_before, steps) = count(&f8, &rows, nothing());
    assert_eq!(done_before, steps - 2, "the clock and the invoice are left");
    let invoiced = Observed::of(&[Observation::UsageInvoice]);
    // The clock step has no evidence: the invoice it causes proves it.
    assert_eq!(count(&f8, &rows, invoiced), (steps, steps));
}

/// A punchout alone is not the unsupported product step: only the
/// marketplace saying it showed one in the run's flow ticks it.
#[test]
fn f11_ticks_the_product_step_only_when_the_flow_showed_an_unsupported_product() {
    let f11 = walkthrough("F11");
    let rows = [setup(1, "a")];
    assert_eq!(done(&f11, &rows, &nothing()), [true, true, false]);
    assert_eq!(count(&f11, &rows, nothing()), (2, 3));
    let shown = Observed::of(&[Observation::UnsupportedShown]);
    assert_eq!(done(&f11, &rows, &shown), [true, true, true]);
    assert_eq!(count(&f11, &rows, shown), (3, 3));
    // Another observation of the flow is not that one.
    let read = Observed::of(&[Observation::MailRead]);
    assert_eq!(count(&f11, &rows, read), (2, 3));
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
    assert_eq!(count(&f14, &[], nothing()), (0, 6));
    // The refusal also proves the sign-in before it.
    let refused = Observed::of(&[Observation::PoManagementRefused]);
    assert_eq!(
        done(&f14, &[], &refused),
        [true, true, false, false, false, false]
    );
    let subscribed = Observed::of(&[
        Observation::PoManagementRefused,
        Observation::PoManagementOn,
        Observation::PoSubscription,
    ]);
    assert_eq!(
        done(&f14, &[], &subscribed),
        [true, true, true, true, false, false]
    );
    let all = Observed::of(&[
        Observation::PoManagementRefused,
        Observation::PoManagementOn,
        Observation::PoSubscription,
        Observation::PoInvoice,
        Observation::IntegrationBack,
    ]);
    assert_eq!(count(&f14, &[], all), (6, 6));
    // No journal row is evidence of an F14 step, whatever the flow shows.
    let rows = [setup(1, "a"), cart(2, "a"), order(3, "a")];
    assert_eq!(count(&f14, &rows, nothing()), (0, 6));
}

/// What the cart of `row` holds, as `carts` reads it from its body.
fn holding(row: &Exchange, holds: &[CartHolds]) -> Observed {
    let mut observed = nothing();
    for h in holds {
        observed.insert_cart(row, *h);
    }
    observed
}

#[test]
fn f9_approval_step_ticks_only_for_a_cart_with_a_free_line() {
    let f9 = walkthrough("F9");
    let rows = [cart(2, "a")];
    // The pre-approved path's cart reports the subscription and holds no
    // 0.00 line: the approval step stays undone.
    let reported = holding(&rows[0], &[CartHolds::Subscription]);
    assert!(!done(&f9, &rows, &reported)[2]);
    assert!(!done(&f9, &rows, &nothing())[2]);
    let free = holding(&rows[0], &[CartHolds::FreeLine]);
    assert_eq!(done(&f9, &rows, &free), [true, true, true, false, false]);
    // The same holding on another row proves nothing.
    let elsewhere = holding(&cart(9, "b"), &[CartHolds::FreeLine]);
    assert!(!done(&f9, &rows, &elsewhere)[2]);
    let rows = [cart(2, "a"), order(3, "a")];
    assert_eq!(count(&f9, &rows, free), (4, 4));
}

#[test]
fn f9_ends_on_the_pre_approved_path_when_the_cart_reports_the_subscription() {
    let f9 = walkthrough("F9");
    let rows = [cart(2, "a")];
    let reported = holding(&rows[0], &[CartHolds::Subscription]);
    // The sign-ins are done by it; the approval path's steps are not done,
    // and do not count.
    assert_eq!(
        done(&f9, &rows, &reported),
        [true, true, false, false, true]
    );
    assert_eq!(count(&f9, &rows, reported), (3, 3));
    // Before either path, the approval path's four steps are counted.
    assert_eq!(count(&f9, &[], nothing()), (0, 4));
}
