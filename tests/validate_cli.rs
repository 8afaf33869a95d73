//! `procsim validate` as a user runs it: verdicts, locations, formats and
//! exit codes (0 valid, 1 invalid, 2 usage or I/O error).

use std::{
    ffi::OsStr,
    path::PathBuf,
    process::{Command, Output},
};

fn dtd_dir() -> PathBuf {
    shared_fixtures::dtds()
}

fn sample(name: &str) -> PathBuf {
    shared_fixtures::samples().join(name)
}

/// procsim with an empty DTD cache of its own, so only the DTDs a test
/// names are found.
fn procsim(args: &[&OsStr]) -> Output {
    let cache = tempfile::tempdir().expect("tempdir");
    Command::new(env!("CARGO_BIN_EXE_procsim"))
        .arg("validate")
        .args(args)
        .env_remove("PROCSIM_DTD_DIR")
        .env("XDG_CACHE_HOME", cache.path())
        .output()
        .expect("procsim runs")
}

fn validate(files: &[PathBuf], extra: &[&str]) -> Output {
    let dir = dtd_dir();
    let mut args: Vec<&OsStr> = vec![OsStr::new("--dtd-dir"), dir.as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    args.extend(files.iter().map(|f| f.as_os_str()));
    procsim(&args)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_valid_document_exits_0() {
    shared_fixtures::skip_without_dtds!();
    shared_fixtures::skip_without_samples!();
    let out = validate(&[sample("officeluv-cxml/order_request.xml")], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("order_request.xml: valid (OrderRequest, cXML.dtd valid"));
}

#[test]
fn a_dtd_invalid_document_exits_1_with_line_column_rule_and_path() {
    shared_fixtures::skip_without_dtds!();
    shared_fixtures::skip_without_samples!();
    let out = validate(&[sample("cxml-php/CXmlTest-order_request.xml")], &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("CXmlTest-order_request.xml:57:25: error CX002 /cXML/Request/OrderRequest/OrderRequestHeader/Payment"), "{text}");
    assert!(
        text.contains("expecting (PCard), got (PaymentReference )"),
        "{text}"
    );
    assert!(text.contains("hint: "), "{text}");
}

#[test]
fn a_malformed_document_reports_line_and_column() {
    shared_fixtures::skip_without_dtds!();
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("broken.xml");
    std::fs::write(
        &file,
        "<cXML payloadID=\"x\">\n  <Header>\n    <From></To>\n",
    )
    .expect("write");
    let out = validate(&[file], &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("broken.xml: invalid (not well-formed"),
        "{text}"
    );
    assert!(text.contains("broken.xml:3:"), "{text}");
    assert!(text.contains("error CX001"), "{text}");
}

#[test]
fn json_gives_one_object_per_file_agreeing_with_libxml2() {
    shared_fixtures::skip_without_dtds!();
    shared_fixtures::skip_without_samples!();
    let verdicts = std::fs::read_to_string(sample("VERDICTS.tsv")).expect("verdicts");
    let rows: Vec<(String, bool)> = verdicts
        .lines()
        .skip(1)
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols[0].to_owned(), cols[3] == "valid")
        })
        .collect();
    let files: Vec<PathBuf> = rows.iter().map(|(f, _)| sample(f)).collect();
    let out = validate(&files, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "some samples are invalid");
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let reports = reports.as_array().expect("array");
    assert_eq!(reports.len(), rows.len());
    for (report, (file, libxml2_valid)) in reports.iter().zip(&rows) {
        assert!(
            report["file"]
                .as_str()
                .is_some_and(|f| f.ends_with(file.as_str()))
        );
        assert_eq!(report["dtd_valid"], *libxml2_valid, "{file}");
        assert_eq!(
            report["valid"], *libxml2_valid,
            "{file}: the verdict is libxml2's"
        );
        assert!(report["findings"].is_array());
    }
}

