//! Requisitions: a submitted cart, its total, and the approval steps the
//! chain asked for. Each decision is stored with who and when; the final
//! approval creates the purchase order in the same transaction, a rejection
//! creates none.

use cxml::{Money, newtypes::Currency};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{
    BuyerError, BuyerStore,
    carts::{CartState, load_cart},
    next_in_sequence,
    orders::create_order,
    rows::{from_ms, read_lines, to_ms},
};
use crate::{
    approval::{ApprovalChain, ApprovalStep, Approvals, Decision, Outcome, StepState},
    cart::{CartError, CartLine, total_of},
    purchase_order::PurchaseOrder,
    user::{ApproverLevel, User},
};

/// Where a requisition stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequisitionStatus {
    PendingApproval,
    Approved,
    Rejected,
}

impl RequisitionStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::PendingApproval => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "approved" => Self::Approved,
            "rejected" => Self::Rejected,
            _ => Self::PendingApproval,
        }
    }

    /// A label for pages.
    pub fn label(self) -> &'static str {
        match self {
            Self::PendingApproval => "Pending approval",
            Self::Approved => "Approved",
            Self::Rejected => "Rejected",
        }
    }
}

/// A requisition with its lines and approval steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRequisition {
    pub id: i64,
    /// `REQ-000001`.
    pub number: String,
    pub cart_id: i64,
    pub requester: String,
    pub flow_id: String,
    pub total: Money,
    pub status: RequisitionStatus,
    pub approvals: Approvals,
    pub lines: Vec<CartLine>,
    pub created_at: Timestamp,
    /// Its cart was filled in a test punchout session: its OrderRequest
    /// declares `deploymentMode="test"` whatever the platform's mode is
    /// when it is approved.
    pub test: bool,
}

impl StoredRequisition {
    /// The level that must act next, while pending.
    pub fn awaiting(&self) -> Option<&ApproverLevel> {
        (self.status == RequisitionStatus::PendingApproval)
            .then(|| self.approvals.current().map(|s| &s.level))
            .flatten()
    }
}

/// A requisition after a submission or decision, and its PO if one was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    pub requisition: StoredRequisition,
    pub outcome: Outcome,
    pub purchase_order: Option<PurchaseOrder>,
}

