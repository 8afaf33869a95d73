//! What every procsim service needs and nothing more: the simulated clock
//! shared by the whole ecosystem, the runner that serves a router on a
//! bound listener until shutdown, and the embedded store (one SQLite
//! database per service).
//!
//! It also holds how every service speaks cXML over HTTP (the `POST /cxml`
//! adapter, the outbound client) and the journal of every exchange; the
//! documents themselves are read and written only by the cxml crate.
//!
//! `look` is the shared face of every service's pages: one stylesheet,
//! the strip naming the party, error pages.
//!
//! Architecture Invariant: nothing here knows about any particular service.

mod clock;
mod closed_port;
pub mod connections;
pub mod cxml_http;
pub mod guard;
pub mod journal;
mod journal_store;
pub mod look;
pub mod reset;
mod server;
mod store;

pub use clock::{Clock, ClockError};
pub use closed_port::ClosedPort;
pub use server::{BODY_LIMIT_BYTES, Closing, Service, Shutdown, health_routes};
pub use store::{Storage, Store, StoreError};
