//! The store's purchase flow without HTTP: a punchout session fills a cart,
//! the cart becomes a requisition, approvers decide, the final approval
//! numbers a PO and a rejection makes none.

mod support;

use buyer_kit::{
    ApprovalError, BuyerCookie, BuyerError, BuyerStore, Cart, CartState, Decision, NewSession,
    Outcome, RequisitionStatus,
};
use cxml::doc::PunchOutOperation;
use jiff::{SignedDuration, Timestamp};
use service_kit::Storage;
use support::*;

fn now() -> Timestamp {
    "2026-01-05T09:00:00Z"
        .parse()
        .expect("a fixed RFC 3339 time parses")
}

/// Opens a create session for Jane and returns a cart of `items`.
async fn filled_cart(store: &BuyerStore, items: Vec<cxml::common::ItemIn>, total: &str) -> i64 {
    filled_cart_in(store, items, total, false).await
}

/// As [`filled_cart`], in a test punchout session when `test`.
async fn filled_cart_in(
    store: &BuyerStore,
    items: Vec<cxml::common::ItemIn>,
    total: &str,
    test: bool,
) -> i64 {
    let cookie = BuyerCookie::generate();
    let cart_id = store
        .open_session(
            NewSession {
                user_email: "jane@acme.test",
                site: "marketplace",
                operation: PunchOutOperation::Create,
                cookie: &cookie,
                cart_id: None,
                flow: None,
                test,
            },
            now(),
        )
        .await
        .expect("the store opens a punchout session");
    let cart = Cart::from_message(&message(cookie.as_str(), items, total))
        .expect("the fixture message is a cart");
    let returned = store
        .return_cart(&cookie, cart, now())
        .await
        .expect("the store takes the cart of its open session");
    assert_eq!(returned.cart_id, cart_id);
    assert_eq!(returned.flow_id, cookie.as_str());
    cart_id
}

#[tokio::test]
async fn under_the_threshold_the_manager_alone_approves_and_a_po_is_numbered() {
    let store = BuyerStore::open(&Storage::Memory, "t.sqlite").unwrap();
    let cart = filled_cart(
        &store,
        vec![item("A", "2500.00", "1", "Service")],
        "2500.00",
    )
    .await;
    let submitted = store
        .submit("jane@acme.test", cart, &chain(), "PO-", now())
        .await
        .unwrap();
    assert_eq!(submitted.outcome, Outcome::StillPending);
    assert_eq!(submitted.requisition.number, "REQ-000001");
    assert_eq!(submitted.requisition.approvals.steps.len(), 1);
    assert!(submitted.purchase_order.is_none());

    let later = now() + SignedDuration::from_hours(1);
    let decided = store
        .decide(
            submitted.requisition.id,
            &mia(),
            Decision::Approve,
            "PO-",
            later,
        )
        .await
        .unwrap();
    assert_eq!(decided.outcome, Outcome::FinallyApproved);
    assert_eq!(decided.requisition.status, RequisitionStatus::Approved);
    let po = decided.purchase_order.unwrap();
    assert_eq!(po.number.as_str(), "PO-000001");
    assert_eq!(po.flow_id, submitted.requisition.flow_id);
    assert_eq!(po.created_at, later);
    assert_eq!(
        store.cart(cart).await.unwrap().unwrap().state,
        CartState::Submitted
    );

    let second = filled_cart(&store, vec![item("B", "10.00", "2", "Service")], "20.00").await;
    let req = store
        .submit("jane@acme.test", second, &chain(), "PO-", now())
        .await
        .unwrap();
    let po2 = store
        .decide(req.requisition.id, &mia(), Decision::Approve, "PO-", later)
        .await
        .unwrap()
        .purchase_order
        .unwrap();
    assert_eq!(po2.number.as_str(), "PO-000002", "numbers are sequential");
}

