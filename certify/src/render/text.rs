//! The report for people: one block per check, failures first noticed by
//! their status word, then the evidence and the fix.

use std::fmt::Write;

use crate::report::{CheckStatus, Report};

pub fn text(report: &Report) -> String {
    let mut out = String::new();
    // A buyer run judges what reached procsim's URL; a supplier run, the
    // site procsim set up at.
    let url_is = if report.kind == "buyer" {
        "the buyer's cXML URL"
    } else {
        "setup URL"
    };
    let _ = writeln!(
        out,
        "procsim certify {} — platform {}, {url_is} {}",
        report.kind, report.platform, report.setup_url
    );
    if let Some(links) = &report.dashboard {
        let _ = writeln!(out, "on the dashboard: {}", links.run);
        if let Some(sequence) = &links.sequence {
            let _ = writeln!(out, "sequence diagram: {sequence}");
        }
    }
    for check in &report.checks {
        let status = match check.status {
            CheckStatus::Passed => "PASS",
            CheckStatus::Failed => "FAIL",
            CheckStatus::Warning => "WARN",
            CheckStatus::Skipped => "SKIP",
        };
        let _ = writeln!(
            out,
            "{status} {} ({}) {}",
            check.id,
            check.severity.as_str(),
            check.title
        );
        let evidence = &check.evidence;
        let mut facts = Vec::new();
        if let Some(http) = evidence.http_status {
            facts.push(format!("HTTP {http}"));
        }
        if let Some(code) = evidence.cxml_status {
            facts.push(format!("cXML {code}"));
        }
        if let Some(ms) = evidence.elapsed_ms {
            facts.push(format!("{ms} ms"));
        }
        match (evidence.journal_id, &report.dashboard) {
            (Some(id), Some(links)) => facts.push(links.exchange(id)),
            (Some(id), None) => facts.push(format!("journal #{id}")),
            (None, _) => {}
        }
        if !evidence.detail.is_empty() || !facts.is_empty() {
            let facts = if facts.is_empty() {
                String::new()
            } else {
                format!(" [{}]", facts.join(", "))
            };
            let _ = writeln!(out, "     {}{facts}", evidence.detail);
        }
        if let Some(element) = &evidence.element {
            let _ = writeln!(out, "     at {element}");
        }
        if matches!(check.status, CheckStatus::Failed | CheckStatus::Warning) {
            let _ = writeln!(out, "     fix: {}", check.fix);
        }
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{}: {} passed, {} failed, {} warning(s), {} skipped",
        if report.passed() {
            "CERTIFIED"
        } else {
            "NOT CERTIFIED"
        },
        s.passed,
        s.failed,
        s.warning,
        s.skipped
    );
    out
}
