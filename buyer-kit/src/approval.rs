//! Approval chains: which approver levels a requisition needs, chosen by its
//! amount (e.g. the manager always, finance from 5,000.00 USD), and the
//! record of each decision: who, when, approve or reject. Approvers act in
//! the chain's order; one rejection ends the requisition.

use cxml::Money;
use jiff::Timestamp;

use crate::user::{ApproverLevel, User};

/// `level` must approve when the total is at least `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalRule {
    pub from: Money,
    pub level: ApproverLevel,
}

/// The rules of one system, in the order approvers act.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApprovalChain {
    pub rules: Vec<ApprovalRule>,
}

impl ApprovalChain {
    pub fn new(rules: Vec<ApprovalRule>) -> Self {
        Self { rules }
    }

    /// The usual chain: the manager approves every requisition, finance
    /// too from `finance_from` (a plain amount in `currency`; an amount
    /// that does not read leaves finance out).
    pub fn manager_then_finance(currency: &str, finance_from: &str) -> Self {
        let rules = [
            ("0", ApproverLevel::manager()),
            (finance_from, ApproverLevel::finance()),
        ];
        Self::new(
            rules
                .into_iter()
                .filter_map(|(from, level)| {
                    let from = Money::parse(currency, from).ok()?;
                    Some(ApprovalRule { from, level })
                })
                .collect(),
        )
    }

    /// The levels a requisition of `total` needs, in order. A rule in
    /// another currency cannot be compared, so it applies: asking one
    /// approval too many is the safe mistake.
    pub fn levels_for(&self, total: &Money) -> Vec<ApproverLevel> {
        self.rules
            .iter()
            .filter(|rule| {
                rule.from.currency() != total.currency() || total.amount() >= rule.from.amount()
            })
            .map(|rule| rule.level.clone())
            .collect()
    }

    /// The threshold of the first rule for `level`, if any.
    pub fn threshold_of(&self, level: &ApproverLevel) -> Option<&Money> {
        self.rules
            .iter()
            .find(|r| &r.level == level)
            .map(|r| &r.from)
    }
}

/// An approve or reject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
}

/// Where one step of a requisition's chain stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepState {
    Pending,
    Approved { by: String, at: Timestamp },
    Rejected { by: String, at: Timestamp },
}

/// One approver level of one requisition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalStep {
    pub level: ApproverLevel,
    pub state: StepState,
}

/// Why a decision was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApprovalError {
    #[error("{0} is not an approver")]
    NotAnApprover(String),
    #[error("this requisition is waiting for the {expected} approver, not {actual}")]
    NotYourTurn {
        expected: ApproverLevel,
        actual: ApproverLevel,
    },
    #[error("this requisition is no longer waiting for approval")]
    Closed,
}

/// What a decision did to the requisition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// More approvers must act.
    StillPending,
    /// The last approver approved: a purchase order follows.
    FinallyApproved,
    /// Rejected: no purchase order, nothing is sent.
    Rejected,
}

/// The steps of one requisition's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approvals {
    pub steps: Vec<ApprovalStep>,
}

impl Approvals {
    /// All steps pending.
    pub fn pending(levels: Vec<ApproverLevel>) -> Self {
        let steps = levels
            .into_iter()
            .map(|level| ApprovalStep {
                level,
                state: StepState::Pending,
            })
            .collect();
        Self { steps }
    }

    /// The first step still waiting, when nothing was rejected.
    pub fn current(&self) -> Option<&ApprovalStep> {
        if self.is_rejected() {
            return None;
        }
        self.steps.iter().find(|s| s.state == StepState::Pending)
    }

    pub fn is_rejected(&self) -> bool {
        self.steps
            .iter()
            .any(|s| matches!(s.state, StepState::Rejected { .. }))
    }

    /// Every step approved (true for an empty chain).
    pub fn is_approved(&self) -> bool {
        self.steps
            .iter()
            .all(|s| matches!(s.state, StepState::Approved { .. }))
    }

