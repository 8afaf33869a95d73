//! The journal: every cXML document a service sends or receives, with its
//! raw bytes (secrets masked), type, direction, peer, findings, statuses,
//! latency and the flow id that links the documents of one purchase across
//! services, bounded in every direction ([`JournalLimits`],
//! [`MAX_FINDINGS`]). Each service keeps its own journal database and
//! serves it over HTTP (`api`); the dashboard merges them.
//!
//! The records are kept by `crate::journal_store` (its items are
//! re-exported here), which the cXML client and adapter of
//! `crate::cxml_http` write to; this module adds what needs that client
//! too: `resend` posts a recorded request again, and `api` serves the
//! journal, resend included. The client depends on the records, the
//! journal's face on both, and nothing back.

mod api;
mod resend;

pub use api::routes;
pub use resend::ResendError;

pub use crate::journal_store::{
    Began, Direction, Dtds, Exchange, ExchangeDetail, HttpHeaders, Journal, JournalFilter,
    JournalLimits, JournalStats, MAX_FIELD_BYTES, MAX_FINDINGS, MAX_LIST, NewExchange, Trace,
};
