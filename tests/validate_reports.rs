//! `procsim validate --format junit|sarif` and standard input: reports a
//! vendor's CI reads. Every SARIF log is validated against the official
//! SARIF 2.1.0 JSON schema (the copy the serde-sarif crate ships, found
//! through `cargo metadata`), besides the properties code scanners read.

use std::{
    io::Write,
    path::PathBuf,
    process::{Command, Output, Stdio},
};

use quick_xml::{Reader, events::Event};

const VALID: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.071/cXML.dtd\">\n\
<cXML payloadID=\"1@procsim.test\" timestamp=\"2025-01-01T00:00:00+00:00\">\
<Header><From><Credential domain=\"NetworkID\"><Identity>A</Identity></Credential></From>\
<To><Credential domain=\"NetworkID\"><Identity>B</Identity></Credential></To>\
<Sender><Credential domain=\"NetworkID\"><Identity>A</Identity></Credential>\
<UserAgent>test</UserAgent></Sender></Header>\
<Request deploymentMode=\"test\"><ProfileRequest/></Request></cXML>\n";

/// DTD-invalid: the Header has no Sender (line 3).
fn dtd_invalid() -> String {
    VALID.replace(
        "<Sender><Credential domain=\"NetworkID\"><Identity>A</Identity></Credential>\
         <UserAgent>test</UserAgent></Sender>",
        "",
    )
}

const MALFORMED: &str = "<cXML>\n  <Header>\n</cXML>\n";

struct Files {
    _dir: tempfile::TempDir,
    paths: Vec<PathBuf>,
}

fn files() -> Files {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = [
        ("valid.xml", VALID.to_owned()),
        ("invalid.xml", dtd_invalid()),
        ("broken.xml", MALFORMED.to_owned()),
    ]
    .into_iter()
    .map(|(name, text)| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        path
    })
    .collect();
    Files { _dir: dir, paths }
}

fn validate(format: &str, files: &[PathBuf], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_procsim"))
        .arg("validate")
        .arg("--dtd-dir")
        .arg(shared_fixtures::dtds())
        .args(["--format", format])
        .args(files)
        .args(stdin.map(|_| "-"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("procsim runs");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or("").as_bytes())
        .expect("write stdin");
    drop(input);
    child.wait_with_output().expect("procsim ends")
}

/// (element name, attributes) of every start or empty tag.
fn tags(xml: &[u8]) -> Vec<(String, Vec<(String, String)>)> {
    let mut reader = Reader::from_reader(xml);
    let mut tags = Vec::new();
    loop {
        match reader
            .read_event()
            .expect("JUnit output is well-formed XML")
        {
            Event::Start(e) | Event::Empty(e) => {
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        (
                            String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                            a.unescape_value().expect("value").into_owned(),
                        )
                    })
                    .collect();
                tags.push((
                    String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                    attrs,
                ));
            }
            Event::Eof => return tags,
            _ => {}
        }
    }
}

fn attr<'a>(tag: &'a (String, Vec<(String, String)>), name: &str) -> Option<&'a str> {
    tag.1
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn junit_has_one_testcase_per_file_and_a_failure_per_invalid_file() {
    shared_fixtures::skip_without_dtds!();
    let files = files();
    let out = validate("junit", &files.paths, None);
    assert_eq!(out.status.code(), Some(1));
    let tags = tags(&out.stdout);
    let suite = tags.iter().find(|t| t.0 == "testsuite").expect("testsuite");
    assert_eq!(attr(suite, "tests"), Some("3"));
    assert_eq!(attr(suite, "failures"), Some("2"));
    assert_eq!(attr(suite, "errors"), Some("0"));
    let cases: Vec<_> = tags.iter().filter(|t| t.0 == "testcase").collect();
    assert_eq!(cases.len(), 3);
    assert!(attr(cases[0], "name").is_some_and(|n| n.ends_with("valid.xml")));
    let failures: Vec<_> = tags.iter().filter(|t| t.0 == "failure").collect();
    assert_eq!(failures.len(), 2);
    assert_eq!(attr(failures[0], "type"), Some("CX002"));
    assert!(
        attr(failures[0], "message").is_some_and(|m| m.starts_with("CX002 3:")),
        "{failures:?}"
    );
    assert_eq!(attr(failures[1], "type"), Some("CX001"));
}

