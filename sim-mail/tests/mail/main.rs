//! The mail service end to end: real SMTP over loopback sockets, the
//! Mailpit API and the HTML inbox over HTTP, storage in memory and on disk.
//! One test binary (modules by concern) to keep link time down.

#[allow(clippy::unwrap_used)] // its helpers are not #[test] functions
mod api;
mod inbox;
mod persistence;
mod reset;
mod smtp;
#[allow(clippy::unwrap_used)] // helpers, not #[test] functions
mod support;
