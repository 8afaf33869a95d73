//! The walkthroughs as data: `walkthroughs.toml`, compiled in and read
//! once at startup, as types. A walkthrough is steps; a step says what to
//! do, where and as whom, and what proves that it, itself, was done: a
//! journaled document of the run's flow (`Evidence`, perhaps holding
//! something in its body), something observed outside the journal
//! (`Observation`), or both. A step may also be shown as not needed when
//! something observed says it does not apply (finance's approval under
//! its threshold). A run follows a flow when some step is proved by a
//! journaled document, and the accounts' activity since its start when
//! some step is proved by that; a walkthrough may need both.

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

    /// Each step's number as the page shows it; an alternative or an
    /// aside has none.
    pub(super) fn numbers(&self) -> Vec<Option<usize>> {
        let mut number = 0;
        self.steps
            .iter()
            .map(|s| {
                s.required().then(|| {
                    number += 1;
                    number
                })
            })
            .collect()
    }

    /// Whether a run follows what the accounts did since its start.
    pub(super) fn follows_account_activity(&self) -> bool {
        self.observations().any(Observation::of_account_activity)
    }

    /// Every observation a step asks for, to prove it or to find it not
    /// needed.
    pub(super) fn observations(&self) -> impl Iterator<Item = Observation> + '_ {
        self.steps
            .iter()
            .flat_map(|s| s.observe.into_iter().chain(s.not_needed))
    }

    /// Whether some step asks for `observation`.
    pub(super) fn wants(&self, observation: Observation) -> bool {
        self.observations().any(|o| o == observation)
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
    /// What shows the step when no journal does; with `evidence` too,
    /// both must hold.
    pub observe: Option<Observation>,
    /// What, observed, makes the step not needed in the run (finance's
    /// approval of a requisition under its threshold): shown as such,
    /// and not counted.
    pub not_needed: Option<Observation>,
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
    /// Something to look at, not to do (the relationship Ariba's admin
    /// requested at start): shown with its link, never ticked, not
    /// counted.
    #[serde(default)]
    pub aside: bool,
}

impl Step {
    /// Whether the person must do it: neither an alternative nor an aside.
    pub(super) fn required(&self) -> bool {
        !self.alternative && !self.aside
    }
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
    /// What the document's body must hold besides its type.
    pub holds: Option<Holds>,
}

/// What a document holds that its journal row does not show: read from
/// its body (`bodies`).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Holds {
    /// A returned cart with a 0.00 line for a Free or BYOL product (SPEC
    /// F9).
    FreeLine,
    /// A returned cart reporting the order the marketplace placed itself
    /// in the session (`SupplierOrderInfo`): a pre-approved product
    /// subscribed at once.
    Subscription,
    /// A setup request that punches out straight to one product
    /// (`SelectedItem`, level 2: Open Buy, or Coupa after the
    /// marketplace's redirect).
    SelectedItem,
    /// A returned cart with a line of a private offer (its option is the
    /// offer's id and revision).
    PrivateOffer,
    /// A returned cart with a line of a private offer whose terms are a
    /// flexible payment schedule (SPEC F7), as the marketplace lists the
    /// offer.
    FpsOffer,
    /// A returned cart with a pay-as-you-go line (SPEC F8).
    PaygLine,
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
            Some(Holds::FreeLine) => " holding a 0.00 Free or BYOL line",
            Some(Holds::Subscription) => " reporting the subscription the marketplace made at once",
            Some(Holds::SelectedItem) => " naming one product (SelectedItem)",
            Some(Holds::PrivateOffer) => " holding a private offer's line",
            Some(Holds::FpsOffer) => " holding a line of a private offer with a payment schedule",
            Some(Holds::PaygLine) => " holding a pay-as-you-go line",
        };
        format!(
            "{} {verb} {}{holding}{refused}{again}",
            self.service, self.document
        )
    }
}

