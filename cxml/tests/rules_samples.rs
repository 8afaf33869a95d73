//! The rules run over real-world samples and report what is really wrong
//! with them, at the right place.

use std::path::PathBuf;

use cxml::rules::{self, Arrival, Finding, Platform, RuleContext, RuleId, Severity};
use cxml::transport::FormEncoding;
use cxml::tree;

/// The public samples; each test using them starts with
/// `shared_fixtures::skip_without_samples!()`.
fn samples_dir() -> PathBuf {
    shared_fixtures::samples()
}

fn check(rel: &str, ctx: &RuleContext) -> Vec<Finding> {
    let bytes = std::fs::read(samples_dir().join(rel)).expect("the sample file is readable");
    rules::check(
        &tree::parse(&bytes).expect("the sample parses into a tree"),
        ctx,
    )
}

/// (rule, line, column) of each finding, in order.
fn summary(findings: &[Finding]) -> Vec<(&'static str, u32, u32)> {
    findings
        .iter()
        .map(|f| (f.rule.as_str(), f.line, f.column))
        .collect()
}

#[test]
fn coupa_setup_request_has_a_non_iso_timestamp_and_no_deployment_mode() {
    shared_fixtures::skip_without_samples!();
    let found = check(
        "officeluv-cxml/punch_out_setup_request_doc_coupa.xml",
        &RuleContext::default(),
    );
    assert_eq!(summary(&found), [("CX011", 3, 1), ("CX012", 23, 1)]);
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(found[0].path, "/cXML");
    assert!(found[0].message.contains("Mon May 19 18:29:48 +0000 2008"));
    assert_eq!(found[1].severity, Severity::Warning);
    assert_eq!(found[1].path, "/cXML/Request");
}

#[test]
fn office_depot_cart_leaks_its_secret_and_misstates_its_total() {
    shared_fixtures::skip_without_samples!();
    let found = check(
        "officeluv-cxml/punch_out_order_message_doc.xml",
        &RuleContext::default(),
    );
    assert_eq!(
        summary(&found),
        [
            ("CX003", 2, 3),
            ("CX004", 2, 3),
            ("CX020", 17, 11),
            ("CX012", 22, 5),
            ("CX047", 28, 19)
        ]
    );
    assert_eq!(found[0].message, "root element is <cxml>, not <cXML>");
    assert_eq!(found[2].path, "/cxml/Header/Sender/Credential/SharedSecret");
    assert_eq!(found[4].message, "Total is 5.35 but the lines add up to 0");
}

#[test]
fn php_cart_total_and_unspsc() {
    shared_fixtures::skip_without_samples!();
    let found = check("cxml-php/CXmlTest-poom.xml", &RuleContext::default());
    assert_eq!(
        summary(&found),
        [
            ("CX012", 22, 5),
            ("CX047", 27, 21),
            ("CX043", 56, 21),
            ("CX043", 70, 21)
        ]
    );
    assert_eq!(
        found[1].message,
        "Total is 763.20 but the lines add up to 3420.60"
    );
    assert_eq!(
        found[3].path,
        "/cXML/Message/PunchOutOrderMessage/ItemIn[2]/ItemDetail/Classification"
    );
}

#[test]
fn advanced_pricing_cart_uses_a_non_rec20_unit() {
    shared_fixtures::skip_without_samples!();
    let found = check(
        "cxml-php/metadata-PunchoutOrderMessageAdvancedPricing.xml",
        &RuleContext::default(),
    );
    let units: Vec<&Finding> = found.iter().filter(|f| f.rule == RuleId::Cx045).collect();
    assert_eq!(units.len(), 1);
    assert_eq!(
        units[0].message,
        "UnitOfMeasure `BOX` is not a UN/CEFACT Rec 20 code"
    );
    assert!(units[0].path.ends_with("PriceBasisQuantity/UnitOfMeasure"));
    // Priced per basis quantity: the total is not judged.
    assert!(found.iter().all(|f| f.rule != RuleId::Cx047));
}

#[test]
fn invoice_arithmetic() {
    shared_fixtures::skip_without_samples!();
    let found = check(
        "officeluv-cxml/invoice_backed_and_unbacked_by_pos.xml",
        &RuleContext::default(),
    );
    let cx070: Vec<&str> = found
        .iter()
        .filter(|f| f.rule == RuleId::Cx070)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        cx070,
        [
            "SubtotalAmount is 200 but quantity x UnitPrice = 300",
            "NetAmount is 0 but Gross - Discount = 220.00",
        ]
    );
    let zulu = found.iter().filter(|f| f.rule == RuleId::Cx010).count();
    assert_eq!(zulu, 3);
    let found = check(
        "officeluv-cxml/invoice_taxes_at_line_multiple_taxes.xml",
        &RuleContext::default(),
    );
    assert!(
        found
            .iter()
            .any(|f| f.rule == RuleId::Cx011 && f.message.contains("invoice_date"))
    );
}

