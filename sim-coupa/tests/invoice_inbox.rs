//! F6/F7 from Coupa's side: its cXML URL takes InvoiceDetailRequests from
//! the punchout site's supplier, matches each to its PO (the PO page shows
//! invoiced against ordered), flags what does not fit, counts a redelivery
//! once, and refuses with the right Status, storing nothing: an unknown PO
//! (417), a wrong secret or supplier (401), another document type or DTD
//! (450), no PO reference (400).

mod support;

use cxml::{
    CXml, Money, PayloadId, SharedSecret, Timestamp,
    common::{Amount, Credential, Description, DocumentReference, ItemId, OrderReference, Tax},
    doc::{
        InvoiceDetailHeaderIndicator, InvoiceDetailItem, InvoiceDetailItemReference,
        InvoiceDetailLineIndicator, InvoiceDetailOrder, InvoiceDetailOrderInfo,
        InvoiceDetailRequest, InvoiceDetailRequestHeader, InvoiceDetailSummary,
    },
    envelope::{DeploymentMode, Header, Request, RequestBody},
};
use support::*;

const SECRET: &str = "coupa-shared-secret";

/// What an invoice says, and who sends it.
struct Invoice<'a> {
    po: &'a str,
    currency: &'a str,
    amount: &'a str,
    line: &'a str,
    part: &'a str,
    from: &'a str,
    secret: &'a str,
}

impl Default for Invoice<'_> {
    fn default() -> Self {
        Invoice {
            po: "PO-000001",
            currency: "USD",
            amount: "2500.00",
            line: "1",
            part: "SAAS-1",
            from: "procsim-marketplace",
            secret: SECRET,
        }
    }
}

fn document(invoice: &Invoice<'_>, payload_id: &str) -> CXml {
    let money = Money::parse(invoice.currency, invoice.amount)
        .expect("the test invoice's amount is valid money");
    let amount = Amount::of(&money);
    let line = InvoiceDetailItem {
        invoice_line_number: "1".into(),
        quantity: "1".into(),
        reference_date: None,
        unit_of_measure: "EA".into(),
        unit_price: amount.clone(),
        item_reference: InvoiceDetailItemReference {
            line_number: invoice.line.into(),
            item_id: Some(ItemId::new(invoice.part, None)),
            description: None,
            classification: Vec::new(),
            manufacturer_part_id: None,
            manufacturer_name: None,
            country: None,
        },
        subtotal_amount: Some(amount.clone()),
        tax: None,
        gross_amount: None,
        discount: None,
        net_amount: None,
        comments: None,
        extrinsic: Vec::new(),
    };
    let request = InvoiceDetailRequest {
        header: InvoiceDetailRequestHeader {
            invoice_id: format!("INV-{payload_id}"),
            purpose: None,
            operation: None,
            invoice_date: "2026-01-05T09:00:00-08:00".into(),
            invoice_origin: None,
            header_indicator: InvoiceDetailHeaderIndicator::default(),
            line_indicator: InvoiceDetailLineIndicator::default(),
            invoice_partner: Vec::new(),
            document_reference: None,
            invoice_detail_shipping: None,
            invoice_detail_payment_term: Vec::new(),
            payment_term: Vec::new(),
            comments: None,
            id_reference: Vec::new(),
            extrinsic: Vec::new(),
        },
        invoice_detail_order: vec![InvoiceDetailOrder {
            order_info: InvoiceDetailOrderInfo {
                order_reference: Some(OrderReference {
                    order_id: Some(invoice.po.into()),
                    order_date: None,
                    document_reference: DocumentReference::new(invoice.po),
                }),
                master_agreement_reference: None,
                order_id_info: None,
                supplier_order_info: None,
            },
            item: vec![line],
        }],
        summary: InvoiceDetailSummary {
            subtotal_amount: amount.clone(),
            tax: Tax {
                money: Amount::of(
                    &Money::parse(invoice.currency, "0.00").expect("0.00 is a valid amount"),
                )
                .money,
                description: Description::new("en", "No tax"),
                tax_detail: Vec::new(),
                extrinsic: Vec::new(),
            },
            special_handling_amount: None,
            shipping_amount: None,
            gross_amount: None,
            discount: None,
            net_amount: amount.clone(),
            deposit_amount: None,
            due_amount: Some(amount),
        },
    };
    let header = Header::new(
        Credential::new("NetworkID", invoice.from),
        Credential::new("NetworkID", "coupa-acme"),
        Credential::with_secret("NetworkID", invoice.from, SharedSecret::new(invoice.secret)),
        "procsim marketplace",
    );
    CXml::request(
        &PayloadId::new(payload_id).expect("the test's payload ID is valid"),
        &Timestamp::from_unix_millis(1_767_632_400_000, 0),
        header,
        Request::new(
            DeploymentMode::Production,
            RequestBody::InvoiceDetailRequest(Box::new(request)),
        ),
    )
}

