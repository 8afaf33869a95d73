//! Property tests: documents filled with arbitrary text (markup characters,
//! quotes, non-ASCII) and arbitrary amounts are DTD-valid once written and
//! read back equal.

mod support;

use cxml::envelope::{MessageBody, RequestBody};
use cxml::newtypes::{Decimal, Money};
use proptest::prelude::*;
use support::{assert_dtd_valid, fixtures};

/// Text with at least one visible character (whitespace-only text is not
/// kept by XML readers), drawn from markup-significant, quote, ASCII and
/// non-ASCII characters.
fn text() -> impl Strategy<Value = String> {
    "[<>&\"'a-zA-Z0-9 äöüßéñ漢字€😀-]{0,20}[<&\"'a-zé漢😀]".prop_map(|s| s)
}

fn amount() -> impl Strategy<Value = String> {
    (any::<i64>(), 0u32..5).prop_map(|(units, scale)| {
        Decimal::new(i128::from(units), scale)
            .expect("a decimal of an i64 and a scale under 5 is in range")
            .to_string()
    })
}

fn check(doc: &cxml::CXml) {
    let xml = cxml::write::to_string(doc).expect("a document built through the API writes");
    assert_dtd_valid(&xml, doc.kind().dtd_file());
    let back = cxml::read::read(xml.as_bytes()).expect("a written document reads back");
    assert_eq!(&back.doc, doc);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn order_requests(t in text(), price in amount()) {
        let mut doc = fixtures::order_request(&t);
        if let Some(RequestBody::OrderRequest(o)) = doc.request.as_mut().map(|r| &mut r.body) {
            o.header.total.money.amount = price.clone();
            if let Some(d) = o.item_out[0].item_detail.as_mut() {
                d.unit_price.money.amount = price.clone();
            }
        }
        check(&doc);
    }

    #[test]
    fn punch_out_order_messages(t in text(), price in amount()) {
        let mut doc = fixtures::punch_out_order_message(&t);
        if let Some(MessageBody::PunchOutOrderMessage(m)) = doc.message.as_mut().map(|m| &mut m.body) {
            m.item_in[1].item_detail.unit_price.money.amount = price.clone();
            m.item_in[1].item_id.supplier_part_id = t.clone();
        }
        check(&doc);
    }

    #[test]
    fn invoice_detail_requests(t in text(), price in amount()) {
        let mut doc = fixtures::invoice_detail_request(&t);
        if let Some(RequestBody::InvoiceDetailRequest(inv)) = doc.request.as_mut().map(|r| &mut r.body) {
            inv.summary.net_amount.money.amount = price.clone();
            inv.header.line_indicator.is_shipping_in_line = t.len() % 2 == 0;
        }
        check(&doc);
    }

    #[test]
    fn every_type_with_arbitrary_text(t in text()) {
        for (_, doc) in fixtures::all(&t) {
            check(&doc);
        }
    }

    #[test]
    fn money_display_parses_back(units in any::<i64>(), scale in 0u32..8) {
        let d = Decimal::new(i128::from(units), scale).unwrap();
        let s = d.to_string();
        let back = Decimal::parse(&s).unwrap();
        prop_assert_eq!(back.to_string(), s.clone());
        prop_assert_eq!(back, d);
        let m = Money::parse("EUR", &s).unwrap();
        prop_assert_eq!(m.checked_add(&m).unwrap().amount(), d.checked_add(&d).unwrap());
    }
}
