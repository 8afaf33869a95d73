//! `Timestamp`: an ISO-8601 date-time as cXML uses it (`cXML@timestamp`,
//! `orderDate`, `invoiceDate`). The guide requires a numeric offset; `Z` and a
//! missing offset are accepted with an advisory. The original text is kept so
//! a document reads and writes back unchanged.

use std::fmt;

/// How the offset was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetKind {
    /// `+hh:mm` / `-hhmm`, in minutes east of UTC.
    Numeric(i32),
    /// `Z`: accepted, but the cXML guide asks for a numeric offset.
    Zulu,
    /// No offset (or a date alone): read as UTC, with an advisory.
    Missing,
}

/// A parsed date-time that remembers how it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    original: String,
    unix_millis: i64,
    offset: OffsetKind,
}

/// The text is not an ISO-8601 date-time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("timestamp is not an ISO-8601 date-time (expected e.g. 2024-05-01T12:00:00-07:00)")]
pub struct TimestampError;

impl Timestamp {
    /// Parses `YYYY-MM-DD[Thh:mm[:ss[.fff]]][Z|±hh:mm|±hhmm]`.
    pub fn parse(s: &str) -> Result<Self, TimestampError> {
        let (unix_millis, offset) = parse_iso(s.trim()).ok_or(TimestampError)?;
        Ok(Self {
            original: s.to_owned(),
            unix_millis,
            offset,
        })
    }

    /// The instant `unix_millis` written with a numeric offset, as the guide
    /// recommends: `2024-05-01T12:00:00-07:00`. Use it with the simulated clock.
    pub fn from_unix_millis(unix_millis: i64, offset_minutes: i32) -> Self {
        let local = unix_millis.div_euclid(1000) + i64::from(offset_minutes) * 60;
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let off = offset_minutes.unsigned_abs();
        let original = format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60,
            off / 60,
            off % 60
        );
        Self {
            original,
            unix_millis: unix_millis.div_euclid(1000) * 1000,
            offset: OffsetKind::Numeric(offset_minutes),
        }
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.original
    }

    /// Milliseconds since 1970-01-01T00:00:00Z (a missing offset counts as UTC).
    pub fn unix_millis(&self) -> i64 {
        self.unix_millis
    }

    /// How the offset was written.
    pub fn offset(&self) -> OffsetKind {
        self.offset
    }

    /// Why a real platform might object to this timestamp, if it might.
    pub fn advisory(&self) -> Option<&'static str> {
        match self.offset {
            OffsetKind::Numeric(_) => None,
            OffsetKind::Zulu => Some("timestamp uses `Z`; cXML asks for a numeric UTC offset"),
            OffsetKind::Missing => Some("timestamp has no UTC offset; read as UTC"),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.original)
    }
}

impl std::str::FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Reads exactly `n` ASCII digits from the front of `s`.
fn digits(s: &mut &[u8], n: usize) -> Option<i64> {
    let (head, tail) = s.split_at_checked(n)?;
    if !head.iter().all(u8::is_ascii_digit) {
        return None;
    }
    *s = tail;
    Some(head.iter().fold(0, |acc, b| acc * 10 + i64::from(b - b'0')))
}

fn expect(s: &mut &[u8], byte: u8) -> Option<()> {
    let (first, tail) = s.split_first()?;
    (*first == byte).then(|| *s = tail)
}

fn parse_iso(text: &str) -> Option<(i64, OffsetKind)> {
    let mut s = text.as_bytes();
    let year = digits(&mut s, 4)?;
    expect(&mut s, b'-')?;
    let month = digits(&mut s, 2)?;
    expect(&mut s, b'-')?;
    let day = digits(&mut s, 2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let (mut hour, mut minute, mut second, mut millis) = (0, 0, 0, 0);
    if expect(&mut s, b'T').is_some() {
        hour = digits(&mut s, 2)?;
        expect(&mut s, b':')?;
        minute = digits(&mut s, 2)?;
        if expect(&mut s, b':').is_some() {
            second = digits(&mut s, 2)?;
            if expect(&mut s, b'.').is_some() {
                let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
                if n == 0 {
                    return None;
                }
                let frac = digits(&mut s, n)?;
                millis = match n {
                    1 => frac * 100,
                    2 => frac * 10,
                    3 => frac,
                    _ => (frac / 10i64.checked_pow(u32::try_from(n - 3).ok()?)?) % 1000,
                };
            }
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
    }
    let offset = match s.first() {
        None => OffsetKind::Missing,
        Some(b'Z' | b'z') if s.len() == 1 => OffsetKind::Zulu,
        Some(&sign @ (b'+' | b'-')) => {
            s = &s[1..];
            let h = digits(&mut s, 2)?;
            let _ = expect(&mut s, b':');
            let m = digits(&mut s, 2)?;
            if !s.is_empty() || h > 23 || m > 59 {
                return None;
            }
            let minutes = i32::try_from(h * 60 + m).ok()?;
            OffsetKind::Numeric(if sign == b'-' { -minutes } else { minutes })
        }
        Some(_) => return None,
    };
    let offset_secs = match offset {
        OffsetKind::Numeric(m) => i64::from(m) * 60,
        _ => 0,
    };
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Some(((secs - offset_secs) * 1000 + millis, offset))
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn numeric_offsets_are_clean() {
        let t = Timestamp::parse("2021-01-08T23:00:06-08:00").unwrap();
        assert_eq!(t.offset(), OffsetKind::Numeric(-480));
        assert_eq!(t.unix_millis(), 1_610_175_606_000);
        assert_eq!(t.advisory(), None);
        assert_eq!(t.as_str(), "2021-01-08T23:00:06-08:00");
        let u = Timestamp::parse("2021-01-09T07:00:06.250+0000").unwrap();
        assert_eq!(u.unix_millis(), t.unix_millis() + 250);
    }

    #[test]
    fn zulu_and_missing_offsets_are_advisories() {
        let z = Timestamp::parse("2020-09-10T20:32:26Z").unwrap();
        assert_eq!(z.offset(), OffsetKind::Zulu);
        assert!(z.advisory().is_some());
        let n = Timestamp::parse("2020-09-10T20:32:26").unwrap();
        assert_eq!(n.offset(), OffsetKind::Missing);
        assert_eq!(n.unix_millis(), z.unix_millis());
        assert!(Timestamp::parse("2020-09-10").is_ok());
    }

    #[test]
    fn refuses_what_is_not_iso() {
        for s in [
            "Mon May 19 18:29:48 +0000 2008",
            "",
            "2020-13-01",
            "2021-02-29",
            "2020-01-01T25:00",
            "1610175606",
        ] {
            assert_eq!(Timestamp::parse(s), Err(TimestampError), "{s:?}");
        }
    }

    #[test]
    fn writes_from_the_clock_with_an_offset() {
        let t = Timestamp::from_unix_millis(1_610_175_606_999, -480);
        assert_eq!(t.as_str(), "2021-01-08T23:00:06-08:00");
        assert_eq!(
            Timestamp::parse(t.as_str()).unwrap().unix_millis(),
            1_610_175_606_000
        );
        assert_eq!(
            Timestamp::from_unix_millis(0, 330).as_str(),
            "1970-01-01T05:30:00+05:30"
        );
    }
}
