//! `--format sarif`: a SARIF 2.1.0 log, so code-scanning tools show each
//! finding inline. One run; `tool.driver.rules` is the whole CX catalogue
//! (id, summary as `shortDescription`, default hint as `help`, severity as
//! `defaultConfiguration.level`); each finding is a `result` with its rule,
//! level, message and location (file as `artifactLocation.uri`, line and
//! column as the `region`, element path as a logical location). Notes
//! about the check itself (unreadable file, substituted DTD version, DTD
//! not checked) are the invocation's `toolExecutionNotifications`.

use std::io::{self, Write};

use cxml::{Finding, Severity, rules::catalogue};
use serde::Serialize;

use super::outcome::FileOutcome;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
struct Run {
    tool: Tool,
    invocations: Vec<Invocation>,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text,
    help: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
    kind: &'static str,
}

pub fn write(out: &mut impl Write, outcomes: &[FileOutcome]) -> io::Result<()> {
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![run(outcomes)],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn run(outcomes: &[FileOutcome]) -> Run {
    let rules = catalogue()
        .iter()
        .map(|info| Rule {
            id: info.id.as_str(),
            short_description: Text {
                text: info.summary.to_owned(),
            },
            help: Text {
                text: info.hint.to_owned(),
            },
            default_configuration: Configuration {
                level: level(info.severity),
            },
        })
        .collect();
    let results = outcomes
        .iter()
        .flat_map(|o| {
            let uri = uri(&o.file);
            o.report
                .iter()
                .flat_map(|r| &r.findings)
                .map(move |f| result(&uri, f))
        })
        .collect();
    let notifications = outcomes.iter().flat_map(notifications).collect();
    Run {
        tool: Tool {
            driver: Driver {
                name: "procsim",
                version: env!("CARGO_PKG_VERSION"),
                rules,
            },
        },
        invocations: vec![Invocation {
            execution_successful: outcomes.iter().all(|o| o.error.is_none()),
            tool_execution_notifications: notifications,
        }],
        results,
    }
}

fn result(uri: &str, f: &Finding) -> SarifResult {
    let rule_index = catalogue()
        .iter()
        .position(|info| info.id == f.rule)
        .unwrap_or(0);
    let message = if f.hint.is_empty() {
        f.message.clone()
    } else {
        format!("{} (hint: {})", f.message, f.hint)
    };
    SarifResult {
        rule_id: f.rule.as_str(),
        rule_index,
        level: level(f.severity),
        message: Text { text: message },
        locations: vec![location(uri, f.line, f.column, &f.path)],
    }
}

fn notifications(o: &FileOutcome) -> Vec<Notification> {
    let at = || vec![location(&uri(&o.file), 0, 0, "")];
    let error = o.error.iter().map(|e| Notification {
        level: "error",
        message: Text { text: e.clone() },
        locations: at(),
    });
    let advisories = o.advisories.iter().map(|a| Notification {
        level: "warning",
        message: Text { text: a.clone() },
        locations: at(),
    });
    error.chain(advisories).collect()
}

/// SARIF lines and columns start at 1; a finding without a position
/// (line 0) gets no region rather than an invalid one.
fn location(uri: &str, line: u32, column: u32, path: &str) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri.to_owned(),
            },
            region: (line > 0).then_some(Region {
                start_line: line,
                start_column: column.max(1),
            }),
        },
        logical_locations: if path.is_empty() {
            Vec::new()
        } else {
            vec![LogicalLocation {
                fully_qualified_name: path.to_owned(),
                kind: "element",
            }]
        },
    }
}

fn level(severity: Severity) -> &'static str {
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
