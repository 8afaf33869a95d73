//! What every procsim service needs and nothing more: the simulated clock
//! shared by the whole ecosystem, the runner that serves a router on a
//! bound listener until shutdown, and the embedded store (one SQLite
//! database per service).
//!
//! Architecture Invariant: nothing here knows about any particular service,
//! and nothing here reads or writes cXML.

mod clock;
mod server;
mod store;

pub use clock::{Clock, ClockError};
pub use server::{BODY_LIMIT_BYTES, Service, Shutdown, health_routes};
pub use store::{Storage, Store, StoreError};
