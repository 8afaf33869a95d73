//! The simulated clock: one instance is created by whoever composes the
//! ecosystem and handed to every service, so that offer expiry, installment
//! dates and monthly billing all move together when a test or a person
//! advances it. Business logic never reads the wall clock.
//!
//! A clock either stands still until advanced (tests and scenarios: every
//! reading is predictable) or runs at wall-clock speed from its reading
//! (`procsim up`, for a person: documents and journal rows get the times
//! they would get in life). Advances jump either kind ahead; [`Clock::pause`]
//! and [`Clock::resume`] switch between them.
//!
//! The clock also hands out the ecosystem's [`Clock::sequence`]: the one
//! order every service's journal rows can be merged by.

mod sequence;

use std::{
    sync::{Arc, Mutex, PoisonError},
    time::Instant,
};

use jiff::{SignedDuration, Timestamp};

use crate::{Storage, Store, StoreError};
use sequence::Sequence;

const MIGRATIONS: &[&str] = &[
    "CREATE TABLE clock (id INTEGER PRIMARY KEY CHECK (id = 1), now TEXT NOT NULL);",
    // When the saved reading was taken on a running clock, the wall-clock
    // instant it was taken at: the clock ran on from there, also while
    // procsim was stopped. NULL: it was saved standing still.
    "ALTER TABLE clock ADD COLUMN running_since TEXT;",
];

/// A cheap-to-clone handle to the ecosystem's single notion of "now".
///
/// A standing clock moves only when someone calls [`Clock::advance`] or
/// [`Clock::advance_to`]; a running one also moves with the wall clock.
/// Neither ever moves backwards, so anything scheduled "on or before now"
/// stays due once it became due. The one way back is [`Clock::reset`], for
/// the reset of all state.
#[derive(Clone, Debug)]
pub struct Clock {
    reading: Arc<Mutex<Reading>>,
    /// The reading when the ecosystem started: where [`Clock::reset`]
    /// takes it back to.
    origin: Timestamp,
    /// Where the reading survives a restart (`--data-dir`), if anywhere.
    store: Option<Store>,
    sequence: Sequence,
}

/// The reading `at`, plus the time elapsed since `running_since` when the
/// clock runs.
#[derive(Clone, Copy, Debug)]
struct Reading {
    at: Timestamp,
    running_since: Option<Instant>,
}

impl Reading {
    fn now(&self) -> Timestamp {
        let Some(since) = self.running_since else {
            return self.at;
        };
        let elapsed = SignedDuration::try_from(since.elapsed()).unwrap_or(SignedDuration::MAX);
        self.at.saturating_add(elapsed).unwrap_or(self.at)
    }

    /// Sets the reading to `at`, running on from this instant if it ran.
    fn set(&mut self, at: Timestamp) {
        self.at = at;
        if self.running_since.is_some() {
            self.running_since = Some(Instant::now());
        }
    }
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
    /// A clock that reads `start` until it is advanced (or resumed).
    pub fn starting_at(start: Timestamp) -> Self {
        Clock {
            reading: Arc::new(Mutex::new(Reading {
                at: start,
                running_since: None,
            })),
            origin: start,
            store: None,
            sequence: Sequence::default(),
        }
    }

