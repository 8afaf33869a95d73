//! `--invoices` against procsim's marketplace: its Coupa connection for
//! the certify buyer sends invoices to the run's inbox (a port picked
//! first, as a vendor configures a fixed URL before the run), the test
//! plays the person who shops an upfront SaaS contract, and the
//! marketplace invoices the certified order by itself at once. Every
//! check passes, the CERT-INV ones included, and the invoice is in the
//! run's journal with its secret masked.

mod support;

use std::time::Duration;

use certify::{CartMode, CheckId, CheckStatus, InvoicePrompt, Invoices, ManualCart};
use service_kit::{Clock, Storage, journal::Journal};
use sim_marketplace::accounts::MarketplaceSeed;

/// A loopback port free a moment ago, for the inbox URL the marketplace
/// is configured with before the run binds it.
fn free_port() -> u16 {
    let probe =
        std::net::TcpListener::bind("127.0.0.1:0").expect("a free loopback port can be bound");
    probe
        .local_addr()
        .expect("a bound listener has a local address")
        .port()
}

#[tokio::test]
async fn the_marketplace_invoices_the_certified_order_and_every_invoice_check_passes() {
    let port = free_port();
    let inbox_url = format!("http://127.0.0.1:{port}/cxml");
    let seed = MarketplaceSeed::default_for("http://127.0.0.1:9/coupa", &inbox_url);
    let market = support::marketplace_seeded(seed).await;
    let (listing, option) = market.saas_upfront();
    let (tell, prompts) = tokio::sync::mpsc::unbounded_channel();
    let (tell_invoices, mut invoice_prompts) = tokio::sync::mpsc::unbounded_channel();
    let mut target = support::seeded_coupa(&market.cxml_url);
    target.order_url = Some(market.cxml_url.clone());
    target.cart = CartMode::Manual(ManualCart::new(Duration::from_secs(30)).telling(tell));
    let mut invoices = Invoices::new(Duration::from_secs(30)).telling(tell_invoices);
    invoices.listen = ([127, 0, 0, 1], port).into();
    target.dtds = support::official_dtds();
    target.invoices = Some(invoices);
    let person = tokio::spawn(support::shop_at_marketplace(
        prompts,
        market.url.clone(),
        listing,
        option,
    ));
    let clock = Clock::starting_at(jiff::Timestamp::now());
    let journal = Journal::open(&Storage::Memory, "certify", clock.clone()).unwrap();
    let report = certify::certify_supplier(target, journal.clone(), clock).await;
    person.await.unwrap();
    support::every_check_passes(&report);

    assert_eq!(
        invoice_prompts.recv().await,
        Some(InvoicePrompt::Inbox { url: inbox_url })
    );
    let first = report.check(CheckId::Inv001).unwrap();
    assert_eq!(first.evidence.cxml_status, Some(200));
    let reference = report.check(CheckId::Inv004).unwrap();
    assert!(
        reference
            .evidence
            .detail
            .contains("DocumentReference@payloadID"),
        "the marketplace follows Coupa's convention: {reference:?}"
    );
    let rules = report.check(CheckId::Inv007).unwrap();
    if shared_fixtures::find_dtd_dir().is_some() {
        assert!(
            rules
                .evidence
                .detail
                .contains("valid against InvoiceDetail.dtd"),
            "{rules:?}"
        );
    }
    let entry = journal
        .get(first.evidence.journal_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.document_type.as_deref(), Some("InvoiceDetailRequest"));
    assert_eq!(entry.flow_id, report.flow);
    assert!(!entry.raw.contains("coupa-shared-secret"), "{}", entry.raw);
    assert!(entry.raw.contains("<SharedSecret>"), "{}", entry.raw);
}

#[tokio::test]
async fn without_invoices_or_without_an_order_the_invoice_checks_say_why_they_are_skipped() {
    let market = support::marketplace().await;
    let target = support::seeded_coupa(&market.cxml_url);
    let report = support::run(target.clone()).await;
    for id in [CheckId::Inv001, CheckId::Inv004, CheckId::Inv007] {
        let check = report.check(id).unwrap();
        assert_eq!(check.status, CheckStatus::Skipped, "{id}");
        assert!(
            check.evidence.detail.contains("--invoices not given"),
            "{check:?}"
        );
    }

    let mut with_inbox = target;
    with_inbox.invoices = Some(Invoices::new(Duration::from_secs(1)));
    let report = support::run(with_inbox).await;
    let check = report.check(CheckId::Inv001).unwrap();
    assert_eq!(check.status, CheckStatus::Skipped);
    assert!(
        check.evidence.detail.starts_with("no order was sent")
            && check.evidence.detail.contains("--cart none"),
        "{check:?}"
    );
}
