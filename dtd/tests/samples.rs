//! Every public sample gets libxml2's verdict (`VERDICTS.tsv`), and for
//! invalid ones our first error is libxml2's: same line, same element, same
//! message (the TSV may cut messages short, so theirs must prefix ours).

mod common;

use std::collections::HashMap;
use std::fs;

/// One row of `VERDICTS.tsv`.
struct Row {
    file: String,
    dtd: String,
    valid: bool,
    first_error: String,
}

fn rows() -> Vec<Row> {
    let path = common::samples_dir().join("VERDICTS.tsv");
    let text = fs::read_to_string(&path).expect("VERDICTS.tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} column"))
    };
    let (file, dtd, verdict, first) = (col("file"), col("dtd"), col("verdict"), col("first_error"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let cell = |i: usize| cells.get(i).copied().unwrap_or("").to_owned();
            Row {
                file: cell(file),
                dtd: cell(dtd),
                valid: match cell(verdict).as_str() {
                    "valid" => true,
                    "invalid" => false,
                    other => panic!("unknown verdict {other:?}"),
                },
                first_error: cell(first),
            }
        })
        .collect()
}

/// `57: element Payment: validity error : Element Payment content ...`
fn split_libxml2_error(text: &str) -> (u32, &str, &str) {
    let (line, rest) = text.split_once(": element ").expect("line and element");
    let (element, message) = rest.split_once(": validity error : ").expect("message");
    (
        line.trim().parse().expect("line number"),
        element,
        message.trim_end(),
    )
}

#[test]
fn every_sample_gets_libxml2s_verdict_and_first_error() {
    shared_fixtures::skip_without_samples!();
    shared_fixtures::skip_without_dtds!();
    let rows = rows();
    assert!(rows.len() >= 30, "only {} rows", rows.len());
    let mut dtds: HashMap<String, dtd::Dtd> = HashMap::new();
    let samples = common::samples_dir();
    let mut checked = 0;
    for row in &rows {
        let dtd = dtds
            .entry(row.dtd.clone())
            .or_insert_with(|| common::load_dtd(&row.dtd));
        let xml = fs::read(samples.join(&row.file)).unwrap_or_else(|e| panic!("{}: {e}", row.file));
        let verdict = dtd.validate(&xml);
        if row.valid {
            assert_eq!(verdict, dtd::Verdict::Valid, "{} should be valid", row.file);
        } else {
            let dtd::Verdict::Invalid(errors) = verdict else {
                panic!("{} should be invalid, got {verdict:?}", row.file);
            };
            let (line, element, message) = split_libxml2_error(&row.first_error);
            let first = &errors[0];
            assert_eq!(first.line, line, "{}: {first:?}", row.file);
            assert_eq!(first.element, element, "{}: {first:?}", row.file);
            assert!(
                first.message.starts_with(message),
                "{}: ours {:?}, libxml2 {:?}",
                row.file,
                first.message,
                message
            );
        }
        checked += 1;
    }
    assert_eq!(checked, rows.len());
}

#[test]
fn content_errors_carry_path_and_model() {
    shared_fixtures::skip_without_samples!();
    shared_fixtures::skip_without_dtds!();
    let dtd = common::load_dtd("cXML.dtd");
    let path = common::samples_dir().join("cxml-php/CXmlTest-order_request.xml");
    let xml = fs::read(path).expect("sample");
    let dtd::Verdict::Invalid(errors) = dtd.validate(&xml) else {
        panic!("sample should be invalid");
    };
    let first = &errors[0];
    assert_eq!(
        first.path,
        "/cXML/Request/OrderRequest/OrderRequestHeader/Payment"
    );
    assert_eq!(first.expected.as_deref(), Some("(PCard)"));
    assert_eq!(
        first.message,
        "Element Payment content does not follow the DTD, expecting (PCard), got (PaymentReference )"
    );
    assert_eq!((first.line, first.column), (57, 25));
}
