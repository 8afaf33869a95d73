//! A whole procsim ecosystem inside your own program or test, like a mock
//! server: every service on an ephemeral loopback port, in memory, stopped
//! when you are done.
//!
//! ```sh
//! cargo run --example embedded_ecosystem
//! cargo run --example embedded_ecosystem -- http://127.0.0.1:8080/cxml
//! ```
//!
//! With a URL, the simulated Coupa is pointed at *your* PunchOut site
//! (`[coupa] supplier_cxml_url`, what `procsim up --config` reads): a person
//! pressing punchout in this Coupa reaches your site, and the one exchange
//! below — `procsim certify supplier --platform coupa`, through the certify
//! library — judges your site with Coupa's seeded identities. Without one,
//! it judges procsim's own marketplace.

use std::process::ExitCode;

use anyhow::Context;
use buyer_kit::{Identity, Profile};
use certify::{CartMode, CheckStatus, SupplierTarget};
use cxml::SharedSecret;
use procsim::{Ecosystem, EcosystemConfig, ProcsimConfig, config::ConnectionFile};
use service_kit::{Clock, Storage, journal::Journal};
use sim_marketplace::catalog::CatalogSize;

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let your_site = std::env::args().nth(1);
    let config = EcosystemConfig {
        // A small catalog starts in a blink; the default is SPEC's 10,000.
        catalog_size: Some(CatalogSize {
            listings: 200,
            categories: 10,
            sellers: 40,
        }),
        connections: ProcsimConfig {
            coupa: ConnectionFile {
                supplier_cxml_url: your_site.clone(),
                ..ConnectionFile::default()
            },
            ..ProcsimConfig::default()
        },
        ..EcosystemConfig::ephemeral()
    };
    let ecosystem = Ecosystem::start(config).await?;
    println!("procsim is running inside this program:");
    for endpoint in ecosystem.endpoints() {
        println!("  {:<12} {}", endpoint.name, endpoint.url());
    }
    let marketplace = ecosystem
        .url("marketplace")
        .context("the ecosystem has a marketplace")?;
    let supplier = your_site.unwrap_or(format!("{marketplace}/cxml"));
    println!("coupa punches out to {supplier}");

    let outcome = certify_for_coupa(&supplier).await;
    // Stop the services whatever the outcome, then report it.
    ecosystem.stop().await?;
    println!("procsim stopped");
    let report = outcome?;
    // The checks that ran, one line each; `certify::render::text` (or
    // `json`, `junit`) gives the whole report with evidence and fixes.
    for check in report
        .checks
        .iter()
        .filter(|c| c.status != CheckStatus::Skipped)
    {
        println!(
            "  {:<7} {} {}",
            check.status.as_str(),
            check.id,
            check.evidence.detail
        );
    }
    let s = &report.summary;
    println!(
        "verdict {}: {} passed, {} failed, {} warning(s), {} skipped",
        report.verdict, s.passed, s.failed, s.warning, s.skipped
    );
    Ok(if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `procsim certify supplier --setup-url SUPPLIER --platform coupa` with
/// the seeded Coupa connection's identities and secret (src/config.rs).
async fn certify_for_coupa(supplier: &str) -> anyhow::Result<certify::Report> {
    let profile = Profile::builtin("coupa")?;
    let domain = profile.credentials.domain.clone();
    let target = SupplierTarget {
        setup_url: supplier.to_owned(),
        order_url: None,
        from: Identity::new(&domain, "coupa-acme"),
        to: Identity::new(&domain, "procsim-marketplace"),
        sender: None,
        secret: SharedSecret::new("coupa-shared-secret"),
        profile,
        cart: CartMode::None,
        invoices: None,
        dtds: Default::default(),
    };
    let clock = Clock::starting_at(jiff::Timestamp::now());
    let journal = Journal::open(&Storage::Memory, "certify", clock.clone())?;
    Ok(certify::certify_supplier(target, journal, clock).await)
}
