//! `features/certify/`: `procsim certify supplier` run from `cargo test`.
//! The steps call the certify crate's library, the same checks the command
//! runs; they only choose the supplier and read the report.
//!
//! The supplier is an outside system when `PROCSIM_SUPPLIER_SETUP_URL` is
//! set ([`OutsideSupplier::from_env`]); otherwise each scenario starts a
//! `procsim::Ecosystem` and certifies its marketplace with the seeded
//! identities, so `cargo test --workspace` runs the features for real.
//! [`Plan`] says which scenarios apply: with an outside supplier, only the
//! rows of its platform, and no `@cart` scenario (nobody shops there).

mod person;
pub mod steps;
mod supplier;
mod world;

pub use supplier::{OutsideSupplier, Plan};
pub use world::CertifyWorld as World;
