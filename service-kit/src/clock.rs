//! The simulated clock: one instance is created by whoever composes the
//! ecosystem and handed to every service, so that offer expiry, installment
//! dates and monthly billing all move together when a test or a person
//! advances it. Business logic never reads the wall clock.

use std::sync::{Arc, Mutex, PoisonError};

use jiff::{SignedDuration, Timestamp};

/// A cheap-to-clone handle to the ecosystem's single notion of "now".
///
/// Time only moves when someone calls [`Clock::advance`] or
/// [`Clock::advance_to`]; it never moves backwards, so anything scheduled
/// "on or before now" stays due once it became due.
#[derive(Clone, Debug)]
pub struct Clock {
    now: Arc<Mutex<Timestamp>>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ClockError {
    /// The clock never goes back: a negative advance or an earlier target.
    Backwards {
        now: Timestamp,
        requested: Timestamp,
    },
}

impl std::fmt::Display for ClockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClockError::Backwards { now, requested } => write!(
                f,
                "the simulated clock cannot go back from {now} to {requested}"
            ),
        }
    }
}

impl std::error::Error for ClockError {}

impl Clock {
    /// A clock that reads `start` until it is advanced.
    pub fn starting_at(start: Timestamp) -> Self {
        Clock {
            now: Arc::new(Mutex::new(start)),
        }
    }

    /// The current simulated instant.
    pub fn now(&self) -> Timestamp {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Moves the clock forward by `by` and returns the new instant.
    pub fn advance(&self, by: SignedDuration) -> Result<Timestamp, ClockError> {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        let requested = now.saturating_add(by).unwrap_or(*now);
        if by.is_negative() {
            return Err(ClockError::Backwards {
                now: *now,
                requested,
            });
        }
        *now = requested;
        Ok(requested)
    }

    /// Moves the clock forward to `target` (no-op if it is already there).
    pub fn advance_to(&self, target: Timestamp) -> Result<Timestamp, ClockError> {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        if target < *now {
            return Err(ClockError::Backwards {
                now: *now,
                requested: target,
            });
        }
        *now = target;
        Ok(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> Timestamp {
        "2026-01-05T09:00:00Z".parse().expect("valid timestamp")
    }

    #[test]
    fn clones_share_one_instant() {
        let a = Clock::starting_at(start());
        let b = a.clone();
        a.advance(SignedDuration::from_hours(24)).expect("forward");
        assert_eq!(b.now().to_string(), "2026-01-06T09:00:00Z");
    }

    #[test]
    fn never_goes_back() {
        let clock = Clock::starting_at(start());
        let err = clock
            .advance(SignedDuration::from_secs(-1))
            .expect_err("negative advance must fail");
        assert!(matches!(err, ClockError::Backwards { .. }));
        assert_eq!(clock.now(), start());
        let earlier: Timestamp = "2025-12-31T00:00:00Z".parse().expect("valid");
        assert!(clock.advance_to(earlier).is_err());
        assert_eq!(clock.now(), start());
    }
}