#[tokio::test]
async fn above_the_threshold_finance_approves_after_the_manager() {
    let store = BuyerStore::open(&Storage::Memory, "t.sqlite").unwrap();
    let cart = filled_cart(
        &store,
        vec![item("B", "0.01", "1000000", "Material")],
        "10000.00",
    )
    .await;
    let req = store
        .submit("jane@acme.test", cart, &chain(), "PO-", now())
        .await
        .unwrap();
    let id = req.requisition.id;
    assert_eq!(req.requisition.approvals.steps.len(), 2);
    let early = store
        .decide(id, &fin(), Decision::Approve, "PO-", now())
        .await;
    assert!(matches!(
        early,
        Err(BuyerError::Approval(ApprovalError::NotYourTurn { .. }))
    ));
    let step = store
        .decide(id, &mia(), Decision::Approve, "PO-", now())
        .await
        .unwrap();
    assert_eq!(step.outcome, Outcome::StillPending);
    assert!(step.purchase_order.is_none());
    let done = store
        .decide(id, &fin(), Decision::Approve, "PO-", now())
        .await
        .unwrap();
    assert_eq!(done.outcome, Outcome::FinallyApproved);
    assert!(done.purchase_order.is_some());
}

#[tokio::test]
async fn a_rejected_requisition_gets_no_purchase_order() {
    let store = BuyerStore::open(&Storage::Memory, "t.sqlite").unwrap();
    let cart = filled_cart(
        &store,
        vec![item("A", "2500.00", "1", "Service")],
        "2500.00",
    )
    .await;
    let req = store
        .submit("jane@acme.test", cart, &chain(), "PO-", now())
        .await
        .unwrap();
    let id = req.requisition.id;
    let rejected = store
        .decide(id, &mia(), Decision::Reject, "PO-", now())
        .await
        .unwrap();
    assert_eq!(rejected.outcome, Outcome::Rejected);
    assert_eq!(rejected.requisition.status, RequisitionStatus::Rejected);
    assert!(rejected.purchase_order.is_none());
    assert!(store.order_of_requisition(id).await.unwrap().is_none());
    assert!(store.purchase_orders().await.unwrap().is_empty());
    let again = store
        .decide(id, &mia(), Decision::Approve, "PO-", now())
        .await;
    assert!(matches!(
        again,
        Err(BuyerError::Approval(ApprovalError::Closed))
    ));
}

#[tokio::test]
async fn an_unknown_cookie_changes_nothing_and_an_empty_cart_cancels() {
    let store = BuyerStore::open(&Storage::Memory, "t.sqlite").unwrap();
    let cart_id = filled_cart(&store, vec![item("A", "5.00", "1", "Service")], "5.00").await;
    let stranger = BuyerCookie::generate();
    let cart = Cart::from_message(&message(stranger.as_str(), Vec::new(), "0")).unwrap();
    let refused = store.return_cart(&stranger, cart, now()).await;
    assert!(matches!(refused, Err(BuyerError::UnknownSession)));
    let kept = store.cart(cart_id).await.unwrap().unwrap();
    assert_eq!(kept.lines.len(), 1);

    let flow = BuyerCookie::parse(&kept.flow_id).unwrap();
    let empty = Cart::from_message(&message(flow.as_str(), Vec::new(), "0")).unwrap();
    let cancelled = store.return_cart(&flow, empty, now()).await.unwrap();
    assert!(cancelled.cancelled);
    let emptied = store.cart(cart_id).await.unwrap().unwrap();
    assert!(emptied.lines.is_empty());
    assert!(emptied.note.is_some());
    let submit = store
        .submit("jane@acme.test", cart_id, &chain(), "PO-", now())
        .await;
    assert!(matches!(submit, Err(BuyerError::EmptyCart)));
}