    /// `approver` decides on the current step at `at`.
    pub fn decide(
        &mut self,
        approver: &User,
        decision: Decision,
        at: Timestamp,
    ) -> Result<Outcome, ApprovalError> {
        let level = approver
            .approver_level()
            .ok_or_else(|| ApprovalError::NotAnApprover(approver.email.clone()))?;
        if self.is_rejected() {
            return Err(ApprovalError::Closed);
        }
        let step = self
            .steps
            .iter_mut()
            .find(|s| s.state == StepState::Pending)
            .ok_or(ApprovalError::Closed)?;
        if &step.level != level {
            return Err(ApprovalError::NotYourTurn {
                expected: step.level.clone(),
                actual: level.clone(),
            });
        }
        let by = approver.email.clone();
        step.state = match decision {
            Decision::Approve => StepState::Approved { by, at },
            Decision::Reject => StepState::Rejected { by, at },
        };
        Ok(match decision {
            Decision::Reject => Outcome::Rejected,
            Decision::Approve if self.is_approved() => Outcome::FinallyApproved,
            Decision::Approve => Outcome::StillPending,
        })
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::user::Role;

    fn usd(amount: &str) -> Money {
        Money::parse("USD", amount).unwrap()
    }

    fn chain() -> ApprovalChain {
        ApprovalChain::new(vec![
            ApprovalRule {
                from: usd("0"),
                level: ApproverLevel::manager(),
            },
            ApprovalRule {
                from: usd("5000.00"),
                level: ApproverLevel::finance(),
            },
        ])
    }

    fn approver(email: &str, level: ApproverLevel) -> User {
        User::new(email, "A", "B", Role::Approver(level), "IT")
    }

    #[test]
    fn the_amount_picks_the_levels() {
        assert_eq!(
            chain().levels_for(&usd("4999.99")),
            [ApproverLevel::manager()]
        );
        assert_eq!(
            chain().levels_for(&usd("5000")),
            [ApproverLevel::manager(), ApproverLevel::finance()]
        );
        assert_eq!(
            chain().levels_for(&Money::parse("EUR", "1").unwrap()).len(),
            2,
            "a rule in another currency applies"
        );
    }

    #[test]
    fn approvers_act_in_order_and_the_last_one_finishes() {
        let mia = approver("mia@acme.test", ApproverLevel::manager());
        let fin = approver("fin@acme.test", ApproverLevel::finance());
        let mut approvals = Approvals::pending(chain().levels_for(&usd("12000")));
        let at = Timestamp::UNIX_EPOCH;
        assert_eq!(
            approvals.decide(&fin, Decision::Approve, at),
            Err(ApprovalError::NotYourTurn {
                expected: ApproverLevel::manager(),
                actual: ApproverLevel::finance()
            })
        );
        assert_eq!(
            approvals.decide(&mia, Decision::Approve, at),
            Ok(Outcome::StillPending)
        );
        assert_eq!(approvals.current().unwrap().level, ApproverLevel::finance());
        assert_eq!(
            approvals.decide(&fin, Decision::Approve, at),
            Ok(Outcome::FinallyApproved)
        );
        assert!(approvals.is_approved());
        assert_eq!(
            approvals.decide(&fin, Decision::Approve, at),
            Err(ApprovalError::Closed)
        );
    }

    #[test]
    fn a_rejection_closes_the_chain() {
        let mia = approver("mia@acme.test", ApproverLevel::manager());
        let fin = approver("fin@acme.test", ApproverLevel::finance());
        let mut approvals = Approvals::pending(chain().levels_for(&usd("12000")));
        let at = Timestamp::UNIX_EPOCH;
        assert_eq!(
            approvals.decide(&mia, Decision::Reject, at),
            Ok(Outcome::Rejected)
        );
        assert!(approvals.current().is_none());
        assert_eq!(
            approvals.decide(&fin, Decision::Approve, at),
            Err(ApprovalError::Closed)
        );
        let jane = User::new("jane@acme.test", "Jane", "Doe", Role::Requester, "IT");
        assert!(matches!(
            Approvals::pending(vec![ApproverLevel::manager()]).decide(&jane, Decision::Approve, at),
            Err(ApprovalError::NotAnApprover(_))
        ));
    }
}