#[test]
fn the_dtd_directory_can_come_from_the_environment() {
    shared_fixtures::skip_without_dtds!();
    shared_fixtures::skip_without_samples!();
    let out = Command::new(env!("CARGO_BIN_EXE_procsim"))
        .arg("validate")
        .arg(sample("officeluv-cxml/order_request.xml"))
        .env("PROCSIM_DTD_DIR", dtd_dir())
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    shared_fixtures::skip_without_dtds!();
    shared_fixtures::skip_without_samples!();
    let missing = validate(&[PathBuf::from("/nonexistent/order.xml")], &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("cannot read /nonexistent/order.xml")
    );

    let order = sample("officeluv-cxml/order_request.xml");
    let no_dtds = procsim(&[order.as_os_str()]);
    assert_eq!(no_dtds.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_dtds.stderr).contains("PROCSIM_DTD_DIR"));

    let no_files = validate(&[], &[]);
    assert_eq!(no_files.status.code(), Some(2));

    let bad_format = validate(
        &[sample("officeluv-cxml/order_request.xml")],
        &["--format", "yaml"],
    );
    assert_eq!(bad_format.status.code(), Some(2));

    let order = sample("officeluv-cxml/order_request.xml");
    let wrong_dir = procsim(&[
        OsStr::new("--dtd-dir"),
        OsStr::new("/nonexistent"),
        order.as_os_str(),
    ]);
    assert_eq!(wrong_dir.status.code(), Some(2));
}

#[test]
fn coupa_receiver_applies_the_po_reference_rule() {
    shared_fixtures::skip_without_dtds!();
    shared_fixtures::skip_without_samples!();
    // One of this invoice's orders has no OrderReference payloadID: only a
    // Coupa receiver (which matches invoices to POs by it) cares.
    let invoice = sample("officeluv-cxml/invoice_backed_and_unbacked_by_pos.xml");
    let plain = stdout(&validate(std::slice::from_ref(&invoice), &[]));
    let coupa = stdout(&validate(&[invoice], &["--receiver", "coupa"]));
    assert!(!plain.contains("CX071"), "{plain}");
    assert!(coupa.contains("error CX071"), "{coupa}");
}

#[test]
fn rule_errors_are_reported_and_count_as_invalid_only_with_strict() {
    shared_fixtures::skip_without_dtds!();
    shared_fixtures::skip_without_samples!();
    // DTD-valid, but its Total is not the sum of its lines (CX047).
    let file = sample("cxml-php/CXmlTest-poom.xml");
    let out = validate(std::slice::from_ref(&file), &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("CXmlTest-poom.xml: valid (PunchOutOrderMessage, cXML.dtd valid; 1 error(s)"),
        "{text}"
    );
    assert!(text.contains("error CX047"), "{text}");
    assert!(text.contains("invalid with --strict"), "{text}");

    let strict = validate(std::slice::from_ref(&file), &["--strict"]);
    let text = stdout(&strict);
    assert_eq!(strict.status.code(), Some(1), "{text}");
    assert!(
        text.contains("CXmlTest-poom.xml: invalid (PunchOutOrderMessage, cXML.dtd valid"),
        "{text}"
    );
    assert!(!text.contains("--strict"), "{text}");

    let json = validate(&[file], &["--strict", "--format", "json"]);
    let reports: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(reports[0]["valid"], false);
    assert_eq!(reports[0]["dtd_valid"], true);
}

#[test]
fn a_document_over_the_size_limit_is_its_own_finding_and_not_read() {
    shared_fixtures::skip_without_dtds!();
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.xml");
    let mut body = b"<cXML>".to_vec();
    body.resize(16 * 1024 * 1024 + 10, b' ');
    std::fs::write(&big, &body).expect("write");
    let out = validate(std::slice::from_ref(&big), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        report[0]["well_formed"],
        serde_json::Value::Null,
        "unread: nobody can say whether it is well-formed"
    );
    assert_eq!(report[0]["valid"], false);
    assert_eq!(report[0]["findings"][0]["rule"], "CX005");
    assert_eq!(report[0]["findings"].as_array().map(Vec::len), Some(1));
    let text = stdout(&validate(&[big], &[]));
    assert!(
        text.contains("big.xml: invalid (not read: over the size limit;"),
        "{text}"
    );
    assert!(!text.contains("not well-formed"), "{text}");
}