/// Posts raw bytes to Coupa's `/cxml`; gives the Status code and text.
async fn post(world: &World, body: Vec<u8>) -> (String, String) {
    let reply = reqwest::Client::new()
        .post(format!("{}/cxml", world.url))
        .header("content-type", "text/xml")
        .body(body)
        .send()
        .await
        .expect("coupa answers the POST");
    assert_eq!(reply.status(), 200);
    let doc = cxml::read::read(&reply.bytes().await.expect("coupa's answer has a body"))
        .expect("coupa answers with cXML")
        .doc;
    let status = doc
        .response
        .expect("coupa's cXML answer is a Response")
        .status;
    (status.code, status.text)
}

async fn send(world: &World, invoice: &Invoice<'_>, payload_id: &str) -> (String, String) {
    post(
        world,
        cxml::write::to_bytes(&document(invoice, payload_id)).expect("the invoice writes as cXML"),
    )
    .await
}

/// A world with PO-000001 for one 2,500.00 USD line, accepted.
async fn with_po() -> World {
    let world = World::start().await;
    let req = requisition(
        &world,
        vec![item("SAAS-1", "2500.00", "1", "Service")],
        "2500.00",
    )
    .await;
    let approved = world
        .browser("mia@acme.test")
        .post(&format!("{req}/approve"))
        .await;
    assert_eq!(approved.status, 303);
    world
}

async fn inbox(world: &World) -> String {
    let page = world.browser("fin@acme.test").get("/invoices").await;
    assert_eq!(page.status, 200);
    page.body
}

