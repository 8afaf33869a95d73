//! `--invoices` against procsim's marketplace, once per platform: its
//! connection for the certify buyer (Coupa's, or Ariba's with the
//! network's invoice endpoint set) sends invoices to the run's inbox (a
//! port picked first, as a vendor configures a fixed URL before the run),
//! the test plays the person who shops an upfront SaaS contract, and the
//! marketplace invoices the certified order by itself at once. Every
//! check passes, the CERT-INV ones included, and the invoice is in the
//! run's journal with its secret masked.

mod support;

use std::time::Duration;

use certify::{
    CartMode, CheckId, CheckStatus, InvoicePrompt, Invoices, ManualCart, Report, SupplierTarget,
};
use service_kit::{
    Clock, Storage,
    journal::{ExchangeDetail, Journal},
};
use sim_marketplace::accounts::{MarketplaceSeed, ProcurementSystem};

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

/// What a run with invoices left to look at.
struct Invoiced {
    report: Report,
    journal: Journal,
    /// The journal row of the first invoice the inbox received.
    invoice: ExchangeDetail,
}

/// Certifies the marketplace (seeded by `seed` with its invoices going to
/// `http://127.0.0.1:{port}/cxml`) as `target` with `--cart manual
/// --invoices`, the test shopping an upfront SaaS contract; the inbox
/// said where it listens, every check passed and the first invoice is
/// journaled in the run's flow as an InvoiceDetailRequest, its secret
/// masked.
async fn certify_with_invoices(
    port: u16,
    seed: MarketplaceSeed,
    target: impl FnOnce(&str) -> SupplierTarget,
    secret: &str,
) -> Invoiced {
    let market = support::marketplace_seeded(seed).await;
    let (listing, option) = market.saas_upfront();
    let (tell, prompts) = tokio::sync::mpsc::unbounded_channel();
    let (tell_invoices, mut invoice_prompts) = tokio::sync::mpsc::unbounded_channel();
    let mut target = target(&market.cxml_url);
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
    let journal = Journal::open(&Storage::Memory, "certify", clock.clone())
        .expect("an in-memory journal opens");
    let report = certify::certify_supplier(target, journal.clone(), clock).await;
    person.await.expect("the person shopped");
    support::every_check_passes(&report);
    for id in [
        CheckId::Inv001,
        CheckId::Inv002,
        CheckId::Inv003,
        CheckId::Inv004,
        CheckId::Inv005,
        CheckId::Inv006,
        CheckId::Inv007,
    ] {
        let check = report.check(id).expect("every run reports every check");
        assert_eq!(check.status, CheckStatus::Passed, "{check:?}");
    }

    assert_eq!(
        invoice_prompts.recv().await,
        Some(InvoicePrompt::Inbox {
            url: format!("http://127.0.0.1:{port}/cxml")
        })
    );
    let first = report
        .check(CheckId::Inv001)
        .expect("CERT-INV-001 is reported");
    assert_eq!(first.evidence.cxml_status, Some(200));
    let rules = report
        .check(CheckId::Inv007)
        .expect("CERT-INV-007 is reported");
    if shared_fixtures::find_dtd_dir().is_some() {
        assert!(
            rules
                .evidence
                .detail
                .contains("valid against InvoiceDetail.dtd"),
            "{rules:?}"
        );
    }
    let invoice = journal
        .get(
            first
                .evidence
                .journal_id
                .expect("CERT-INV-001 links the invoice"),
        )
        .await
        .expect("the journal reads")
        .expect("the invoice is journaled");
    assert_eq!(
        invoice.document_type.as_deref(),
        Some("InvoiceDetailRequest")
    );
    assert_eq!(invoice.flow_id, report.flow);
    assert!(!invoice.raw.contains(secret), "{}", invoice.raw);
    assert!(invoice.raw.contains("<SharedSecret>"), "{}", invoice.raw);
    Invoiced {
        report,
        journal,
        invoice,
    }
}

#[tokio::test]
async fn the_marketplace_invoices_the_certified_order_and_every_invoice_check_passes() {
    let port = free_port();
    let inbox_url = format!("http://127.0.0.1:{port}/cxml");
    let seed = MarketplaceSeed::default_for("http://127.0.0.1:9/coupa", &inbox_url);
    let run = certify_with_invoices(port, seed, support::seeded_coupa, "coupa-shared-secret").await;
    let reference = run.report.check(CheckId::Inv004).unwrap();
    assert!(
        reference
            .evidence
            .detail
            .contains("DocumentReference@payloadID"),
        "the marketplace follows Coupa's convention: {reference:?}"
    );
}

/// The seeded accounts, Globex's Ariba connection with `inbox_url` as its
/// invoice endpoint, as its admin sets the network's.
fn ariba_invoicing_to(inbox_url: &str) -> MarketplaceSeed {
    let mut seed = MarketplaceSeed::default();
    seed.accounts
        .iter_mut()
        .flat_map(|account| account.connections.iter_mut())
        .filter(|connection| connection.system == ProcurementSystem::Ariba)
        .for_each(|connection| connection.invoice_url = Some(inbox_url.to_owned()));
    seed
}

#[tokio::test]
async fn through_its_ariba_connection_the_marketplace_invoices_the_certified_order_and_every_invoice_check_passes()
 {
    let port = free_port();
    let seed = ariba_invoicing_to(&format!("http://127.0.0.1:{port}/cxml"));
    let run =
        certify_with_invoices(port, seed, support::seeded_ariba, "ariba-supplier-secret").await;
    // Ariba's network matches the PO by orderID and the PO's own
    // payloadID (AR-30): the invoice names the OrderRequest certify sent.
    let order = run.report.check(CheckId::Order001).unwrap();
    let sent = run
        .journal
        .get(order.evidence.journal_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sent.document_type.as_deref(), Some("OrderRequest"));
    let order_payload = sent
        .payload_id
        .as_deref()
        .expect("the OrderRequest has a payloadID");
    assert!(
        run.invoice
            .raw
            .contains(&format!("<DocumentReference payloadID=\"{order_payload}\"")),
        "{}",
        run.invoice.raw
    );
    let reference = run.report.check(CheckId::Inv004).unwrap();
    assert!(
        reference
            .evidence
            .detail
            .contains("DocumentReference@payloadID"),
        "{reference:?}"
    );
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
