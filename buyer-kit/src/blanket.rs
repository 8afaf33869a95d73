//! Blanket amounts: a supplier may mark a cart line's amount as a default
//! the requester may change before submitting (a pay-as-you-go line, whose
//! amount only caps what usage may be billed against). The line keeps its
//! unit price; the amount typed becomes its quantity of unit prices, so
//! the OrderRequest carries the chosen amount as the supplier wrote the
//! line, and the requisition's total and approval chain follow it.

use cxml::newtypes::Decimal;

use crate::cart::CartLine;

/// The extrinsic by which a supplier marks a line's amount as a default
/// blanket (its value says so: `default`).
pub const BLANKET_EXTRINSIC: &str = "BlanketAmount";

/// The largest blanket amount a requester may type.
pub const MAX_BLANKET: i128 = 1_000_000_000;

/// Why a typed blanket amount was refused; the text is for the requester.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlanketError {
    #[error("this line's amount is set by the supplier and cannot be changed here")]
    NotABlanket,
    #[error("type the blanket amount as digits with an optional decimal point, e.g. 2500.00")]
    NotANumber,
    #[error("the blanket amount must be more than 0")]
    NotPositive,
    #[error("the blanket amount must be a whole number of {unit} (at most {places} decimals)")]
    TooPrecise { unit: String, places: u32 },
    #[error("the blanket amount can be at most 1000000000.00")]
    TooLarge,
}

impl CartLine {
    /// Whether the supplier marked this line's amount as a default blanket.
    pub fn is_blanket(&self) -> bool {
        self.extrinsic(BLANKET_EXTRINSIC)
            .is_some_and(|value| value.eq_ignore_ascii_case("default"))
    }

    /// This line at the blanket amount `typed` (in the line's currency),
    /// or why that amount cannot be.
    pub fn with_blanket_amount(&self, typed: &str) -> Result<CartLine, BlanketError> {
        if !self.is_blanket() {
            return Err(BlanketError::NotABlanket);
        }
        let typed = typed.trim();
        if typed.starts_with('-') {
            return Err(BlanketError::NotPositive);
        }
        let amount = Decimal::parse(typed).map_err(|_| BlanketError::NotANumber)?;
        if amount.is_zero() {
            return Err(BlanketError::NotPositive);
        }
        let price = self.unit_price().amount();
        let too_precise = || BlanketError::TooPrecise {
            unit: price.to_string(),
            places: price.scale(),
        };
        let whole = 10i128.pow(amount.scale());
        if amount.units() > MAX_BLANKET.saturating_mul(whole) {
            return Err(BlanketError::TooLarge);
        }
        if price.units() <= 0 {
            return Err(BlanketError::NotABlanket);
        }
        let scaled = amount.rescale(price.scale()).ok_or_else(too_precise)?;
        if scaled.units() % price.units() != 0 {
            return Err(too_precise());
        }
        let quantity = Decimal::new(scaled.units() / price.units(), 0)
            .map_err(|_| BlanketError::NotANumber)?;
        Ok(self.with_quantity(quantity))
    }
}

#[cfg(test)]
mod tests {
    use cxml::common::Extrinsic;

    use super::*;

    fn line(blanket: bool) -> CartLine {
        let mut item = crate::testing::item("L-1", "payg", "0.01", "1000000", "Material");
        if blanket {
            item.item_detail
                .extrinsic
                .push(Extrinsic::new(BLANKET_EXTRINSIC, "default"));
        }
        CartLine::from_item_in(item, 1).unwrap()
    }

    #[test]
    fn a_typed_amount_becomes_the_quantity_of_unit_prices() {
        for (typed, quantity, total) in [
            ("2500", "250000", "2500.00"),
            (" 2500.5 ", "250050", "2500.50"),
            ("0.01", "1", "0.01"),
            ("1000000000.00", "100000000000", "1000000000.00"),
        ] {
            let changed = line(true).with_blanket_amount(typed).unwrap();
            assert_eq!(changed.quantity().to_string(), quantity, "{typed}");
            assert_eq!(changed.item_in().quantity, quantity, "{typed}");
            assert_eq!(
                changed.line_total().unwrap().amount().to_string(),
                total,
                "{typed}"
            );
            assert!(changed.is_blanket());
        }
    }

    #[test]
    fn bad_amounts_are_refused_with_their_reason() {
        let blanket = line(true);
        let too_precise = BlanketError::TooPrecise {
            unit: "0.01".into(),
            places: 2,
        };
        for (typed, error) in [
            ("0", BlanketError::NotPositive),
            ("0.00", BlanketError::NotPositive),
            ("-5", BlanketError::NotPositive),
            ("abc", BlanketError::NotANumber),
            ("", BlanketError::NotANumber),
            ("2,500", BlanketError::NotANumber),
            ("1e4", BlanketError::NotANumber),
            ("12.345", too_precise),
            ("1000000000.01", BlanketError::TooLarge),
            ("99999999999999", BlanketError::TooLarge),
        ] {
            assert_eq!(blanket.with_blanket_amount(typed), Err(error), "{typed:?}");
        }
        assert_eq!(
            line(false).with_blanket_amount("2500"),
            Err(BlanketError::NotABlanket)
        );
    }
}
