//! The Gherkin suite's library: the HTTP-only helpers shared with the root
//! package's tests and bench ([`support`]), the cucumber [`World`] (one
//! ecosystem per scenario) and the step definitions, grouped by domain
//! concept under [`steps`]. The feature files live in the repository's
//! `features/` folder; `tests/features.rs` runs them. `features/certify/`
//! has its own World and steps ([`certification`]), run by
//! `tests/certify.rs`.

pub mod certification;
pub mod steps;
pub mod support;
mod world;

pub use world::ProcsimWorld as World;
