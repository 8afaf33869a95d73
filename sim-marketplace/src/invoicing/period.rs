//! What an invoice is for, unique per agreement: its contract, one of its
//! installments or one calendar month of its usage. Stored and shown as
//! `contract`, `installment-2`, `usage-2026-03`.

use std::{fmt, str::FromStr};

use jiff::civil::Date;

use crate::as_text::{UnknownText, text_column};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    /// The whole amount, due when the agreement was made.
    Contract,
    /// The n-th installment of a payment schedule, from 1.
    Installment(u32),
    /// The usage of one calendar month (UTC).
    Usage { year: i16, month: i8 },
}

impl Period {
    /// The usage of the month `date` falls in.
    pub fn usage(date: Date) -> Self {
        Period::Usage {
            year: date.year(),
            month: date.month(),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Contract => f.write_str("contract"),
            Period::Installment(n) => write!(f, "installment-{n}"),
            Period::Usage { year, month } => write!(f, "usage-{year:04}-{month:02}"),
        }
    }
}

impl FromStr for Period {
    type Err = UnknownText;

    /// Exactly what `Display` writes, nothing else.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let period = if text == "contract" {
            Some(Period::Contract)
        } else if let Some(n) = text.strip_prefix("installment-") {
            number(n, 1..=10).and_then(|n| Some(Period::Installment(n.parse().ok()?)))
        } else if let Some((year, month)) =
            text.strip_prefix("usage-").and_then(|m| m.split_once('-'))
        {
            let year = number(year, 4..=4).and_then(|y| y.parse().ok());
            let month = number(month, 2..=2)
                .and_then(|m| m.parse().ok())
                .filter(|m| (1..=12).contains(m));
            year.zip(month)
                .map(|(year, month)| Period::Usage { year, month })
        } else {
            None
        };
        period
            .filter(|period| period.to_string() == text)
            .ok_or_else(|| UnknownText {
                what: "invoice period",
                text: text.to_owned(),
            })
    }
}

/// `digits` when it is only ASCII digits, as many as `len` allows.
fn number(digits: &str, len: std::ops::RangeInclusive<usize>) -> Option<&str> {
    (len.contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

text_column!(Period);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_exactly_what_it_writes() {
        for text in [
            "contract",
            "installment-1",
            "installment-12",
            "usage-2026-03",
        ] {
            let period: Period = text.parse().expect(text);
            assert_eq!(period.to_string(), text);
        }
        for bad in [
            "",
            "Contract",
            "installment-0x",
            "installment-01",
            "installment-+1",
            "usage-2026-3",
            "usage-2026-13",
            "usage-26-03",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad:?}");
        }
    }
}
