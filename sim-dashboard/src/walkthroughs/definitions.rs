//! The walkthroughs as data: `walkthroughs.toml`, compiled in and read
//! once at startup, as types. A walkthrough is steps; a step says what to
//! do, where and as whom, and what proves it was done: a journaled
//! document of the run's flow (`Evidence`) or something observed outside
//! the journal (`Observation`). Whether a run follows a flow or the
//! accounts' activity since its start follows from its steps' proofs.

use serde::Deserialize;
use service_kit::journal::{Direction, Exchange};

const DEFINITIONS: &str = include_str!("../../walkthroughs.toml");

/// Every walkthrough, in the file's order. Cheap to clone.
#[derive(Clone, Debug)]
pub(crate) struct Walkthroughs(std::sync::Arc<Vec<Walkthrough>>);

#[derive(Deserialize)]
struct File {
    walkthrough: Vec<Walkthrough>,
}

impl Walkthroughs {
    /// Reads the compiled-in definitions.
    pub(crate) fn load() -> Result<Self, toml::de::Error> {
        let file: File = toml::from_str(DEFINITIONS)?;
        Ok(Walkthroughs(std::sync::Arc::new(file.walkthrough)))
    }

    pub(super) fn all(&self) -> &[Walkthrough] {
        &self.0
    }

    pub(super) fn find(&self, id: &str) -> Option<&Walkthrough> {
        self.all().iter().find(|w| w.id.eq_ignore_ascii_case(id))
    }
}

impl Walkthrough {
    /// Whether a run follows a flow: some step is proved by a journaled
    /// document.
    pub(super) fn follows_a_flow(&self) -> bool {
        self.steps.iter().any(|s| s.evidence.is_some())
    }

    /// Each step's number as the page shows it; an alternative has none.
    pub(super) fn numbers(&self) -> Vec<Option<usize>> {
        let mut number = 0;
        self.steps
            .iter()
            .map(|s| {
                (!s.alternative).then(|| {
                    number += 1;
                    number
                })
            })
            .collect()
    }

    /// Whether a run follows what the accounts did since its start.
    pub(super) fn follows_account_activity(&self) -> bool {
        self.steps
            .iter()
            .any(|s| s.observe.is_some_and(Observation::of_account_activity))
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
    /// What shows the step when no journal does.
    pub observe: Option<Observation>,
    /// Another way instead of the steps before it (reject instead of
    /// approve): shown, but not a step the person must do.
    #[serde(default)]
    pub alternative: bool,
    /// On an alternative, the numbers of the required steps it stands in
    /// for: once it is done, the walkthrough ends on its path, counting it
    /// instead of them (F9 with pre-approval on: subscribed at once,
    /// nothing to approve).
    #[serde(default)]
    pub replaces: Vec<usize>,
}

/// A journaled document that proves a step happened: recorded by
/// `service` in `direction`, accepted (or, with `refused`, refused), at
/// least `occurrence` times in the flow (an edit re-opens a punchout with
/// a second setup request in the same flow).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Evidence {
    pub service: String,
    pub document: String,
    pub direction: Direction,
    #[serde(default)]
    pub refused: bool,
    #[serde(default = "once")]
    pub occurrence: u32,
    /// What the document (a returned cart) must hold besides its type.
    pub holds: Option<CartHolds>,
}

/// What a returned cart holds that its journal row does not show: read
/// from its body (`carts`).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum CartHolds {
    /// A 0.00 line for a Free or BYOL product (SPEC F9).
    FreeLine,
    /// The order the marketplace placed itself in the session
    /// (`SupplierOrderInfo`): a pre-approved product subscribed at once.
    Subscription,
}

fn once() -> u32 {
    1
}

impl Evidence {
    pub(super) fn shown_by(&self, e: &Exchange) -> bool {
        let refused = e.outcome_status().is_some_and(|s| s >= 300);
        e.service == self.service
            && e.direction == self.direction
            && e.document_type.as_deref() == Some(self.document.as_str())
            && refused == self.refused
    }

    pub(super) fn describe(&self) -> String {
        let verb = match self.direction {
            Direction::Outbound => "sends",
            Direction::Inbound => "receives",
        };
        let refused = if self.refused { " (refused)" } else { "" };
        let again = match self.occurrence {
            1 => "",
            2 => " a second time",
            _ => " again",
        };
        let holding = match self.holds {
            None => "",
            Some(CartHolds::FreeLine) => " holding a 0.00 Free or BYOL line",
            Some(CartHolds::Subscription) => {
                " reporting the subscription the marketplace made at once"
            }
        };
        format!(
            "{} {verb} {}{holding}{refused}{again}",
            self.service, self.document
        )
    }
}

/// What proves a step outside the journal: of the run's flow's agreement,
/// or of what the accounts did since the run started.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Observation {
    /// The mail about the flow's agreement was opened in the inbox.
    MailRead,
    /// The marketplace issued a usage invoice for the flow's agreement.
    UsageInvoice,
    /// The flow's punchout showed a product no procurement system can buy
    /// (SPEC F11): its page had no "Request approval" and said why.
    UnsupportedShown,
    /// Since Start, purchase-order management was asked for beside an
    /// enabled integration, and refused.
    PoManagementRefused,
    /// Since Start, settings with purchase-order management on were saved.
    PoManagementOn,
    /// Since Start, a subscription was made in the marketplace with a PO
    /// number typed.
    PoSubscription,
    /// The marketplace invoiced that subscription with its PO number.
    PoInvoice,
    /// After purchase-order management was turned on, settings with it off
    /// and an integration enabled were saved.
    IntegrationBack,
}

