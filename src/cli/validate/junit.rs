//! `--format junit`: JUnit XML for CI servers, written with quick-xml's
//! writer. One `testsuite`, one `testcase` per file (`classname`
//! `procsim.validate`, `name` the file). An invalid file has one `failure`
//! whose message names its first error and whose text lists every finding
//! (one element, as the JUnit schema allows and every CI server shows); an
//! unreadable file an `error`; a file whose DTD could not be checked is
//! `skipped`. Findings of a passing file go to `system-out`.

use std::io::{self, Write};

use cxml::{Finding, Severity};
use quick_xml::{
    Writer,
    events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event},
};

use super::outcome::FileOutcome;

pub fn write(out: &mut impl Write, outcomes: &[FileOutcome]) -> io::Result<()> {
    let mut writer = Writer::new_with_indent(&mut *out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let count = |pred: fn(&FileOutcome) -> bool| outcomes.iter().filter(|o| pred(o)).count();
    let tests = outcomes.len().to_string();
    let failures = count(|o| o.valid == Some(false)).to_string();
    let errors = count(|o| o.error.is_some()).to_string();
    let skipped = count(|o| o.error.is_none() && o.valid.is_none()).to_string();
    let counts = [
        ("name", "procsim validate"),
        ("tests", tests.as_str()),
        ("failures", failures.as_str()),
        ("errors", errors.as_str()),
        ("skipped", skipped.as_str()),
    ];
    writer.write_event(Event::Start(
        BytesStart::new("testsuites").with_attributes(counts),
    ))?;
    writer.write_event(Event::Start(
        BytesStart::new("testsuite").with_attributes(counts),
    ))?;
    for outcome in outcomes {
        write_case(&mut writer, outcome)?;
    }
    writer.write_event(Event::End(BytesEnd::new("testsuite")))?;
    writer.write_event(Event::End(BytesEnd::new("testsuites")))?;
    writeln!(out)
}

fn write_case<W: Write>(writer: &mut Writer<W>, outcome: &FileOutcome) -> io::Result<()> {
    writer.write_event(Event::Start(BytesStart::new("testcase").with_attributes([
        ("classname", "procsim.validate"),
        ("name", outcome.file.as_str()),
    ])))?;
    let findings = outcome
        .report
        .as_ref()
        .map_or(&[][..], |r| r.findings.as_slice());
    let listing = listing(&outcome.file, findings, &outcome.advisories);
    if let Some(error) = &outcome.error {
        element(writer, "error", &[("message", error)], error)?;
    } else if outcome.valid == Some(false) {
        let first = findings
            .iter()
            .find(|f| f.severity == Severity::Error)
            .or(findings.first());
        let (message, rule) = first.map_or_else(
            || ("invalid".to_owned(), String::new()),
            |f| {
                let more = findings.len() - 1;
                let more = if more > 0 {
                    format!(" (and {more} more)")
                } else {
                    String::new()
                };
                (
                    format!("{} {}:{}: {}{more}", f.rule, f.line, f.column, f.message),
                    f.rule.to_string(),
                )
            },
        );
        element(
            writer,
            "failure",
            &[("message", &message), ("type", &rule)],
            &listing,
        )?;
    } else {
        if outcome.valid.is_none() {
            let why = outcome
                .advisories
                .last()
                .map_or("DTD not checked", String::as_str);
            writer.write_event(Event::Empty(
                BytesStart::new("skipped").with_attributes([("message", why)]),
            ))?;
        }
        if !listing.is_empty() {
            element(writer, "system-out", &[], &listing)?;
        }
    }
    writer.write_event(Event::End(BytesEnd::new("testcase")))?;
    Ok(())
}

fn element<W: Write>(
    writer: &mut Writer<W>,
    name: &str,
    attributes: &[(&str, &str)],
    text: &str,
) -> io::Result<()> {
    writer.write_event(Event::Start(
        BytesStart::new(name).with_attributes(attributes.iter().copied()),
    ))?;
    writer.write_event(Event::Text(BytesText::new(text)))?;
    writer.write_event(Event::End(BytesEnd::new(name)))?;
    Ok(())
}

/// Every finding as the text format writes it, then the advisories.
fn listing(file: &str, findings: &[Finding], advisories: &[String]) -> String {
    let mut lines: Vec<String> = findings
        .iter()
        .map(|f| {
            let severity = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            format!(
                "{file}:{}:{}: {severity} {} {}\n    {}\n    hint: {}",
                f.line, f.column, f.rule, f.path, f.message, f.hint
            )
        })
        .collect();
    lines.extend(advisories.iter().map(|a| format!("advisory: {a}")));
    lines.join("\n")
}
