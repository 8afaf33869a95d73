//! How the marketplace answers browsers and API clients, shared by every
//! page and JSON route: pages rendered from the templates under the
//! marketplace's Content-Security-Policy and the error page ([`pages`]),
//! the JSON error every API answers with ([`ApiError`]) and the cookies
//! that say who is signed in and which punchout session a browser is in
//! ([`cookies`]).
//!
//! A leaf: it uses no other module of the marketplace, so any of them may
//! use it without the two depending on each other.

mod api_error;
pub mod cookies;
pub mod pages;

pub use api_error::ApiError;
pub use pages::{error_page, internal_error, page};