impl Observation {
    pub(super) fn describe(self) -> &'static str {
        match self {
            Observation::MailRead => "the mail about this flow's agreement is opened in the inbox",
            Observation::UsageInvoice => {
                "the marketplace issues a usage invoice for this flow's agreement"
            }
            Observation::UnsupportedShown => {
                "the marketplace shows, in this flow's punchout, a product it cannot send for approval"
            }
            Observation::PoManagementRefused => {
                "the marketplace refuses purchase-order management beside an enabled integration"
            }
            Observation::PoManagementOn => {
                "the marketplace saves the settings with purchase-order management on"
            }
            Observation::PoSubscription => {
                "the marketplace records a subscription with the PO number you typed"
            }
            Observation::PoInvoice => {
                "the marketplace invoices that subscription with its PO number"
            }
            Observation::IntegrationBack => {
                "the marketplace saves the settings with the integration enabled again"
            }
        }
    }

    /// Whether it is seen in what the accounts did since the run started,
    /// rather than in the run's flow.
    fn of_account_activity(self) -> bool {
        !matches!(
            self,
            Observation::MailRead | Observation::UsageInvoice | Observation::UnsupportedShown
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// The steps of each way through `w`: its required steps, and for
    /// each alternative that stands in for some, the others with it.
    fn paths(w: &Walkthrough) -> Vec<Vec<&Step>> {
        let numbers = w.numbers();
        let mut paths = vec![w.steps.iter().filter(|s| !s.alternative).collect()];
        for (i, alternative) in w.steps.iter().enumerate() {
            if alternative.replaces.is_empty() {
                continue;
            }
            let kept = |j: usize| match numbers[j] {
                Some(n) => !alternative.replaces.contains(&n),
                None => j == i,
            };
            let path = w.steps.iter().enumerate().filter(|(j, _)| kept(*j));
            paths.push(path.map(|(_, s)| s).collect());
        }
        paths
    }

    /// Whether `w` can end on every way through it: each way's last step
    /// is proved by something (each step without proof is done once a
    /// later one is).
    fn can_be_finished(w: &Walkthrough) -> bool {
        paths(w).iter().all(|path| {
            let last = path.last();
            last.is_some_and(|s| s.evidence.is_some() || s.observe.is_some())
        })
    }

    /// Every walkthrough can be finished, and a run has something to
    /// follow: a flow (a step proved by a journaled document) or the
    /// accounts' activity since its start, never both, since one run
    /// cannot follow two things.
    #[test]
    fn every_walkthrough_can_be_finished() {
        const NOT_YET: &[&str] = &[];
        let all = Walkthroughs::load().expect("walkthroughs.toml reads");
        let unfinishable: Vec<&str> = all
            .all()
            .iter()
            .filter(|w| !can_be_finished(w))
            .map(|w| w.id.as_str())
            .collect();
        assert_eq!(unfinishable, NOT_YET);
        for w in all.all() {
            // An alternative stands in for required steps before it.
            let numbers = w.numbers();
            for (i, step) in w.steps.iter().enumerate() {
                let before = || numbers[..i].iter().flatten();
                for n in &step.replaces {
                    assert!(step.alternative, "{}: only an alternative replaces", w.id);
                    assert!(before().any(|m| m == n), "{}: no step {n} before", w.id);
                }
            }
            assert!(
                w.follows_a_flow() != w.follows_account_activity(),
                "{} follows {} things",
                w.id,
                if w.follows_a_flow() { "two" } else { "no" }
            );
        }
    }

    /// The rule above catches what it is for: F14 as it was, its last
    /// step (the refusal) proved by nothing, and a step after an
    /// alternative that proves nothing.
    #[test]
    fn a_walkthrough_whose_last_required_step_proves_nothing_cannot_end() {
        let all = Walkthroughs::load().expect("walkthroughs.toml reads");
        let mut f14 = all.find("F14").expect("defined").clone();
        f14.steps.truncate(2);
        f14.steps[1].observe = None;
        assert!(!can_be_finished(&f14));
        let mut f4 = all.find("F4").expect("defined").clone();
        assert!(can_be_finished(&f4), "F4 ends before its alternative");
        f4.steps.push(Step {
            alternative: false,
            evidence: None,
            ..f4.steps[0].clone()
        });
        assert!(!can_be_finished(&f4));
    }

    /// F9 ends on either path: approval (the 0.00 cart, then the order) or
    /// pre-approval (subscribed at once, reported by the returned cart);
    /// an alternative path whose step proves nothing would never end.
    #[test]
    fn f9_can_end_on_the_pre_approved_path_too() {
        let all = Walkthroughs::load().expect("walkthroughs.toml reads");
        let mut f9 = all.find("F9").expect("defined").clone();
        assert_eq!(paths(&f9).len(), 2, "F9 has a pre-approved path");
        assert!(can_be_finished(&f9));
        for step in f9.steps.iter_mut().filter(|s| s.alternative) {
            step.evidence = None;
        }
        assert!(!can_be_finished(&f9));
    }

    /// F14's invoice step is proved by the invoice, which the marketplace
    /// issues the moment the person subscribes: it says what happens, not
    /// an action that would seem to tick it.
    #[test]
    fn f14_invoice_step_says_the_marketplace_issues_it_at_once() {
        let all = Walkthroughs::load().expect("walkthroughs.toml reads");
        let f14 = all.find("F14").expect("defined");
        let step = f14
            .steps
            .iter()
            .find(|s| s.observe == Some(Observation::PoInvoice))
            .expect("a step proved by the invoice");
        assert!(
            step.text.starts_with("The marketplace issues") && step.text.contains("at once"),
            "{}",
            step.text
        );
    }
}
