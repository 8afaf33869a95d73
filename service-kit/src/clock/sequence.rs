//! The ecosystem's sequence of events: numbers that only grow, shared by
//! every clone of one clock, so rows recorded by different services merge
//! in the order they were taken.
//!
//! Each number is the later of the wall clock in nanoseconds and one more
//! than the last number handed out (a hybrid logical clock): strictly
//! increasing within a run even when the wall clock stalls or steps back,
//! and, since it starts from the wall clock, later than the numbers of an
//! earlier run, so a journal kept with `--data-dir` still merges in order
//! after a restart.

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

#[derive(Clone, Debug, Default)]
pub(super) struct Sequence {
    last: Arc<AtomicI64>,
}

impl Sequence {
    pub(super) fn next(&self) -> i64 {
        let wall = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        let step = |last: i64| Some(wall.max(last.saturating_add(1)));
        let previous = self
            .last
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, step)
            .unwrap_or_else(|last| last);
        wall.max(previous.saturating_add(1))
    }
}
