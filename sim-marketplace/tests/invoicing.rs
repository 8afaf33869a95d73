//! Invoicing over real sockets against a stand-in Coupa (an axum listener
//! answering each InvoiceDetailRequest with the Status a test scripts):
//! installments on their dates and not before, reruns that invoice nothing
//! twice, a transient failure retried an hour later as the same document,
//! a permanent refusal recorded and never retried; every invoice sent is
//! valid against the official DTD and breaks no rule for a Coupa receiver.

mod support;

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
};

use axum::{Router, body::Bytes, extract::State, routing::post};
use cxml::{CXml, envelope::RequestBody};
use jiff::{SignedDuration, Timestamp};
use sim_marketplace::catalog::{OfferTerms, PrivateOffer};
use support::*;
use tokio::net::TcpListener;

const ADMIN: &str = "admin@acme.test";

/// What the stand-in Coupa received, and the codes it will answer with
/// (200 once the script is used up).
#[derive(Clone, Default)]
struct StandIn {
    received: Arc<Mutex<Vec<CXml>>>,
    raw: Arc<Mutex<Vec<Bytes>>>,
    script: Arc<Mutex<VecDeque<u16>>>,
}

impl StandIn {
    async fn start(script: &[u16]) -> (StandIn, String) {
        let stand_in = StandIn::default();
        stand_in
            .script
            .lock()
            .expect("the stand-in's script is not poisoned")
            .extend(script);
        let app = Router::new()
            .route("/cxml", post(receive))
            .with_state(stand_in.clone());
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("the stand-in receiver binds a loopback port");
        let url = format!(
            "http://{}/cxml",
            listener
                .local_addr()
                .expect("a bound listener has a local address")
        );
        tokio::spawn(async move { axum::serve(listener, app).await });
        (stand_in, url)
    }

    fn received(&self) -> Vec<CXml> {
        self.received
            .lock()
            .expect("no handler panicked while holding the received documents")
            .clone()
    }

    /// Checks every document received as `procsim validate` would for a
    /// Coupa receiver: DTD-valid, no error finding (CX070, CX071, ...).
    /// Without the official DTDs (said plainly) only the rules are checked.
    fn assert_all_valid(&self) {
        let catalog = shared_fixtures::dtd_dir().map(cxml::DtdCatalog::new);
        let ctx = cxml::RuleContext {
            receiver: Some(cxml::rules::Platform::Coupa),
            ..cxml::RuleContext::default()
        };
        for raw in self
            .raw
            .lock()
            .expect("no handler panicked while holding the received bodies")
            .iter()
        {
            let report = cxml::validate::validate_choosing(raw, &ctx, |_| catalog.as_ref())
                .expect("validation of a received invoice gives a report");
            assert!(
                report.is_valid() && report.dtd_valid == catalog.as_ref().map(|_| true),
                "{:?}\n{}",
                report.findings,
                String::from_utf8_lossy(raw)
            );
        }
    }
}

async fn receive(State(stand_in): State<StandIn>, body: Bytes) -> Vec<u8> {
    let doc = cxml::read::read(&body)
        .expect("the marketplace sends cXML the stand-in can read")
        .doc;
    stand_in
        .received
        .lock()
        .expect("no handler panicked while holding the received documents")
        .push(doc);
    stand_in
        .raw
        .lock()
        .expect("no handler panicked while holding the received bodies")
        .push(body);
    let code = stand_in
        .script
        .lock()
        .expect("no handler panicked while holding the script")
        .pop_front()
        .unwrap_or(200);
    let at = cxml::Timestamp::from_unix_millis(0, 0);
    let id = cxml::PayloadId::fresh(0);
    cxml::write::to_bytes(&CXml::response_status(&id, &at, code, "scripted"))
        .expect("the stand-in's Status answer writes as cXML")
}

/// The PO number and amount due of an invoice document.
fn po_and_due(doc: &CXml) -> (String, String) {
    let Some(RequestBody::InvoiceDetailRequest(invoice)) = doc.request.as_ref().map(|r| &r.body)
    else {
        panic!("not an invoice: {doc:?}");
    };
    let po = invoice.invoice_detail_order[0]
        .order_info
        .order_reference
        .as_ref()
        .expect("the invoice names the order it bills")
        .document_reference
        .payload_id
        .clone();
    let due = invoice
        .summary
        .due_amount
        .as_ref()
        .expect("the invoice has an amount due")
        .value()
        .expect("the invoice's amount due is a valid amount");
    (po, due.to_string())
}

