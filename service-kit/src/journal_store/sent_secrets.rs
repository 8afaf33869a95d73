//! The secrets recent outbound documents were sent with, kept for a
//! resend (`crate::journal`'s `resend` says why): for the newest
//! [`MAX_KEPT`] outbound exchanges, in the sending service's memory only,
//! never on disk.

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex, PoisonError},
};

use cxml::SharedSecret;

use super::Journal;

/// How many outbound exchanges' secrets are kept for a resend.
pub const MAX_KEPT: usize = 1_000;

/// The secrets recent outbound documents were sent with, by exchange id.
#[derive(Clone, Debug, Default)]
pub(super) struct SentSecrets(Arc<Mutex<VecDeque<(i64, SharedSecret)>>>);

impl SentSecrets {
    fn keep(&self, id: i64, secret: SharedSecret) {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.len() >= MAX_KEPT {
            kept.pop_front();
        }
        kept.push_back((id, secret));
    }

    fn get(&self, id: i64) -> Option<SharedSecret> {
        let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        kept.iter()
            .find(|(kept_id, _)| *kept_id == id)
            .map(|(_, secret)| secret.clone())
    }
}

impl Journal {
    /// Remembers the secret the outbound exchange `id` was sent with, for
    /// a resend (memory only).
    pub(crate) fn keep_sent_secret(&self, id: i64, secret: SharedSecret) {
        self.sent_secrets.keep(id, secret);
    }

    /// The secret the outbound exchange `id` was sent with, while it is
    /// kept.
    pub(crate) fn sent_secret(&self, id: i64) -> Option<SharedSecret> {
        self.sent_secrets.get(id)
    }
}