/// What proves a step outside the journal: of the run's flow (its
/// punchout, its requisition, its agreement, the clock against them), or
/// of what the accounts did since the run started.
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
    /// The flow's punchout showed only the account's Private Marketplace
    /// (SPEC F13).
    PrivateMarketplaceShown,
    /// The flow's cart was submitted: the buyer system holds its
    /// requisition.
    RequisitionSubmitted,
    /// The requisition's manager step was approved.
    ManagerApproved,
    /// The requisition's finance step was approved.
    FinanceApproved,
    /// The requisition's chain has no finance step: its total is under
    /// the finance threshold.
    FinanceNotNeeded,
    /// The requisition was rejected.
    RequisitionRejected,
    /// The simulated clock reached the date of an installment of the
    /// flow's agreement due after the agreement was made (SPEC F7).
    InstallmentDateReached,
    /// Such an installment was invoiced over cXML and delivered.
    InstallmentInvoiced,
    /// The simulated clock passed the end of the month the flow's
    /// pay-as-you-go agreement was made in (SPEC F8).
    MonthEndPassed,
    /// A private offer in the flow's cart has expired on the simulated
    /// clock (or its seller moved its expiry), SPEC F10.
    OfferExpired,
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
    /// Since Start, settings with a connection's redirect to Coupa on were
    /// saved (SPEC F12).
    RedirectOn,
    /// After the redirect was saved on, settings with no connection's
    /// redirect on were saved.
    RedirectOff,
    /// Since Start, the storefront's Subscribe sent a user on to Coupa
    /// because of the redirect.
    SentToCoupa,
    /// Since Start, the Private Marketplace was saved on.
    PrivateMarketplaceOn,
    /// After it was saved on, the Private Marketplace was saved off.
    PrivateMarketplaceOff,
    /// Since Start, a user without the administration permission was
    /// refused the integration settings (SPEC F15).
    SettingsRefused,
    /// Since Start, an administrator saved the integration settings.
    SettingsSaved,
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
            Observation::PrivateMarketplaceShown => {
                "the storefront of this flow's punchout lists only the account's approved products"
            }
            Observation::RequisitionSubmitted => {
                "the buyer system holds this flow's cart as a requisition"
            }
            Observation::ManagerApproved => "the requisition's manager approves it",
            Observation::FinanceApproved => "the requisition's finance approver approves it",
            Observation::FinanceNotNeeded => {
                "the requisition's approval chain has no finance step (its total is under the finance threshold)"
            }
            Observation::RequisitionRejected => "the requisition is rejected",
            Observation::InstallmentDateReached => {
                "the simulated clock reaches the date of an installment of this flow's agreement due after it was made"
            }
            Observation::InstallmentInvoiced => {
                "the marketplace delivers that installment's invoice to the buyer system"
            }
            Observation::MonthEndPassed => {
                "the simulated clock passes the end of the month this flow's pay-as-you-go agreement was made in"
            }
            Observation::OfferExpired => {
                "the private offer in this flow's cart has expired on the simulated clock"
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
            Observation::RedirectOn => {
                "the marketplace saves the settings with a connection's redirect to Coupa on"
            }
            Observation::RedirectOff => {
                "the marketplace saves the settings with the redirect to Coupa off again"
            }
            Observation::SentToCoupa => {
                "the marketplace sends a Subscribe on to Coupa because of the redirect"
            }
            Observation::PrivateMarketplaceOn => "the marketplace saves the Private Marketplace on",
            Observation::PrivateMarketplaceOff => {
                "the marketplace saves the Private Marketplace off again"
            }
            Observation::SettingsRefused => {
                "the marketplace refuses the settings to a user without the permission, and records it"
            }
            Observation::SettingsSaved => "the marketplace saves the integration settings",
        }
    }

    /// Whether it is seen in what the accounts did since the run started,
    /// rather than in the run's flow.
    pub(super) fn of_account_activity(self) -> bool {
        matches!(
            self,
            Observation::PoManagementRefused
                | Observation::PoManagementOn
                | Observation::PoSubscription
                | Observation::PoInvoice
                | Observation::IntegrationBack
                | Observation::RedirectOn
                | Observation::RedirectOff
                | Observation::SentToCoupa
                | Observation::PrivateMarketplaceOn
                | Observation::PrivateMarketplaceOff
                | Observation::SettingsRefused
                | Observation::SettingsSaved
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

    /// Whether `step` is proved by something of its own.
    fn proved(step: &Step) -> bool {
        step.evidence.is_some() || step.observe.is_some()
    }

    /// The steps of each way through `w`: its required steps, and for
    /// each alternative that stands in for some, the others with it.
    fn paths(w: &Walkthrough) -> Vec<Vec<&Step>> {
        let numbers = w.numbers();
        let mut paths = vec![w.steps.iter().filter(|s| s.required()).collect()];
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

    /// Whether `w` can end on every way through it: each step of each way
    /// is proved by something of its own (no step is done because a later
    /// one is).
    fn can_be_finished(w: &Walkthrough) -> bool {
        paths(w)
            .iter()
            .all(|path| !path.is_empty() && path.iter().all(|s| proved(s)))
    }

    /// Every walkthrough can be finished, each of its steps proved by
    /// itself, and a run has something to follow: a flow (a step proved
    /// by a journaled document), the accounts' activity since its start,
    /// or both.
    #[test]
    fn every_walkthrough_can_be_finished_step_by_step() {
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
                // An alternative is proved too, or it could never be taken.
                assert!(!step.alternative || proved(step), "{}: {step:?}", w.id);
                // An aside is only something to look at.
                if step.aside {
                    assert!(!proved(step) && step.not_needed.is_none(), "{step:?}");
                    assert!(!step.alternative, "{step:?}");
                }
            }
            assert!(
                w.follows_a_flow() || w.follows_account_activity(),
                "{} follows nothing",
                w.id
            );
        }
    }

    /// The rule above catches what it is for: F14 with its refusal proved
    /// by nothing, and a walkthrough with a step that proves nothing
    /// after its last proved one (the old rule ticked such steps once a
    /// later one ticked; no step may now wait on another).
    #[test]
    fn a_walkthrough_with_a_step_proved_by_nothing_cannot_end() {
        let all = Walkthroughs::load().expect("walkthroughs.toml reads");
        let mut f14 = all.find("F14").expect("defined").clone();
        f14.steps[0].observe = None;
        assert!(!can_be_finished(&f14));
        let mut f4 = all.find("F4").expect("defined").clone();
        assert!(can_be_finished(&f4), "F4 ends before its alternative");
        f4.steps.insert(
            0,
            Step {
                alternative: false,
                evidence: None,
                observe: None,
                ..f4.steps[0].clone()
            },
        );
        assert!(!can_be_finished(&f4));
    }

    /// F9 ends on either path: approval (the 0.00 cart, the requisition,
    /// the manager's approval, the order) or pre-approval (subscribed at
    /// once, reported by the returned cart); an alternative path whose
    /// step proves nothing would never end.
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

    /// F4's rejection is an ending the person can reach: proved by the
    /// rejection itself, standing in for the approvals and the order.
    #[test]
    fn f4_can_end_on_the_rejected_path() {
        let all = Walkthroughs::load().expect("walkthroughs.toml reads");
        let f4 = all.find("F4").expect("defined");
        let reject = f4
            .steps
            .iter()
            .find(|s| s.alternative)
            .expect("F4 has a reject path");
        assert_eq!(reject.observe, Some(Observation::RequisitionRejected));
        assert!(!reject.replaces.is_empty());
        assert_eq!(paths(f4).len(), 2);
        assert!(can_be_finished(f4));
    }

    /// A step that may not apply says what makes it not needed, and is
    /// still proved by its own action when it applies (finance's approval,
    /// wherever an approval chain runs).
    #[test]
    fn a_finance_step_is_proved_by_the_approval_and_not_needed_under_the_threshold() {
        let all = Walkthroughs::load().expect("walkthroughs.toml reads");
        let finance: Vec<(&str, &Step)> = all
            .all()
            .iter()
            .flat_map(|w| w.steps.iter().map(move |s| (w.id.as_str(), s)))
            .filter(|(_, s)| s.observe == Some(Observation::FinanceApproved))
            .collect();
        let ids: Vec<&str> = finance.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, ["F2", "F4", "F5", "F6", "F7", "F8", "F10"]);
        for (id, step) in finance {
            assert_eq!(step.not_needed, Some(Observation::FinanceNotNeeded), "{id}");
            assert!(step.sign_in.is_some(), "{id}: the approver signs in");
        }
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
