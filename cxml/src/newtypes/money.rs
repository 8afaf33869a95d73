//! `Money`: a currency and an exact decimal amount. No floats anywhere: an
//! amount is an integer count of `10^-scale` units, so "2500.00" prints back
//! as "2500.00" and 0.1 + 0.2 is exactly 0.3.

use std::cmp::Ordering;
use std::fmt;

/// Most fractional digits we accept; cXML prices rarely exceed 4.
const MAX_SCALE: u32 = 18;
/// Most digits in all; keeps every rescale within `i128`.
const MAX_DIGITS: usize = 30;

/// Why an amount or currency was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("amount is not a plain decimal number")]
    NotDecimal,
    #[error("amount has too many digits")]
    TooLong,
    #[error("currency must be a three-letter ISO 4217 code")]
    BadCurrency,
    #[error("currencies differ ({0} and {1})")]
    CurrencyMismatch(Currency, Currency),
    #[error("amount overflow")]
    Overflow,
}

/// An exact decimal: `units * 10^-scale`. Equality and order are numeric
/// (`1.5 == 1.50`); `Display` keeps the scale it was written with.
#[derive(Debug, Clone, Copy, Default)]
pub struct Decimal {
    units: i128,
    scale: u32,
}

impl Decimal {
    /// Zero with no fractional digits.
    pub const ZERO: Self = Self { units: 0, scale: 0 };

    /// `units * 10^-scale`, e.g. `Decimal::new(1250, 2)` is 12.50.
    pub fn new(units: i128, scale: u32) -> Result<Self, MoneyError> {
        if scale > MAX_SCALE {
            return Err(MoneyError::TooLong);
        }
        Ok(Self { units, scale })
    }

    /// `units * 10^-SCALE`, the scale checked when compiled, so it cannot
    /// fail: `Decimal::scaled::<2>(1250)` is 12.50.
    pub const fn scaled<const SCALE: u32>(units: i128) -> Self {
        const { assert!(SCALE <= MAX_SCALE, "too many fractional digits") };
        Self {
            units,
            scale: SCALE,
        }
    }

    /// Parses `-12.5`, `2500.00`, `+3`, `.5`; no exponents, no separators.
    pub fn parse(s: &str) -> Result<Self, MoneyError> {
        let s = s.trim();
        let (negative, body) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let digits_ok = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !digits_ok(int) || !digits_ok(frac) {
            return Err(MoneyError::NotDecimal);
        }
        if int.len() + frac.len() > MAX_DIGITS || frac.len() > MAX_SCALE as usize {
            return Err(MoneyError::TooLong);
        }
        let mut units: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            units = units * 10 + i128::from(b - b'0');
        }
        let scale = u32::try_from(frac.len()).map_err(|_| MoneyError::TooLong)?;
        Ok(Self {
            units: if negative { -units } else { units },
            scale,
        })
    }

    /// The integer count of `10^-scale` units.
    pub fn units(&self) -> i128 {
        self.units
    }

    /// Number of fractional digits.
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.units < 0
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.units == 0
    }

    /// The same value with `scale` fractional digits, if no digit is lost.
    pub fn rescale(&self, scale: u32) -> Option<Self> {
        if scale >= self.scale {
            let factor = 10i128.checked_pow(scale - self.scale)?;
            Some(Self {
                units: self.units.checked_mul(factor)?,
                scale,
            })
        } else {
            let factor = 10i128.checked_pow(self.scale - scale)?;
            (self.units % factor == 0).then_some(Self {
                units: self.units / factor,
                scale,
            })
        }
    }

    /// Exact sum, at the larger of the two scales.
    pub fn checked_add(&self, other: &Self) -> Result<Self, MoneyError> {
        let scale = self.scale.max(other.scale);
        let a = self.rescale(scale).ok_or(MoneyError::Overflow)?;
        let b = other.rescale(scale).ok_or(MoneyError::Overflow)?;
        let units = a.units.checked_add(b.units).ok_or(MoneyError::Overflow)?;
        Ok(Self { units, scale })
    }

    /// Exact difference, at the larger of the two scales.
    pub fn checked_sub(&self, other: &Self) -> Result<Self, MoneyError> {
        self.checked_add(&Self {
            units: -other.units,
            scale: other.scale,
        })
    }

    /// Exact product (e.g. unit price times quantity).
    pub fn checked_mul(&self, other: &Self) -> Result<Self, MoneyError> {
        let scale = self.scale + other.scale;
        if scale > MAX_SCALE {
            return Err(MoneyError::TooLong);
        }
        let units = self
            .units
            .checked_mul(other.units)
            .ok_or(MoneyError::Overflow)?;
        Ok(Self { units, scale })
    }

    fn cmp_numeric(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        match (self.rescale(scale), other.rescale(scale)) {
            (Some(a), Some(b)) => a.units.cmp(&b.units),
            // Cannot happen within MAX_DIGITS/MAX_SCALE; fall back on sign.
            _ => self.units.signum().cmp(&other.units.signum()),
        }
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp_numeric(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        self.cmp_numeric(other)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.units < 0 { "-" } else { "" };
        let abs = self.units.unsigned_abs();
        if self.scale == 0 {
            return write!(f, "{sign}{abs}");
        }
        let factor = 10u128.pow(self.scale);
        let width = self.scale as usize;
        write!(f, "{sign}{}.{:0width$}", abs / factor, abs % factor)
    }
}

