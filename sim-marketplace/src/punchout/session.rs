//! Punchout sessions, in memory: setups waiting for their start page (one
//! use, expiring on the simulated clock) and the browsing sessions they
//! open. A restart ends every session, as the buyer's punchout would time
//! out anyway; agreements and orders are what is kept durably.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
};

use cxml::{common::ItemIn, doc::PunchOutOperation, transport::FormEncoding};
use jiff::{SignedDuration, Timestamp};

use super::random_token;
use crate::catalog::AccountId;

/// How long a start page URL may wait for its first (and only) use.
pub const START_PAGE_TTL: SignedDuration = SignedDuration::from_mins(5);

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
}

#[derive(Default)]
struct Inner {
    pending: HashMap<String, Pending>,
    /// Every issued token with its expiry, in expiry order (a token is
    /// inserted in its place: the dashboard may move the clock back), so
    /// forgetting the expired costs nothing per setup.
    issued: VecDeque<(Timestamp, String)>,
    sessions: HashMap<String, SetupContext>,
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
        let mut inner = self.lock();
        while let Some((_, expired)) = inner.issued.pop_front_if(|(at, _)| *at <= now) {
            // Already gone when its start page was used.
            inner.pending.remove(&expired);
        }
        // Kept in expiry order even when the simulated clock was moved
        // back, so the sweep above never stops at a later-expiring token.
        let at = inner.issued.partition_point(|(at, _)| *at <= expires_at);
        inner.issued.insert(at, (expires_at, token.clone()));
        inner.pending.insert(
            token.clone(),
            Pending {
                context,
                expires_at,
            },
        );
        token
    }

    /// Uses a start page token (whatever the outcome, it cannot be used
    /// again) and opens a session; returns the session id and context.
    pub fn start(&self, token: &str, now: Timestamp) -> Result<(String, SetupContext), StartError> {
        let mut inner = self.lock();
        let pending = inner.pending.remove(token).ok_or(StartError::Unknown)?;
        if now >= pending.expires_at {
            return Err(StartError::Expired);
        }
        let session_id = random_token();
        inner
            .sessions
            .insert(session_id.clone(), pending.context.clone());
        Ok((session_id, pending.context))
    }

    pub fn get(&self, session_id: &str) -> Option<SetupContext> {
        self.lock().sessions.get(session_id).cloned()
    }

    /// Ends a session once its cart went back to the buyer.
    pub fn end(&self, session_id: &str) -> Option<SetupContext> {
        self.lock().sessions.remove(session_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> SetupContext {
        SetupContext {
            account: "acct-coupa-001".parse().expect("account id"),
            account_name: "Acme".into(),
            connection_id: "coupa".into(),
            buyer_cookie: "cookie".into(),
            browser_form_post: "http://coupa.test/punchout/return".into(),
            operation: PunchOutOperation::Create,
            requester: Requester::default(),
            flow_id: "flow".into(),
            form_encoding: FormEncoding::Base64,
            cart: Vec::new(),
            selected_listing: None,
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
