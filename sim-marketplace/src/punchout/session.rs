//! Punchout sessions, in memory: setups waiting for their start page (one
//! use, expiring on the simulated clock) and the browsing sessions they
//! open. A restart ends every session, as the buyer's punchout would time
//! out anyway; agreements and orders are what is kept durably.
//!
//! Bounded whatever the clock does: the simulated clock may stand still
//! for ever (tests, a person reading), so a start page also expires after
//! [`START_PAGE_WALL_TTL`] of real time and a browsing session after
//! [`SESSION_IDLE_TTL`] unused, and beyond [`MAX_PENDING`] start pages or
//! [`MAX_SESSIONS`] sessions the oldest go first. A buyer whose start page
//! went that way is told it is no longer valid, as for a used one.
//!
//! Beside the sessions, which unsupported products each flow's storefront
//! showed, and whether only its account's Private Marketplace
//! ([`super::shown`]): kept after the session ends, bounded too, and
//! forgotten with the sessions on a reset.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::{Duration, Instant},
};

use cxml::{
    common::ItemIn, doc::PunchOutOperation, envelope::DeploymentMode, transport::FormEncoding,
};
use jiff::{SignedDuration, Timestamp};

use super::{random_token, shown::Shown};
use crate::catalog::{AccountId, ListingId, ProcurementSystem};

/// How long a start page URL may wait for its first (and only) use.
pub const START_PAGE_TTL: SignedDuration = SignedDuration::from_mins(5);
/// ...and in real time, whatever the simulated clock does.
pub const START_PAGE_WALL_TTL: Duration = Duration::from_secs(10 * 60);
/// The most start pages waiting at once.
pub const MAX_PENDING: usize = 10_000;
/// How long a browsing session lives unused, in real time.
pub const SESSION_IDLE_TTL: Duration = Duration::from_secs(2 * 60 * 60);
/// The most browsing sessions open at once.
pub const MAX_SESSIONS: usize = 10_000;

// Every open session's flow can be remembered for what it was shown.
const _: () = assert!(super::shown::MAX_FLOWS == MAX_SESSIONS);

/// The requester, from the setup request's extrinsics.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Requester {
    pub email: Option<String>,
    pub unique_name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

/// What a setup request established; a session carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupContext {
    pub account: AccountId,
    pub account_name: String,
    pub connection_id: String,
    /// The connection's procurement system, which pages name.
    pub system: ProcurementSystem,
    pub buyer_cookie: String,
    pub browser_form_post: String,
    pub operation: PunchOutOperation,
    pub requester: Requester,
    pub flow_id: String,
    pub form_encoding: FormEncoding,
    /// The cart being edited or inspected (from the setup's `ItemOut`).
    pub cart: Vec<ItemIn>,
    /// A level-2 punchout opens on this listing.
    pub selected_listing: Option<String>,
    /// The setup request's `deploymentMode`, echoed in the cart.
    pub deployment_mode: DeploymentMode,
    /// The newest order the marketplace placed itself in this session (a
    /// pre-approved Free or BYOL product, subscribed at once): the cart
    /// names it, so the buyer can tell the person why nothing came back.
    pub own_order: Option<OwnOrder>,
}

/// An order the marketplace placed itself: a subscription's order id (its
/// payloadID) and when it was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnOrder {
    pub order_id: String,
    pub ordered_at: Timestamp,
    /// How many subscriptions (order lines) it holds so far: every
    /// subscription made at once in one session joins the session's one
    /// order, which the cart names (a cart names one `SupplierOrderInfo`).
    pub lines: i64,
}

impl SetupContext {
    /// Inspect sessions are read-only: no new cart can be requested.
    pub fn read_only(&self) -> bool {
        self.operation == PunchOutOperation::Inspect
    }
}

struct Pending {
    context: SetupContext,
    expires_at: Timestamp,
    issued: Instant,
}

struct Session {
    context: SetupContext,
    last_used: Instant,
}

#[derive(Default)]
struct Inner {
    pending: HashMap<String, Pending>,
    /// Every issued token with its expiry, in expiry order (a token is
    /// inserted in its place: the dashboard may move the clock back), so
    /// forgetting the expired costs nothing per setup.
    issued: VecDeque<(Timestamp, String)>,
    /// Every issued token in the order it was issued, with when.
    issued_wall: VecDeque<(Instant, String)>,
    sessions: HashMap<String, Session>,
    /// Every session in the order it was opened (or last found in use by
    /// a sweep).
    opened: VecDeque<(Instant, String)>,
    /// The unsupported products each flow's storefront showed.
    shown: Shown,
}

