//! A returned cart judged by the platform's cart requirements: which line
//! lacks what the profile requires (an 8-digit UNSPSC, a description, a
//! UN/CEFACT unit), and whether the supplier's Total is the lines' sum
//! in their currency.
//! The platform refuses such a cart or takes it with advisories, as its
//! profile's `shortfalls` says. `procsim certify` judges the same
//! requirements with evidence (line and column) as checks CERT-CART-004,
//! 006, 007 and 009.

use cxml::{Money, Unspsc};

use super::CartRequirements;
use crate::cart::{CartLine, total_of};

/// What one line, or the cart's Total, lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// The line (from 1); `None` for the cart's Total.
    pub line: Option<usize>,
    /// The line's SupplierPartID, to name it to a person.
    pub part: String,
    /// What is missing or wrong, in a person's words.
    pub what: String,
    /// Where in the document (line, column) the line's `ItemIn`, or the
    /// `Total`, starts, when [`Shortfall::locate`] found it.
    pub at: Option<(u32, u32)>,
}

impl Shortfall {
    /// Each shortfall with where its `ItemIn` (or the `Total`) starts in
    /// `document`, the cart as received; unchanged if it is not XML.
    pub fn locate(mut found: Vec<Shortfall>, document: &[u8]) -> Vec<Shortfall> {
        let Ok(tree) = cxml::tree::parse(document) else {
            return found;
        };
        let Some(message) = tree.root().at("Message/PunchOutOrderMessage") else {
            return found;
        };
        let items: Vec<_> = message.children_named("ItemIn").collect();
        for shortfall in &mut found {
            let el = match shortfall.line {
                Some(line) => line.checked_sub(1).and_then(|i| items.get(i).copied()),
                None => message.at("PunchOutOrderMessageHeader/Total"),
            };
            shortfall.at = el.map(|el| (el.line(), el.column()));
        }
        found
    }
}

impl std::fmt::Display for Shortfall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = |element: &str| {
            self.at.map_or(String::new(), |(line, column)| {
                format!("{element} at line {line}, column {column}")
            })
        };
        match self.line {
            Some(line) => {
                let mut about: Vec<String> = Vec::new();
                if !self.part.is_empty() {
                    about.push(self.part.clone());
                }
                if self.at.is_some() {
                    about.push(at("ItemIn"));
                }
                if about.is_empty() {
                    write!(f, "cart line {line}: {}", self.what)
                } else {
                    write!(f, "cart line {line} ({}): {}", about.join("; "), self.what)
                }
            }
            None if self.at.is_some() => write!(f, "{} ({})", self.what, at("Total")),
            None => f.write_str(&self.what),
        }
    }
}

impl CartRequirements {
    /// What each of a cart's `lines` lacks of these requirements, in line
    /// order; then the Total, when `stated` (the supplier's) is not the
    /// lines' sum and the profile requires it to be.
    pub fn shortfalls(&self, lines: &[CartLine], stated: Option<&Money>) -> Vec<Shortfall> {
        let mut found: Vec<Shortfall> = lines
            .iter()
            .enumerate()
            .flat_map(|(i, line)| self.line_shortfalls(i + 1, line))
            .collect();
        let priced_in = lines.first().map(|line| line.unit_price().currency());
        if self.one_currency
            && let (Some(stated), Some(priced_in)) = (stated, priced_in)
            && stated.currency() != priced_in
        {
            found.push(Shortfall {
                line: None,
                part: String::new(),
                at: None,
                what: format!(
                    "the cart's Total is in {} but its lines are priced in {priced_in}",
                    stated.currency()
                ),
            });
        } else if self.total_equals_lines
            && let Some(stated) = stated
            && let Ok(sum) = total_of(stated.currency(), lines)
            && stated != &sum
        {
            found.push(Shortfall {
                line: None,
                part: String::new(),
                at: None,
                what: format!(
                    "the cart's Total is {} {} but its lines add up to {} {}",
                    stated.amount(),
                    stated.currency(),
                    sum.amount(),
                    sum.currency()
                ),
            });
        }
        found
    }

