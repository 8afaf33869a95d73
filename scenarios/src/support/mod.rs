//! What the root package's integration tests, its benchmark and the
//! cucumber World share: a scripted [`browser`] per simulated person, the
//! running ecosystem and its HTTP APIs ([`sim`]), choosing products from
//! the catalog API ([`catalog`]), a Coupa user's steps ([`coupa`]) and
//! the clock, schedule and invoices ([`billing`]), and whether a bench
//! measures or only checks ([`bench`]).
//! Everything acts through HTTP, as a person or a partner would.

pub mod ariba;
pub mod bench;
pub mod billing;
pub mod browser;
pub mod catalog;
pub mod coupa;
pub mod junit;
pub mod marketplace_admin;
pub mod offers;
pub mod open_buy;
pub mod partner;
pub mod process;
pub mod sim;
pub mod storefront;
