//! The next scheduled event across the ecosystem: each service that has a
//! schedule answers `GET /api/schedule` with `{"next": "<RFC 3339>" | null}`
//! (404: it has none). The hub page offers to jump to the earliest one by
//! advancing the clock that far through the ordinary advance form, so
//! whatever advancing does (running the services' schedules) happens too.
//!
//! A running clock moves without anyone advancing it, so while it runs
//! [`run_as_time_passes`] looks every [`WATCH_EVERY`] for an event that fell
//! due and runs every service's schedule then, as an advance does.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::AppState;

#[derive(Deserialize)]
struct Reply {
    next: Option<String>,
}

/// The earliest upcoming event and how far away it is.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct NextEvent {
    pub service: String,
    pub at: String,
    /// `at` as a person reads it.
    pub when: String,
    /// Seconds from now; at least 1, so the clock does move.
    pub seconds: i64,
}

/// How often a running clock's schedules are looked at: a person sees an
/// installment or a monthly invoice within this much real time of its
/// moment.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Until `stop` resolves: whenever the clock runs and some service's next
/// event is due, runs every service's schedule (what an advance does). A
/// standing clock moves only through advances, which run them themselves.
pub(crate) async fn run_as_time_passes(
    state: AppState,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => return Ok(()),
            () = tokio::time::sleep(WATCH_EVERY) => {}
        }
        if !state.clock.is_running() {
            continue;
        }
        let now = state.clock.now();
        let due = events(&state).await.iter().any(|(_, at)| *at <= now);
        if !due {
            continue;
        }
        if let Err(err) = crate::clock_api::run_schedules(&state, now.to_string()).await {
            tracing::warn!(%err, "a schedule that fell due as time passed did not run");
        }
    }
}

/// Asks every web service; the earliest event after now wins.
pub(crate) async fn next_event(state: &AppState) -> Option<NextEvent> {
    earliest(state.clock.now(), events(state).await)
}

/// Each web service's next event, for those that have one.
async fn events(state: &AppState) -> Vec<(String, Timestamp)> {
    let mut found: Vec<(String, Timestamp)> = Vec::new();
    for service in state
        .config
        .services
        .iter()
        .filter(|s| s.url.starts_with("http"))
    {
        let Ok(reply) = state
            .http
            .get(format!("{}/api/schedule", service.url))
            .send()
            .await
        else {
            continue;
        };
        if !reply.status().is_success() {
            continue;
        }
        let Ok(Reply { next: Some(next) }) = reply.json::<Reply>().await else {
            continue;
        };
        match next.parse::<Timestamp>() {
            Ok(at) => found.push((service.name.clone(), at)),
            Err(err) => tracing::warn!(service = service.name, %err, "unreadable schedule time"),
        }
    }
    found
}

fn earliest(now: Timestamp, found: Vec<(String, Timestamp)>) -> Option<NextEvent> {
    let (service, at) = found.into_iter().min_by_key(|(_, at)| *at)?;
    let seconds = at.as_second().saturating_sub(now.as_second()).max(1);
    Some(NextEvent {
        service,
        at: at.to_string(),
        when: crate::rendering::human_time(at),
        seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("timestamp")
    }

    #[test]
    fn the_earliest_event_wins_and_the_jump_is_at_least_a_second() {
        let now = at("2026-03-01T00:00:00Z");
        let found = vec![
            ("marketplace".to_owned(), at("2026-04-01T00:00:00Z")),
            ("coupa".to_owned(), at("2026-03-02T00:00:00Z")),
        ];
        let next = earliest(now, found).expect("an event");
        assert_eq!(next.service, "coupa");
        assert_eq!(next.seconds, 86_400);
        let due = earliest(now, vec![("marketplace".to_owned(), now)]).expect("due");
        assert_eq!(due.seconds, 1);
        assert_eq!(earliest(now, Vec::new()), None);
    }
}
