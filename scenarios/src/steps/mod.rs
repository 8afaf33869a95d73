//! Step definitions, one module per domain concept rather than per
//! feature file. Every step acts through HTTP, as a person or a partner
//! would, and returns `Result` with a message good enough to debug from.

pub mod admin;
pub mod approval;
pub mod auto_approval;
pub mod cart;
pub mod clock;
pub mod invoicing;
pub mod mail;
pub mod offers;
pub mod ordering;
pub mod partner;
pub mod payg;
pub mod private_marketplace;
pub mod punchout;
pub mod punchout_refusal;
pub mod relationship;
pub mod search;
pub mod storefront;
pub mod subscribe;
pub mod walkthrough;