#[tokio::test]
async fn a_matching_invoice_is_stored_once_and_shown_against_its_po() {
    let world = with_po().await;
    let invoice = Invoice {
        amount: "1000.00",
        ..Invoice::default()
    };
    assert_eq!(
        send(&world, &invoice, "inv-1@supplier").await,
        ("200".into(), "OK".into())
    );
    let again = send(&world, &invoice, "inv-1@supplier").await;
    assert_eq!(again, ("200".into(), "OK (already received)".into()));
    // Another invoice under the same payloadID is not silently dropped.
    let other = Invoice {
        amount: "1500.00",
        ..Invoice::default()
    };
    let (code, text) = send(&world, &other, "inv-1@supplier").await;
    assert_eq!(code, "409", "{text}");
    assert!(
        text.contains("already used for invoice INV-inv-1@supplier"),
        "{text}"
    );
    let body = inbox(&world).await;
    assert_eq!(body.matches("INV-inv-1@supplier").count(), 1, "{body}");
    assert!(body.contains("Matched to PO-000001"), "{body}");
    let po = world
        .browser("fin@acme.test")
        .get("/orders/PO-000001")
        .await;
    assert!(
        po.body
            .contains("1,000.00 USD invoiced of 2,500.00 USD ordered"),
        "{}",
        po.body
    );
    let journal = reqwest::get(format!(
        "{}/api/journal?type=InvoiceDetailRequest",
        world.url
    ))
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    let entries = journal.matches(r#""document_type":"InvoiceDetailRequest""#);
    assert_eq!(entries.count(), 3, "every delivery is journaled: {journal}");
    assert!(!journal.contains(SECRET), "the secret is masked");
}

#[tokio::test]
async fn mismatches_are_accepted_and_flagged_with_their_reasons() {
    let world = with_po().await;
    let over = Invoice {
        amount: "2500.01",
        ..Invoice::default()
    };
    assert_eq!(
        send(&world, &over, "over@s").await.1,
        "OK (accepted, flagged for review)"
    );
    let euro = Invoice {
        currency: "EUR",
        amount: "10.00",
        ..Invoice::default()
    };
    send(&world, &euro, "euro@s").await;
    let odd_line = Invoice {
        amount: "10.00",
        line: "7",
        ..Invoice::default()
    };
    send(&world, &odd_line, "line@s").await;
    let body = inbox(&world).await;
    for reason in [
        "2500.01 USD exceeds the 2500.00 USD left to invoice on the PO",
        "currency EUR differs from the PO&#x27;s USD",
        "line 7 is not on the PO",
    ] {
        assert!(body.contains(reason), "{reason}: {body}");
    }
    let po = world
        .browser("fin@acme.test")
        .get("/orders/PO-000001")
        .await;
    assert!(
        po.body
            .contains("0.00 USD invoiced of 2,500.00 USD ordered"),
        "flagged invoices wait for review: {}",
        po.body
    );
}

#[tokio::test]
async fn refusals_carry_their_status_and_store_nothing() {
    let world = with_po().await;
    let unknown = Invoice {
        po: "PO-999999",
        ..Invoice::default()
    };
    let (code, text) = send(&world, &unknown, "a@s").await;
    assert_eq!(code, "417");
    assert!(text.contains("no purchase order PO-999999"), "{text}");
    let wrong_secret = Invoice {
        secret: "guess",
        ..Invoice::default()
    };
    assert_eq!(send(&world, &wrong_secret, "b@s").await.0, "401");
    let stranger = Invoice {
        from: "someone-else",
        ..Invoice::default()
    };
    assert_eq!(send(&world, &stranger, "c@s").await.0, "401");
    let mut elsewhere = document(&Invoice::default(), "g@s");
    elsewhere.header.as_mut().unwrap().to.credential[0].identity = "coupa-other".into();
    let (code, text) = post(&world, cxml::write::to_bytes(&elsewhere).unwrap()).await;
    assert_eq!(code, "401");
    assert!(text.contains("To must name NetworkID:coupa-acme"), "{text}");
    let profile = CXml::request(
        &PayloadId::new("d@s").unwrap(),
        &Timestamp::from_unix_millis(0, 0),
        Header::new(
            Credential::new("NetworkID", "procsim-marketplace"),
            Credential::new("NetworkID", "coupa-acme"),
            Credential::with_secret(
                "NetworkID",
                "procsim-marketplace",
                SharedSecret::new(SECRET),
            ),
            "procsim marketplace",
        ),
        Request::new(
            DeploymentMode::Production,
            RequestBody::ProfileRequest(Box::default()),
        ),
    );
    let (code, text) = post(&world, cxml::write::to_bytes(&profile).unwrap()).await;
    assert_eq!(code, "450", "{text}");
    // A partner declaring another cXML version, or none: Coupa takes
    // InvoiceDetail.dtd 1.2.x only.
    let written = cxml::write::to_string(&document(&Invoice::default(), "e@s")).unwrap();
    let old = written.replace("/1.2.071/InvoiceDetail.dtd", "/1.1.010/InvoiceDetail.dtd");
    assert_ne!(old, written);
    let (code, text) = post(&world, old.into_bytes()).await;
    assert_eq!(code, "450");
    assert!(text.contains("1.1.010"), "{text}");
    let bare: String = written
        .lines()
        .filter(|l| !l.starts_with("<!DOCTYPE"))
        .collect();
    assert_eq!(post(&world, bare.into_bytes()).await.0, "450");
    let mut no_po = document(&Invoice::default(), "f@s");
    if let Some(RequestBody::InvoiceDetailRequest(invoice)) =
        no_po.request.as_mut().map(|r| &mut r.body)
    {
        invoice.invoice_detail_order[0].order_info.order_reference = None;
        invoice.invoice_detail_order[0].order_info.order_id_info = Some(cxml::doc::OrderIdInfo {
            order_id: "PO-000001".into(),
            order_date: None,
            id_reference: Vec::new(),
        });
    }
    assert_eq!(
        post(&world, cxml::write::to_bytes(&no_po).unwrap()).await.0,
        "400"
    );
    let body = inbox(&world).await;
    assert!(body.contains("No invoices yet."), "{body}");
}
