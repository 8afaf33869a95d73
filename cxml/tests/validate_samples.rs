//! `cxml::validate` on every public sample: the DTD verdict, first error
//! line and wording agree with libxml2's (VERDICTS.tsv); the overall
//! verdict differs only where a CONFORMANCE error rule fires, and exactly
//! those rules are pinned here so a change in either is noticed.

mod support;

use std::collections::BTreeMap;

use cxml::{RuleContext, Severity, validate::validate};

struct Row {
    file: String,
    valid: bool,
    first_error_line: Option<u32>,
    first_error_text: Option<String>,
}

fn verdicts() -> Vec<Row> {
    let text = std::fs::read_to_string(support::samples_dir().join("VERDICTS.tsv"))
        .expect("the samples folder has a readable VERDICTS.tsv");
    text.lines()
        .skip(1)
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let first_error = cols.get(4).filter(|e| !e.is_empty());
            Row {
                file: cols[0].to_owned(),
                valid: cols[3] == "valid",
                first_error_line: first_error.map(|e| {
                    e.split(':')
                        .next()
                        .expect("splitting always yields a first part")
                        .parse()
                        .expect("the first error in VERDICTS.tsv starts with its line number")
                }),
                first_error_text: first_error
                    .and_then(|e| e.split_once("validity error : "))
                    .map(|(_, text)| text.to_owned()),
            }
        })
        .collect()
}

#[test]
fn dtd_verdicts_agree_with_libxml2_on_every_sample() {
    shared_fixtures::skip_without_dtds!();
    shared_fixtures::skip_without_samples!();
    let rows = verdicts();
    assert!(rows.len() >= 30, "VERDICTS.tsv lists every sample");
    for row in rows {
        let bytes = std::fs::read(support::samples_dir().join(&row.file)).unwrap();
        let report = validate(&bytes, support::catalog(), &RuleContext::default()).unwrap();
        assert_eq!(
            report.dtd_valid,
            Some(row.valid),
            "{}: {report:#?}",
            row.file
        );
        let first = report.findings.iter().find(|f| f.rule.as_str() == "CX002");
        assert_eq!(first.map(|f| f.line), row.first_error_line, "{}", row.file);
        if let (Some(first), Some(expected)) = (first, &row.first_error_text) {
            assert!(
                first.message.starts_with(expected.as_str()),
                "{}: ours {:?}, libxml2 {:?}",
                row.file,
                first.message,
                expected
            );
        }
    }
}

/// Error-rule findings (other than CX002) per sample. Every one was read in
/// the sample: totals that do not add up, empty Money elements, a date
/// that is not a date, a lowercase root, a shared secret in a cart.
fn expected_rule_errors() -> BTreeMap<&'static str, Vec<&'static str>> {
    BTreeMap::from([
        ("cxml-php/CXmlTest-poom.xml", vec!["CX047"]),
        ("cxml-php/metadata-PunchoutOrderMessage.xml", vec!["CX047"]),
        (
            "officeluv-cxml/invoice_backed_and_unbacked_by_pos.xml",
            vec!["CX070", "CX070"],
        ),
        (
            "officeluv-cxml/invoice_backed_by_multiple_pos.xml",
            vec!["CX070"],
        ),
        ("officeluv-cxml/invoice_taxes_at_line.xml", vec!["CX070"]),
        (
            "officeluv-cxml/invoice_taxes_at_line_multiple_taxes.xml",
            vec!["CX011", "CX070", "CX070", "CX070"],
        ),
        ("officeluv-cxml/invoice_taxes_at_total.xml", vec!["CX070"]),
        ("officeluv-cxml/item_in.xml", vec!["CX003"]),
        (
            "officeluv-cxml/punch_out_order_message_doc.xml",
            vec!["CX003", "CX020", "CX047"],
        ),
        (
            "officeluv-cxml/punch_out_setup_request_doc_coupa.xml",
            vec!["CX011"],
        ),
        (
            "officeluv-cxml/purchase_order_request_200.xml",
            vec!["CX047"],
        ),
    ])
}

#[test]
fn overall_verdict_is_dtd_verdict_plus_the_error_rules() {
    shared_fixtures::skip_without_dtds!();
    shared_fixtures::skip_without_samples!();
    let expected = expected_rule_errors();
    for row in verdicts() {
        let bytes = std::fs::read(support::samples_dir().join(&row.file)).unwrap();
        let report = validate(&bytes, support::catalog(), &RuleContext::default()).unwrap();
        let mut rule_errors: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && f.rule.as_str() != "CX002")
            .map(|f| f.rule.as_str())
            .collect();
        rule_errors.sort_unstable();
        let pinned = expected.get(row.file.as_str()).cloned().unwrap_or_default();
        assert_eq!(rule_errors, pinned, "{}", row.file);
        assert_eq!(
            report.is_valid(),
            row.valid && pinned.is_empty(),
            "{}",
            row.file
        );
        assert_eq!(report.is_dtd_valid(), row.valid, "{}", row.file);
        assert_eq!(report.rule_errors(), pinned.len(), "{}", row.file);
    }
}

#[test]
fn not_well_formed_is_cx001_with_line_and_column() {
    shared_fixtures::skip_without_dtds!();
    let xml = b"<?xml version=\"1.0\"?>\n<cXML payloadID=\"1\" timestamp=\"2025-01-01T00:00:00-08:00\">\n  <Header>\n  </Hedaer>\n</cXML>\n";
    let report = validate(xml, support::catalog(), &RuleContext::default()).unwrap();
    assert_eq!(report.well_formed, Some(false));
    assert_eq!(report.dtd_valid, None);
    assert_eq!(report.findings.len(), 1);
    let f = &report.findings[0];
    assert_eq!((f.rule.as_str(), f.line), ("CX001", 4));
    assert!(
        f.column >= 3,
        "column points into the bad end tag: {}",
        f.column
    );
    assert!(!report.is_valid());
}

#[test]
fn invoices_are_checked_against_invoice_detail_dtd() {
    shared_fixtures::skip_without_dtds!();
    shared_fixtures::skip_without_samples!();
    let bytes =
        std::fs::read(support::samples_dir().join("officeluv-cxml/invoice_taxes_at_total.xml"))
            .unwrap();
    let report = validate(&bytes, support::catalog(), &RuleContext::default()).unwrap();
    assert_eq!(
        report.document_type.as_deref(),
        Some("InvoiceDetailRequest")
    );
    assert_eq!(report.dtd, Some("InvoiceDetail.dtd"));
}

#[test]
fn a_missing_dtd_directory_is_a_catalog_error_not_a_verdict() {
    shared_fixtures::skip_without_samples!();
    let catalog = cxml::DtdCatalog::new("/nonexistent/procsim-dtds");
    let bytes =
        std::fs::read(support::samples_dir().join("officeluv-cxml/order_request.xml")).unwrap();
    let err = validate(&bytes, &catalog, &RuleContext::default()).unwrap_err();
    assert!(err.to_string().contains("cXML.dtd"), "{err}");
}
