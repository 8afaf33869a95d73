//! Guided walkthroughs of the flows F1–F15: each step says what to do,
//! links to the right page of the right service (signing in as the right
//! user where it matters), and ticks itself off once the merged journal
//! shows the document it causes. The definitions are data
//! (`walkthroughs.toml`, compiled in and read once at startup); this module
//! computes progress and serves `/walkthroughs/{id}`.

use std::sync::Arc;

use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::Response,
    routing::get,
};
use serde::{Deserialize, Serialize};
use service_kit::journal::{Direction, Exchange};
use tera::Context;

use crate::{
    AppState,
    journal_merge::{self, MergedFilter},
    rendering::{error_page, render},
};

const DEFINITIONS: &str = include_str!("../walkthroughs.toml");

/// Every walkthrough, in the file's order. Cheap to clone.
#[derive(Clone, Debug)]
pub(crate) struct Walkthroughs(Arc<Vec<Walkthrough>>);

#[derive(Deserialize)]
struct File {
    walkthrough: Vec<Walkthrough>,
}

impl Walkthroughs {
    /// Reads the compiled-in definitions.
    pub(crate) fn load() -> Result<Self, toml::de::Error> {
        let file: File = toml::from_str(DEFINITIONS)?;
        Ok(Walkthroughs(Arc::new(file.walkthrough)))
    }

    fn all(&self) -> &[Walkthrough] {
        &self.0
    }
}

/// One flow's walkthrough.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct Walkthrough {
    pub id: String,
    pub title: String,
    pub summary: String,
    #[serde(rename = "step")]
    pub steps: Vec<Step>,
}

/// What to do, where, as whom, and what shows it was done.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Step {
    pub text: String,
    /// The service whose page the step opens (`dashboard` for our own).
    pub service: String,
    pub path: String,
    /// Sign in to `service` as this user first (its "sign in as" picker).
    pub sign_in: Option<String>,
    pub evidence: Option<Evidence>,
}

/// A journaled document that proves a step happened: recorded by
/// `service` in `direction`, accepted (or, with `refused`, refused).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Evidence {
    pub service: String,
    pub document: String,
    pub direction: Direction,
    #[serde(default)]
    pub refused: bool,
}

impl Evidence {
    fn shown_by(&self, e: &Exchange) -> bool {
        let refused = e.outcome_status().is_some_and(|s| s >= 300);
        e.service == self.service
            && e.direction == self.direction
            && e.document_type.as_deref() == Some(self.document.as_str())
            && refused == self.refused
    }
}

/// How far a walkthrough has got, judged from the journal.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Progress {
    /// The flow the evidence was taken from: the latest one that shows
    /// any of the walkthrough's documents.
    pub flow: Option<String>,
    pub done: Vec<bool>,
}

/// Steps with evidence are done when their document is in the latest
/// matching flow; a step without evidence is done once a later step is.
pub(crate) fn progress(walkthrough: &Walkthrough, exchanges: &[Exchange]) -> Progress {
    let evidence: Vec<&Evidence> = walkthrough
        .steps
        .iter()
        .filter_map(|s| s.evidence.as_ref())
        .collect();
    let flow = exchanges
        .iter()
        .rev()
        .find(|e| evidence.iter().any(|ev| ev.shown_by(e)))
        .and_then(|e| e.flow_id.clone());
    let mut done: Vec<bool> = walkthrough
        .steps
        .iter()
        .map(|step| {
            step.evidence.as_ref().is_some_and(|ev| {
                exchanges
                    .iter()
                    .any(|e| ev.shown_by(e) && (flow.is_none() || e.flow_id == flow))
            })
        })
        .collect();
    let mut later_done = false;
    for (i, step) in walkthrough.steps.iter().enumerate().rev() {
        if step.evidence.is_none() && later_done {
            done[i] = true;
        }
        later_done |= done[i];
    }
    Progress { flow, done }
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/walkthroughs/{id}", get(page))
}

/// A walkthrough as the index lists it.
#[derive(Serialize)]
pub(crate) struct Summary<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    done: usize,
    steps: usize,
}

/// Every walkthrough with its progress, for the hub page.
pub(crate) fn summaries<'a>(
    walkthroughs: &'a Walkthroughs,
    exchanges: &[Exchange],
) -> Vec<Summary<'a>> {
    walkthroughs
        .all()
        .iter()
        .map(|w| Summary {
            id: &w.id,
            title: &w.title,
            summary: &w.summary,
            done: progress(w, exchanges).done.iter().filter(|d| **d).count(),
            steps: w.steps.len(),
        })
        .collect()
}

#[derive(Serialize)]
struct StepView<'a> {
    number: usize,
    text: &'a str,
    service: &'a str,
    url: String,
    path: &'a str,
    sign_in: Option<&'a str>,
    sign_in_url: String,
    evidence: Option<String>,
    done: bool,
}

