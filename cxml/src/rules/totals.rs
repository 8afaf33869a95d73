//! CX047: one currency per cart or order, and a Total equal to the sum of
//! quantity x unit price over the lines.
//!
//! Amounts are exact decimals. The sum is rounded to the precision of the
//! Total (at least cents) before comparing, so `3 x 0.3333 = 0.9999` matches
//! a Total of `1.00` while a Total of `5` does not hide `5.35`. Lines priced
//! per PriceBasisQuantity are not summed: their line amount needs conversion
//! factors this rule does not model, so the Total is left unchecked.

use super::decimal::Decimal;
use super::{Finding, RuleId};
use crate::tree::{Element, Index};

/// Least number of decimals the comparison keeps.
const MIN_COMPARE_SCALE: u32 = 2;

pub(super) fn check(doc: &Index<'_>, out: &mut Vec<Finding>) {
    for cart in doc.find_all("PunchOutOrderMessage") {
        let total = cart.at("PunchOutOrderMessageHeader/Total/Money");
        check_lines(cart, "ItemIn", total, out);
    }
    for order in doc.find_all("OrderRequest") {
        let total = order.at("OrderRequestHeader/Total/Money");
        check_lines(order, "ItemOut", total, out);
    }
}

fn check_lines(
    container: Element<'_>,
    item: &str,
    total: Option<Element<'_>>,
    out: &mut Vec<Finding>,
) {
    let mut currency = total.and_then(|t| t.attr("currency")).map(str::trim);
    // `None` once some line cannot be priced: the Total is then not checked.
    let mut sum = Some(Decimal::ZERO);
    for line in container.children_named(item) {
        let Some(money) = line.at("ItemDetail/UnitPrice/Money") else {
            sum = None;
            continue;
        };
        if let Some(line_currency) = money.attr("currency").map(str::trim) {
            match currency {
                Some(first) if first != line_currency => out.push(Finding::at(
                    RuleId::Cx047,
                    money,
                    format!("line currency {line_currency} differs from {first}"),
                )),
                Some(_) => {}
                None => currency = Some(line_currency),
            }
        }
        let amount = line_amount(line, money, out);
        sum = sum.zip(amount).and_then(|(s, a)| s.checked_add(a));
    }
    if let (Some(total), Some(sum)) = (total, sum) {
        compare_total(total, sum, out);
    }
}

/// quantity x unit price, or `None` when it cannot be computed (reporting
/// a non-numeric price here; quantities are CX046's business).
fn line_amount(line: Element<'_>, money: Element<'_>, out: &mut Vec<Finding>) -> Option<Decimal> {
    let Some(price) = Decimal::parse(money.text()) else {
        out.push(Finding::at(
            RuleId::Cx047,
            money,
            format!("UnitPrice `{}` is not a number", money.trimmed_text()),
        ));
        return None;
    };
    if line.at("ItemDetail/PriceBasisQuantity").is_some() {
        return None;
    }
    let quantity = line.attr("quantity").and_then(Decimal::parse)?;
    quantity.checked_mul(price)
}

fn compare_total(total: Element<'_>, sum: Decimal, out: &mut Vec<Finding>) {
    let Some(stated) = Decimal::parse(total.text()) else {
        out.push(Finding::at(
            RuleId::Cx047,
            total,
            format!("Total `{}` is not a number", total.trimmed_text()),
        ));
        return;
    };
    let rounded = sum.round_to(stated.scale().max(MIN_COMPARE_SCALE));
    if rounded != stated {
        out.push(Finding::at(
            RuleId::Cx047,
            total,
            format!("Total is {stated} but the lines add up to {sum}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::RuleContext;
    use super::super::test_support::{envelope, only};
    use super::*;

    fn line(quantity: &str, price: &str, currency: &str) -> String {
        format!(
            "<ItemIn quantity=\"{quantity}\"><ItemID><SupplierPartID>p</SupplierPartID></ItemID>\
             <ItemDetail><UnitPrice><Money currency=\"{currency}\">{price}</Money></UnitPrice></ItemDetail></ItemIn>"
        )
    }

    fn cart(total: &str, lines: &[String]) -> String {
        envelope(&format!(
            "<Header/><Message deploymentMode=\"test\"><PunchOutOrderMessage><BuyerCookie>c</BuyerCookie>\
             <PunchOutOrderMessageHeader operationAllowed=\"edit\"><Total><Money currency=\"USD\">{total}</Money></Total>\
             </PunchOutOrderMessageHeader>{}</PunchOutOrderMessage></Message>",
            lines.concat()
        ))
    }

    fn messages(xml: &str) -> Vec<String> {
        only(xml, &RuleContext::default(), RuleId::Cx047)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn matching_totals_pass() {
        let lines = [line("3", "0.10", "USD"), line("1", "0.20", "USD")];
        assert!(messages(&cart("0.50", &lines)).is_empty());
        // PAYG style: 1,000,000 x 0.01
        assert!(messages(&cart("10000.00", &[line("1000000", "0.01", "USD")])).is_empty());
        // Sub-cent sums round to the Total's precision.
        assert!(messages(&cart("1.00", &[line("3", "0.3333", "USD")])).is_empty());
        assert!(messages(&cart("0", &[])).is_empty());
    }

    #[test]
    fn wrong_total_is_reported_exactly() {
        let lines = [line("3", "763.20", "USD"), line("5", "226.20", "USD")];
        assert_eq!(
            messages(&cart("763.20", &lines)),
            ["Total is 763.20 but the lines add up to 3420.60"]
        );
        assert_eq!(messages(&cart("5", &[line("1", "5.35", "USD")])).len(), 1);
    }

    #[test]
    fn mixed_currencies_are_reported() {
        let lines = [line("1", "1.00", "USD"), line("1", "1.00", "EUR")];
        assert_eq!(
            messages(&cart("2.00", &lines)),
            ["line currency EUR differs from USD"]
        );
    }

    #[test]
    fn non_numeric_amounts_are_reported_and_stop_the_sum() {
        assert_eq!(
            messages(&cart("1.00", &[line("1", "one", "USD")])),
            ["UnitPrice `one` is not a number"]
        );
        assert_eq!(
            messages(&cart("lots", &[line("1", "1", "USD")])),
            ["Total `lots` is not a number"]
        );
        // A bad quantity is CX046's; the total is then not judged.
        assert!(messages(&cart("9.00", &[line("x", "1", "USD")])).is_empty());
    }

    #[test]
    fn order_request_totals() {
        let order = envelope(
            "<Header/><Request deploymentMode=\"test\"><OrderRequest><OrderRequestHeader orderID=\"1\" orderDate=\"2025-01-01T00:00:00+00:00\">\
             <Total><Money currency=\"USD\">20.00</Money></Total></OrderRequestHeader>\
             <ItemOut quantity=\"2\"><ItemDetail><UnitPrice><Money currency=\"USD\">9.99</Money></UnitPrice></ItemDetail></ItemOut>\
             </OrderRequest></Request>",
        );
        assert_eq!(
            messages(&order),
            ["Total is 20.00 but the lines add up to 19.98"]
        );
    }
}