impl std::str::FromStr for Decimal {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// A three-letter currency code, stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(String);

impl Currency {
    /// Validates a code such as `USD` (case-insensitive on input).
    pub fn new(code: &str) -> Result<Self, MoneyError> {
        let code = code.trim();
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(Self(code.to_ascii_uppercase()))
        } else {
            Err(MoneyError::BadCurrency)
        }
    }

    /// US dollars: a code known to be valid, so no `Result`.
    pub fn usd() -> Self {
        Self("USD".to_owned())
    }

    /// The code, e.g. `USD`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An amount in a currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    currency: Currency,
    amount: Decimal,
}

impl Money {
    /// Parses an amount string in a currency, e.g. `("USD", "2500.00")`.
    pub fn parse(currency: &str, amount: &str) -> Result<Self, MoneyError> {
        Ok(Self {
            currency: Currency::new(currency)?,
            amount: Decimal::parse(amount)?,
        })
    }

    /// An amount in a validated currency.
    pub fn new(currency: Currency, amount: Decimal) -> Self {
        Self { currency, amount }
    }

    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Self {
        Self {
            currency,
            amount: Decimal::ZERO,
        }
    }

    /// The currency.
    pub fn currency(&self) -> &Currency {
        &self.currency
    }

    /// The amount.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// Sum of two amounts in the same currency.
    pub fn checked_add(&self, other: &Self) -> Result<Self, MoneyError> {
        self.same_currency(other)?;
        Ok(Self {
            currency: self.currency.clone(),
            amount: self.amount.checked_add(&other.amount)?,
        })
    }

    /// Difference of two amounts in the same currency.
    pub fn checked_sub(&self, other: &Self) -> Result<Self, MoneyError> {
        self.same_currency(other)?;
        Ok(Self {
            currency: self.currency.clone(),
            amount: self.amount.checked_sub(&other.amount)?,
        })
    }

    /// This amount times a quantity (a line total).
    pub fn times(&self, quantity: &Decimal) -> Result<Self, MoneyError> {
        Ok(Self {
            currency: self.currency.clone(),
            amount: self.amount.checked_mul(quantity)?,
        })
    }

    /// Sum of `items`, all of which must be in `currency`; zero when empty.
    pub fn sum<'a>(
        currency: Currency,
        items: impl IntoIterator<Item = &'a Money>,
    ) -> Result<Self, MoneyError> {
        items
            .into_iter()
            .try_fold(Self::zero(currency), |acc, m| acc.checked_add(m))
    }

    fn same_currency(&self, other: &Self) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(
                self.currency.clone(),
                other.currency.clone(),
            ))
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn display_is_exactly_what_was_parsed() {
        for s in ["2500.00", "-12.5", "0.01", "0", "763.20", "-0.5", "12"] {
            assert_eq!(d(s).to_string(), s);
        }
        assert_eq!(d("+3").to_string(), "3");
        assert_eq!(d(".5").to_string(), "0.5");
    }

    #[test]
    fn scaled_amounts_print_with_their_scale() {
        assert_eq!(Decimal::scaled::<2>(150_000).to_string(), "1500.00");
        assert_eq!(Decimal::scaled::<4>(125), d("0.0125"));
        assert_eq!(Decimal::scaled::<3>(-125).to_string(), "-0.125");
        assert_eq!(Money::new(Currency::usd(), d("1")).to_string(), "1 USD");
    }

    #[test]
    fn refuses_what_is_not_a_plain_decimal() {
        for s in ["", "-", ".", "1e5", "1,000.00", "$5", "1.2.3", "NaN", "- 1"] {
            assert_eq!(Decimal::parse(s), Err(MoneyError::NotDecimal), "{s:?}");
        }
        assert_eq!(Decimal::parse(&"9".repeat(40)), Err(MoneyError::TooLong));
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(d("0.1").checked_add(&d("0.2")).unwrap(), d("0.3"));
        assert_eq!(d("0.1").checked_add(&d("0.2")).unwrap().to_string(), "0.3");
        assert_eq!(d("1.5"), d("1.50"));
        assert!(d("-1") < d("0.01"));
        assert_eq!(
            d("763.20").checked_mul(&d("3")).unwrap().to_string(),
            "2289.60"
        );
        assert_eq!(d("10").checked_sub(&d("0.25")).unwrap().to_string(), "9.75");
    }

    #[test]
    fn money_sums_in_one_currency_only() {
        let usd = Currency::new("usd").unwrap();
        let a = Money::parse("USD", "2500.00").unwrap();
        let b = Money::parse("USD", "0.01").unwrap();
        assert_eq!(
            Money::sum(usd.clone(), [&a, &b]).unwrap().to_string(),
            "2500.01 USD"
        );
        assert_eq!(Money::sum(usd, []).unwrap().amount(), Decimal::ZERO);
        let eur = Money::parse("EUR", "1").unwrap();
        assert!(matches!(
            a.checked_add(&eur),
            Err(MoneyError::CurrencyMismatch(..))
        ));
        assert_eq!(Money::parse("US", "1"), Err(MoneyError::BadCurrency));
    }
}
