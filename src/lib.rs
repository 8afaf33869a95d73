//! The `procsim` library: composes the services into one ecosystem. The
//! binary in `main.rs` only parses arguments and calls into here, so tests
//! and the scenario harness start exactly what `procsim up` starts.

mod composition;
pub mod config;
pub mod dtd_store;
pub mod ecosystem;
pub mod marketplace_alone;

pub use config::ProcsimConfig;
pub use ecosystem::{Ecosystem, EcosystemConfig, Endpoint};
pub use marketplace_alone::{MarketplaceAlone, MarketplaceAloneConfig};
