//! Typed invoice rows keep the stored text and the JSON they had as text.

use service_kit::Storage;

use super::*;

fn at(text: &str) -> Timestamp {
    text.parse().expect("instant")
}

fn new_invoice() -> NewInvoice {
    NewInvoice {
        agreement_id: AgreementId(1),
        account_id: "acme".parse().unwrap(),
        period: Period::Installment(2),
        description: "Tool (installment 2 of 3)".into(),
        amount: Money::usd(5_000),
        quantity: 500_000,
        unit_price: Money::usd_cents(1),
        po_line: Some(3),
        po_number: Some("PO-1".into()),
        due_at: at("2026-02-15T10:00:00Z"),
        created_at: at("2026-02-15T10:00:00.5Z"),
        cxml: Some(CxmlTarget {
            url: "http://coupa.test/cxml".into(),
            connection_id: "coupa-1".into(),
            payload_id: "1.2.3@marketplace".parse().expect("payloadID"),
            timestamp: "2026-02-15T10:00:00+00:00".parse().expect("timestamp"),
        }),
    }
}

#[test]
fn an_issued_invoice_is_stored_and_shown_as_text() {
    let store = crate::db::open(&Storage::Memory).expect("database");
    store
        .with(|db| {
            db.execute_batch(
                "INSERT INTO accounts (id, name, contact_email) VALUES ('acme', 'A', 'a@a.test');
                 INSERT INTO orders VALUES ('o1', 'acme', 'PO-1', 'f', 0, 't');
                 INSERT INTO agreements (account_id, listing_id, product_name, option_id, amount,
                     currency, po_number, order_payload_id, created_at)
                 VALUES ('acme', 'l', 'p', 'x', '15000.00', 'USD', 'PO-1', 'o1', 't');",
            )?;
            let issued = issue(db, &new_invoice())?.expect("new");
            assert_eq!(issue(db, &new_invoice())?, None);
            let json = serde_json::to_string(&issued).expect("json");
            assert_eq!(
                json,
                r#"{"id":1,"number":"INV-000001","agreement_id":1,"account_id":"acme","period":"installment-2","channel":"cxml","description":"Tool (installment 2 of 3)","amount":"5000.00","currency":"USD","quantity":"500000","unit_price":"0.01","po_line":3,"po_number":"PO-1","due_at":"2026-02-15T10:00:00Z","created_at":"2026-02-15T10:00:00.5Z","url":"http://coupa.test/cxml","connection_id":"coupa-1","payload_id":"1.2.3@marketplace","timestamp":"2026-02-15T10:00:00+00:00","state":"pending","attempts":0,"next_attempt_at":"2026-02-15T10:00:00.5Z","last_status":null}"#
            );
            let text: String = db.query_row(
                "SELECT number || ' ' || period || ' ' || channel || ' ' || amount || ' ' ||
                     quantity || ' ' || unit_price || ' ' || state || ' ' || next_attempt_at
                 FROM invoices",
                [],
                |row| row.get(0),
            )?;
            assert_eq!(
                text,
                "INV-000001 installment-2 cxml 5000.00 500000 0.01 pending 2026-02-15T10:00:00.5Z"
            );
            record_attempt(db, 1, &Attempt::RetryAt("503".into(), at("2026-02-15T11:00:00Z")))?;
            let retried = get(db, 1)?.expect("invoice");
            assert_eq!(retried.state, InvoiceState::Pending);
            assert_eq!(retried.next_attempt_at, Some(at("2026-02-15T11:00:00Z")));
            Ok::<_, rusqlite::Error>(())
        })
        .expect("stored");
}