    fn line_shortfalls(&self, line: usize, cart_line: &CartLine) -> Vec<Shortfall> {
        let mut lacks = Vec::new();
        if self.unspsc {
            match cart_line.unspsc() {
                None => lacks.push("no Classification domain=\"UNSPSC\"".to_owned()),
                Some(code) if Unspsc::new(code).is_err() => {
                    lacks.push(format!("UNSPSC `{code}` is not 8 digits"));
                }
                Some(_) => {}
            }
        }
        if self.description && cart_line.description().trim().is_empty() {
            lacks.push("no Description".to_owned());
        }
        if self.un_cefact_unit {
            let unit = cart_line.unit_of_measure();
            if !cxml::rules::is_un_cefact_unit(unit) {
                lacks.push(if unit.is_empty() {
                    "no UnitOfMeasure".to_owned()
                } else {
                    format!("UnitOfMeasure `{unit}` is not a UN/CEFACT Rec 20 code")
                });
            }
        }
        lacks
            .into_iter()
            .map(|what| Shortfall {
                line: Some(line),
                part: cart_line.supplier_part_id().to_owned(),
                what,
                at: None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use cxml::common::Classification;

    use super::*;
    use crate::{
        Cart, Profile,
        cart::tests::{item, message},
    };

    fn requirements() -> CartRequirements {
        Profile::builtin("coupa").expect("coupa is built in").cart
    }

    fn cart(items: Vec<cxml::common::ItemIn>) -> Cart {
        Cart::from_message(&message("c", items, "0.00")).expect("a valid cart")
    }

    fn usd(amount: &str) -> Money {
        Money::parse("USD", amount).expect("a USD amount")
    }

    #[test]
    fn a_line_as_the_marketplace_writes_it_lacks_nothing() {
        let cart = cart(vec![item("A", "10.00", "2", "Service")]);
        assert_eq!(
            requirements().shortfalls(&cart.lines, Some(&usd("20.00"))),
            vec![]
        );
    }

    #[test]
    fn each_missing_part_of_a_line_is_named_with_its_line() {
        let mut bare = item("B", "10.00", "1", "Service");
        bare.item_detail.classification.clear();
        bare.item_detail.description.clear();
        bare.item_detail.unit_of_measure = "each".to_owned();
        let mut odd = item("C", "5.00", "1", "Service");
        odd.item_detail.classification = vec![Classification {
            domain: "unspsc".to_owned(),
            code: None,
            value: "8116".to_owned(),
        }];
        let cart = cart(vec![item("A", "1.00", "1", "Service"), bare, odd]);
        let said: Vec<String> = requirements()
            .shortfalls(&cart.lines, None)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            said,
            vec![
                "cart line 2 (B): no Classification domain=\"UNSPSC\"",
                "cart line 2 (B): no Description",
                "cart line 2 (B): UnitOfMeasure `each` is not a UN/CEFACT Rec 20 code",
                "cart line 3 (C): UNSPSC `8116` is not 8 digits",
            ]
        );
    }

    #[test]
    fn each_shortfall_is_placed_in_the_document_as_received() {
        let mut bare = item("B", "10.00", "1", "Service");
        bare.item_detail.unit_of_measure = "each".to_owned();
        let msg = message("c", vec![item("A", "1.00", "1", "Service"), bare], "9.00");
        let cart = Cart::from_message(&msg).expect("a valid cart");
        let document = crate::testing::cart_document("s", "b", msg);
        let total = requirements().shortfalls(&cart.lines, Some(&usd("9.00")));
        let found = Shortfall::locate(total, document.as_bytes());
        assert_eq!(found.len(), 2, "{found:?}");
        let item_in = document
            .match_indices("<ItemIn")
            .nth(1)
            .map(|(at, _)| at)
            .expect("two lines");
        let line = document[..item_in].matches('\n').count() + 1;
        assert_eq!(found[0].at.map(|(l, _)| l as usize), Some(line));
        assert!(
            found[0]
                .to_string()
                .starts_with(&format!("cart line 2 (B; ItemIn at line {line}, column ")),
            "{}",
            found[0]
        );
        assert!(
            found[1].to_string().contains("(Total at line "),
            "{}",
            found[1]
        );
        assert_eq!(
            Shortfall::locate(found.clone(), b"not xml"),
            found,
            "a document that is not XML leaves them as they were"
        );
    }

    #[test]
    fn a_total_that_is_not_the_lines_sum_falls_short() {
        let cart = cart(vec![item("A", "10.00", "2", "Service")]);
        let found = requirements().shortfalls(&cart.lines, Some(&usd("25.00")));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, None);
        assert!(found[0].what.contains("25"), "{}", found[0].what);
        assert!(
            requirements()
                .shortfalls(&cart.lines, Some(&usd("20")))
                .is_empty(),
            "20 and 20.00 are the same amount"
        );
    }

    #[test]
    fn a_total_in_another_currency_than_the_lines_falls_short() {
        let cart = cart(vec![item("A", "10.00", "2", "Service")]);
        let eur = Money::parse("EUR", "999.00").expect("an EUR amount");
        let found = requirements().shortfalls(&cart.lines, Some(&eur));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].what,
            "the cart's Total is in EUR but its lines are priced in USD"
        );
    }

    #[test]
    fn what_the_profile_does_not_require_is_not_asked_for() {
        let mut bare = item("B", "10.00", "1", "Service");
        bare.item_detail.classification.clear();
        bare.item_detail.description.clear();
        bare.item_detail.unit_of_measure = "each".to_owned();
        let nothing = CartRequirements {
            unspsc: false,
            description: false,
            un_cefact_unit: false,
            total_equals_lines: false,
            one_currency: false,
            ..requirements()
        };
        let cart = cart(vec![bare]);
        assert!(
            nothing
                .shortfalls(&cart.lines, Some(&usd("1.00")))
                .is_empty()
        );
    }
}
