//! Exact decimal arithmetic for money checks.
//!
//! Floats make `0.1 + 0.2 != 0.3`, and a totals rule built on them raises
//! false alarms. Amounts here are `units / 10^scale` in an `i128`, parsed
//! from the plain form cXML uses (`-1234.5678`); every operation is checked
//! and yields `None` rather than overflowing.

use std::cmp::Ordering;
use std::fmt;

/// Most decimals accepted in an amount; far more than any currency needs,
/// small enough that products of two amounts stay within `i128`.
const MAX_SCALE: u32 = 18;
/// Most digits accepted in an amount.
const MAX_DIGITS: usize = 30;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Decimal {
    units: i128,
    scale: u32,
}

impl Decimal {
    pub(crate) const ZERO: Self = Self { units: 0, scale: 0 };

    /// Parses `[+-]digits[.digits]` (surrounding whitespace allowed). No
    /// exponents, no thousands separators: cXML amounts never have them.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (negative, body) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
        let digits = whole.len() + frac.len();
        if digits == 0 || digits > MAX_DIGITS || frac.len() > MAX_SCALE as usize {
            return None;
        }
        if !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut units: i128 = 0;
        for b in whole.bytes().chain(frac.bytes()) {
            units = units.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        Some(Self {
            units: if negative { -units } else { units },
            scale: u32::try_from(frac.len()).ok()?,
        })
    }

    /// Decimals actually needed: `1.2300` has 2.
    pub(crate) fn significant_decimals(self) -> u32 {
        let mut units = self.units;
        let mut scale = self.scale;
        while scale > 0 && units % 10 == 0 {
            units /= 10;
            scale -= 1;
        }
        scale
    }

    /// Decimals as written: `1.2300` has 4.
    pub(crate) fn scale(self) -> u32 {
        self.scale
    }

    pub(crate) fn is_negative(self) -> bool {
        self.units < 0
    }

    pub(crate) fn is_zero(self) -> bool {
        self.units == 0
    }

    fn rescaled(self, scale: u32) -> Option<i128> {
        let factor = 10i128.checked_pow(scale.checked_sub(self.scale)?)?;
        self.units.checked_mul(factor)
    }

    fn aligned(self, other: Self) -> Option<(i128, i128, u32)> {
        let scale = self.scale.max(other.scale);
        Some((self.rescaled(scale)?, other.rescaled(scale)?, scale))
    }

    pub(crate) fn checked_add(self, other: Self) -> Option<Self> {
        let (a, b, scale) = self.aligned(other)?;
        Some(Self {
            units: a.checked_add(b)?,
            scale,
        })
    }

    pub(crate) fn checked_sub(self, other: Self) -> Option<Self> {
        let (a, b, scale) = self.aligned(other)?;
        Some(Self {
            units: a.checked_sub(b)?,
            scale,
        })
    }

    pub(crate) fn checked_mul(self, other: Self) -> Option<Self> {
        Some(Self {
            units: self.units.checked_mul(other.units)?,
            scale: self.scale.checked_add(other.scale)?,
        })
    }

    /// Rounds half away from zero to `scale` decimals (no-op when already
    /// that precise).
    pub(crate) fn round_to(self, scale: u32) -> Self {
        if self.scale <= scale {
            return self;
        }
        let Some(factor) = 10i128.checked_pow(self.scale - scale) else {
            return Self::ZERO;
        };
        let quotient = self.units / factor;
        let remainder = self.units % factor;
        let bump = if remainder.abs() * 2 >= factor {
            self.units.signum()
        } else {
            0
        };
        Self {
            units: quotient + bump,
            scale,
        }
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.partial_cmp(other) == Some(Ordering::Equal)
    }
}

impl PartialOrd for Decimal {
    /// `None` only if aligning the scales would overflow.
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        let (a, b, _) = self.aligned(*other)?;
        Some(a.cmp(&b))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.units < 0 { "-" } else { "" };
        let digits = self.units.unsigned_abs().to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (whole, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{whole}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    #[test]
    fn parses_plain_decimals_only() {
        assert_eq!(d("12.50").to_string(), "12.50");
        assert_eq!(d(" -0.05 ").to_string(), "-0.05");
        assert_eq!(d("+7").to_string(), "7");
        assert_eq!(d(".5").to_string(), "0.5");
        assert_eq!(d("5.").to_string(), "5");
        for bad in [
            "", "-", ".", "1e3", "1,000.00", "12.3.4", "abc", "1 000", "--1",
        ] {
            assert!(Decimal::parse(bad).is_none(), "{bad}");
        }
        assert!(Decimal::parse(&"9".repeat(31)).is_none());
    }

    #[test]
    fn arithmetic_is_exact() {
        let sum = d("0.1").checked_add(d("0.2"));
        assert_eq!(sum, Some(d("0.3")));
        assert_eq!(d("3").checked_mul(d("763.20")), Some(d("2289.6")));
        assert_eq!(d("1000000").checked_mul(d("0.01")), Some(d("10000.00")));
        assert_eq!(d("5").checked_sub(d("7.25")), Some(d("-2.25")));
        assert!(d("2.50") == d("2.5"));
        assert!(d("-1") < d("0"));
    }

    #[test]
    fn rounding_and_decimals() {
        assert_eq!(d("0.9999").round_to(2).to_string(), "1.00");
        assert_eq!(d("-2.345").round_to(2).to_string(), "-2.35");
        assert_eq!(d("2.344").round_to(2).to_string(), "2.34");
        assert_eq!(d("1.23450").significant_decimals(), 4);
        assert_eq!(d("1.23450").scale(), 5);
        assert_eq!(d("100").significant_decimals(), 0);
        assert!(d("-0.00").is_zero());
        assert!(d("-0.01").is_negative());
    }

    #[test]
    fn overflow_is_none() {
        let big = d(&"9".repeat(30));
        assert!(big.checked_mul(big).is_none());
        assert!(big.checked_mul(d("0.000000000000000001")).is_some());
    }
}
