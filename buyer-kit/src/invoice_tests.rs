use super::*;
use crate::cart::{CartLine, tests::item};

fn usd(amount: &str) -> Money {
    Money::parse("USD", amount).unwrap()
}

fn line(po_line: &str, part: &str) -> InvoicedLine {
    InvoicedLine {
        po_line: po_line.to_owned(),
        supplier_part_id: Some(part.to_owned()),
        subtotal: None,
    }
}

fn invoice(total: Money, lines: Vec<InvoicedLine>) -> ReceivedInvoice {
    ReceivedInvoice {
        payload_id: "p@x".into(),
        invoice_id: "INV-1".into(),
        po_number: "PO-000001".into(),
        total,
        lines,
    }
}

fn check(invoice: &ReceivedInvoice, invoiced: &str) -> Vec<String> {
    let lines =
        vec![CartLine::from_item_in(item("A-1", "0.01", "1500000", "Material"), 1).unwrap()];
    let ordered = usd("15000.00");
    let invoiced = usd(invoiced);
    let currency = ordered.currency().clone();
    mismatches(
        invoice,
        &PoBasis {
            currency: &currency,
            ordered: &ordered,
            invoiced: &invoiced,
            lines: &lines,
        },
    )
}

#[test]
fn an_installment_within_what_remains_matches() {
    let fits = invoice(usd("5000.00"), vec![line("1", "A-1")]);
    assert_eq!(check(&fits, "10000.00"), Vec::<String>::new());
}

#[test]
fn more_than_remains_is_flagged() {
    let over = invoice(usd("5000.01"), vec![line("1", "A-1")]);
    let flags = check(&over, "10000.00");
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert!(
        flags[0].contains("exceeds the 5000.00 USD left"),
        "{flags:?}"
    );
}

#[test]
fn another_currency_an_unknown_line_or_part_is_flagged() {
    let euro = invoice(
        Money::parse("EUR", "10.00").unwrap(),
        vec![line("1", "A-1")],
    );
    assert!(check(&euro, "0")[0].contains("currency EUR"));
    let unknown = invoice(usd("10.00"), vec![line("2", "A-1")]);
    assert_eq!(check(&unknown, "0"), ["line 2 is not on the PO"]);
    let other = invoice(usd("10.00"), vec![line("1", "B-2")]);
    assert_eq!(
        check(&other, "0"),
        ["line 1: part B-2 was not ordered on that line (A-1)"]
    );
}
