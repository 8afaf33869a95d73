//! Line-item rules: part ids (CX040, CX041), descriptions (CX042),
//! UNSPSC (CX043), unit price precision (CX044), units of measure (CX045)
//! and quantities (CX046). Totals are in `totals`.

use std::borrow::Cow;

use super::decimal::Decimal;
use super::units::is_rec20;
use super::{Finding, RuleId};
use crate::tree::{Element, Index};

const MAX_PART_ID_CHARS: usize = 100;
const MAX_DESCRIPTION_CHARS: usize = 255;
const MAX_PRICE_DECIMALS: u32 = 4;

/// CX040 and CX041 on SupplierPartID and SupplierPartAuxiliaryID.
pub(super) fn part_ids(doc: &Index<'_>, out: &mut Vec<Finding>) {
    for suffix in ["ItemID/SupplierPartID", "ItemID/SupplierPartAuxiliaryID"] {
        for (el, left) in lines(doc, suffix) {
            let id = el.trimmed_text();
            if let Some(bad) = id.chars().find(|c| matches!(c, '?' | '{' | '}')) {
                note(
                    out,
                    left,
                    Finding::at(
                        RuleId::Cx040,
                        el,
                        format!("{} `{}` contains `{bad}`", el.name(), clip(id)),
                    ),
                );
            }
            let len = id.chars().count();
            if len > MAX_PART_ID_CHARS {
                note(
                    out,
                    left,
                    Finding::at(
                        RuleId::Cx041,
                        el,
                        format!(
                            "{} is {len} characters long (limit {MAX_PART_ID_CHARS})",
                            el.name()
                        ),
                    ),
                );
            }
        }
    }
}

/// CX042 on item descriptions (cart, order and invoice lines).
pub(super) fn descriptions(doc: &Index<'_>, out: &mut Vec<Finding>) {
    for suffix in [
        "ItemDetail/Description",
        "InvoiceDetailItemReference/Description",
    ] {
        for (el, left) in lines(doc, suffix) {
            let len = el.trimmed_text().chars().count();
            if len > MAX_DESCRIPTION_CHARS {
                note(
                    out,
                    left,
                    Finding::at(
                        RuleId::Cx042,
                        el,
                        format!(
                            "Description is {len} characters long; the PO keeps {MAX_DESCRIPTION_CHARS}"
                        ),
                    ),
                );
            }
        }
    }
}

/// CX043: UNSPSC classifications are exactly 8 digits.
pub(super) fn unspsc(doc: &Index<'_>, out: &mut Vec<Finding>) {
    for (el, left) in lines(doc, "Classification") {
        let is_unspsc = el
            .attr("domain")
            .is_some_and(|d| d.trim().eq_ignore_ascii_case("UNSPSC"));
        let code = el.trimmed_text();
        if is_unspsc && !(code.len() == 8 && code.bytes().all(|b| b.is_ascii_digit())) {
            note(
                out,
                left,
                Finding::at(
                    RuleId::Cx043,
                    el,
                    format!("UNSPSC `{}` is not exactly 8 digits", clip(code)),
                ),
            );
        }
    }
}

/// CX044: unit prices with more than 4 significant decimals.
pub(super) fn unit_prices(doc: &Index<'_>, out: &mut Vec<Finding>) {
    for (el, left) in lines(doc, "UnitPrice/Money") {
        let Some(price) = Decimal::parse(el.text()) else {
            continue; // not a number at all: CX047 reports it
        };
        let decimals = price.significant_decimals();
        if decimals > MAX_PRICE_DECIMALS {
            note(
                out,
                left,
                Finding::at(
                    RuleId::Cx044,
                    el,
                    format!(
                        "UnitPrice {price} has {decimals} decimals (at most {MAX_PRICE_DECIMALS})"
                    ),
                ),
            );
        }
    }
}

/// CX045: units of measure from UN/CEFACT Rec 20.
pub(super) fn units_of_measure(doc: &Index<'_>, out: &mut Vec<Finding>) {
    for (el, left) in lines(doc, "UnitOfMeasure") {
        let code = el.trimmed_text();
        if !is_rec20(code) {
            let upper = code.to_ascii_uppercase();
            let finding = Finding::at(
                RuleId::Cx045,
                el,
                format!(
                    "UnitOfMeasure `{}` is not a UN/CEFACT Rec 20 code",
                    clip(code)
                ),
            );
            let finding = if upper != code && is_rec20(&upper) {
                finding.with_hint(format!("Rec 20 codes are upper case: write {upper}"))
            } else {
                finding
            };
            note(out, left, finding);
        }
    }
}

/// CX046: cart and order lines need a positive numeric quantity.
pub(super) fn quantities(doc: &Index<'_>, out: &mut Vec<Finding>) {
    for name in ["ItemIn", "ItemOut"] {
        for (el, left) in lines(doc, name) {
            let Some(raw) = el.attr("quantity") else {
                continue; // a missing attribute is a DTD error (CX002)
            };
            let problem = match Decimal::parse(raw) {
                None => "is not a number",
                Some(q) if q.is_zero() => "is zero",
                Some(q) if q.is_negative() => "is negative",
                Some(_) => continue,
            };
            note(
                out,
                left,
                Finding::at(
                    RuleId::Cx046,
                    el,
                    format!("{} quantity \"{}\" {problem}", el.name(), clip(raw)),
                ),
            );
        }
    }
}

/// The elements `suffix` names (one per line), each with the number of
/// lines left, itself included: see [`note`].
fn lines<'a>(doc: &Index<'a>, suffix: &str) -> impl Iterator<Item = (Element<'a>, usize)> {
    let found = doc.find_all(suffix);
    let count = found.len();
    found
        .into_iter()
        .enumerate()
        .map(move |(i, el)| (el, count - i))
}

