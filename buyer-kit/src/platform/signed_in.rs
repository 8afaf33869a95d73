//! Who is at the browser: the platform's sign-in cookie names a user of
//! its directory (a simulator needs no passwords). `SignedIn` is the
//! extractor of every page that needs a person (nobody signed in: the
//! answer is the sign-in picker); `Visitor` of those that do not.

use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, header, request::Parts},
};

use super::{PageError, Platform, Shell};
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
        user_of(platform.shell(), &parts.headers)
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
        Ok(Visitor(user_of(platform.shell(), &parts.headers)))
    }
}

/// The user the sign-in cookie in `headers` names.
pub(super) fn user_of(shell: &Shell, headers: &HeaderMap) -> Option<User> {
    let values = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok());
    shell
        .users
        .signed_in(values, shell.look.user_cookie())
        .cloned()
}
