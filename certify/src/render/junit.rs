//! JUnit XML, written with quick-xml's writer: one `testsuite` per run,
//! one `testcase` per check (`classname` = the platform), a `failure` for
//! a failed check, `skipped` for a skipped one; a warning passes with its
//! evidence in `system-out`.

use quick_xml::{
    Writer,
    events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event},
};

use crate::report::{CheckResult, CheckStatus, DashboardLinks, Report};

pub fn junit(report: &Report) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail.
    let _ = write_report(&mut writer, report);
    String::from_utf8_lossy(&writer.into_inner()).into_owned()
}

fn write_report(writer: &mut Writer<Vec<u8>>, report: &Report) -> std::io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let total_ms: u64 = report
        .checks
        .iter()
        .filter_map(|c| c.evidence.elapsed_ms)
        .sum();
    let name = format!("procsim certify {} ({})", report.kind, report.platform);
    let tests = report.checks.len().to_string();
    let failures = report.summary.failed.to_string();
    let skipped = report.summary.skipped.to_string();
    let time = seconds(total_ms);
    let counts = [
        ("name", name.as_str()),
        ("tests", tests.as_str()),
        ("failures", failures.as_str()),
        ("errors", "0"),
        ("skipped", skipped.as_str()),
        ("time", time.as_str()),
    ];
    writer.write_event(Event::Start(
        BytesStart::new("testsuites").with_attributes(counts),
    ))?;
    let mut suite = BytesStart::new("testsuite").with_attributes(counts);
    suite.push_attribute(("timestamp", report.started_at.as_str()));
    writer.write_event(Event::Start(suite))?;
    for check in &report.checks {
        write_case(writer, report, check)?;
    }
    writer.write_event(Event::End(BytesEnd::new("testsuite")))?;
    writer.write_event(Event::End(BytesEnd::new("testsuites")))?;
    Ok(())
}

fn write_case(
    writer: &mut Writer<Vec<u8>>,
    report: &Report,
    check: &CheckResult,
) -> std::io::Result<()> {
    let platform = &report.platform;
    let name = format!("{} {}", check.id, check.title);
    let time = seconds(check.evidence.elapsed_ms.unwrap_or(0));
    let case = BytesStart::new("testcase").with_attributes([
        ("classname", format!("certify.{platform}").as_str()),
        ("name", name.as_str()),
        ("time", time.as_str()),
    ]);
    writer.write_event(Event::Start(case))?;
    let evidence = evidence_text(check, report.dashboard.as_ref());
    match check.status {
        CheckStatus::Failed => {
            let failure = BytesStart::new("failure").with_attributes([
                ("message", check.evidence.detail.as_str()),
                ("type", check.severity.as_str()),
            ]);
            writer.write_event(Event::Start(failure))?;
            writer.write_event(Event::Text(BytesText::new(&evidence)))?;
            writer.write_event(Event::End(BytesEnd::new("failure")))?;
        }
        CheckStatus::Skipped => {
            let skipped = BytesStart::new("skipped")
                .with_attributes([("message", check.evidence.detail.as_str())]);
            writer.write_event(Event::Empty(skipped))?;
        }
        CheckStatus::Warning | CheckStatus::Passed => {
            writer.write_event(Event::Start(BytesStart::new("system-out")))?;
            writer.write_event(Event::Text(BytesText::new(&evidence)))?;
            writer.write_event(Event::End(BytesEnd::new("system-out")))?;
        }
    }
    writer.write_event(Event::End(BytesEnd::new("testcase")))?;
    Ok(())
}

fn evidence_text(check: &CheckResult, links: Option<&DashboardLinks>) -> String {
    let e = &check.evidence;
    let mut lines = vec![format!("{}: {}", check.status.as_str(), e.detail)];
    if let Some(http) = e.http_status {
        lines.push(format!("HTTP status: {http}"));
    }
    if let Some(code) = e.cxml_status {
        lines.push(format!("cXML status: {code}"));
    }
    if let Some(element) = &e.element {
        lines.push(format!("at {element}"));
    }
    match (e.journal_id, links) {
        (Some(id), Some(links)) => lines.push(format!("journal entry: {}", links.exchange(id))),
        (Some(id), None) => lines.push(format!("journal entry: {id}")),
        (None, _) => {}
    }
    if check.status != CheckStatus::Passed {
        lines.push(format!("fix: {}", check.fix));
    }
    lines.join("\n")
}

fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}
