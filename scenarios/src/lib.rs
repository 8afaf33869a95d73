//! The Gherkin suite's library: the HTTP-only helpers shared with the root
//! package's tests and bench ([`support`]), the cucumber [`World`] (one
//! ecosystem per scenario) and the step definitions, grouped by domain
//! concept under [`steps`]. The feature files live in the repository's
//! `features/` folder; `tests/features.rs` runs them.

pub mod steps;
pub mod support;
mod world;

pub use world::ProcsimWorld as World;
