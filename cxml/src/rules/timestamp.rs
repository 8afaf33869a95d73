//! Classifies cXML date-time values (rules CX010, CX011).
//!
//! cXML wants ISO 8601 with a numeric UTC offset
//! (`2025-01-02T03:04:05-08:00`). `Z`, a missing offset and a bare date are
//! still ISO 8601 but are advisories; anything else is an error.

/// What kind of ISO 8601 value a string is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stamp {
    /// Date and time with a numeric offset: what cXML wants.
    WithOffset,
    /// Date and time in UTC written as `Z`.
    Zulu,
    /// Date and time with no offset at all.
    NoOffset,
    /// A date without a time.
    DateOnly,
}

/// `None` when `text` is not an ISO 8601 date or date-time.
pub(crate) fn classify(text: &str) -> Option<Stamp> {
    let b = text.trim().as_bytes();
    let date = b.get(..10)?;
    valid_date(date)?;
    let rest = &b[10..];
    if rest.is_empty() {
        return Some(Stamp::DateOnly);
    }
    let rest = rest.strip_prefix(b"T")?;
    let rest = time(rest)?;
    match rest {
        [] => Some(Stamp::NoOffset),
        [b'Z'] => Some(Stamp::Zulu),
        [sign, offset @ ..] if *sign == b'+' || *sign == b'-' => {
            valid_offset(offset)?;
            Some(Stamp::WithOffset)
        }
        _ => None,
    }
}

/// `YYYY-MM-DD` with a day that exists in that month.
fn valid_date(d: &[u8]) -> Option<()> {
    if d[4] != b'-' || d[7] != b'-' {
        return None;
    }
    let year = number(&d[..4])?;
    let month = number(&d[5..7])?;
    let day = number(&d[8..10])?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some(())
}

/// `hh:mm[:ss[.fraction]]`; returns what follows.
fn time(t: &[u8]) -> Option<&[u8]> {
    let hour = number(t.get(..2)?)?;
    if t.get(2) != Some(&b':') {
        return None;
    }
    let minute = number(t.get(3..5)?)?;
    let mut rest = &t[5..];
    if let Some(after) = rest.strip_prefix(b":") {
        let second = number(after.get(..2)?)?;
        if second > 60 {
            return None;
        }
        rest = &after[2..];
        if let Some(frac) = rest.strip_prefix(b".") {
            let digits = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            rest = &frac[digits..];
        }
    }
    (hour <= 24 && minute <= 59).then_some(rest)
}

/// `hh:mm`, `hhmm` or `hh` after the sign.
fn valid_offset(o: &[u8]) -> Option<()> {
    let (hours, minutes) = match o.len() {
        2 => (number(o)?, 0),
        4 => (number(&o[..2])?, number(&o[2..])?),
        5 if o[2] == b':' => (number(&o[..2])?, number(&o[3..])?),
        _ => return None,
    };
    (hours <= 14 && minutes <= 59).then_some(())
}

fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_cxml_timestamps() {
        for ok in [
            "2021-01-08T23:00:06-08:00",
            "2020-03-31T21:39:21+01:00",
            "2024-02-29T00:00:00.123+05:30",
            "2024-02-29T10:00+0530",
            "2024-02-29T10:00:00+05",
        ] {
            assert_eq!(classify(ok), Some(Stamp::WithOffset), "{ok}");
        }
    }

    #[test]
    fn flags_zulu_missing_offset_and_bare_dates() {
        assert_eq!(classify("2010-12-22T19:03:37Z"), Some(Stamp::Zulu));
        assert_eq!(classify("2010-12-22T19:03:37"), Some(Stamp::NoOffset));
        assert_eq!(classify("2010-12-22"), Some(Stamp::DateOnly));
    }

    #[test]
    fn rejects_non_iso_values() {
        for bad in [
            "Mon May 19 18:29:48 +0000 2008",
            "invoice_date",
            "2023-02-29T00:00:00+00:00",
            "2023-13-01",
            "2023-1-01",
            "2023-01-01 10:00:00+00:00",
            "2023-01-01T25:00:00Z",
            "2023-01-01T10:00:00+5",
            "2023-01-01T10:00:00.Z",
            "2023-01-01T10:00:00Zjunk",
            "",
        ] {
            assert_eq!(classify(bad), None, "{bad}");
        }
    }
}
