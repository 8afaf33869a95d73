//! What an agreement is billed, and when: a pure function of the
//! agreement, its listing's pricing and its private offer (no clock, no
//! storage), so installment boundaries and month ends are unit-tested.
//!
//! - an upfront contract (public dimension or private offer): the whole
//!   amount, due when the agreement was created;
//! - an FPS private offer (SPEC F7): each installment on its date (one
//!   whose date had passed when the agreement was made is due at once);
//! - pay as you go (SPEC F8): the usage of each calendar month (UTC), due
//!   at the first instant of the next month, on the marketplace's own
//!   invoice and never against the PO; an annual server agreement bills
//!   its annual fee up front and its hourly usage so;
//! - Free and BYOL (SPEC F9): nothing, ever; a listing with a free trial
//!   meters no usage during its first calendar month (the trial).
//!
//! Usage is simulated: a deterministic number of units per agreement and
//! month, prorated to the part of the month that is metered (from the
//! agreement, or the trial's end), so a scenario's invoice amounts are the
//! same on every run; a month with nothing metered has no charge.

use jiff::{Timestamp, ToSpan, civil::Date, tz::TimeZone};

use super::period::Period;
use crate::{
    cart_line::LineType,
    catalog::{Listing, OfferTerms, Pricing, PrivateOffer, pricing::UsageDimension},
    money::Money,
};

/// How a charge reaches the buyer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// Against the PO: a cXML invoice to the buyer's procurement system
    /// when the account's connection takes them (Coupa), else the
    /// marketplace's own invoice.
    AgainstPo,
    /// Always on the marketplace's own monthly invoice (usage).
    Own,
}

/// One thing to invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Charge {
    /// Unique per agreement.
    pub period: Period,
    pub due: Timestamp,
    pub amount: Money,
    pub channel: Channel,
    /// How the PO line was typed: a Service line is invoiced as 1 × the
    /// amount, a Material line as amount / 0.01 units of 0.01.
    pub line: LineType,
    pub description: String,
}

/// An agreement's billing: fixed charges and, for usage, a monthly meter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    fixed: Vec<Charge>,
    usage: Option<Usage>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Usage {
    /// The agreement's id, which seeds the simulated meter.
    agreement: i64,
    since: Timestamp,
    dimension: Option<UsageDimension>,
}

/// What [`plan`] needs to know of an agreement.
#[derive(Clone, Copy, Debug)]
pub struct Billed<'a> {
    pub agreement: i64,
    pub created_at: Timestamp,
    /// The agreement's option key (`standard-12m`, `payg`, `offer-….r2`).
    pub option: &'a str,
    /// The agreement's amount as ordered.
    pub amount: Money,
    pub listing: &'a Listing,
    /// The private offer the option names, if it still exists.
    pub offer: Option<&'a PrivateOffer>,
}

/// The billing plan of one agreement.
pub fn plan(billed: Billed<'_>) -> Plan {
    let contract = |amount: Money, line| Charge {
        period: Period::Contract,
        due: billed.created_at,
        amount,
        channel: Channel::AgainstPo,
        line,
        description: format!("{} (contract)", billed.listing.name),
    };
    let since = if billed.listing.free_trial {
        trial_end(billed.created_at)
    } else {
        billed.created_at
    };
    let usage = |dimension| Usage {
        agreement: billed.agreement,
        since,
        dimension,
    };
    if billed.option.starts_with("offer-") {
        return Plan {
            fixed: offer_charges(billed, &contract),
            usage: None,
        };
    }
    match (&billed.listing.pricing, billed.option) {
        (Pricing::Free | Pricing::Byol, _) => Plan::nothing(),
        (Pricing::Payg { dimensions }, "payg") => Plan {
            fixed: Vec::new(),
            usage: Some(usage(dimensions.first().copied())),
        },
        (Pricing::AnnualWithHourly { hourly, annual }, key) => Plan {
            fixed: annual
                .iter()
                .find(|d| d.key() == key)
                .map(|d| contract(d.price, LineType::Material))
                .into_iter()
                .collect(),
            usage: Some(usage(hourly.first().copied())),
        },
        _ if billed.amount.is_zero() => Plan::nothing(),
        _ => Plan {
            fixed: vec![contract(billed.amount, LineType::Service)],
            usage: None,
        },
    }
}