impl BuyerStore {
    /// Submits the user's open cart `cart_id` for approval. With no level to
    /// approve, it is approved at once and its PO created.
    pub async fn submit(
        &self,
        user_email: &str,
        cart_id: i64,
        chain: &ApprovalChain,
        po_prefix: &str,
        now: Timestamp,
    ) -> Result<Decided, BuyerError> {
        let (user, chain, prefix) = (user_email.to_owned(), chain.clone(), po_prefix.to_owned());
        self.transact(move |tx| {
            let cart = load_cart(tx, cart_id)?
                .filter(|c| c.user_email == user)
                .ok_or(BuyerError::NoSuchCart)?;
            if cart.state != CartState::Open {
                return Err(BuyerError::CartClosed);
            }
            let currency = cart.currency.clone().ok_or(BuyerError::EmptyCart)?;
            if cart.lines.is_empty() {
                return Err(BuyerError::EmptyCart);
            }
            let total = total_of(&currency, &cart.lines)?;
            let approvals = Approvals::pending(chain.levels_for(&total));
            let sequence = next_in_sequence(tx, "requisition")?;
            tx.execute(
                "INSERT INTO requisitions
                 (number, cart_id, requester, flow_id, currency, total, status, created_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7)",
                params![
                    format!("REQ-{sequence:06}"),
                    cart_id,
                    user,
                    cart.flow_id,
                    currency.as_str(),
                    total.amount().to_string(),
                    to_ms(now)
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "UPDATE carts SET state = 'submitted' WHERE id = ?1",
                [cart_id],
            )?;
            let outcome = if approvals.is_approved() {
                Outcome::FinallyApproved
            } else {
                Outcome::StillPending
            };
            save_and_conclude(tx, id, &approvals, outcome, &prefix, now)
        })
        .await
    }

    /// `approver` approves or rejects requisition `id`.
    pub async fn decide(
        &self,
        id: i64,
        approver: &User,
        decision: Decision,
        po_prefix: &str,
        now: Timestamp,
    ) -> Result<Decided, BuyerError> {
        let (approver, prefix) = (approver.clone(), po_prefix.to_owned());
        self.transact(move |tx| {
            let mut requisition = load_requisition(tx, id)?.ok_or(BuyerError::NoSuchRequisition)?;
            let outcome = requisition.approvals.decide(&approver, decision, now)?;
            save_and_conclude(tx, id, &requisition.approvals, outcome, &prefix, now)
        })
        .await
    }

    /// Requisition `id`.
    pub async fn requisition(&self, id: i64) -> Result<Option<StoredRequisition>, BuyerError> {
        self.transact(move |tx| load_requisition(tx, id)).await
    }

    /// Every requisition, newest first.
    pub async fn requisitions(&self) -> Result<Vec<StoredRequisition>, BuyerError> {
        self.transact(|tx| {
            let ids = tx
                .prepare("SELECT id FROM requisitions ORDER BY id DESC")?
                .query_map([], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut all = Vec::with_capacity(ids.len());
            for id in ids {
                all.extend(load_requisition(tx, id)?);
            }
            Ok(all)
        })
        .await
    }
}

/// Stores the steps and status; on final approval creates the PO.
fn save_and_conclude(
    tx: &Transaction<'_>,
    id: i64,
    approvals: &Approvals,
    outcome: Outcome,
    po_prefix: &str,
    now: Timestamp,
) -> Result<Decided, BuyerError> {
    save_steps(tx, id, &approvals.steps)?;
    let status = match outcome {
        Outcome::StillPending => RequisitionStatus::PendingApproval,
        Outcome::FinallyApproved => RequisitionStatus::Approved,
        Outcome::Rejected => RequisitionStatus::Rejected,
    };
    tx.execute(
        "UPDATE requisitions SET status = ?2 WHERE id = ?1",
        params![id, status.as_str()],
    )?;
    let requisition = load_requisition(tx, id)?.ok_or(BuyerError::NoSuchRequisition)?;
    let purchase_order = match outcome {
        Outcome::FinallyApproved => Some(create_order(
            tx,
            requisition.id,
            &requisition.requester,
            &requisition.flow_id,
            po_prefix,
            now,
        )?),
        _ => None,
    };
    Ok(Decided {
        requisition,
        outcome,
        purchase_order,
    })
}

fn save_steps(tx: &Transaction<'_>, id: i64, steps: &[ApprovalStep]) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM approval_steps WHERE requisition_id = ?1", [id])?;
    let mut insert = tx.prepare(
        "INSERT INTO approval_steps (requisition_id, position, level, decision, decided_by, decided_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (position, step) in steps.iter().enumerate() {
        let (decision, by, at) = match &step.state {
            StepState::Pending => (None, None, None),
            StepState::Approved { by, at } => (Some("approved"), Some(by), Some(to_ms(*at))),
            StepState::Rejected { by, at } => (Some("rejected"), Some(by), Some(to_ms(*at))),
        };
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        insert.execute(params![id, position, step.level.as_str(), decision, by, at])?;
    }
    Ok(())
}

fn load_steps(tx: &Transaction<'_>, id: i64) -> rusqlite::Result<Vec<ApprovalStep>> {
    let mut select = tx.prepare(
        "SELECT level, decision, decided_by, decided_ms FROM approval_steps
         WHERE requisition_id = ?1 ORDER BY position",
    )?;
    select
        .query_map([id], |r| {
            let decision: Option<String> = r.get(1)?;
            let by: Option<String> = r.get(2)?;
            let at = r.get::<_, Option<i64>>(3)?.map(from_ms);
            let state = match (decision.as_deref(), by, at) {
                (Some("approved"), Some(by), Some(at)) => StepState::Approved { by, at },
                (Some("rejected"), Some(by), Some(at)) => StepState::Rejected { by, at },
                _ => StepState::Pending,
            };
            Ok(ApprovalStep {
                level: ApproverLevel::new(&r.get::<_, String>(0)?),
                state,
            })
        })?
        .collect()
}

pub(super) fn load_requisition(
    tx: &Transaction<'_>,
    id: i64,
) -> Result<Option<StoredRequisition>, BuyerError> {
    let row = tx
        .query_row(
            "SELECT r.number, r.cart_id, r.requester, r.flow_id, r.currency, r.total, r.status,
                    r.created_ms, c.test_session
             FROM requisitions r JOIN carts c ON c.id = r.cart_id WHERE r.id = ?1",
            [id],
            |r| {
                Ok((
                    (
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                    ),
                    (
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                    ),
                    (
                        r.get::<_, String>(6)?,
                        r.get::<_, i64>(7)?,
                        r.get::<_, bool>(8)?,
                    ),
                ))
            },
        )
        .optional()?;
    let Some(((number, cart_id, requester), (flow_id, currency, total), (status, created, test))) =
        row
    else {
        return Ok(None);
    };
    let total = Currency::new(&currency)
        .and_then(|c| Money::parse(c.as_str(), &total))
        .map_err(|e| CartError::Total(e.to_string()))?;
    Ok(Some(StoredRequisition {
        id,
        number,
        cart_id,
        requester,
        flow_id,
        total,
        status: RequisitionStatus::parse(&status),
        approvals: Approvals {
            steps: load_steps(tx, id)?,
        },
        lines: read_lines(tx, cart_id)?,
        created_at: from_ms(created),
        test,
    }))
}
