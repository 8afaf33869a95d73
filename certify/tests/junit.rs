//! The JUnit report is well-formed XML with the right counts, read back
//! with quick-xml; the JSON report has the documented top-level fields.

use certify::{CheckId, CheckResult, CheckStatus, Evidence, Report};
use quick_xml::{Reader, events::Event};

fn sample() -> Report {
    let checks = vec![
        CheckResult::pass(CheckId::Setup001, Evidence::said("cXML Status 200")),
        CheckResult::fail(
            CheckId::Auth001,
            Evidence::said("accepted: cXML 200 OK & <more>; it must be refused"),
        ),
        CheckResult::skipped(CheckId::Cart001, "skipped: --cart none"),
        CheckResult::judged(
            CheckId::Setup003,
            false,
            certify::Severity::Warning,
            Evidence::said("Header in Response"),
        ),
    ];
    Report::new(
        "coupa",
        "http://s.test/cxml",
        None,
        "2026-01-01T00:00:00Z".into(),
        checks,
    )
}

#[test]
fn junit_is_well_formed_with_one_testcase_per_check() {
    let report = sample();
    let xml = certify::render::junit(&report);
    let mut reader = Reader::from_str(&xml);
    let (mut suites, mut cases, mut failures, mut skipped) = (0, 0, 0, 0);
    let mut suite_attrs = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"testsuite" => {
                    suites += 1;
                    suite_attrs = e
                        .attributes()
                        .map(|a| {
                            let a = a.unwrap();
                            (
                                String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                                a.unescape_value().unwrap().into_owned(),
                            )
                        })
                        .collect();
                }
                b"testcase" => cases += 1,
                b"failure" => failures += 1,
                b"skipped" => skipped += 1,
                _ => {}
            },
            _ => {}
        }
    }
    assert_eq!((suites, cases, failures, skipped), (1, 4, 1, 1), "{xml}");
    let attr = |name: &str| {
        suite_attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(attr("tests"), "4");
    assert_eq!(attr("failures"), "1");
    assert_eq!(attr("skipped"), "1");
    assert!(xml.contains("CERT-AUTH-001"), "{xml}");
}

#[test]
fn json_has_the_documented_fields() {
    let report = sample();
    let json: serde_json::Value = serde_json::from_str(&certify::render::json(&report)).unwrap();
    assert_eq!(json["kind"], "supplier");
    assert_eq!(json["platform"], "coupa");
    assert_eq!(json["verdict"], "failed");
    assert_eq!(json["summary"]["failed"], 1);
    assert_eq!(json["summary"]["warning"], 1);
    let first = &json["checks"][0];
    assert_eq!(first["id"], "CERT-SETUP-001");
    assert_eq!(first["status"], "passed");
    assert_eq!(first["severity"], "error");
    for key in ["title", "evidence", "fix", "source"] {
        assert!(first.get(key).is_some(), "{key}");
    }
    for key in [
        "http_status",
        "cxml_status",
        "cxml_text",
        "elapsed_ms",
        "element",
        "detail",
        "journal_id",
    ] {
        assert!(first["evidence"].get(key).is_some(), "{key}");
    }
    assert_eq!(json["checks"][1]["status"], CheckStatus::Failed.as_str());
}