impl Inner {
    /// Forgets start pages expired on either clock, and the oldest beyond
    /// [`MAX_PENDING`]; keeps the queues no longer than needed.
    fn sweep_pending(&mut self, now: Timestamp, wall: Instant) {
        while let Some((_, expired)) = self.issued.pop_front_if(|(at, _)| *at <= now) {
            // Already gone when its start page was used.
            self.pending.remove(&expired);
        }
        while let Some((_, token)) = self
            .issued_wall
            .pop_front_if(|(at, _)| wall.duration_since(*at) >= START_PAGE_WALL_TTL)
        {
            self.pending.remove(&token);
        }
        // Room for the one about to be issued.
        while self.pending.len() >= MAX_PENDING {
            let Some((_, oldest)) = self.issued_wall.pop_front() else {
                break;
            };
            self.pending.remove(&oldest);
        }
        // Tokens used or dropped by one queue linger in the other; drop
        // them once they outnumber the live ones (amortised, per setup).
        let pending = &self.pending;
        for queue_len in [self.issued.len(), self.issued_wall.len()] {
            if queue_len > 2 * pending.len() + 64 {
                self.issued.retain(|(_, t)| pending.contains_key(t));
                self.issued_wall.retain(|(_, t)| pending.contains_key(t));
                break;
            }
        }
    }

    /// Forgets sessions unused for [`SESSION_IDLE_TTL`], and the oldest
    /// beyond [`MAX_SESSIONS`] (leaving room for one more); keeps the
    /// queue no longer than needed (sessions end with their cart).
    fn sweep_sessions(&mut self, wall: Instant) {
        if self.opened.len() > 2 * self.sessions.len() + 64 {
            let sessions = &self.sessions;
            self.opened.retain(|(_, id)| sessions.contains_key(id));
        }
        while let Some((opened, id)) = self.opened.pop_front() {
            let Some(session) = self.sessions.get(&id) else {
                continue; // ended with its cart
            };
            let idle = wall.duration_since(session.last_used) >= SESSION_IDLE_TTL;
            let stale = wall.duration_since(opened) >= SESSION_IDLE_TTL;
            if idle || self.sessions.len() >= MAX_SESSIONS {
                self.sessions.remove(&id);
            } else if stale {
                // Old but in use: its place is now its last use.
                let last_used = session.last_used;
                self.opened.push_back((last_used, id));
            } else {
                self.opened.push_front((opened, id));
                break;
            }
        }
    }
}

/// Why a start page could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartError {
    /// Never issued, or already used.
    Unknown,
    Expired,
}

/// The punchout registry: a cheap-to-clone handle; the lock is held only
/// for map operations.
#[derive(Clone, Default)]
pub struct Sessions {
    inner: Arc<Mutex<Inner>>,
}

impl std::fmt::Debug for Sessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sessions")
    }
}

impl Sessions {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Forgets every start page token and session (the reset of all state).
    pub fn clear(&self) {
        *self.lock() = Inner::default();
    }

    /// Registers a setup and returns its start page token.
    pub fn issue(&self, context: SetupContext, now: Timestamp) -> String {
        let token = random_token();
        let expires_at = now.saturating_add(START_PAGE_TTL).unwrap_or(now);
        let wall = Instant::now();
        let mut inner = self.lock();
        inner.sweep_pending(now, wall);
        // Kept in expiry order even when the simulated clock was moved
        // back, so the sweep never stops at a later-expiring token.
        let at = inner.issued.partition_point(|(at, _)| *at <= expires_at);
        inner.issued.insert(at, (expires_at, token.clone()));
        inner.issued_wall.push_back((wall, token.clone()));
        inner.pending.insert(
            token.clone(),
            Pending {
                context,
                expires_at,
                issued: wall,
            },
        );
        token
    }