/// Adds a finding about a line with `left` lines to go. A large document
/// that breaks a rule breaks it on every line: the list is grown once, to
/// hold a finding on each line left, rather than copied each time it
/// doubles (thousands of findings made it copy and touch twice the
/// memory).
fn note(out: &mut Vec<Finding>, left: usize, finding: Finding) {
    if out.len() == out.capacity() {
        out.reserve(left);
    }
    out.push(finding);
}

/// Keeps messages short when a value is huge (borrowed when it is not).
fn clip(text: &str) -> Cow<'_, str> {
    const SHOWN: usize = 40;
    match text.char_indices().nth(SHOWN) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}...", &text[..end])),
    }
}

#[cfg(test)]
mod tests {
    use super::super::RuleContext;
    use super::super::test_support::{envelope, only};
    use super::*;

    fn item(
        quantity: &str,
        part: &str,
        aux: &str,
        price: &str,
        desc: &str,
        uom: &str,
        unspsc: &str,
    ) -> String {
        envelope(&format!(
            "<Header/><Message deploymentMode=\"test\"><PunchOutOrderMessage><BuyerCookie>c</BuyerCookie>\
             <ItemIn quantity=\"{quantity}\"><ItemID><SupplierPartID>{part}</SupplierPartID>\
             <SupplierPartAuxiliaryID>{aux}</SupplierPartAuxiliaryID></ItemID>\
             <ItemDetail><UnitPrice><Money currency=\"USD\">{price}</Money></UnitPrice>\
             <Description xml:lang=\"en\">{desc}</Description><UnitOfMeasure>{uom}</UnitOfMeasure>\
             <Classification domain=\"UNSPSC\">{unspsc}</Classification></ItemDetail></ItemIn>\
             </PunchOutOrderMessage></Message>"
        ))
    }

    fn good() -> [String; 7] {
        [
            "2", "SKU-1", "aux-1", "10.1234", "A widget", "EA", "43232701",
        ]
        .map(String::from)
    }

    fn with(index: usize, value: &str) -> String {
        let mut v = good();
        v[index] = value.to_owned();
        item(&v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6])
    }

    fn count(xml: &str, rule: RuleId) -> usize {
        only(xml, &RuleContext::default(), rule).len()
    }

    #[test]
    fn clean_item_has_no_item_findings() {
        let xml = with(0, "2");
        for rule in [
            RuleId::Cx040,
            RuleId::Cx041,
            RuleId::Cx042,
            RuleId::Cx043,
            RuleId::Cx044,
            RuleId::Cx045,
            RuleId::Cx046,
        ] {
            assert_eq!(count(&xml, rule), 0, "{rule}");
        }
    }

    #[test]
    fn cx040_forbidden_characters() {
        assert_eq!(count(&with(1, "SKU?1"), RuleId::Cx040), 1);
        assert_eq!(count(&with(2, "{aux}"), RuleId::Cx040), 1);
        let found = only(&with(2, "a}"), &RuleContext::default(), RuleId::Cx040);
        assert!(
            found[0]
                .path
                .ends_with("ItemIn/ItemID/SupplierPartAuxiliaryID"),
            "{}",
            found[0].path
        );
    }

    #[test]
    fn cx041_long_part_ids() {
        assert_eq!(count(&with(1, &"x".repeat(100)), RuleId::Cx041), 0);
        assert_eq!(count(&with(1, &"x".repeat(101)), RuleId::Cx041), 1);
        assert_eq!(count(&with(2, &"é".repeat(101)), RuleId::Cx041), 1);
    }

    #[test]
    fn cx042_long_descriptions() {
        assert_eq!(count(&with(4, &"d".repeat(255)), RuleId::Cx042), 0);
        assert_eq!(count(&with(4, &"d".repeat(256)), RuleId::Cx042), 1);
    }

    #[test]
    fn cx043_unspsc_digits() {
        for bad in ["4323270", "43-23-27-01", "UNSPSC43232701", "ean1234", ""] {
            assert_eq!(count(&with(6, bad), RuleId::Cx043), 1, "{bad}");
        }
        assert_eq!(count(&with(6, " 81162000 "), RuleId::Cx043), 0);
    }

    #[test]
    fn a_long_value_is_clipped_in_the_message() {
        assert_eq!(clip("EA"), "EA");
        let forty = "é".repeat(40);
        assert_eq!(clip(&forty), forty.as_str());
        assert_eq!(clip(&format!("{forty}xyz")), format!("{forty}..."));
    }

    #[test]
    fn cx044_price_decimals() {
        assert_eq!(count(&with(3, "0.01"), RuleId::Cx044), 0);
        assert_eq!(count(&with(3, "1.123400"), RuleId::Cx044), 0);
        assert_eq!(count(&with(3, "1.12345"), RuleId::Cx044), 1);
    }

    #[test]
    fn cx045_units() {
        for ok in [
            "EA", "C62", "HUR", "MON", "ANN", "DAY", "LTR", "KGM", "MTR", "SET", "BX",
        ] {
            assert_eq!(count(&with(5, ok), RuleId::Cx045), 0, "{ok}");
        }
        assert_eq!(count(&with(5, "PCE"), RuleId::Cx045), 1);
        let found = only(&with(5, "ea"), &RuleContext::default(), RuleId::Cx045);
        assert_eq!(found[0].hint, "Rec 20 codes are upper case: write EA");
    }

    #[test]
    fn cx046_quantities() {
        for bad in ["0", "0.00", "-1", "one", "", "1e3"] {
            assert_eq!(count(&with(0, bad), RuleId::Cx046), 1, "{bad}");
        }
        assert_eq!(count(&with(0, "0.5"), RuleId::Cx046), 0);
    }
}
