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

/// `--public-url`: a buyer on another machine reaches the marketplace by a
/// name that is not the address it listens on (a tunnel's). The command
/// tells that URL, the StartPage the marketplace answers is on it, and a
/// request addressed to that name is answered, not refused as another
/// site's.
#[test]
fn the_marketplace_can_be_reached_by_a_public_url() -> Result<()> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|err| err.to_string())?
        .port();
    let public = "https://procsim-tenant.example.net";
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_procsim"))
        .args([
            "certify",
            "buyer",
            "--platform",
            "coupa",
            "--from",
            "tenant-buyer",
            "--to",
            "tenant-supplier",
            "--secret",
            "tenant-secret",
            "--timeout",
            "30",
            "--port",
            &port.to_string(),
            "--public-url",
            &format!("{public}/"),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|err| err.to_string())?;
    // The marketplace answers as soon as it is bound, a moment before the
    // command tells its URLs: stderr is read as it comes, and the command
    // is stopped only once it told them (or the wait is over).
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let (told, lines) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        use std::io::BufRead as _;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(|l| l.ok())
        {
            if told.send(line).is_err() {
                break;
            }
        }
    });
    let outcome = public_url_is_used(port, public);
    let wanted = format!("PunchOut and order URL (cXML): {public}/cxml");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut said = String::new();
    while !said.contains(&wanted) {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                said.push_str(&line);
                said.push('\n');
            }
            Err(_) => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = reader.join();
    outcome?;
    if !said.contains(&wanted) {
        return Err(format!("the public cXML URL is not told\n{said}"));
    }
    Ok(())
}

fn public_url_is_used(port: u16, public: &str) -> Result<()> {
    let local = format!("http://127.0.0.1:{port}");
    let runtime = tokio::runtime::Runtime::new().map_err(|err| err.to_string())?;
    runtime.block_on(async {
        let http = reqwest::Client::new();
        let mut up = false;
        for _ in 0..100 {
            if http.get(format!("{local}/healthz")).send().await.is_ok() {
                up = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        if !up {
            return Err("the marketplace never answered".to_owned());
        }
        let setup = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
<cXML payloadID="tenant-1@buyer.example" timestamp="2026-12-07T10:00:00+00:00">
<Header><From><Credential domain="NetworkID"><Identity>tenant-buyer</Identity></Credential></From>
<To><Credential domain="NetworkID"><Identity>tenant-supplier</Identity></Credential></To>
<Sender><Credential domain="NetworkID"><Identity>tenant-buyer</Identity><SharedSecret>tenant-secret</SharedSecret></Credential>
<UserAgent>tenant</UserAgent></Sender></Header>
<Request><PunchOutSetupRequest operation="create"><BuyerCookie>tenant-cookie-0123456789abcdef0123</BuyerCookie>
<BrowserFormPost><URL>{public}/never-posted</URL></BrowserFormPost>
</PunchOutSetupRequest></Request></cXML>"#
        );
        let answer = http
            .post(format!("{local}/cxml"))
            .header("content-type", "text/xml")
            .body(setup)
            .send()
            .await
            .map_err(|err| err.to_string())?
            .text()
            .await
            .map_err(|err| err.to_string())?;
        if !answer.contains(&format!("<URL>{public}/")) {
            return Err(format!("the StartPage is not on the public URL: {answer}"));
        }
        let named = http
            .get(format!("{local}/"))
            .header("host", "procsim-tenant.example.net")
            .send()
            .await
            .map_err(|err| err.to_string())?;
        if named.status() != reqwest::StatusCode::OK {
            return Err(format!("a request for the public name: {}", named.status()));
        }
        let other = http
            .get(format!("{local}/"))
            .header("host", "evil.example")
            .send()
            .await
            .map_err(|err| err.to_string())?;
        if other.status() != reqwest::StatusCode::MISDIRECTED_REQUEST {
            return Err(format!("a request for another name: {}", other.status()));
        }
        Ok(())
    })
}
