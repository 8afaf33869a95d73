//! The mail service end to end: real SMTP over loopback sockets, the
//! Mailpit API and the HTML inbox over HTTP, storage in memory and on disk.
//! One test binary (modules by concern) to keep link time down.

mod api;
mod inbox;
mod persistence;
mod reset;
mod smtp;
mod support;
