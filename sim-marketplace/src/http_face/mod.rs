//! How the marketplace answers browsers and API clients, shared by every
//! page and JSON route: pages rendered from the templates under the
//! marketplace's Content-Security-Policy, [`PageError`] and the error page
//! it is drawn on ([`pages`]), [`ApiError`], the JSON error every API
//! answers with, and the cookies that say who is signed in and which
//! punchout session a browser is in ([`cookies`]). Handlers return
//! `Result<_, PageError>` or `Result<_, ApiError>` and use `?`.
//!
//! A leaf: it uses no other module of the marketplace, so any of them may
//! use it without the two depending on each other.

mod api_error;
pub mod cookies;
mod pages;

pub use api_error::ApiError;
pub use pages::{PageError, local_url, page, render_failures};
