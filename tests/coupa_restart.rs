//! With a data directory, what a completed Coupa purchase left behind
//! survives a stop and a start: the agreement, the PO and its outcome, the
//! mail, the invoice (never sent again) and the journals; and numbering
//! goes on where it stopped.

use scenarios::support;

use reqwest::StatusCode;
use support::{
    browser::Result,
    catalog,
    coupa::{CoupaUser, JANE, MIA, buy},
    sim::{COUPA_ACCOUNT, COUPA_ACCOUNT_MAIL, Sim, persistent_config},
};

const THRESHOLD_CENTS: i64 = 500_000;

#[tokio::test]
async fn a_purchase_survives_a_restart() -> Result<()> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let sim = Sim::start(persistent_config(dir.path())).await?;
    let pick = catalog::saas_upfront_below(&sim, THRESHOLD_CENTS).await?;
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let mia = CoupaUser::sign_in(&sim, MIA).await?;
    let purchase = buy(&jane, &[&mia], &pick).await?;
    assert_eq!(purchase.po_number, "PO-000001");
    assert_eq!(purchase.po_outcome, "accepted");
    sim.wait_for_mail(COUPA_ACCOUNT_MAIL, &purchase.po_number)
        .await?;
    let agreements = sim.agreements(COUPA_ACCOUNT).await?;
    let mail = sim.mail().await?;
    sim.run_marketplace_schedule().await?;
    let invoices = sim.invoices(None).await?;
    assert_eq!(invoices.len(), 1, "the upfront invoice: {invoices:?}");
    let journal = sim.merged_journal(&purchase.flow).await?;
    assert_eq!(journal.len(), 8, "setup, cart, order, invoice: both sides");
    sim.stop().await?;

    let sim = Sim::start(persistent_config(dir.path())).await?;
    assert_eq!(sim.agreements(COUPA_ACCOUNT).await?, agreements);
    assert_eq!(sim.mail().await?, mail);
    sim.run_marketplace_schedule().await?;
    assert_eq!(sim.invoices(None).await?, invoices, "not invoiced again");
    assert_eq!(sim.merged_journal(&purchase.flow).await?, journal);
    assert!(
        sim.outbox().await?.iter().all(|m| m.sent),
        "the delivered mail is not sent again"
    );

    // A new browser (the old session cookie means nothing to a new
    // process anyway) finds the PO and the supplier's answer.
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let order = jane.order_page(&purchase.po_number).await?;
    assert_eq!(order.definition("HTTP status").as_deref(), Some("200"));
    assert_eq!(order.definition("cXML status").as_deref(), Some("200 OK"));
    let requisition = jane.requisition(purchase.requisition).await?;
    requisition.expect_status(StatusCode::OK)?;

    // Numbering continues: the next purchase is PO-000002 and the
    // account's second agreement.
    let mia = CoupaUser::sign_in(&sim, MIA).await?;
    let second = buy(&jane, &[&mia], &pick).await?;
    assert_eq!(second.po_number, "PO-000002");
    assert_eq!(second.po_outcome, "accepted");
    let agreements = sim.agreements(COUPA_ACCOUNT).await?;
    let numbers: Vec<&str> = agreements.iter().map(|a| a.po_number.as_str()).collect();
    assert_eq!(numbers, ["PO-000001", "PO-000002"]);
    sim.wait_for_mail(COUPA_ACCOUNT_MAIL, "PO-000002").await?;
    assert_eq!(sim.mail().await?.len(), 2);
    sim.stop().await
}
