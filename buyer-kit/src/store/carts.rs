//! Punchout sessions and the carts they fill. A `create` session starts a
//! new cart (the user's previous open cart is abandoned) whose flow id is
//! the session's BuyerCookie; `edit` and `inspect` sessions re-open an open
//! cart. A returned cart replaces that cart's lines; `inspect` changes
//! nothing. Before submitting, the requester may change the amount of a
//! line the supplier marked as a default blanket.

use cxml::{
    doc::{OperationAllowed, PunchOutOperation},
    newtypes::Currency,
};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{
    BuyerError, BuyerStore,
    rows::{from_ms, read_lines, to_ms, write_lines},
};
use crate::{
    cart::{Cart, CartLine, total_of},
    cookie::BuyerCookie,
};

/// Where a cart stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CartState {
    Open,
    Submitted,
    Abandoned,
}

impl CartState {
    fn parse(text: &str) -> Self {
        match text {
            "open" => Self::Open,
            "submitted" => Self::Submitted,
            _ => Self::Abandoned,
        }
    }
}

/// A cart with its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCart {
    pub id: i64,
    pub user_email: String,
    /// The BuyerCookie of the session that created the cart.
    pub flow_id: String,
    pub site: String,
    pub state: CartState,
    /// What the supplier allowed with the last returned cart; `None` until
    /// a cart came back.
    pub operation_allowed: Option<OperationAllowed>,
    pub currency: Option<Currency>,
    /// A note for the user (e.g. "the punchout was cancelled").
    pub note: Option<String>,
    pub lines: Vec<CartLine>,
    pub updated_at: Timestamp,
}

impl StoredCart {
    /// The lines' total, when there are lines.
    pub fn total(&self) -> Option<cxml::Money> {
        let currency = self.currency.as_ref()?;
        total_of(currency, &self.lines).ok()
    }

    /// Whether the supplier allows re-opening the cart with `operation`.
    pub fn allows(&self, operation: PunchOutOperation) -> bool {
        let allowed = self.operation_allowed;
        self.state == CartState::Open
            && !self.lines.is_empty()
            && match operation {
                PunchOutOperation::Edit => allowed == Some(OperationAllowed::Edit),
                PunchOutOperation::Inspect => matches!(
                    allowed,
                    Some(OperationAllowed::Edit | OperationAllowed::Inspect)
                ),
                _ => true,
            }
    }
}

/// An open punchout session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PunchoutSession {
    pub cookie: BuyerCookie,
    pub cart_id: i64,
    pub operation: PunchOutOperation,
}

/// What a returned cart did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    pub cart_id: i64,
    pub user_email: String,
    pub flow_id: String,
    /// The message had no lines and named no order of the supplier's own:
    /// the punchout was cancelled and the cart is now empty.
    pub cancelled: bool,
    /// The supplier placed its own order in the session (what needed no
    /// approval here): its order id.
    pub supplier_order: Option<String>,
    /// An `inspect` session: nothing changed.
    pub inspected: bool,
}

fn operation_name(op: PunchOutOperation) -> &'static str {
    match op {
        PunchOutOperation::Create => "create",
        PunchOutOperation::Edit => "edit",
        PunchOutOperation::Inspect => "inspect",
        PunchOutOperation::Source => "source",
    }
}

fn allowed_name(op: OperationAllowed) -> &'static str {
    match op {
        OperationAllowed::Create => "create",
        OperationAllowed::Edit => "edit",
        OperationAllowed::Inspect => "inspect",
    }
}

fn allowed_parse(text: &str) -> Option<OperationAllowed> {
    match text {
        "create" => Some(OperationAllowed::Create),
        "edit" => Some(OperationAllowed::Edit),
        "inspect" => Some(OperationAllowed::Inspect),
        _ => None,
    }
}

/// A punchout session about to start.
#[derive(Clone, Copy, Debug)]
pub struct NewSession<'a> {
    pub user_email: &'a str,
    pub site: &'a str,
    pub operation: PunchOutOperation,
    pub cookie: &'a BuyerCookie,
    /// The cart `edit`/`inspect` re-open.
    pub cart_id: Option<i64>,
    /// The flow a new cart joins (an Open Buy search's; check it with
    /// [`BuyerStore::flow_has_cart`] first); `None` gives the cart the
    /// cookie as its flow.
    pub flow: Option<&'a str>,
    /// The setup request declared `deploymentMode="test"`: the cart, and
    /// the order made of it, are a test.
    pub test: bool,
}

