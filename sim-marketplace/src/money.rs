//! Exact money for prices, offers and cart lines: an integer count of
//! ten-thousandths of a currency unit, never a float.
//!
//! One scale serves both contract amounts (whole cents) and usage unit
//! prices (which go down to $0.0001), so sums and products stay exact. The
//! type is deliberately small; it becomes the cXML crate's `Money` (the
//! wire's) with `From`, written as [`Money::decimal`] writes it.

use std::{fmt, str::FromStr};

use rusqlite::types::Type;
use serde::{Serialize, Serializer, ser::SerializeStruct};

use crate::as_text::UnknownText;

/// Ten-thousandths per currency unit.
pub const SCALE: i64 = 10_000;
/// Ten-thousandths per cent.
const PER_CENT: i64 = SCALE / 100;

/// The currencies the simulated marketplace sells in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Currency {
    Usd,
}

impl Currency {
    /// The ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = UnknownText;

    /// The ISO 4217 code, exactly as [`Currency::code`] writes it.
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        match code {
            "USD" => Ok(Currency::Usd),
            _ => Err(UnknownText {
                what: "currency the marketplace sells in",
                text: code.to_owned(),
            }),
        }
    }
}

crate::as_text::text_column!(Currency);

/// An exact amount of one currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Money {
    currency: Currency,
    ten_thousandths: i64,
}

impl Money {
    /// An amount given in ten-thousandths of a unit (`12_345` is 1.2345).
    pub const fn from_ten_thousandths(currency: Currency, ten_thousandths: i64) -> Self {
        Money {
            currency,
            ten_thousandths,
        }
    }

    /// US dollars given in cents.
    pub const fn usd_cents(cents: i64) -> Self {
        Money::from_ten_thousandths(Currency::Usd, cents * PER_CENT)
    }

    /// Whole US dollars.
    pub const fn usd(dollars: i64) -> Self {
        Money::from_ten_thousandths(Currency::Usd, dollars * SCALE)
    }

    pub const fn zero(currency: Currency) -> Self {
        Money::from_ten_thousandths(currency, 0)
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    pub fn ten_thousandths(self) -> i64 {
        self.ten_thousandths
    }

    /// The amount in cents when it is a whole number of cents.
    pub fn cents(self) -> Option<i64> {
        (self.ten_thousandths % PER_CENT == 0).then_some(self.ten_thousandths / PER_CENT)
    }

    pub fn is_zero(self) -> bool {
        self.ten_thousandths == 0
    }

    /// The sum, or `None` on a currency mismatch or overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        if self.currency != other.currency {
            return None;
        }
        let sum = self.ten_thousandths.checked_add(other.ten_thousandths)?;
        Some(Money::from_ten_thousandths(self.currency, sum))
    }

    /// The amount times a whole quantity, or `None` on overflow.
    pub fn checked_mul(self, quantity: i64) -> Option<Money> {
        let product = self.ten_thousandths.checked_mul(quantity)?;
        Some(Money::from_ten_thousandths(self.currency, product))
    }

    /// How many whole times `unit` fits in `self`, when it fits exactly.
    pub fn exact_div(self, unit: Money) -> Option<i64> {
        if self.currency != unit.currency || unit.ten_thousandths == 0 {
            return None;
        }
        (self.ten_thousandths % unit.ten_thousandths == 0)
            .then(|| self.ten_thousandths / unit.ten_thousandths)
    }

    /// Adds up `amounts`; `None` if they are empty, mixed or overflow.
    pub fn sum(amounts: impl IntoIterator<Item = Money>) -> Option<Money> {
        let mut amounts = amounts.into_iter();
        let first = amounts.next()?;
        amounts.try_fold(first, Money::checked_add)
    }

    /// Parses a plain non-negative decimal amount with at most four
    /// decimals (`"1500"`, `"1500.00"`, `"0.0125"`), as a person or a JSON
    /// client writes it; `None` for anything else.
    pub fn parse_decimal(currency: Currency, text: &str) -> Option<Money> {
        let text = text.trim();
        let (units, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if units.is_empty()
            || units.len() > 12
            || fraction.len() > 4
            || !digits(units)
            || !digits(fraction)
        {
            return None;
        }
        let fraction: String = fraction.chars().chain("0000".chars()).take(4).collect();
        let units: i64 = units.parse().ok()?;
        let fraction: i64 = fraction.parse().ok()?;
        let amount = units.checked_mul(SCALE)?.checked_add(fraction)?;
        Some(Money::from_ten_thousandths(currency, amount))
    }

    /// The amount as a person reads it: thousands grouped, the currency
    /// after (`232,200.00 USD`).
    pub fn for_people(self) -> String {
        format!(
            "{} {}",
            group_thousands(&self.decimal()),
            self.currency.code()
        )
    }

    /// The plain decimal amount with at least two decimals ("1500.00",
    /// "0.0125"), as cXML and JSON carry it.
    pub fn decimal(self) -> String {
        let sign = if self.ten_thousandths < 0 { "-" } else { "" };
        let abs = self.ten_thousandths.unsigned_abs();
        let units = abs / SCALE.unsigned_abs();
        let fraction = abs % SCALE.unsigned_abs();
        let mut digits = format!("{fraction:04}");
        while digits.len() > 2 && digits.ends_with('0') {
            digits.pop();
        }
        format!("{sign}{units}.{digits}")
    }
}

