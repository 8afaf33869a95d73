//! The dashboard's reset of all state, end to end over HTTP: after a Coupa
//! purchase (agreement, PO, mail, journals) and a clock advance, one
//! `POST /api/reset` on the dashboard leaves no agreement, PO, mail or
//! journal entry, the clock back at the start, and the ecosystem usable at
//! once: a new F1 purchase is PO-000001 again and an Ariba punchout works.

use scenarios::support::{
    ariba::AribaUser,
    ariba::SAM,
    browser::Result,
    catalog,
    coupa::{self, CoupaUser, JANE, MIA},
    sim::{COUPA_ACCOUNT, COUPA_ACCOUNT_MAIL, Sim, persistent_config, test_config},
};

/// Below Coupa's finance threshold, so the manager alone approves.
const BELOW_THRESHOLD_CENTS: i64 = 500_000;

const JOURNALS: [&str; 3] = ["marketplace", "coupa", "ariba"];

async fn last_journal_id(sim: &Sim) -> Result<i64> {
    let mut last = 0;
    for service in JOURNALS {
        let journal = sim.journal(service, None, None).await?;
        last = journal.iter().map(|e| e.id).fold(last, i64::max);
    }
    Ok(last)
}

#[tokio::test]
async fn a_reset_empties_every_service_and_the_ecosystem_works_again() -> Result<()> {
    let sim = Sim::start(test_config()).await?;
    let start = sim.ecosystem.clock().now();
    let pick = catalog::saas_upfront_below(&sim, BELOW_THRESHOLD_CENTS).await?;
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let mia = CoupaUser::sign_in(&sim, MIA).await?;

    let first = coupa::buy(&jane, &[&mia], &pick).await?;
    assert_eq!(first.po_number, "PO-000001");
    sim.wait_for_mail(COUPA_ACCOUNT_MAIL, "").await?;
    sim.run_marketplace_schedule().await?;
    assert_eq!(sim.agreements(COUPA_ACCOUNT).await?.len(), 1);
    let before = last_journal_id(&sim).await?;
    assert!(before > 0, "the purchase is journalled");
    let dashboard = sim.url("dashboard");
    let advanced = sim
        .http
        .post(format!("{dashboard}/api/clock/advance"))
        .json(&serde_json::json!({"days": 3}))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    assert!(advanced.status().is_success(), "{advanced:?}");
    assert!(sim.ecosystem.clock().now() > start);

    let refused = sim
        .http
        .get(format!("{dashboard}/api/reset"))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    assert_eq!(refused.status(), 405, "GET never resets");
    assert_eq!(sim.agreements(COUPA_ACCOUNT).await?.len(), 1);

    let reply = sim
        .http
        .post(format!("{dashboard}/api/reset"))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    assert_eq!(reply.status(), 200);
    let outcome: serde_json::Value = reply.json().await.map_err(|e| e.to_string())?;
    // The dashboard's own certification runs and journal too.
    assert_eq!(
        outcome["reset"],
        serde_json::json!(["marketplace", "coupa", "ariba", "mail", "certify"])
    );

    assert!(sim.agreements(COUPA_ACCOUNT).await?.is_empty());
    assert!(sim.outbox().await?.is_empty());
    assert!(sim.mail().await?.is_empty());
    for service in JOURNALS {
        assert!(
            sim.journal(service, None, None).await?.is_empty(),
            "{service}'s journal is empty"
        );
    }
    assert_eq!(sim.ecosystem.clock().now(), start, "the clock is back");
    let old_po = jane.order_page(&first.po_number).await;
    assert!(old_po.is_err(), "Coupa forgot {}", first.po_number);

    // Usable at once: the numbering starts again, the journal ids do not.
    let again = coupa::buy(&jane, &[&mia], &pick).await?;
    assert_eq!(again.po_number, "PO-000001");
    assert_eq!(sim.agreements(COUPA_ACCOUNT).await?.len(), 1);
    let after = sim.journal("coupa", None, None).await?;
    assert!(
        after.iter().all(|e| e.id > before),
        "journal ids keep growing across the reset"
    );

    // Ariba's relationship and published catalog survived: F2 works.
    let sam = AribaUser::sign_in(&sim, SAM).await?;
    let store = sam.punch_out_from_catalog().await?;
    assert_eq!(store.url.path(), "/");
    sim.stop().await
}

/// With `--data-dir` the reset reaches the files: after a restart the
/// purchase is still gone and the saved clock is back at the start.
#[tokio::test]
async fn with_a_data_dir_the_reset_survives_a_restart() -> Result<()> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let sim = Sim::start(persistent_config(dir.path())).await?;
    let start = sim.ecosystem.clock().now();
    let pick = catalog::saas_upfront_below(&sim, BELOW_THRESHOLD_CENTS).await?;
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let mia = CoupaUser::sign_in(&sim, MIA).await?;
    coupa::buy(&jane, &[&mia], &pick).await?;
    sim.wait_for_mail(COUPA_ACCOUNT_MAIL, "").await?;
    sim.run_marketplace_schedule().await?;
    sim.ecosystem
        .clock()
        .advance(jiff::SignedDuration::from_hours(24 * 10))
        .map_err(|e| e.to_string())?;
    sim.reset_all().await?;
    sim.stop().await?;

    let sim = Sim::start(persistent_config(dir.path())).await?;
    assert_eq!(
        sim.ecosystem.clock().now(),
        start,
        "the saved clock went back"
    );
    assert!(sim.agreements(COUPA_ACCOUNT).await?.is_empty());
    assert!(sim.mail().await?.is_empty());
    // The restart journals its own catalog publication; no order is left.
    for service in JOURNALS {
        let orders = sim.journal(service, None, Some("OrderRequest")).await?;
        assert!(orders.is_empty(), "{service}: {orders:?}");
    }
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let mia = CoupaUser::sign_in(&sim, MIA).await?;
    assert_eq!(
        coupa::buy(&jane, &[&mia], &pick).await?.po_number,
        "PO-000001"
    );
    sim.stop().await
}
