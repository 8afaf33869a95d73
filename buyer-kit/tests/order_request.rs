//! The OrderRequest built from a cart is valid against the official DTD and
//! carries the cart's ItemIn details into its ItemOut lines (rule CX061).

mod support;

use buyer_kit::{
    BuyerCookie, Cart, PoNumber,
    order_request::{OrderParams, order_document, order_request},
    setup_request::{SetupParams, Stamp, end_user_contact, setup_request},
};
use cxml::{
    DtdCatalog,
    common::Extrinsic,
    doc::PunchOutOperation,
    envelope::{DeploymentMode, RequestBody},
};
use support::*;

/// DTD-valid; without the official DTDs only this check is skipped.
fn assert_valid(xml: &str) {
    let Some(dir) = dtd_dir() else { return };
    let catalog = DtdCatalog::new(dir);
    let dtd = catalog.get("cXML.dtd").expect("the catalog has cXML.dtd");
    match dtd.validate(xml.as_bytes()) {
        dtd::Verdict::Valid => {}
        other => panic!("not valid: {other:?}\n{xml}"),
    }
}

fn stamp() -> Stamp {
    Stamp::at(
        "2026-01-05T09:00:00Z"
            .parse()
            .expect("a fixed RFC 3339 time parses"),
        -480,
    )
}

#[test]
fn the_order_request_is_dtd_valid_and_orders_what_the_cart_offered() {
    let mut service = item("A-1", "2500.00", "1", "Service");
    service
        .extrinsic
        .push(Extrinsic::new("SellerName", "Acme Cloud"));
    let cart = Cart::from_message(&message(
        "c",
        vec![service, item("B-2", "0.01", "1000000", "Material")],
        "12500.00",
    ))
    .unwrap();
    let po = PoNumber::new("PO-", 7);
    let params = OrderParams {
        po_number: &po,
        lines: &cart.lines,
        currency: &cart.currency,
        ship_to: &address(),
        bill_to: &address(),
        requester: Some(&jane()),
    };
    let stamp = stamp();
    let order = order_request(&params, &stamp).unwrap();
    let doc = order_document(&identities(), &stamp, DeploymentMode::Production, order);
    let xml = cxml::write::to_string(&doc).unwrap();
    assert_valid(&xml);
    assert!(!xml.contains("Z\""), "timestamps carry a numeric offset");

    let read = cxml::read::read(xml.as_bytes()).unwrap().doc;
    let Some(RequestBody::OrderRequest(order)) = read.request.map(|r| r.body) else {
        panic!("not an OrderRequest");
    };
    assert_eq!(order.header.order_id, "PO-000007");
    assert_eq!(order.header.order_date, "2026-01-05T01:00:00-08:00");
    assert_eq!(order.header.total.value().unwrap(), usd("12500"));
    assert_eq!(order.item_out.len(), 2);
    for (i, (out, line)) in order.item_out.iter().zip(&cart.lines).enumerate() {
        let item_in = line.item_in();
        assert_eq!(
            out.line_number.as_deref(),
            Some((i + 1).to_string().as_str())
        );
        assert_eq!(out.quantity, item_in.quantity);
        assert_eq!(out.item_id, item_in.item_id);
        let detail = out.item_detail.as_ref().unwrap();
        assert_eq!(detail.unit_price, item_in.item_detail.unit_price);
        assert_eq!(detail.description, item_in.item_detail.description);
        assert_eq!(detail.classification, item_in.item_detail.classification);
        assert_eq!(detail.unit_of_measure, item_in.item_detail.unit_of_measure);
        assert_eq!(detail.extrinsic, line.extrinsics());
    }
    let first = order.item_out[0].item_detail.as_ref().unwrap();
    assert!(
        first
            .extrinsic
            .iter()
            .any(|e| e.name == "LineType" && e.value == "Service")
    );
    assert!(first.extrinsic.iter().any(|e| e.name == "SellerName"));
}

#[test]
fn the_setup_request_is_dtd_valid_for_create_and_edit() {
    let cart = Cart::from_message(&message(
        "c",
        vec![item("A", "5.00", "1", "Service")],
        "5.00",
    ))
    .unwrap();
    let cookie = BuyerCookie::generate();
    let stamp = stamp();
    for (operation, items) in [
        (PunchOutOperation::Create, &[][..]),
        (PunchOutOperation::Edit, &cart.lines[..]),
    ] {
        let doc = setup_request(SetupParams {
            identities: &identities(),
            stamp: &stamp,
            deployment_mode: Some(DeploymentMode::Production),
            operation,
            cookie: &cookie,
            extrinsics: vec![Extrinsic::new("UserEmail", "jane@acme.test")],
            contact: Some(end_user_contact(&jane())),
            browser_form_post: "http://127.0.0.1:1/punchout/return",
            supplier_setup: Some("http://127.0.0.1:2/cxml"),
            items,
        });
        assert_valid(&cxml::write::to_string(&doc).unwrap());
    }
}