impl BuyerStore {
    /// Records a new session. `create` opens a new cart (see
    /// [`NewSession::flow`] for its flow id); `edit`/`inspect` re-open
    /// `cart_id`, which must be the user's and open. Returns the cart's id.
    pub async fn open_session(
        &self,
        session: NewSession<'_>,
        now: Timestamp,
    ) -> Result<i64, BuyerError> {
        let user = session.user_email.to_owned();
        let site = session.site.to_owned();
        let cookie = session.cookie.clone();
        let flow = session.flow.map(str::to_owned);
        let (operation, cart_id, test) = (session.operation, session.cart_id, session.test);
        self.transact(move |tx| {
            let cart_id = match (operation, cart_id) {
                (PunchOutOperation::Create, _) => {
                    let flow = flow.as_deref().unwrap_or(cookie.as_str());
                    new_cart(tx, &user, &site, flow, cookie.as_str(), now)?
                }
                (_, Some(id)) => {
                    let cart = load_cart(tx, id)?.ok_or(BuyerError::NoSuchCart)?;
                    if cart.user_email != user {
                        return Err(BuyerError::NoSuchCart);
                    }
                    if cart.state != CartState::Open {
                        return Err(BuyerError::CartClosed);
                    }
                    id
                }
                (_, None) => return Err(BuyerError::NoSuchCart),
            };
            tx.execute(
                "UPDATE carts SET test_session = ?2 WHERE id = ?1",
                params![cart_id, test],
            )?;
            tx.execute(
                "INSERT INTO punchout_sessions (buyer_cookie, cart_id, operation, created_ms)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    cookie.as_str(),
                    cart_id,
                    operation_name(operation),
                    to_ms(now)
                ],
            )?;
            Ok(cart_id)
        })
        .await
    }

    /// Takes a returned cart into the session `cookie` belongs to.
    pub async fn return_cart(
        &self,
        cookie: &BuyerCookie,
        cart: Cart,
        now: Timestamp,
    ) -> Result<Returned, BuyerError> {
        let cookie = cookie.as_str().to_owned();
        self.transact(move |tx| {
            let (cart_id, operation): (i64, String) = tx
                .query_row(
                    "SELECT cart_id, operation FROM punchout_sessions WHERE buyer_cookie = ?1",
                    [&cookie],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(BuyerError::UnknownSession)?;
            let stored = load_cart(tx, cart_id)?.ok_or(BuyerError::UnknownSession)?;
            if stored.state != CartState::Open {
                return Err(BuyerError::CartClosed);
            }
            tx.execute(
                "UPDATE punchout_sessions SET returned_ms = ?2 WHERE buyer_cookie = ?1",
                params![cookie, to_ms(now)],
            )?;
            let inspected = operation == "inspect";
            if !inspected {
                fill(tx, cart_id, &cart, now)?;
            }
            let supplier_order = cart.supplier_order.as_ref().map(|o| o.order_id.clone());
            Ok(Returned {
                cart_id,
                user_email: stored.user_email,
                flow_id: stored.flow_id,
                cancelled: !inspected && cart.is_empty() && supplier_order.is_none(),
                supplier_order,
                inspected,
            })
        })
        .await
    }

    /// The session `cookie` names, if any.
    pub async fn session(
        &self,
        cookie: &BuyerCookie,
    ) -> Result<Option<PunchoutSession>, BuyerError> {
        let cookie = cookie.clone();
        self.transact(move |tx| {
            let row: Option<(i64, String)> = tx
                .query_row(
                    "SELECT cart_id, operation FROM punchout_sessions WHERE buyer_cookie = ?1",
                    [cookie.as_str()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            Ok(row.map(|(cart_id, op)| PunchoutSession {
                cookie,
                cart_id,
                operation: match op.as_str() {
                    "edit" => PunchOutOperation::Edit,
                    "inspect" => PunchOutOperation::Inspect,
                    _ => PunchOutOperation::Create,
                },
            }))
        })
        .await
    }

    /// The user's open cart, the newest if several.
    pub async fn open_cart(&self, user_email: &str) -> Result<Option<StoredCart>, BuyerError> {
        let user = user_email.to_owned();
        self.transact(move |tx| {
            let id: Option<i64> = tx
                .query_row(
                    "SELECT id FROM carts WHERE user_email = ?1 AND state = 'open'
                     ORDER BY id DESC LIMIT 1",
                    [&user],
                    |r| r.get(0),
                )
                .optional()?;
            match id {
                Some(id) => Ok(load_cart(tx, id)?),
                None => Ok(None),
            }
        })
        .await
    }

    /// Sets the blanket amount of line `line_number` (from 1) of the
    /// user's open cart `cart_id` to the amount `typed`; gives the changed
    /// line. A refused amount changes nothing.
    pub async fn set_blanket_amount(
        &self,
        user_email: &str,
        cart_id: i64,
        line_number: usize,
        typed: &str,
        now: Timestamp,
    ) -> Result<CartLine, BuyerError> {
        let (user, typed) = (user_email.to_owned(), typed.to_owned());
        self.transact(move |tx| {
            let mut cart = load_cart(tx, cart_id)?
                .filter(|c| c.user_email == user)
                .ok_or(BuyerError::NoSuchCart)?;
            if cart.state != CartState::Open {
                return Err(BuyerError::CartClosed);
            }
            let slot = line_number
                .checked_sub(1)
                .and_then(|i| cart.lines.get_mut(i))
                .ok_or(BuyerError::NoSuchCart)?;
            let changed = slot.with_blanket_amount(&typed)?;
            *slot = changed.clone();
            write_lines(tx, cart_id, &cart.lines)?;
            tx.execute(
                "UPDATE carts SET updated_ms = ?2 WHERE id = ?1",
                params![cart_id, to_ms(now)],
            )?;
            Ok(changed)
        })
        .await
    }

    /// The cart `id`, whatever its state.
    pub async fn cart(&self, id: i64) -> Result<Option<StoredCart>, BuyerError> {
        self.transact(move |tx| Ok(load_cart(tx, id)?)).await
    }

    /// Whether a cart was made in `flow` (a flow has one cart at most).
    pub async fn flow_has_cart(&self, flow: &str) -> Result<bool, BuyerError> {
        let flow = flow.to_owned();
        self.transact(move |tx| Ok(flow_taken(tx, &flow)?)).await
    }
}

/// What the user is told about a returned cart, if anything: that the
/// supplier subscribed them at once to what needed no approval (its own
/// order), or that an empty cart means the punchout was cancelled.
fn note_for(cart: &Cart) -> Option<String> {
    let note = supplier_note(cart);
    match (note, &cart.advisory) {
        (Some(note), Some(advisory)) => Some(format!("{note} {advisory}")),
        (note, advisory) => note.or_else(|| advisory.clone()),
    }
}

/// What the cart's supplier did that the person should know.
fn supplier_note(cart: &Cart) -> Option<String> {
    match (&cart.supplier_order, cart.is_empty()) {
        (Some(order), true) if cart.test => Some(format!(
            "A test: your company pre-approves this product, so the supplier recorded its own \
             test order ({}) instead of sending it for approval; in test mode no subscription \
             is created. Nothing was added to your cart.",
            order.order_id.trim()
        )),
        (Some(order), true) => Some(format!(
            "Subscribed at once: your company pre-approves such products, so the supplier \
             placed the order itself (its order {}). Nothing needed approval here, so nothing \
             was added to your cart.",
            order.order_id.trim()
        )),
        (Some(order), false) => Some(format!(
            "The supplier also subscribed you at once to a product your company pre-approves \
             (its order {}); it is not in this cart and needs no approval here.",
            order.order_id.trim()
        )),
        (None, true) => {
            Some("The supplier returned an empty cart: the punchout was cancelled.".to_owned())
        }
        (None, false) => None,
    }
}

fn flow_taken(tx: &Transaction<'_>, flow: &str) -> rusqlite::Result<bool> {
    tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM carts WHERE flow_id = ?1)",
        [flow],
        |row| row.get(0),
    )
}

