//! What people change while procsim runs with `--data-dir` is still there
//! after a restart: a seller's revision of a private offer (the terms a
//! pending requisition will be checked against) and a Coupa admin's
//! punchout site and approval chain.

use reqwest::StatusCode;
use scenarios::support::{
    browser::Result,
    offers,
    sim::{COUPA_ACCOUNT, Sim, persistent_config},
};
use serde_json::json;

#[tokio::test]
async fn a_sellers_offer_revision_survives_a_restart_and_a_reset_undoes_it() -> Result<()> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let sim = Sim::start(persistent_config(dir.path())).await?;
    let offer = offers::live_offer(&sim, COUPA_ACCOUNT, "upfront_contract").await?;
    let (status, moved) = offers::revise(
        &sim,
        &offer.id,
        &json!({ "expires_at": "2031-01-02T03:04:05Z" }),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{moved}");
    let fps = offers::live_offer(&sim, COUPA_ACCOUNT, "fps").await?;
    let schedule = json!({ "terms": { "kind": "fps", "installments": [
        { "due": "2030-01-01T00:00:00Z", "amount": "1000.50" },
        { "due": "2031-01-01T00:00:00Z", "amount": "2000.01" },
    ] } });
    let (status, rescheduled) = offers::revise(&sim, &fps.id, &schedule).await?;
    assert_eq!(status, StatusCode::OK, "{rescheduled}");
    let repriced = json!({ "terms": {
        "kind": "upfront_contract", "duration_months": 24, "amount": "4321.09"
    } });
    let (status, twice) = offers::revise(&sim, &offer.id, &repriced).await?;
    assert_eq!(status, StatusCode::OK, "{twice}");
    sim.stop().await?;

    let sim = Sim::start(persistent_config(dir.path())).await?;
    let after = offers::offer(&sim, COUPA_ACCOUNT, &offer.id).await?;
    assert_eq!(after.revision, 3);
    assert_eq!(after.option, format!("{}.r3", offer.id));
    assert_eq!(after.expires_at, "2031-01-02T03:04:05Z");
    assert_eq!(after.total.amount, "4321.09");
    assert_eq!(after.terms["duration_months"], 24);
    let fps_after = offers::offer(&sim, COUPA_ACCOUNT, &fps.id).await?;
    assert_eq!(fps_after.revision, 2);
    assert_eq!(fps_after.total.amount, "3000.51");
    assert_eq!(fps_after.terms, rescheduled["terms"]);
    // The next revision continues from the stored one.
    let (status, fourth) = offers::revise(
        &sim,
        &offer.id,
        &json!({ "expires_at": "2032-01-01T00:00:00Z" }),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{fourth}");
    assert_eq!(fourth["revision"], 4);

    sim.reset_all().await?;
    sim.stop().await?;
    let sim = Sim::start(persistent_config(dir.path())).await?;
    let reset = offers::offer(&sim, COUPA_ACCOUNT, &offer.id).await?;
    assert_eq!(
        (reset.revision, reset.expires_at),
        (offer.revision, offer.expires_at)
    );
    sim.stop().await
}
