//! What people change while procsim runs with `--data-dir` is still there
//! after a restart: a seller's revision of a private offer (the terms a
//! pending requisition will be checked against) and a Coupa admin's
//! punchout site and approval chain.

use reqwest::StatusCode;
use scenarios::support::{
    browser::Result,
    coupa::{ADMIN, CoupaUser, JANE},
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

/// The admin page's site and chain forms as they stand: (redirect ticked,
/// test mode ticked, Open Buy URL, finance threshold).
async fn coupa_admin_page(sim: &Sim) -> Result<(bool, bool, String, String)> {
    let admin = CoupaUser::sign_in(sim, ADMIN).await?;
    let page = admin.browser.get(&admin.coupa_url("/admin")).await?;
    page.expect_status(StatusCode::OK)?;
    let site = page.form_to("/admin/site")?;
    let chain = page.form_to("/admin/approvals")?;
    Ok((
        site.field("redirect").is_some(),
        site.field("test_mode").is_some(),
        site.field("open_buy_url").unwrap_or_default().to_owned(),
        chain
            .field("finance_threshold")
            .unwrap_or_default()
            .to_owned(),
    ))
}

#[tokio::test]
async fn a_coupa_admins_settings_survive_a_restart_and_a_reset_undoes_them() -> Result<()> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let sim = Sim::start(persistent_config(dir.path())).await?;
    let configured = coupa_admin_page(&sim).await?;
    let admin = CoupaUser::sign_in(&sim, ADMIN).await?;
    let page = admin.browser.get(&admin.coupa_url("/admin")).await?;
    let mut site = page.form_to("/admin/site")?;
    site.fields.retain(|(name, _)| name != "redirect");
    site.set("test_mode", "on");
    site.set("open_buy_url", "http://127.0.0.1:9/api/open-buy/listings");
    site.set("secret", "rotated-by-the-admin");
    admin
        .browser
        .submit(&site)
        .await?
        .redirect_target(StatusCode::SEE_OTHER)?;
    // A second save of the site with the secret left empty keeps the one
    // typed before (and moves nothing else).
    let again = admin.browser.get(&admin.coupa_url("/admin")).await?;
    admin
        .browser
        .submit(&again.form_to("/admin/site")?)
        .await?
        .redirect_target(StatusCode::SEE_OTHER)?;
    let mut chain = page.form_to("/admin/approvals")?;
    chain.set("finance_threshold", "7500.00");
    admin
        .browser
        .submit(&chain)
        .await?
        .redirect_target(StatusCode::SEE_OTHER)?;
    assert!(configured.0, "redirect is on as configured");
    let changed = (
        false,
        true,
        "http://127.0.0.1:9/api/open-buy/listings".to_owned(),
        "7500.00".to_owned(),
    );
    assert_eq!(coupa_admin_page(&sim).await?, changed);
    sim.stop().await?;

    let sim = Sim::start(persistent_config(dir.path())).await?;
    assert_eq!(coupa_admin_page(&sim).await?, changed);
    // The secret is never shown; the marketplace, which still expects the
    // configured one, tells: the punchout is refused with 401.
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let refused = jane.press_punchout().await?;
    refused.expect_status(StatusCode::BAD_GATEWAY)?;
    assert_eq!(
        refused.heading().as_deref(),
        Some("The supplier refused the punchout (401)")
    );

    sim.reset_all().await?;
    sim.stop().await?;
    let sim = Sim::start(persistent_config(dir.path())).await?;
    // As configured, at this run's addresses.
    let (redirect, test_mode, open_buy_url, threshold) = coupa_admin_page(&sim).await?;
    assert_eq!(
        (redirect, test_mode, threshold),
        (configured.0, configured.1, configured.3)
    );
    assert_eq!(
        open_buy_url,
        format!("{}/api/open-buy/listings", sim.url("marketplace"))
    );
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let punched_out = jane.press_punchout().await?;
    punched_out.redirect_target(StatusCode::SEE_OTHER)?;
    sim.stop().await
}
