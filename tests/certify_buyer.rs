//! `certify buyer` with procsim's own buyers as the systems under test:
//! Coupa's and Ariba's simulators, pointed at the marketplace, go through
//! punchout, cart, approval and order as a person drives them over HTTP;
//! the marketplace's journal, read over HTTP, is then judged with each
//! platform's profile and the seeded identities, and every CERT-BUYER
//! check passes (Ariba's profile sends no Contact, so that one check says
//! it does not apply).

use buyer_kit::{Identity, Profile};
use certify::{
    BuyerUnderTest, CheckId, CheckStatus, Report, buyer_cert::journal::read_session_exchanges,
};
use scenarios::support::{
    ariba::{AribaUser, MO, SAM},
    browser::Result,
    catalog,
    coupa::{self, CoupaUser, JANE, MIA},
    sim::{Sim, test_config},
};

/// Below both buyers' finance thresholds: the manager alone approves.
const BELOW_THRESHOLD_CENTS: i64 = 500_000;

async fn judge(sim: &Sim, profile: Profile, from: &str, to: &str) -> Result<Report> {
    let market = sim.url("marketplace");
    let exchanges = read_session_exchanges(&sim.http, &market)
        .await
        .map_err(|err| err.to_string())?;
    let buyer = BuyerUnderTest::new(
        profile,
        Identity::new("NetworkID", from),
        Identity::new("NetworkID", to),
        None,
        format!("{market}/cxml"),
    );
    Ok(certify::certify_buyer(&buyer, &exchanges))
}

/// Every check passed, but those `not_applicable` to the profile, which
/// are skipped saying so.
fn every_check_passes(report: &Report, not_applicable: &[CheckId]) -> Result<()> {
    let shown = certify::render::text(report);
    if report.checks.len() != 21 {
        return Err(format!("21 CERT-BUYER checks expected\n{shown}"));
    }
    for check in &report.checks {
        let (wanted, why) = if not_applicable.contains(&check.id) {
            (CheckStatus::Skipped, "profile")
        } else {
            (CheckStatus::Passed, "")
        };
        if check.status != wanted || !check.evidence.detail.contains(why) {
            return Err(format!("{} should be {wanted:?}\n{shown}", check.id));
        }
    }
    let round_trip = report.check(CheckId::Buyer018).ok_or("no 018")?;
    if round_trip.evidence.journal_id.is_none() {
        return Err(format!("the round trip names no journal entry\n{shown}"));
    }
    Ok(())
}

#[tokio::test]
async fn coupa_as_the_buyer_under_test_passes_every_buyer_check() -> Result<()> {
    let sim = Sim::start(test_config()).await?;
    let pick = catalog::saas_upfront_below(&sim, BELOW_THRESHOLD_CENTS).await?;
    let jane = CoupaUser::sign_in(&sim, JANE).await?;
    let mia = CoupaUser::sign_in(&sim, MIA).await?;
    let purchase = coupa::buy(&jane, &[&mia], &pick).await?;
    if purchase.po_outcome != "accepted" {
        return Err(format!("the order was {}", purchase.po_outcome));
    }

    let report = judge(&sim, Profile::coupa(), "coupa-acme", "procsim-marketplace").await?;
    every_check_passes(&report, &[])?;
    sim.stop().await
}

#[tokio::test]
async fn ariba_as_the_buyer_under_test_passes_every_buyer_check() -> Result<()> {
    let sim = Sim::start(test_config()).await?;
    let pick = catalog::saas_upfront_below(&sim, BELOW_THRESHOLD_CENTS).await?;
    let sam = AribaUser::sign_in(&sim, SAM).await?;
    let mo = AribaUser::sign_in(&sim, MO).await?;
    sam.punch_out_from_catalog().await?;
    let product = sam.open_product(&pick.listing_id).await?;
    let auto = sam.request_approval(&product, &pick.option).await?;
    let cart = sam.return_cart(&auto).await?;
    let requisition = sam.submit_requisition(&cart.cart).await?;
    mo.approve(requisition.url.as_str()).await?;

    let report = judge(&sim, Profile::ariba(), "AN01000000001", "AN01000000999").await?;
    every_check_passes(&report, &[CheckId::Buyer008])?;
    sim.stop().await
}

/// The command: the marketplace starts on a free port, says where the
/// buyer must post, and when no buyer comes within `--timeout` judges the
/// empty session: no setup, no order, exit 1, the JSON report of a buyer
/// run with every other check skipped.
#[test]
fn the_command_judges_an_absent_buyer_when_the_time_is_up() -> Result<()> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_procsim"))
        .args([
            "certify",
            "buyer",
            "--platform",
            "ariba",
            "--from",
            "AN01000000001",
            "--to",
            "AN01000000999",
            "--secret",
            "not-a-real-secret",
            "--timeout",
            "1",
            "--format",
            "json",
        ])
        .output()
        .map_err(|err| err.to_string())?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() != Some(1) {
        return Err(format!("exit {:?}\n{stderr}", output.status.code()));
    }
    let said_where = stderr
        .lines()
        .any(|line| line.contains("PunchOut and order URL (cXML): http://127.0.0.1:"));
    if !said_where || !stderr.contains("Sender NetworkID:AribaNetwork") {
        return Err(format!("the buyer's URL and Sender are not told\n{stderr}"));
    }
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|err| err.to_string())?;
    let checks = report["checks"].as_array().ok_or("no checks")?;
    let status = |id: &str| {
        checks
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["status"].clone())
    };
    let failed = serde_json::json!("failed");
    if report["kind"] != "buyer"
        || report["verdict"] != "failed"
        || status("CERT-BUYER-001") != Some(failed.clone())
        || status("CERT-BUYER-010") != Some(failed)
        || report["summary"]["skipped"] != 19
    {
        return Err(format!("unexpected report: {report:#}"));
    }
    Ok(())
}