    /// Uses a start page token (whatever the outcome, it cannot be used
    /// again) and opens a session; returns the session id and context.
    pub fn start(&self, token: &str, now: Timestamp) -> Result<(String, SetupContext), StartError> {
        let mut inner = self.lock();
        let pending = inner.pending.remove(token).ok_or(StartError::Unknown)?;
        let wall = Instant::now();
        if now >= pending.expires_at || wall.duration_since(pending.issued) >= START_PAGE_WALL_TTL {
            return Err(StartError::Expired);
        }
        let session_id = random_token();
        inner.sweep_sessions(wall);
        inner.sessions.insert(
            session_id.clone(),
            Session {
                context: pending.context.clone(),
                last_used: wall,
            },
        );
        inner.opened.push_back((wall, session_id.clone()));
        Ok((session_id, pending.context))
    }

    /// The session's setup, if it is open and was used within
    /// [`SESSION_IDLE_TTL`]; counts as a use.
    pub fn get(&self, session_id: &str) -> Option<SetupContext> {
        let mut inner = self.lock();
        let wall = Instant::now();
        let session = inner.sessions.get_mut(session_id)?;
        if wall.duration_since(session.last_used) >= SESSION_IDLE_TTL {
            inner.sessions.remove(session_id);
            return None;
        }
        session.last_used = wall;
        Some(session.context.clone())
    }

    /// Remembers in the open session that the marketplace placed `order`
    /// itself; `false` when the session is no longer open.
    pub fn placed_own_order(&self, session_id: &str, order: OwnOrder) -> bool {
        match self.lock().sessions.get_mut(session_id) {
            Some(session) => {
                session.context.own_order = Some(order);
                true
            }
            None => false,
        }
    }

    /// Remembers that `flow`'s storefront showed `listing`, a product no
    /// procurement system can buy (SPEC F11).
    pub fn showed_unsupported(&self, flow: &str, listing: ListingId) {
        self.lock().shown.record(flow, listing);
    }

    /// The unsupported products `flow`'s storefront showed, first shown
    /// first; also after its session ended.
    pub fn unsupported_shown(&self, flow: &str) -> Vec<ListingId> {
        self.lock().shown.of(flow)
    }

    /// Remembers that `flow`'s storefront showed only its account's
    /// Private Marketplace (SPEC F13).
    pub fn showed_private_marketplace(&self, flow: &str) {
        self.lock().shown.record_private_marketplace(flow);
    }

    /// Whether `flow`'s storefront showed only its account's Private
    /// Marketplace; also after its session ended.
    pub fn private_marketplace_shown(&self, flow: &str) -> bool {
        self.lock().shown.private_marketplace(flow)
    }

    /// How many times a flow's storefront showed something new of what is
    /// remembered (an unsupported product, the Private Marketplace).
    pub fn shown_news(&self) -> u64 {
        self.lock().shown.news()
    }

    /// Ends a session once its cart went back to the buyer.
    pub fn end(&self, session_id: &str) -> Option<SetupContext> {
        self.lock()
            .sessions
            .remove(session_id)
            .map(|session| session.context)
    }