impl Money {
    /// The amount of column `amount` (as [`Money::decimal`] writes it) in
    /// the currency of column `currency` of a row.
    pub(crate) fn from_columns(
        row: &rusqlite::Row<'_>,
        amount: usize,
        currency: usize,
    ) -> rusqlite::Result<Money> {
        let currency: Currency = row.get(currency)?;
        let text: String = row.get(amount)?;
        Money::parse_decimal(currency, &text).ok_or_else(|| {
            let err = UnknownText {
                what: "stored amount",
                text,
            };
            rusqlite::Error::FromSqlConversionFailure(amount, Type::Text, Box::new(err))
        })
    }

    /// Serialises only the amount, as [`Money::decimal`] writes it, for a
    /// field shown beside its currency (`serialize_with`).
    pub fn serialize_decimal<S: Serializer>(
        money: &Money,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&money.decimal())
    }
}

/// `amount` (a plain decimal, sign and fraction optional) with its whole
/// part grouped by thousands, as every procsim page shows amounts.
pub use service_kit::look::group_thousands;

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.decimal(), self.currency.code())
    }
}

impl Currency {
    /// The same currency as the wire names it.
    fn wire(self) -> cxml::newtypes::Currency {
        match self {
            Currency::Usd => cxml::newtypes::Currency::usd(),
        }
    }
}

impl From<Money> for cxml::Money {
    /// The same amount with the decimals [`Money::decimal`] writes (two to
    /// four), so a price reads the same in a document as on a page.
    fn from(money: Money) -> Self {
        use cxml::newtypes::Decimal;
        let units = i128::from(money.ten_thousandths);
        let amount = if units % 100 == 0 {
            Decimal::scaled::<2>(units / 100)
        } else if units % 10 == 0 {
            Decimal::scaled::<3>(units / 10)
        } else {
            Decimal::scaled::<4>(units)
        };
        cxml::Money::new(money.currency.wire(), amount)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Money", 2)?;
        out.serialize_field("amount", &self.decimal())?;
        out.serialize_field("currency", self.currency.code())?;
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_for_people() {
        assert_eq!(group_thousands("232200.00"), "232,200.00");
        assert_eq!(group_thousands("-1234567.5"), "-1,234,567.5");
        assert_eq!(group_thousands("999.99"), "999.99");
        assert_eq!(group_thousands("1000"), "1,000");
        assert_eq!(group_thousands("0.0125"), "0.0125");
        assert_eq!(group_thousands("12a4.00"), "12a4.00");
        assert_eq!(group_thousands(""), "");
        assert_eq!(
            Money::parse_decimal(Currency::Usd, "232200")
                .unwrap()
                .for_people(),
            "232,200.00 USD"
        );
    }

    #[test]
    fn decimal_keeps_two_to_four_places() {
        assert_eq!(Money::usd(1500).decimal(), "1500.00");
        assert_eq!(Money::usd_cents(1).decimal(), "0.01");
        assert_eq!(Money::usd_cents(150).decimal(), "1.50");
        assert_eq!(
            Money::from_ten_thousandths(Currency::Usd, 125).decimal(),
            "0.0125"
        );
        assert_eq!(Money::usd_cents(-250).decimal(), "-2.50");
        assert_eq!(
            Money::parse_decimal(Currency::Usd, "1500"),
            Some(Money::usd(1500))
        );
        assert_eq!(
            Money::parse_decimal(Currency::Usd, " 1.5 "),
            Some(Money::usd_cents(150))
        );
        assert_eq!(
            Money::parse_decimal(Currency::Usd, "0.0125"),
            Some(Money::from_ten_thousandths(Currency::Usd, 125))
        );
        for bad in ["", "-1", "1.23456", "1,5", "abc", ".5", "1e3"] {
            assert_eq!(Money::parse_decimal(Currency::Usd, bad), None, "{bad:?}");
        }
        assert_eq!(Money::usd(3).to_string(), "3.00 USD");
    }

    #[test]
    fn arithmetic_is_exact_and_checked() {
        let cent = Money::usd_cents(1);
        let total = Money::usd_cents(12345678);
        assert_eq!(total.exact_div(cent), Some(12345678));
        assert_eq!(cent.checked_mul(12345678), Some(total));
        assert_eq!(
            Money::from_ten_thousandths(Currency::Usd, 5).exact_div(cent),
            None
        );
        assert_eq!(Money::from_ten_thousandths(Currency::Usd, 5).cents(), None);
        assert_eq!(Money::usd(i64::MAX / SCALE).checked_mul(2), None);
        assert_eq!(
            Money::sum([Money::usd(1), Money::usd_cents(50)]),
            Some(Money::usd_cents(150))
        );
        assert_eq!(Money::sum([]), None);
    }

    #[test]
    fn the_wire_amount_reads_as_decimal_writes_it() {
        for money in [
            Money::usd(1500),
            Money::usd_cents(1),
            Money::usd_cents(-250),
            Money::from_ten_thousandths(Currency::Usd, 125),
            Money::from_ten_thousandths(Currency::Usd, 1250),
        ] {
            let wire = cxml::Money::from(money);
            assert_eq!(wire.amount().to_string(), money.decimal());
            assert_eq!(wire.currency().as_str(), "USD");
        }
    }

    #[test]
    fn serialises_as_decimal_string_and_code() {
        let json = serde_json::to_string(&Money::usd_cents(995)).expect("serialise");
        assert_eq!(json, r#"{"amount":"9.95","currency":"USD"}"#);
    }
}
