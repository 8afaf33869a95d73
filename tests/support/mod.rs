//! Test support shared by the root package's integration tests, its
//! benchmark and (later) the cucumber World: a scripted [`browser`] per
//! simulated person, the running ecosystem and its HTTP APIs ([`sim`]),
//! choosing products from the catalog API ([`catalog`]) and a Coupa user's
//! steps ([`coupa`]).
//!
//! Each test binary uses a different part of this module, so unused items
//! are expected in any one of them.
#![allow(dead_code)]

pub mod browser;
pub mod catalog;
pub mod coupa;
pub mod sim;