/// An offer's installments, or its whole amount. If the seller revised the
/// offer after the order, its schedule is used only while it still adds
/// up to what was ordered; otherwise the ordered amount is billed at once.
fn offer_charges(billed: Billed<'_>, contract: &dyn Fn(Money, LineType) -> Charge) -> Vec<Charge> {
    let schedule = billed.offer.and_then(|offer| match &offer.terms {
        OfferTerms::Fps(schedule) if schedule.total() == billed.amount => Some(schedule),
        _ => None,
    });
    let Some(schedule) = schedule else {
        return (!billed.amount.is_zero())
            .then(|| contract(billed.amount, LineType::Service))
            .into_iter()
            .collect();
    };
    let count = schedule.installments().len();
    schedule
        .installments()
        .iter()
        .zip(1..)
        .map(|(installment, n)| Charge {
            period: Period::Installment(n),
            due: installment.due.max(billed.created_at),
            amount: installment.amount,
            channel: Channel::AgainstPo,
            line: LineType::Material,
            description: format!("{} (installment {n} of {count})", billed.listing.name),
        })
        .collect()
}

impl Plan {
    fn nothing() -> Self {
        Plan {
            fixed: Vec::new(),
            usage: None,
        }
    }

    /// Every charge due at or before `now`, in due order.
    pub fn due_by(&self, now: Timestamp) -> Vec<Charge> {
        let mut due: Vec<Charge> = self
            .fixed
            .iter()
            .filter(|c| c.due <= now)
            .cloned()
            .collect();
        if let Some(usage) = &self.usage {
            due.extend(usage.months().take_while(|c| c.due <= now));
        }
        due.sort_by_key(|c| c.due);
        due
    }

    /// The first instant after `now` at which a charge falls due.
    pub fn next_after(&self, now: Timestamp) -> Option<Timestamp> {
        let fixed = self.fixed.iter().map(|c| c.due).filter(|due| *due > now);
        let usage = self
            .usage
            .as_ref()
            .and_then(|u| u.months().map(|c| c.due).find(|due| *due > now));
        fixed.chain(usage).min()
    }
}

/// A free trial lasts one calendar month from the agreement (SPEC F9).
pub fn trial_end(created_at: Timestamp) -> Timestamp {
    created_at
        .to_zoned(TimeZone::UTC)
        .checked_add(1.month())
        .map_or(created_at, |end| end.timestamp())
}

impl Usage {
    /// The usage charge of each month from the metering's, without end;
    /// months with nothing metered are skipped.
    fn months(&self) -> impl Iterator<Item = Charge> + '_ {
        let first = month_start(self.since);
        (0..)
            .map_while(move |n: i32| {
                let month = first.checked_add(n.months()).ok()?;
                let start = month.to_zoned(TimeZone::UTC).ok()?.timestamp();
                let next = month.checked_add(1.month()).ok()?;
                let due = next.to_zoned(TimeZone::UTC).ok()?.timestamp();
                Some(self.charge(month, (start, due)))
            })
            .flatten()
    }

    fn charge(&self, month: Date, (start, due): (Timestamp, Timestamp)) -> Option<Charge> {
        let label = format!("{:04}-{:02}", month.year(), month.month());
        let metered = due.duration_since(self.since.max(start)).as_secs();
        let whole = due.duration_since(start).as_secs();
        if metered <= 0 || whole <= 0 {
            return None;
        }
        let full = i128::from(simulated_units(self.agreement, &label));
        let prorated = (full * i128::from(metered) + i128::from(whole) / 2) / i128::from(whole);
        let units = i64::try_from(prorated).unwrap_or(0);
        if units == 0 {
            return None;
        }
        let (price, what) = self.dimension.map_or((Money::usd_cents(10), "hours"), |d| {
            (d.unit_price, d.unit.description())
        });
        let amount = rounded_cents(price, units);
        Some(Charge {
            period: Period::usage(month),
            due,
            amount,
            channel: Channel::Own,
            line: LineType::Service,
            description: format!("Usage {label}: {units} units at {} {what}", price.decimal()),
        })
    }
}

/// `price × units` rounded half up to whole cents.
fn rounded_cents(price: Money, units: i64) -> Money {
    let total = price.ten_thousandths().saturating_mul(units);
    Money::usd_cents((total + 50) / 100)
}

fn month_start(at: Timestamp) -> Date {
    let date = at.to_zoned(TimeZone::UTC).date();
    date.first_of_month()
}

/// 50 to 749 units, the same for an agreement and month on every run
/// (FNV-1a over the agreement id and the month).
fn simulated_units(agreement: i64, month: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in agreement.to_le_bytes().iter().chain(month.as_bytes()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    50 + i64::try_from(hash % 700).unwrap_or(0)
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
