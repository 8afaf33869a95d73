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

/// Long enough for any clock to tick, short enough to keep tests quick:
/// the passing of real time is what these tests are about.
const A_MOMENT: std::time::Duration = std::time::Duration::from_millis(30);

#[test]
fn a_standing_clock_reads_the_same_however_long_one_waits() {
    let clock = Clock::starting_at(start());
    assert!(!clock.is_running());
    std::thread::sleep(A_MOMENT);
    assert_eq!(clock.now(), start());
}

#[test]
fn a_running_clock_reads_later_after_a_moment_and_pause_stops_it() {
    let clock = Clock::starting_at(start());
    assert_eq!(clock.resume().expect("runs"), start());
    assert!(clock.is_running());
    std::thread::sleep(A_MOMENT);
    let later = clock.now();
    assert!(
        later.duration_since(start()) >= SignedDuration::try_from(A_MOMENT).expect("fits"),
        "{later}"
    );
    let paused = clock.pause().expect("pauses");
    assert!(!clock.is_running());
    assert!(paused >= later);
    std::thread::sleep(A_MOMENT);
    assert_eq!(clock.now(), paused, "a paused clock stands");
    clock.resume().expect("runs again");
    std::thread::sleep(A_MOMENT);
    assert!(clock.now() > paused, "it runs on from where it stood");
}

#[test]
fn an_advance_jumps_a_running_clock_ahead_and_it_keeps_running() {
    let clock = Clock::starting_at(start());
    clock.resume().expect("runs");
    let jumped = clock
        .advance(SignedDuration::from_hours(24 * 30))
        .expect("forward");
    assert!(jumped.duration_since(start()) >= SignedDuration::from_hours(24 * 30));
    std::thread::sleep(A_MOMENT);
    assert!(clock.now() > jumped, "still running after the jump");
    assert!(clock.is_running());
    let earlier = clock
        .now()
        .saturating_sub(SignedDuration::from_secs(1))
        .expect("fits");
    assert!(clock.advance_to(earlier).is_err(), "never back");
}

#[test]
fn reset_takes_a_running_clock_back_and_it_runs_on() {
    let clock = Clock::starting_at(start());
    clock.resume().expect("runs");
    clock
        .advance(SignedDuration::from_hours(48))
        .expect("forward");
    assert_eq!(clock.reset().expect("resets"), start());
    assert!(
        clock.now()
            < start()
                .saturating_add(SignedDuration::from_hours(1))
                .expect("fits")
    );
    assert!(clock.is_running());
}

#[test]
fn a_running_clock_saved_runs_on_while_procsim_is_stopped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let storage = Storage::Dir(dir.path().to_owned());
    let clock = Clock::persistent(&storage, start()).expect("opens");
    clock.resume().expect("runs");
    let jumped = clock
        .advance(SignedDuration::from_hours(24 * 40))
        .expect("forward");
    drop(clock);
    std::thread::sleep(A_MOMENT);
    let again = Clock::persistent(&storage, start()).expect("reopens");
    assert!(!again.is_running(), "the composer decides whether it runs");
    let ran = again.now().duration_since(jumped);
    assert!(
        ran >= SignedDuration::try_from(A_MOMENT).expect("fits"),
        "it ran on from the saved reading: {ran}"
    );
    assert!(ran < SignedDuration::from_hours(1), "{ran}");
    // Saved standing, it stands while stopped too.
    let stood = again.now();
    drop(again);
    std::thread::sleep(A_MOMENT);
    let third = Clock::persistent(&storage, start()).expect("reopens");
    assert_eq!(third.now(), stood);
}

#[test]
fn the_sequence_grows_across_clones_and_threads() {
    let clock = Clock::starting_at(start());
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let clock = clock.clone();
            std::thread::spawn(move || (0..500).map(|_| clock.sequence()).collect::<Vec<_>>())
        })
        .collect();
    let mut all: Vec<i64> = threads
        .into_iter()
        .flat_map(|t| t.join().expect("joins"))
        .collect();
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), count, "no number is handed out twice");
    let (a, b) = (clock.sequence(), clock.sequence());
    assert!(b > a && a > all[count - 1]);
    let other = Clock::starting_at(start());
    assert!(
        other.sequence() >= a - 1_000_000_000,
        "a new clock starts from the wall clock, not from zero"
    );
}