/// An empty cart that names the supplier's own order (it subscribed the
/// user at once to what needed no approval here) is no cancellation: the
/// cart says so, naming the order, and still cannot be submitted.
#[tokio::test]
async fn an_empty_cart_naming_the_suppliers_own_order_says_it_was_subscribed_at_once() {
    let store = BuyerStore::open(&Storage::Memory, "t.sqlite").unwrap();
    let cart_id = filled_cart(&store, vec![item("A", "5.00", "1", "Service")], "5.00").await;
    let flow = BuyerCookie::parse(&store.cart(cart_id).await.unwrap().unwrap().flow_id).unwrap();
    let mut message = message(flow.as_str(), Vec::new(), "0");
    message.header.supplier_order_info = Some(cxml::common::SupplierOrderInfo {
        order_id: "subscribe.1@marketplace".to_owned(),
        order_date: None,
    });
    let returned = store
        .return_cart(&flow, Cart::from_message(&message).unwrap(), now())
        .await
        .unwrap();
    assert!(!returned.cancelled);
    assert_eq!(
        returned.supplier_order.as_deref(),
        Some("subscribe.1@marketplace")
    );
    let cart = store.cart(cart_id).await.unwrap().unwrap();
    assert!(cart.lines.is_empty());
    let note = cart.note.unwrap();
    assert!(
        note.starts_with("Subscribed at once") && note.contains("subscribe.1@marketplace"),
        "{note}"
    );
    assert!(!note.contains("cancelled"), "{note}");
    let submit = store
        .submit("jane@acme.test", cart_id, &chain(), "PO-", now())
        .await;
    assert!(matches!(submit, Err(BuyerError::EmptyCart)));
}

#[tokio::test]
async fn a_requisition_remembers_whether_its_cart_came_from_a_test_session() {
    let store = BuyerStore::open(&Storage::Memory, "t.sqlite").unwrap();
    let test = filled_cart_in(
        &store,
        vec![item("A", "10.00", "1", "Service")],
        "10.00",
        true,
    )
    .await;
    let submitted = store
        .submit("jane@acme.test", test, &chain(), "PO-", now())
        .await
        .unwrap();
    assert!(submitted.requisition.test);
    let live = filled_cart(&store, vec![item("B", "10.00", "1", "Service")], "10.00").await;
    let submitted = store
        .submit("jane@acme.test", live, &chain(), "PO-", now())
        .await
        .unwrap();
    assert!(!submitted.requisition.test);
}

/// What the dashboard's walkthroughs read: a flow's requisition once its
/// cart is submitted (none before, none for another flow), and a count
/// that grows with each submission and decision.
#[tokio::test]
async fn a_flows_requisition_and_the_approval_activity_follow_each_step() {
    let store = BuyerStore::open(&Storage::Memory, "t.sqlite").unwrap();
    assert_eq!(store.approval_activity().await.unwrap(), (0, 0));
    let cart = filled_cart(
        &store,
        vec![item("B", "0.01", "1000000", "Material")],
        "10000.00",
    )
    .await;
    let flow = store.cart(cart).await.unwrap().unwrap().flow_id;
    assert!(store.requisition_of_flow(&flow).await.unwrap().is_none());
    let req = store
        .submit("jane@acme.test", cart, &chain(), "PO-", now())
        .await
        .unwrap();
    assert_eq!(store.approval_activity().await.unwrap(), (1, 0));
    let other = filled_cart(&store, vec![item("A", "5.00", "1", "Service")], "5.00").await;
    let found = store.requisition_of_flow(&flow).await.unwrap().unwrap();
    assert_eq!(found.number, req.requisition.number);
    assert_eq!(found.approvals.steps.len(), 2, "manager and finance");
    let other_flow = store.cart(other).await.unwrap().unwrap().flow_id;
    assert!(
        store
            .requisition_of_flow(&other_flow)
            .await
            .unwrap()
            .is_none()
    );
    store
        .decide(req.requisition.id, &mia(), Decision::Approve, "PO-", now())
        .await
        .unwrap();
    assert_eq!(store.approval_activity().await.unwrap(), (1, 1));
    let found = store.requisition_of_flow(&flow).await.unwrap().unwrap();
    assert_eq!(found.status, RequisitionStatus::PendingApproval);
    assert_eq!(found.awaiting().map(|l| l.as_str()), Some("finance"));
}