/// Points the seeded Coupa connection's invoice endpoint at `url`, as the
/// account admin does.
async fn invoice_to(market: &Running, url: &str) {
    let path = format!("{}/api/accounts/acct-coupa-001/integration", market.url);
    let http = reqwest::Client::new();
    let mut settings: serde_json::Value = http
        .get(&path)
        .header("x-procsim-user", ADMIN)
        .send()
        .await
        .expect("the marketplace answers GET of the integration settings")
        .json()
        .await
        .expect("the integration settings answer is JSON");
    settings["connections"][0]["invoice_url"] = url.into();
    let reply = http
        .put(&path)
        .header("x-procsim-user", ADMIN)
        .json(&settings)
        .send()
        .await
        .expect("the marketplace answers PUT of the integration settings");
    assert_eq!(
        reply.status(),
        200,
        "{}",
        reply
            .text()
            .await
            .expect("the answer to the PUT has a text body")
    );
}

async fn next(market: &Running) -> Option<Timestamp> {
    let schedule = market.json("/api/schedule").await;
    schedule["next"].as_str().map(|t| {
        t.parse()
            .expect("the schedule's next run is an RFC 3339 time")
    })
}

async fn invoices(market: &Running) -> Vec<serde_json::Value> {
    market.json("/api/invoices").await["invoices"]
        .as_array()
        .expect("the invoices API lists an invoices array")
        .clone()
}

/// Buys `option` on `listing` as Coupa would (punchout cart, then order).
async fn order(market: &Running, listing: &str, option: &str, po: &str) {
    let cart = market.punchout_cart(listing, option).await;
    let order = order_request(COUPA_SECRET, po, &cart.item_in);
    assert_eq!(status(&market.post_cxml(&order).await).code, "200");
}

fn fps_offer(market: &Running) -> PrivateOffer {
    market
        .catalog
        .initial_offers()
        .iter()
        .find(|o| o.account.as_str() == "acct-coupa-001" && matches!(o.terms, OfferTerms::Fps(_)))
        .cloned()
        .expect("the catalog has an offer on a payment schedule for the Coupa account")
}

#[tokio::test]
async fn installments_are_invoiced_on_their_dates_and_only_once() {
    let market = start().await;
    let (coupa, url) = StandIn::start(&[]).await;
    invoice_to(&market, &url).await;
    let offer = fps_offer(&market);
    let OfferTerms::Fps(schedule) = &offer.terms else {
        unreachable!()
    };
    let [first, second, ..] = schedule.installments() else {
        panic!("an FPS offer has installments")
    };
    let key = format!("{}.r{}", offer.id, offer.revision);
    order(&market, &offer.listing.to_string(), &key, "PO-300").await;

    let report = market.run_schedule().await;
    assert_eq!(
        report["issued"],
        serde_json::json!([]),
        "nothing before its date"
    );
    assert!(coupa.received().is_empty());
    assert_eq!(next(&market).await, Some(first.due));

    market.clock.advance_to(first.due).unwrap();
    let report = market.run_schedule().await;
    assert_eq!(report["delivered"].as_array().unwrap().len(), 1, "{report}");
    let received = coupa.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        po_and_due(&received[0]),
        ("PO-300".to_owned(), first.amount.to_string())
    );
    assert_eq!(next(&market).await, Some(second.due));

    // A rerun at the same instant, and one a second before the next date,
    // invoice nothing new.
    let report = market.run_schedule().await;
    assert_eq!(report["issued"], serde_json::json!([]));
    market
        .clock
        .advance_to(second.due - SignedDuration::from_secs(1))
        .unwrap();
    market.run_schedule().await;
    assert_eq!(coupa.received().len(), 1);
    assert_eq!(invoices(&market).await.len(), 1);

    market.clock.advance_to(second.due).unwrap();
    market.run_schedule().await;
    let received = coupa.received();
    assert_eq!(received.len(), 2);
    assert_eq!(po_and_due(&received[1]).1, second.amount.to_string());
    coupa.assert_all_valid();
}