/// Opens a cart in `flow`, or in `fallback` (the session's cookie) when
/// `flow` has a cart by now: two results of one search chosen at the same
/// instant, both past the caller's `flow_has_cart`.
fn new_cart(
    tx: &Transaction<'_>,
    user: &str,
    site: &str,
    flow: &str,
    fallback: &str,
    now: Timestamp,
) -> Result<i64, BuyerError> {
    let flow = if flow_taken(tx, flow)? {
        fallback
    } else {
        flow
    };
    tx.execute(
        "UPDATE carts SET state = 'abandoned' WHERE user_email = ?1 AND state = 'open'",
        [user],
    )?;
    tx.execute(
        "INSERT INTO carts (user_email, flow_id, site, state, updated_ms)
         VALUES (?1, ?2, ?3, 'open', ?4)",
        params![user, flow, site, to_ms(now)],
    )?;
    Ok(tx.last_insert_rowid())
}

fn fill(tx: &Transaction<'_>, cart_id: i64, cart: &Cart, now: Timestamp) -> Result<(), BuyerError> {
    write_lines(tx, cart_id, &cart.lines)?;
    let note = note_for(cart);
    tx.execute(
        "UPDATE carts SET operation_allowed = ?2, currency = ?3, note = ?4, updated_ms = ?5
         WHERE id = ?1",
        params![
            cart_id,
            allowed_name(cart.operation_allowed),
            cart.currency.as_str(),
            note,
            to_ms(now)
        ],
    )?;
    Ok(())
}

pub(super) fn load_cart(tx: &Transaction<'_>, id: i64) -> rusqlite::Result<Option<StoredCart>> {
    let row = tx
        .query_row(
            "SELECT user_email, flow_id, site, state, operation_allowed, currency, note, updated_ms
             FROM carts WHERE id = ?1",
            [id],
            |r| {
                Ok(StoredCart {
                    id,
                    user_email: r.get(0)?,
                    flow_id: r.get(1)?,
                    site: r.get(2)?,
                    state: CartState::parse(&r.get::<_, String>(3)?),
                    operation_allowed: r
                        .get::<_, Option<String>>(4)?
                        .as_deref()
                        .and_then(allowed_parse),
                    currency: r
                        .get::<_, Option<String>>(5)?
                        .and_then(|c| Currency::new(&c).ok()),
                    note: r.get(6)?,
                    lines: Vec::new(),
                    updated_at: from_ms(r.get(7)?),
                })
            },
        )
        .optional()?;
    let Some(mut cart) = row else {
        return Ok(None);
    };
    cart.lines = read_lines(tx, id)?;
    Ok(Some(cart))
}