    /// A clock whose reading is kept in `clock.sqlite` under `storage`, so
    /// a restart resumes where the simulation was: it reads the later of
    /// the saved reading and `start`, so it never goes back behind anything
    /// already recorded. A reading saved while the clock ran has run on
    /// since, by the wall clock (procsim being stopped does not stop time).
    /// The clock comes back standing; [`Clock::resume`] runs it. With
    /// [`Storage::Memory`] this is [`Clock::starting_at`].
    pub fn persistent(storage: &Storage, start: Timestamp) -> Result<Self, StoreError> {
        if *storage == Storage::Memory {
            return Ok(Self::starting_at(start));
        }
        let store = Store::open(storage, "clock.sqlite", MIGRATIONS)?;
        let saved: Option<(String, Option<String>)> = store.with(|conn| {
            use rusqlite::OptionalExtension;
            conn.query_row(
                "SELECT now, running_since FROM clock WHERE id = 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
        })?;
        let saved = saved.and_then(|(now, running_since)| {
            let now = now.parse::<Timestamp>().ok()?;
            let ran = running_since
                .and_then(|since| since.parse::<Timestamp>().ok())
                .map(|since| Timestamp::now().duration_since(since))
                .filter(|ran| ran.is_positive())
                .unwrap_or_default();
            Some(now.saturating_add(ran).unwrap_or(now))
        });
        let now = saved.map_or(start, |saved| saved.max(start));
        save(&store, now, false)?;
        Ok(Clock {
            reading: Arc::new(Mutex::new(Reading {
                at: now,
                running_since: None,
            })),
            origin: now,
            store: Some(store),
            sequence: Sequence::default(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Reading> {
        self.reading.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The current simulated instant.
    pub fn now(&self) -> Timestamp {
        self.lock().now()
    }

    /// Whether the clock runs with the wall clock (else it stands until
    /// advanced).
    pub fn is_running(&self) -> bool {
        self.lock().running_since.is_some()
    }

    /// The instant the ecosystem started at, where [`Clock::reset`] goes.
    pub fn origin(&self) -> Timestamp {
        self.origin
    }

    /// The next number of the ecosystem's sequence of events: greater than
    /// every number any clone of this clock handed out before. Journals
    /// take one when an exchange begins, so their rows merge in the order
    /// things happened, whatever the simulated time says.
    pub fn sequence(&self) -> i64 {
        self.sequence.next()
    }

    /// Moves the clock forward by `by` and returns the new instant; a
    /// running clock runs on from there.
    pub fn advance(&self, by: SignedDuration) -> Result<Timestamp, ClockError> {
        let mut reading = self.lock();
        let now = reading.now();
        let requested = now.saturating_add(by).unwrap_or(now);
        if by.is_negative() {
            return Err(ClockError::Backwards { now, requested });
        }
        self.persist(requested, reading.running_since.is_some())?;
        reading.set(requested);
        Ok(requested)
    }

    /// Moves the clock forward to `target` (no-op if it is already there).
    pub fn advance_to(&self, target: Timestamp) -> Result<Timestamp, ClockError> {
        let mut reading = self.lock();
        let now = reading.now();
        if target < now {
            return Err(ClockError::Backwards {
                now,
                requested: target,
            });
        }
        self.persist(target, reading.running_since.is_some())?;
        reading.set(target);
        Ok(target)
    }

    /// Stops the clock at its current reading (no-op if it stands).
    pub fn pause(&self) -> Result<Timestamp, ClockError> {
        let mut reading = self.lock();
        let now = reading.now();
        self.persist(now, false)?;
        *reading = Reading {
            at: now,
            running_since: None,
        };
        Ok(now)
    }

    /// Lets the clock run with the wall clock from its current reading
    /// (no-op if it runs).
    pub fn resume(&self) -> Result<Timestamp, ClockError> {
        let mut reading = self.lock();
        let now = reading.now();
        if reading.running_since.is_none() {
            self.persist(now, true)?;
            *reading = Reading {
                at: now,
                running_since: Some(Instant::now()),
            };
        }
        Ok(now)
    }

    /// Takes the clock back to the instant the ecosystem started at (and
    /// saves that reading); a running clock runs on from there. Only the
    /// reset of all state calls this: with every service's state emptied,
    /// nothing is scheduled behind it.
    pub fn reset(&self) -> Result<Timestamp, ClockError> {
        let mut reading = self.lock();
        self.persist(self.origin, reading.running_since.is_some())?;
        reading.set(self.origin);
        Ok(self.origin)
    }

    /// Saves a new reading before it takes effect, so a crash never leaves
    /// the saved clock behind what the services already acted on.
    fn persist(&self, to: Timestamp, running: bool) -> Result<(), ClockError> {
        match &self.store {
            Some(store) => {
                save(store, to, running).map_err(|err| ClockError::Persist(err.to_string()))
            }
            None => Ok(()),
        }
    }
}

/// Saves `now`; on a running clock with the wall-clock instant it is read
/// at, which a restart runs on from.
fn save(store: &Store, now: Timestamp, running: bool) -> Result<(), StoreError> {
    let running_since = running.then(|| Timestamp::now().to_string());
    store.with(|conn| {
        conn.execute(
            "INSERT INTO clock (id, now, running_since) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET now = excluded.now,
                 running_since = excluded.running_since",
            rusqlite::params![now.to_string(), running_since],
        )
        .map(|_| ())
    })
}

#[cfg(test)]
mod tests;
