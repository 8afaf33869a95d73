//! Each aspect's judging function on one invoice with one planted fault:
//! the aspect fails (with its place where it has one), the inbox answers
//! with the platform's code, and the other aspects still pass.

use buyer_kit::{CartLine, Identity, Profile, testing::item};
use cxml::SharedSecret;
use service_kit::journal::Dtds;

use super::{Aspect, Expect, Reference, judge};
use crate::invoices::Ordered;

/// An invoice for order CERT-1's two lines (2 x 10.00 + 1 x 5.50),
/// from supplier-1 to buyer-1 with the secret `s3cret`, as a vendor
/// writes it; the tests change one piece of it.
const INVOICE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.020/InvoiceDetail.dtd">
<cXML payloadID="inv-1@vendor.test" timestamp="2026-01-05T10:00:00+00:00">
  <Header>
    <From><Credential domain="NetworkID"><Identity>supplier-1</Identity></Credential></From>
    <To><Credential domain="NetworkID"><Identity>buyer-1</Identity></Credential></To>
    <Sender><Credential domain="NetworkID"><Identity>supplier-1</Identity><SharedSecret>s3cret</SharedSecret></Credential><UserAgent>vendor</UserAgent></Sender>
  </Header>
  <Request deploymentMode="production">
    <InvoiceDetailRequest>
      <InvoiceDetailRequestHeader invoiceID="INV-1" purpose="standard" operation="new" invoiceDate="2026-01-05T10:00:00+00:00">
        <InvoiceDetailHeaderIndicator/>
        <InvoiceDetailLineIndicator/>
      </InvoiceDetailRequestHeader>
      <InvoiceDetailOrder>
        <InvoiceDetailOrderInfo>
          <OrderReference orderID="CERT-1"><DocumentReference payloadID="CERT-1"/></OrderReference>
        </InvoiceDetailOrderInfo>
        <InvoiceDetailItem invoiceLineNumber="1" quantity="2">
          <UnitOfMeasure>UOM</UnitOfMeasure>
          <UnitPrice><Money currency="USD">10.00</Money></UnitPrice>
          <InvoiceDetailItemReference lineNumber="1"><ItemID><SupplierPartID>A-1</SupplierPartID><SupplierPartAuxiliaryID>aux-A-1</SupplierPartAuxiliaryID></ItemID></InvoiceDetailItemReference>
          <SubtotalAmount><Money currency="USD">20.00</Money></SubtotalAmount>
        </InvoiceDetailItem>
        <InvoiceDetailItem invoiceLineNumber="2" quantity="1">
          <UnitOfMeasure>UOM</UnitOfMeasure>
          <UnitPrice><Money currency="USD">5.50</Money></UnitPrice>
          <InvoiceDetailItemReference lineNumber="2"><ItemID><SupplierPartID>B-2</SupplierPartID></ItemID></InvoiceDetailItemReference>
          <SubtotalAmount><Money currency="USD">5.50</Money></SubtotalAmount>
        </InvoiceDetailItem>
      </InvoiceDetailOrder>
      <InvoiceDetailSummary>
        <SubtotalAmount><Money currency="USD">25.50</Money></SubtotalAmount>
        <Tax><Money currency="USD">0.00</Money><Description xml:lang="en">No tax</Description></Tax>
        <NetAmount><Money currency="USD">25.50</Money></NetAmount>
        <DueAmount><Money currency="USD">25.50</Money></DueAmount>
      </InvoiceDetailSummary>
    </InvoiceDetailRequest>
  </Request>
</cXML>
"#;

fn ordered() -> Ordered {
    let lines = [
        item("A-1", "aux-A-1", "10.00", "2", "Material"),
        item("B-2", "aux-B-2", "5.50", "1", "Material"),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, item)| CartLine::from_item_in(item, i + 1).unwrap())
    .collect();
    Ordered {
        order_id: "CERT-1".to_owned(),
        payload_id: "order-1@procsim.test".to_owned(),
        lines,
    }
}

