//! Who is at the browser: the platform's sign-in cookie names a user of
//! its directory (a simulator needs no passwords). `SignedIn` is the
//! extractor of every page that needs a person (nobody signed in: the
//! answer is the sign-in picker); `Visitor` of those that do not.

use axum::{extract::FromRequestParts, http::request::Parts};

use super::{PageError, Platform};
use crate::User;

/// The signed-in user; without one the request is answered with the
/// sign-in picker.
#[derive(Clone, Debug)]
pub struct SignedIn(pub User);

/// Whoever is signed in, if anyone.
#[derive(Clone, Debug)]
pub struct Visitor(pub Option<User>);

impl<P: Platform> FromRequestParts<P> for SignedIn {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, platform: &P) -> Result<Self, PageError> {
        platform
            .shell()
            .user_of(&parts.headers)
            .map(SignedIn)
            .ok_or(PageError::SignIn)
    }
}

impl<P: Platform> FromRequestParts<P> for Visitor {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        platform: &P,
    ) -> Result<Self, std::convert::Infallible> {
        Ok(Visitor(platform.shell().user_of(&parts.headers)))
    }
}