#[test]
fn invoice_for_coupa_needs_the_po_reference() {
    shared_fixtures::skip_without_samples!();
    let rel = "officeluv-cxml/invoice_backed_and_unbacked_by_pos.xml";
    let coupa = RuleContext {
        receiver: Some(Platform::Coupa),
        ..RuleContext::default()
    };
    let found: Vec<Finding> = check(rel, &coupa)
        .into_iter()
        .filter(|f| f.rule == RuleId::Cx071)
        .collect();
    // The second order is backed by a master agreement, not a PO.
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].path,
        "/cXML/Request/InvoiceDetailRequest/InvoiceDetailOrder[2]/InvoiceDetailOrderInfo"
    );
    assert!(
        check(rel, &RuleContext::default())
            .iter()
            .all(|f| f.rule != RuleId::Cx071)
    );
}

#[test]
fn order_total_counts_every_line() {
    shared_fixtures::skip_without_samples!();
    let found = check(
        "officeluv-cxml/purchase_order_request_200.xml",
        &RuleContext::default(),
    );
    assert_eq!(summary(&found), [("CX047", 33, 16)]);
    assert_eq!(
        found[0].message,
        "Total is 1505.0 but the lines add up to 4515.0"
    );
}

#[test]
fn clean_samples_stay_clean() {
    shared_fixtures::skip_without_samples!();
    for rel in [
        "cxml-php/metadata-OrderRequest.xml",
        "cxml-php/CXmlTest-order_request.xml",
    ] {
        assert!(check(rel, &RuleContext::default()).is_empty(), "{rel}");
    }
}

#[test]
fn transport_facts_add_findings() {
    shared_fixtures::skip_without_samples!();
    let rel = "cxml-php/CXmlTest-poom.xml";
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(samples_dir().join(rel)).unwrap());
    bytes.extend("<!-- caf\u{e9} -->".as_bytes());
    let doc = tree::parse(&bytes).unwrap();
    let ctx = RuleContext {
        arrival: Some(Arrival::Form(FormEncoding::UrlEncoded)),
        double_url_encoded: true,
        ..RuleContext::default()
    };
    let found = rules::check(&doc, &ctx);
    let wire: Vec<(&str, u32)> = found
        .iter()
        .filter(|f| f.rule.as_str().starts_with("CX05"))
        .map(|f| (f.rule.as_str(), f.line))
        .collect();
    assert_eq!(wire, [("CX052", 1), ("CX051", 3), ("CX050", 76)]);
}

#[test]
fn findings_serialise_for_json_output() {
    shared_fixtures::skip_without_samples!();
    let found = check(
        "officeluv-cxml/punch_out_setup_request_doc_coupa.xml",
        &RuleContext::default(),
    );
    let json = serde_json::to_value(&found[1]).unwrap();
    assert_eq!(json["rule"], "CX012");
    assert_eq!(json["severity"], "warning");
    assert_eq!(json["line"], 23);
    assert!(json["hint"].as_str().unwrap().contains("deploymentMode"));
    let back: Finding = serde_json::from_value(json).unwrap();
    assert_eq!(back, found[1]);
}

#[test]
fn catalogue_lists_every_rule_once() {
    let ids: Vec<&str> = rules::catalogue().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.first(), Some(&"CX001"));
    assert_eq!(ids.last(), Some(&"CX072"));
    assert!(ids.contains(&"CX047"));
    assert!(
        rules::catalogue()
            .iter()
            .all(|r| !r.summary.is_empty() && !r.hint.is_empty())
    );
}

#[test]
fn two_threads_sharing_the_rules_find_what_one_finds() {
    shared_fixtures::skip_without_samples!();
    let mut compared = 0;
    for dir in std::fs::read_dir(samples_dir()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_none_or(|e| e != "xml") {
                continue;
            }
            let Ok(doc) = tree::parse(&std::fs::read(&path).unwrap()) else {
                continue;
            };
            for ctx in [
                RuleContext::default(),
                RuleContext {
                    receiver: Some(Platform::Coupa),
                    ..RuleContext::default()
                },
            ] {
                let share = rules::Share::default();
                let shared = std::thread::scope(|scope| {
                    let other = scope.spawn(|| share.check(&doc, &ctx));
                    let mine = share.check(&doc, &ctx);
                    rules::merge(mine, other.join().unwrap())
                });
                assert_eq!(shared, rules::check(&doc, &ctx), "{}", path.display());
            }
            compared += 1;
        }
    }
    assert!(compared > 20, "only {compared} samples compared");
}