fn expect(platform: &str) -> Expect {
    Expect {
        supplier: Identity::new("NetworkID", "supplier-1"),
        buyer: Identity::new("NetworkID", "buyer-1"),
        secret: SharedSecret::new("s3cret"),
        profile: Profile::builtin(platform).unwrap(),
        dtd: Dtds::default(),
    }
}

/// The invoice with `from` replaced by `to` (once: the change must hit).
fn invoice(changes: &[(&str, &str)]) -> Vec<u8> {
    let unit = ordered().lines[0].unit_of_measure().to_owned();
    let mut text = INVOICE.replace(">UOM<", &format!(">{unit}<"));
    for (from, to) in changes {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    text.into_bytes()
}

fn failed(aspect: &Aspect) -> (&str, Option<&crate::report::Located>) {
    match aspect {
        Aspect::Failed(why, at) => (why.as_str(), at.as_ref()),
        Aspect::Passed(detail) => panic!("passed: {detail}"),
    }
}

#[test]
fn a_correct_invoice_passes_every_aspect_and_is_answered_200() {
    let judged = judge(&invoice(&[]), &expect("coupa"), Some(&ordered()));
    assert_eq!((judged.code, judged.text.as_str()), (200, "OK"));
    assert_eq!(judged.payload_id, "inv-1@vendor.test");
    assert_eq!(
        judged.reference,
        Reference::Certified("OrderReference/DocumentReference@payloadID")
    );
    for aspect in [
        &judged.dtd,
        &judged.credentials,
        judged.lines.as_ref().unwrap(),
        &judged.totals,
        &judged.rules,
    ] {
        assert!(matches!(aspect, Aspect::Passed(_)), "{aspect:?}");
    }
}

#[test]
fn a_wrong_secret_fails_the_credentials_and_gets_401() {
    let judged = judge(
        &invoice(&[("s3cret", "guessed")]),
        &expect("coupa"),
        Some(&ordered()),
    );
    assert_eq!(judged.code, 401);
    let (why, at) = failed(&judged.credentials);
    assert!(why.contains("shared secret"), "{why}");
    assert!(!why.contains("s3cret") && !why.contains("guessed"), "{why}");
    assert!(at.unwrap().path.ends_with("Sender"), "{at:?}");
    assert!(matches!(judged.dtd, Aspect::Passed(_)));
}

#[test]
fn a_to_naming_another_buyer_gets_401() {
    let changes = [(
        "<Identity>buyer-1</Identity>",
        "<Identity>buyer-2</Identity>",
    )];
    let judged = judge(&invoice(&changes), &expect("coupa"), Some(&ordered()));
    assert_eq!(judged.code, 401);
    let (why, at) = failed(&judged.credentials);
    assert!(why.starts_with("To does not name the buyer"), "{why}");
    assert_eq!(at.unwrap().line, 6);
}

#[test]
fn a_1_1_invoice_gets_450_from_coupa_and_passes_for_a_profile_naming_no_versions() {
    let changes = [(
        "cXML/1.2.020/InvoiceDetail.dtd",
        "cXML/1.1.010/InvoiceDetail.dtd",
    )];
    let coupa = judge(&invoice(&changes), &expect("coupa"), Some(&ordered()));
    assert_eq!(coupa.code, 450);
    assert!(failed(&coupa.dtd).0.contains("1.1.010"));
    assert!(coupa.text.starts_with("coupa does not take this invoice"));
    let ariba = judge(&invoice(&changes), &expect("ariba"), Some(&ordered()));
    assert_eq!(ariba.code, 200, "{}", ariba.text);
}

#[test]
fn an_invoice_for_an_order_never_sent_gets_417_with_its_place() {
    let changes = [(
        r#"<OrderReference orderID="CERT-1"><DocumentReference payloadID="CERT-1"/>"#,
        r#"<OrderReference orderID="SO-778"><DocumentReference payloadID="SO-778"/>"#,
    )];
    let judged = judge(&invoice(&changes), &expect("coupa"), Some(&ordered()));
    assert_eq!(judged.code, 417);
    assert!(judged.text.contains("SO-778"), "{}", judged.text);
    let Reference::Unknown(named, at) = &judged.reference else {
        panic!("{:?}", judged.reference)
    };
    assert_eq!(named, "SO-778");
    assert_eq!(
        (at.line, at.path.ends_with("DocumentReference")),
        (17, true)
    );
    assert!(
        judged.lines.is_none(),
        "lines are judged against the order only"
    );
    assert!(matches!(judged.totals, Aspect::Passed(_)));
}

#[test]
fn the_order_is_found_by_ariba_s_forms_too() {
    let changes = [(
        r#"<OrderReference orderID="CERT-1"><DocumentReference payloadID="CERT-1"/></OrderReference>"#,
        r#"<OrderIDInfo orderID="CERT-1"/>"#,
    )];
    let judged = judge(&invoice(&changes), &expect("ariba"), Some(&ordered()));
    assert_eq!(
        judged.reference,
        Reference::Certified("OrderIDInfo@orderID")
    );
    let by_payload = [(
        r#"<DocumentReference payloadID="CERT-1"/>"#,
        r#"<DocumentReference payloadID="order-1@procsim.test"/>"#,
    )];
    let judged = judge(&invoice(&by_payload), &expect("ariba"), Some(&ordered()));
    assert!(matches!(judged.reference, Reference::Certified(_)));
}

#[test]
fn no_order_at_all_gets_400() {
    let judged = judge(&invoice(&[]), &expect("coupa"), None);
    assert_eq!(judged.code, 417, "an order procsim never sent is unknown");
    let changes = [(
        r#"<OrderReference orderID="CERT-1"><DocumentReference payloadID="CERT-1"/></OrderReference>"#,
        "",
    )];
    let judged = judge(&invoice(&changes), &expect("coupa"), Some(&ordered()));
    assert_eq!(judged.code, 400);
    assert!(matches!(judged.reference, Reference::Missing(Some(_))));
}

#[test]
fn lines_beyond_the_order_fail_with_their_place() {
    let cases = [
        (r#"quantity="2""#, r#"quantity="3""#, "quantity 3 exceeds"),
        (
            r#"lineNumber="2""#,
            r#"lineNumber="7""#,
            "lineNumber \"7\" is not a line",
        ),
        (
            "<SupplierPartID>B-2<",
            "<SupplierPartID>B-9<",
            "SupplierPartID B-9",
        ),
        (
            ">10.00</Money></UnitPrice>",
            ">12.00</Money></UnitPrice>",
            "UnitPrice 12.00 exceeds",
        ),
    ];
    for (from, to, said) in cases {
        let judged = judge(&invoice(&[(from, to)]), &expect("coupa"), Some(&ordered()));
        let (why, at) = failed(judged.lines.as_ref().unwrap());
        assert!(why.contains(said), "{why}");
        assert!(at.unwrap().line > 15, "{at:?}");
        assert_eq!(judged.code, 200, "the inbox takes it; the check flags it");
    }
}

#[test]
fn amounts_that_do_not_add_up_fail_the_totals_with_cx070() {
    let changes = [(
        r#"<SubtotalAmount><Money currency="USD">25.50"#,
        r#"<SubtotalAmount><Money currency="USD">26.50"#,
    )];
    let judged = judge(&invoice(&changes), &expect("coupa"), Some(&ordered()));
    let (_, at) = failed(&judged.totals);
    assert_eq!(at.unwrap().rule.as_deref(), Some("CX070"));
    assert!(
        matches!(judged.rules, Aspect::Passed(_)),
        "{:?}",
        judged.rules
    );
}

#[test]
fn a_rule_error_fails_the_rules_aspect_located() {
    let changes = [(
        r#"timestamp="2026-01-05T10:00:00+00:00""#,
        r#"timestamp="yesterday""#,
    )];
    let judged = judge(&invoice(&changes), &expect("coupa"), Some(&ordered()));
    let (why, at) = failed(&judged.rules);
    assert!(why.starts_with("CX011"), "{why}");
    assert_eq!(at.unwrap().line, 3);
}
