//! The simulated clock: one instance is created by whoever composes the
//! ecosystem and handed to every service, so that offer expiry, installment
//! dates and monthly billing all move together when a test or a person
//! advances it. Business logic never reads the wall clock.

use std::sync::{Arc, Mutex, PoisonError};

use jiff::{SignedDuration, Timestamp};

use crate::{Storage, Store, StoreError};

const MIGRATIONS: &[&str] =
    &["CREATE TABLE clock (id INTEGER PRIMARY KEY CHECK (id = 1), now TEXT NOT NULL);"];

/// A cheap-to-clone handle to the ecosystem's single notion of "now".
///
/// Time only moves when someone calls [`Clock::advance`] or
/// [`Clock::advance_to`]; those never move it backwards, so anything
/// scheduled "on or before now" stays due once it became due. The one way
/// back is [`Clock::reset`], for the reset of all state.
#[derive(Clone, Debug)]
pub struct Clock {
    now: Arc<Mutex<Timestamp>>,
    /// The reading when the ecosystem started: where [`Clock::reset`]
    /// takes it back to.
    origin: Timestamp,
    /// Where the reading survives a restart (`--data-dir`), if anywhere.
    store: Option<Store>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ClockError {
    /// The clock never goes back: a negative advance or an earlier target.
    Backwards {
        now: Timestamp,
        requested: Timestamp,
    },
    /// The new reading could not be saved; the clock did not move.
    Persist(String),
}

impl std::fmt::Display for ClockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClockError::Backwards { now, requested } => write!(
                f,
                "the simulated clock cannot go back from {now} to {requested}"
            ),
            ClockError::Persist(err) => write!(f, "the simulated clock could not be saved: {err}"),
        }
    }
}

impl std::error::Error for ClockError {}

impl Clock {
    /// A clock that reads `start` until it is advanced.
    pub fn starting_at(start: Timestamp) -> Self {
        Clock {
            now: Arc::new(Mutex::new(start)),
            origin: start,
            store: None,
        }
    }

    /// A clock whose reading is kept in `clock.sqlite` under `storage`, so
    /// a restart resumes where the simulation was: it reads the later of
    /// the saved reading and `start`, so it never goes back behind anything
    /// already recorded. With [`Storage::Memory`] this is
    /// [`Clock::starting_at`].
    pub fn persistent(storage: &Storage, start: Timestamp) -> Result<Self, StoreError> {
        if *storage == Storage::Memory {
            return Ok(Self::starting_at(start));
        }
        let store = Store::open(storage, "clock.sqlite", MIGRATIONS)?;
        let saved: Option<String> = store.with(|conn| {
            use rusqlite::OptionalExtension;
            conn.query_row("SELECT now FROM clock WHERE id = 1", [], |row| row.get(0))
                .optional()
        })?;
        let saved = saved.and_then(|text| text.parse::<Timestamp>().ok());
        let now = saved.map_or(start, |saved| saved.max(start));
        save(&store, now)?;
        Ok(Clock {
            now: Arc::new(Mutex::new(now)),
            origin: now,
            store: Some(store),
        })
    }

    /// The current simulated instant.
    pub fn now(&self) -> Timestamp {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The instant the ecosystem started at, where [`Clock::reset`] goes.
    pub fn origin(&self) -> Timestamp {
        self.origin
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
        self.persist(requested)?;
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
        self.persist(target)?;
        *now = target;
        Ok(target)
    }

    /// Takes the clock back to the instant the ecosystem started at (and
    /// saves that reading). Only the reset of all state calls this: with
    /// every service's state emptied, nothing is scheduled behind it.
    pub fn reset(&self) -> Result<Timestamp, ClockError> {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        self.persist(self.origin)?;
        *now = self.origin;
        Ok(self.origin)
    }

    /// Saves a new reading before it takes effect, so a crash never leaves
    /// the saved clock behind what the services already acted on.
    fn persist(&self, to: Timestamp) -> Result<(), ClockError> {
        match &self.store {
            Some(store) => save(store, to).map_err(|err| ClockError::Persist(err.to_string())),
            None => Ok(()),
        }
    }
}

fn save(store: &Store, now: Timestamp) -> Result<(), StoreError> {
    store.with(|conn| {
        conn.execute(
            "INSERT INTO clock (id, now) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET now = excluded.now",
            [now.to_string()],
        )
        .map(|_| ())
    })
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
    fn a_persistent_clock_resumes_where_it_was() {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = Storage::Dir(dir.path().to_owned());
        let clock = Clock::persistent(&storage, start()).expect("opens");
        clock
            .advance(SignedDuration::from_hours(24 * 40))
            .expect("forward");
        let moved = clock.now();
        drop(clock);
        let again = Clock::persistent(&storage, start()).expect("reopens");
        assert_eq!(again.now(), moved, "resumes from the saved reading");
        let later: Timestamp = "2027-01-01T00:00:00Z".parse().expect("valid");
        let from_later = Clock::persistent(&storage, later).expect("reopens");
        assert_eq!(from_later.now(), later, "a later start wins");
    }

    #[test]
    fn reset_goes_back_to_the_start_and_is_saved() {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = Storage::Dir(dir.path().to_owned());
        let clock = Clock::persistent(&storage, start()).expect("opens");
        clock
            .advance(SignedDuration::from_hours(48))
            .expect("forward");
        assert_eq!(clock.reset().expect("resets"), start());
        assert_eq!(clock.now(), start());
        drop(clock);
        let again = Clock::persistent(&storage, start()).expect("reopens");
        assert_eq!(again.now(), start(), "the saved reading went back too");
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