#[tokio::test]
async fn a_transient_failure_is_retried_an_hour_later_as_the_same_document() {
    let market = start().await;
    let (coupa, url) = StandIn::start(&[500]).await;
    invoice_to(&market, &url).await;
    let (listing, key) = market.saas_upfront();
    order(&market, &listing.id.to_string(), &key, "PO-301").await;

    // The order started a run; this one waits for it, so the first attempt
    // has been made when it answers, whichever run made it.
    market.run_schedule().await;
    let [invoice] = invoices(&market).await.try_into().unwrap();
    assert_eq!(invoice["state"], "pending", "{invoice}");
    assert_eq!(invoice["attempts"], 1);
    assert_eq!(invoice["last_status"], "500 scripted");
    let retry_at = market.clock.now() + SignedDuration::from_hours(1);
    assert_eq!(next(&market).await, Some(retry_at));

    market.run_schedule().await;
    assert_eq!(coupa.received().len(), 1, "no retry before its time");

    market.clock.advance_to(retry_at).unwrap();
    let report = market.run_schedule().await;
    assert_eq!(report["delivered"], serde_json::json!([invoice["number"]]));
    let received = coupa.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].payload_id, received[1].payload_id);
    assert_eq!(received[0].timestamp, received[1].timestamp);
    let [invoice] = invoices(&market).await.try_into().unwrap();
    assert_eq!(invoice["state"], "delivered");
    assert_eq!(next(&market).await, None);
}

#[tokio::test]
async fn a_permanent_refusal_is_recorded_and_never_retried() {
    let market = start().await;
    let (coupa, url) = StandIn::start(&[417]).await;
    invoice_to(&market, &url).await;
    let (listing, key) = market.saas_upfront();
    order(&market, &listing.id.to_string(), &key, "PO-302").await;
    market.run_schedule().await;
    market.clock.advance(SignedDuration::from_hours(5)).unwrap();
    market.run_schedule().await;
    assert_eq!(coupa.received().len(), 1);
    let [invoice] = invoices(&market).await.try_into().unwrap();
    assert_eq!(invoice["state"], "failed");
    assert_eq!(invoice["last_status"], "417 scripted");
}

#[tokio::test]
async fn an_account_without_an_invoice_endpoint_gets_its_own_invoice() {
    let market = start().await;
    let (listing, key) = market.saas_upfront();
    order(&market, &listing.id.to_string(), &key, "PO-303").await;
    market.run_schedule().await;
    let [invoice] = invoices(&market).await.try_into().unwrap();
    assert_eq!(invoice["channel"], "own");
    assert_eq!(invoice["state"], "issued");
    assert_eq!(invoice["po_number"], "PO-303");
    assert!(market.journal("type=InvoiceDetailRequest").await.is_empty());
}

/// The PO line of each invoice item received, with its amount due.
fn po_line_and_due(doc: &CXml) -> (String, String) {
    let Some(RequestBody::InvoiceDetailRequest(invoice)) = doc.request.as_ref().map(|r| &r.body)
    else {
        panic!("not an invoice: {doc:?}");
    };
    let [item] = &invoice.invoice_detail_order[0].item[..] else {
        panic!("one line per invoice: {doc:?}");
    };
    (item.item_reference.line_number.clone(), po_and_due(doc).1)
}

#[tokio::test]
async fn each_invoice_references_the_po_line_its_agreement_was_ordered_on() {
    let market = start().await;
    let (coupa, url) = StandIn::start(&[]).await;
    invoice_to(&market, &url).await;
    // Line 1 is paid upfront (done after its first run), line 2 in
    // installments: the later installments still point at line 2.
    let (upfront, upfront_key) = market.saas_upfront();
    let offer = fps_offer(&market);
    let OfferTerms::Fps(schedule) = &offer.terms else {
        unreachable!()
    };
    let [first, second, ..] = schedule.installments() else {
        panic!("an FPS offer has installments")
    };
    let upfront_item = market
        .punchout_cart(&upfront.id.to_string(), &upfront_key)
        .await
        .item_in
        .remove(0);
    let fps_key = format!("{}.r{}", offer.id, offer.revision);
    let fps_item = market
        .punchout_cart(&offer.listing.to_string(), &fps_key)
        .await
        .item_in
        .remove(0);
    let order = order_request(COUPA_SECRET, "PO-304", &[upfront_item, fps_item]);
    assert_eq!(status(&market.post_cxml(&order).await).code, "200");

    market.run_schedule().await;
    let received = coupa.received();
    assert_eq!(received.len(), 1, "only the upfront line is due now");
    assert_eq!(po_line_and_due(&received[0]).0, "1");

    market.clock.advance_to(first.due).unwrap();
    market.run_schedule().await;
    market.clock.advance_to(second.due).unwrap();
    market.run_schedule().await;
    let received = coupa.received();
    assert_eq!(received.len(), 3);
    assert_eq!(
        po_line_and_due(&received[1]),
        ("2".to_owned(), first.amount.to_string())
    );
    assert_eq!(
        po_line_and_due(&received[2]),
        ("2".to_owned(), second.amount.to_string())
    );
    coupa.assert_all_valid();
}