async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let walkthroughs = state.walkthroughs.clone();
    let Some(walkthrough) = walkthroughs
        .all()
        .iter()
        .find(|w| w.id.eq_ignore_ascii_case(&id))
    else {
        return error_page(
            &state,
            StatusCode::NOT_FOUND,
            "There is no walkthrough of that name.",
        );
    };
    let merged = journal_merge::merge(&state, MergedFilter::default()).await;
    let progress = progress(walkthrough, &merged.exchanges);
    let base = |service: &str| {
        state
            .config
            .services
            .iter()
            .find(|s| s.name == service)
            .map_or_else(String::new, |s| s.url.clone())
    };
    let steps: Vec<StepView> = walkthrough
        .steps
        .iter()
        .zip(&progress.done)
        .enumerate()
        .map(|(i, (step, done))| StepView {
            number: i + 1,
            text: &step.text,
            service: &step.service,
            url: format!("{}{}", base(&step.service), step.path),
            path: &step.path,
            sign_in: step.sign_in.as_deref(),
            sign_in_url: format!("{}/signin", base(&step.service)),
            evidence: step.evidence.as_ref().map(|ev| {
                let verb = match ev.direction {
                    Direction::Outbound => "sends",
                    Direction::Inbound => "receives",
                };
                let refused = if ev.refused { " (refused)" } else { "" };
                format!("{} {verb} {}{refused}", ev.service, ev.document)
            }),
            done: *done,
        })
        .collect();
    let mut context = Context::new();
    context.insert("id", &walkthrough.id);
    context.insert("title", &walkthrough.title);
    context.insert("summary", &walkthrough.summary);
    context.insert("steps", &steps);
    context.insert("flow", &progress.flow);
    context.insert("done", &progress.done.iter().filter(|d| **d).count());
    context.insert("walkthroughs", &summaries(&walkthroughs, &merged.exchanges));
    render(&state, StatusCode::OK, "walkthrough.html", &context)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        service: &str,
        direction: Direction,
        kind: &str,
        flow: &str,
        status: Option<u16>,
    ) -> Exchange {
        Exchange {
            id: 1,
            service: service.to_owned(),
            at: "1970-01-01T00:00:00Z".to_owned(),
            direction,
            peer: "browser".to_owned(),
            document_type: Some(kind.to_owned()),
            payload_id: None,
            flow_id: Some(flow.to_owned()),
            http_status: status,
            cxml_status: status,
            latency_ms: 0.0,
            recorded_ns: 0,
            finding_count: 0,
            raw_bytes: 0,
            response_bytes: None,
        }
    }

    fn f1() -> Walkthrough {
        let all = Walkthroughs::load().expect("walkthroughs.toml reads");
        all.all().iter().find(|w| w.id == "F1").expect("F1").clone()
    }

    #[test]
    fn there_is_one_walkthrough_per_flow_from_f1_to_f15() {
        let all = Walkthroughs::load().expect("walkthroughs.toml reads");
        let ids: Vec<&str> = all.all().iter().map(|w| w.id.as_str()).collect();
        let wanted: Vec<String> = (1..=15).map(|n| format!("F{n}")).collect();
        assert_eq!(ids, wanted);
        let services = ["dashboard", "marketplace", "coupa", "ariba", "mail"];
        for step in all.all().iter().flat_map(|w| &w.steps) {
            assert!(services.contains(&step.service.as_str()), "{step:?}");
            assert!(step.path.starts_with('/'), "{step:?}");
        }
    }

    #[test]
    fn nothing_is_done_on_an_empty_journal() {
        let p = progress(&f1(), &[]);
        assert_eq!(p.flow, None);
        assert!(p.done.iter().all(|d| !d));
    }

    #[test]
    fn steps_tick_off_from_the_latest_flow_and_earlier_steps_follow() {
        let setup_only = [row(
            "coupa",
            Direction::Outbound,
            "PunchOutSetupRequest",
            "a",
            Some(200),
        )];
        let p = progress(&f1(), &setup_only);
        assert_eq!(p.flow.as_deref(), Some("a"));
        assert_eq!(p.done, [true, true, false, false]);

        let mut both = setup_only.to_vec();
        both.push(row(
            "coupa",
            Direction::Inbound,
            "PunchOutOrderMessage",
            "a",
            None,
        ));
        assert_eq!(progress(&f1(), &both).done, [true, true, true, false]);

        // A newer punchout starts over: its cart has not come back yet.
        both.push(row(
            "coupa",
            Direction::Outbound,
            "PunchOutSetupRequest",
            "b",
            Some(200),
        ));
        let p = progress(&f1(), &both);
        assert_eq!(p.flow.as_deref(), Some("b"));
        assert_eq!(p.done, [true, true, false, false]);
    }

    #[test]
    fn a_refused_document_is_not_evidence_of_success() {
        let refused = [row(
            "coupa",
            Direction::Outbound,
            "PunchOutSetupRequest",
            "a",
            Some(401),
        )];
        assert!(progress(&f1(), &refused).done.iter().all(|d| !d));
    }

    #[test]
    fn an_open_buy_search_ticks_off_by_its_http_status_as_it_has_no_cxml_one() {
        let all = Walkthroughs::load().expect("walkthroughs.toml reads");
        let f3 = all.all().iter().find(|w| w.id == "F3").expect("F3");
        let search = |status| Exchange {
            cxml_status: None,
            ..row(
                "coupa",
                Direction::Outbound,
                "OpenBuySearch",
                "a",
                Some(status),
            )
        };
        assert_eq!(
            progress(f3, &[search(200)]).done,
            [true, true, false, false]
        );
        assert!(progress(f3, &[search(401)]).done.iter().all(|d| !d));
    }
}
