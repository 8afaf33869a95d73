//! `--format sarif`: a SARIF 2.1.0 log, so code-scanning tools show each
//! finding inline. One run; `tool.driver.rules` is the whole CX catalogue
//! (id, summary as `shortDescription`, default hint as `help`, severity as
//! `defaultConfiguration.level`); each finding is a `result` with its rule,
//! level, message and location (file as `artifactLocation.uri`, line and
//! column as the `region`, element path as a logical location). Notes
//! about the check itself (unreadable file, substituted DTD version, DTD
//! not checked) are the invocation's `toolExecutionNotifications`. The
//! log is built from serde-sarif's types, generated from the SARIF schema.

use std::io::{self, Write};

use cxml::{Finding, Severity, rules::catalogue};
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, LogicalLocation, Message, MultiformatMessageString,
    Notification, PhysicalLocation, Region, ReportingConfiguration, ReportingDescriptor, Result,
    ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use super::outcome::FileOutcome;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn write(out: &mut impl Write, outcomes: &[FileOutcome]) -> io::Result<()> {
    let log = Sarif::builder()
        .schema(SCHEMA)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run(outcomes)])
        .build();
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn run(outcomes: &[FileOutcome]) -> Run {
    let rules: Vec<ReportingDescriptor> = catalogue()
        .iter()
        .map(|info| {
            ReportingDescriptor::builder()
                .id(info.id.as_str())
                .short_description(text(info.summary))
                .help(text(info.hint))
                .default_configuration(
                    ReportingConfiguration::builder()
                        .level(serde_json::json!(level_name(info.severity)))
                        .build(),
                )
                .build()
        })
        .collect();
    let results: Vec<Result> = outcomes
        .iter()
        .flat_map(|o| {
            let uri = uri(&o.file);
            o.report
                .iter()
                .flat_map(|r| &r.findings)
                .map(move |f| result(&uri, f))
        })
        .collect();
    let notifications: Vec<Notification> = outcomes.iter().flat_map(notifications).collect();
    let driver = ToolComponent::builder()
        .name("procsim")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let invocation = Invocation::builder()
        .execution_successful(outcomes.iter().all(|o| o.error.is_none()))
        .tool_execution_notifications(notifications)
        .build();
    Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .invocations(vec![invocation])
        .results(results)
        .build()
}

fn result(uri: &str, f: &Finding) -> Result {
    let rule_index = catalogue()
        .iter()
        .position(|info| info.id == f.rule)
        .unwrap_or(0);
    let text = if f.hint.is_empty() {
        f.message.clone()
    } else {
        format!("{} (hint: {})", f.message, f.hint)
    };
    Result::builder()
        .rule_id(f.rule.as_str())
        .rule_index(i64::try_from(rule_index).unwrap_or(0))
        .level(match f.severity {
            Severity::Error => ResultLevel::Error,
            Severity::Warning => ResultLevel::Warning,
        })
        .message(message(text))
        .locations(vec![location(uri, f.line, f.column, &f.path)])
        .build()
}

fn notifications(o: &FileOutcome) -> Vec<Notification> {
    let note = |level: &str, text: &str| {
        Notification::builder()
            .level(serde_json::json!(level))
            .message(message(text.to_owned()))
            .locations(vec![location(&uri(&o.file), 0, 0, "")])
            .build()
    };
    let error = o.error.iter().map(|e| note("error", e));
    let advisories = o.advisories.iter().map(|a| note("warning", a));
    error.chain(advisories).collect()
}

/// SARIF lines and columns start at 1; a finding without a position
/// (line 0) gets no region rather than an invalid one.
fn location(uri: &str, line: u32, column: u32, path: &str) -> Location {
    let artifact = ArtifactLocation::builder().uri(uri).build();
    let physical = if line > 0 {
        let region = Region::builder()
            .start_line(i64::from(line))
            .start_column(i64::from(column.max(1)))
            .build();
        PhysicalLocation::builder()
            .artifact_location(artifact)
            .region(region)
            .build()
    } else {
        PhysicalLocation::builder()
            .artifact_location(artifact)
            .build()
    };
    let location = Location::builder().physical_location(physical);
    if path.is_empty() {
        location.build()
    } else {
        location
            .logical_locations(vec![
                LogicalLocation::builder()
                    .fully_qualified_name(path)
                    .kind("element")
                    .build(),
            ])
            .build()
    }
}

fn message(text: String) -> Message {
    Message::builder().text(text).build()
}

fn text(text: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A file name as a URI reference: relative paths stay relative (as code
/// scanners resolve them against the checkout), absolute ones become
/// `file://` URIs; characters a URI may not hold are percent-encoded.
fn uri(file: &str) -> String {
    if file == super::STDIN_NAME {
        return "stdin".to_owned();
    }
    let path = file.replace('\\', "/");
    let encoded: String = path
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn file_names_become_uri_references() {
        assert_eq!(uri("orders/po 1.xml"), "orders/po%201.xml");
        assert_eq!(uri("/tmp/a.xml"), "file:///tmp/a.xml");
        assert_eq!(uri("<stdin>"), "stdin");
    }
}