    /// How many start pages wait and how many sessions are open.
    pub fn counts(&self) -> (usize, usize) {
        let inner = self.lock();
        (inner.pending.len(), inner.sessions.len())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn context() -> SetupContext {
        SetupContext {
            account: "acct-coupa-001".parse().expect("account id"),
            account_name: "Acme".into(),
            connection_id: "coupa".into(),
            system: ProcurementSystem::Coupa,
            buyer_cookie: "cookie".into(),
            browser_form_post: "http://coupa.test/punchout/return".into(),
            operation: PunchOutOperation::Create,
            requester: Requester::default(),
            flow_id: "flow".into(),
            form_encoding: FormEncoding::Base64,
            cart: Vec::new(),
            selected_listing: None,
            deployment_mode: DeploymentMode::Production,
            own_order: None,
        }
    }

    fn at(seconds: i64) -> Timestamp {
        Timestamp::UNIX_EPOCH + SignedDuration::from_secs(seconds)
    }

    #[test]
    fn a_start_page_works_once_and_only_before_it_expires() {
        let sessions = Sessions::default();
        let used = sessions.issue(context(), at(0));
        let (session, opened) = sessions.start(&used, at(299)).expect("in time");
        assert_eq!(opened, context());
        assert_eq!(sessions.get(&session), Some(context()));
        assert_eq!(sessions.start(&used, at(299)), Err(StartError::Unknown));
        let late = sessions.issue(context(), at(0));
        assert_eq!(sessions.start(&late, at(300)), Err(StartError::Expired));
    }

    #[test]
    fn expired_start_pages_are_forgotten_as_new_ones_are_issued() {
        let sessions = Sessions::default();
        let first = sessions.issue(context(), at(0));
        let used = sessions.issue(context(), at(10));
        sessions.start(&used, at(20)).expect("in time");
        let kept = sessions.issue(context(), at(100));
        assert_eq!(sessions.lock().pending.len(), 2);
        // At 305 the first has expired (the used one is long gone).
        let newest = sessions.issue(context(), at(305));
        let pending = &sessions.lock().pending;
        assert!(!pending.contains_key(&first));
        assert!(pending.contains_key(&kept) && pending.contains_key(&newest));
        assert_eq!(pending.len(), 2);
    }

    #[test]
    fn with_the_clock_standing_still_the_oldest_start_pages_go_beyond_the_cap() {
        let sessions = Sessions::default();
        let first = sessions.issue(context(), at(0));
        for _ in 0..MAX_PENDING + 500 {
            sessions.issue(context(), at(0));
        }
        let inner = sessions.lock();
        assert_eq!(inner.pending.len(), MAX_PENDING);
        assert!(!inner.pending.contains_key(&first));
        assert!(inner.issued.len() <= 2 * MAX_PENDING + 64);
        assert!(inner.issued_wall.len() <= 2 * MAX_PENDING + 64);
    }

    #[test]
    fn used_start_pages_leave_no_trace_in_the_queues() {
        let sessions = Sessions::default();
        for _ in 0..50_000 {
            let token = sessions.issue(context(), at(0));
            let (session, _) = sessions.start(&token, at(1)).expect("in time");
            sessions.end(&session);
        }
        let inner = sessions.lock();
        assert!(inner.pending.is_empty() && inner.sessions.is_empty());
        assert!(inner.issued.len() <= 64 + 1, "{}", inner.issued.len());
        assert!(
            inner.opened.len() <= MAX_SESSIONS + 1,
            "{}",
            inner.opened.len()
        );
    }

    #[test]
    fn ended_sessions_leave_no_trace_while_an_old_one_stays_open() {
        let sessions = Sessions::default();
        let token = sessions.issue(context(), at(0));
        let (kept, _) = sessions.start(&token, at(1)).expect("in time");
        for _ in 0..20_000 {
            let token = sessions.issue(context(), at(0));
            let (session, _) = sessions.start(&token, at(1)).expect("in time");
            sessions.end(&session);
        }
        assert!(sessions.get(&kept).is_some());
        let inner = sessions.lock();
        assert!(
            inner.opened.len() <= 2 * inner.sessions.len() + 65,
            "{}",
            inner.opened.len()
        );
    }

    #[test]
    fn abandoned_sessions_beyond_the_cap_go_oldest_first() {
        let sessions = Sessions::default();
        let mut ids = Vec::new();
        for _ in 0..MAX_SESSIONS + 10 {
            let token = sessions.issue(context(), at(0));
            ids.push(sessions.start(&token, at(1)).expect("in time").0);
        }
        let (_, open) = sessions.counts();
        assert_eq!(open, MAX_SESSIONS);
        assert_eq!(sessions.get(&ids[0]), None);
        assert!(sessions.get(ids.last().expect("one")).is_some());
    }

    #[test]
    fn what_a_flow_was_shown_outlives_its_session_until_a_reset() {
        let sessions = Sessions::default();
        let token = sessions.issue(context(), at(0));
        let (session, opened) = sessions.start(&token, at(1)).expect("in time");
        let listing = ListingId::from_raw(7);
        sessions.showed_unsupported(&opened.flow_id, listing);
        sessions.end(&session);
        assert_eq!(sessions.unsupported_shown("flow"), [listing]);
        assert!(sessions.unsupported_shown("another flow").is_empty());
        sessions.clear();
        assert!(sessions.unsupported_shown("flow").is_empty());
    }

    #[test]
    fn start_pages_issued_after_the_clock_was_moved_back_are_still_forgotten() {
        let sessions = Sessions::default();
        let later = sessions.issue(context(), at(1_000));
        // The dashboard reset the clock: this one expires first.
        let earlier = sessions.issue(context(), at(0));
        let newest = sessions.issue(context(), at(400));
        let pending = &sessions.lock().pending;
        assert!(!pending.contains_key(&earlier));
        assert!(pending.contains_key(&later) && pending.contains_key(&newest));
    }
}
