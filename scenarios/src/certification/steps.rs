//! The certification steps: run `procsim certify supplier` through the
//! certify crate's library, then judge its report by check id. A failed
//! step shows the failing checks' evidence and fix, then the whole report
//! as the command prints it.

use certify::{CheckId, CheckResult, CheckStatus, Report, catalogue::CATALOGUE};
use cucumber::{then, when};

use super::World;
use crate::support::browser::Result;

#[when(expr = "procsim certifies the supplier as {word} without a cart")]
async fn certify_without_cart(world: &mut World, platform: String) -> Result<()> {
    world.certify_without_cart(&platform).await
}

#[when(expr = "a person shops at the supplier while procsim certifies it as {word}")]
async fn certify_with_a_person(world: &mut World, platform: String) -> Result<()> {
    world.certify_with_a_person(&platform).await
}

#[when(
    expr = "a person shops at the supplier while procsim certifies it as {word} with its invoices"
)]
async fn certify_with_invoices(world: &mut World, platform: String) -> Result<()> {
    world.certify_with_invoices(&platform).await
}

#[then(regex = r"^(CERT-[A-Z]+-\d{3}(?:(?:, | and )CERT-[A-Z]+-\d{3})*) pass(?:es)?$")]
async fn checks_pass(world: &mut World, ids: String) -> Result<()> {
    let report = world.report()?;
    let ids = check_ids(&ids)?;
    let judged = ids
        .iter()
        .map(|id| {
            report
                .check(*id)
                .ok_or_else(|| format!("the report has no {id}"))
        })
        .collect::<Result<Vec<_>>>()?;
    // A warning does not fail certification, as with `procsim certify`.
    for check in judged.iter().filter(|c| c.status == CheckStatus::Warning) {
        println!("warning: {}", shown(check));
    }
    let failed: Vec<_> = judged
        .into_iter()
        .filter(|c| !matches!(c.status, CheckStatus::Passed | CheckStatus::Warning))
        .collect();
    refuse(report, &failed)
}

#[then("the cart, edit, inspect and order checks are skipped, each saying why")]
async fn cart_checks_skipped(world: &mut World) -> Result<()> {
    let report = world.report()?;
    let needs_cart = |c: &&CheckResult| {
        let code = c.id.code();
        code.starts_with("CERT-CART-")
            || code.starts_with("CERT-ORDER-")
            || matches!(
                c.id,
                CheckId::Setup006 | CheckId::Setup007 | CheckId::Setup009 | CheckId::Setup010
            )
    };
    let wrong: Vec<_> = report
        .checks
        .iter()
        .filter(needs_cart)
        .filter(|c| c.status != CheckStatus::Skipped || c.evidence.detail.is_empty())
        .collect();
    refuse(report, &wrong)
}

#[then(expr = "every check the {word} profile uses passes")]
async fn every_used_check_passes(world: &mut World, platform: String) -> Result<()> {
    let report = world.report()?;
    if report.platform != platform {
        return Err(format!("the report is for {}", report.platform));
    }
    let wrong: Vec<_> = report
        .checks
        .iter()
        .filter(|c| {
            // The invoice leg runs only when asked for (--invoices).
            let detail = &c.evidence.detail;
            let unused = c.status == CheckStatus::Skipped
                && (detail.contains("profile does not")
                    || detail.starts_with("--invoices not given"));
            !(c.status == CheckStatus::Passed || unused)
        })
        .collect();
    refuse(report, &wrong)
}

#[then("the supplier is certified")]
async fn certified(world: &mut World) -> Result<()> {
    let report = world.report()?;
    if report.passed() {
        return Ok(());
    }
    let failed: Vec<_> = report
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Failed)
        .collect();
    refuse(report, &failed)
}

/// `CERT-SETUP-001, CERT-SETUP-002 and CERT-SETUP-003` as ids.
fn check_ids(list: &str) -> Result<Vec<CheckId>> {
    list.split(", ")
        .flat_map(|part| part.split(" and "))
        .map(|code| {
            CATALOGUE
                .iter()
                .find(|info| info.code == code)
                .map(|info| info.id)
                .ok_or_else(|| format!("the catalogue has no check {code}"))
        })
        .collect()
}

/// Ok when `wrong` is empty; otherwise each check's evidence and fix, and
/// the whole report.
fn refuse(report: &Report, wrong: &[&CheckResult]) -> Result<()> {
    if wrong.is_empty() {
        return Ok(());
    }
    let listed: Vec<_> = wrong.iter().map(|c| shown(c)).collect();
    Err(format!(
        "{}\n\nthe whole report:\n{}",
        listed.join("\n"),
        certify::render::text(report)
    ))
}

/// One check: status, id, severity, what passing proves, the evidence
/// and, unless it passed, the fix.
fn shown(check: &CheckResult) -> String {
    let evidence = &check.evidence;
    let mut out = format!(
        "{} {} ({}): {}\n  evidence: {}",
        check.status.as_str(),
        check.id,
        check.severity.as_str(),
        check.title,
        evidence.detail
    );
    let facts = [
        evidence.http_status.map(|s| format!("HTTP {s}")),
        evidence.cxml_status.map(|s| format!("cXML {s}")),
        evidence
            .cxml_text
            .as_ref()
            .map(|t| format!("Status text {t:?}")),
        evidence.elapsed_ms.map(|ms| format!("{ms} ms")),
        evidence.journal_id.map(|id| format!("journal #{id}")),
    ];
    let facts: Vec<_> = facts.into_iter().flatten().collect();
    if !facts.is_empty() {
        out.push_str(&format!(" [{}]", facts.join(", ")));
    }
    if let Some(element) = &evidence.element {
        out.push_str(&format!("\n  at {element}"));
    }
    if check.status != CheckStatus::Passed {
        out.push_str(&format!("\n  fix: {}", check.fix));
    }
    out
}
