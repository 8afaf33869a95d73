//! procsim's SMTP server: a small RFC 5321 receiver on tokio.
//!
//! Why our own: `mailin-embedded` runs its own blocking listener on a thread
//! pool, outside tokio and without our shutdown signal; `mailcrab` is an
//! application, not a library. `mailin` (the sans-IO core of
//! mailin-embedded) fits tokio, but its parser rejects `MAIL FROM` with a
//! `SIZE=` parameter and the null sender `<>`, it advertises neither SIZE
//! nor PIPELINING, and its `data_end` hook is synchronous, so the
//! "acknowledge only after the commit" rule would block a runtime worker.
//! The receiving side of SMTP without AUTH or TLS is small enough to own
//! and test completely.

mod lines;
mod reply;
mod server;
mod session;

pub use reply::Reply;
pub use server::SmtpServer;
pub use session::{Limits, Session, Step};