#[test]
fn sarif_is_a_2_1_0_log_with_rules_results_and_locations() {
    shared_fixtures::skip_without_dtds!();
    let files = files();
    let out = validate("sarif", &files.paths, None);
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_valid_sarif(&log);
    // Required by the SARIF 2.1.0 schema: version, runs, runs[].tool.driver.name,
    // results[].message.text; $schema lets tools recognise the file.
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif-2.1.0"))
    );
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "procsim");
    let rules = driver["rules"].as_array().expect("rules");
    assert!(rules.len() >= 29);
    for rule in rules {
        assert!(rule["id"].as_str().is_some_and(|id| id.starts_with("CX")));
        assert!(rule["shortDescription"]["text"].is_string());
        assert!(rule["help"]["text"].is_string());
    }
    let results = runs[0]["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for result in results {
        let id = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], id, "ruleIndex points at its rule");
        assert!(matches!(
            result["level"].as_str(),
            Some("error" | "warning")
        ));
        assert!(result["message"]["text"].is_string());
        let physical = &result["locations"][0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(
            uri.starts_with("file:///") && uri.ends_with(".xml"),
            "{uri}"
        );
        assert!(
            physical["region"]["startLine"]
                .as_u64()
                .is_some_and(|l| l >= 1)
        );
        assert!(
            physical["region"]["startColumn"]
                .as_u64()
                .is_some_and(|c| c >= 1)
        );
    }
    let invalid = results
        .iter()
        .find(|r| r["ruleId"] == "CX002")
        .expect("the DTD error");
    let physical = &invalid["locations"][0]["physicalLocation"];
    assert!(
        physical["artifactLocation"]["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("/invalid.xml"))
    );
    assert_eq!(physical["region"]["startLine"], 3);
    assert!(results.iter().any(|r| {
        r["ruleId"] == "CX001"
            && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| u.ends_with("/broken.xml"))
    }));
}

#[test]
fn a_document_can_come_from_standard_input() {
    shared_fixtures::skip_without_dtds!();
    let valid = validate("text", &[], Some(VALID));
    assert_eq!(valid.status.code(), Some(0));
    let text = String::from_utf8_lossy(&valid.stdout);
    assert!(
        text.contains("<stdin>: valid (ProfileRequest, cXML.dtd valid"),
        "{text}"
    );

    let invalid = validate("json", &[], Some(&dtd_invalid()));
    assert_eq!(invalid.status.code(), Some(1));
    let reports: serde_json::Value = serde_json::from_slice(&invalid.stdout).expect("json");
    assert_eq!(reports[0]["file"], "<stdin>");
    assert_eq!(reports[0]["valid"], false);

    let sarif = validate("sarif", &[], Some(&dtd_invalid()));
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("sarif");
    assert_valid_sarif(&log);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "stdin"
    );
}

/// The SARIF 2.1.0 schema as OASIS publishes it, from the serde-sarif
/// crate's sources (a dependency of procsim, so cargo has fetched it).
fn sarif_schema() -> serde_json::Value {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--manifest-path",
        ])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata");
    let manifest = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("serde-sarif is a dependency");
    let path = PathBuf::from(manifest).with_file_name("src/schema.json");
    let text = std::fs::read_to_string(&path).expect("serde-sarif ships the schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    schema
}

/// Every schema violation in `log`, as `at /pointer: what`.
fn sarif_violations(log: &serde_json::Value) -> Vec<String> {
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("sarif-schema-2.1.0.json", sarif_schema())
        .expect("schema added");
    let index = compiler
        .compile("sarif-schema-2.1.0.json", &mut schemas)
        .expect("schema compiles");
    match schemas.validate(log, index) {
        Ok(()) => Vec::new(),
        Err(error) => format!("{error:#}").lines().map(str::to_owned).collect(),
    }
}

fn assert_valid_sarif(log: &serde_json::Value) {
    let violations = sarif_violations(log);
    assert!(violations.is_empty(), "not SARIF 2.1.0: {violations:#?}");
}

#[test]
fn the_schema_check_refuses_what_sarif_does_not_allow() {
    shared_fixtures::skip_without_dtds!();
    let out = validate("sarif", &[], Some(&dtd_invalid()));
    let mut log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif");
    assert_valid_sarif(&log);
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    let violations = sarif_violations(&log).join("\n");
    assert!(
        violations.contains("/runs/0/results/0/level"),
        "{violations}"
    );
    assert!(violations.contains("startLine"), "{violations}");
}

#[test]
fn a_log_without_dtds_or_with_an_unreadable_file_is_still_sarif() {
    let home = tempfile::tempdir().expect("home");
    let missing = home.path().join("missing.xml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_procsim"))
        .args(["validate", "--format", "sarif", "-"])
        .arg(&missing)
        .env_remove("PROCSIM_DTD_DIR")
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("procsim runs");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(VALID.as_bytes()).expect("write stdin");
    drop(input);
    let out = child.wait_with_output().expect("procsim ends");
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif");
    assert_valid_sarif(&log);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    let texts: Vec<&str> = notes
        .iter()
        .filter_map(|n| n["message"]["text"].as_str())
        .collect();
    assert!(texts.iter().any(|t| t.contains("missing.xml")), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.contains("procsim dtd fetch")),
        "{texts:?}"
    );
}
