//! The cookies a browser carries here: who is signed in (a buyer account's
//! user or a seller; no passwords, a simulator) and which punchout session
//! it browses in.

use axum::http::{HeaderMap, header};

/// The cookie that says which account user is signed in.
pub const USER_COOKIE: &str = "procsim_user";
/// The cookie that names the punchout session of this browser.
pub const PUNCHOUT_COOKIE: &str = "procsim_punchout";
/// The cookie naming the signed-in seller (their catalog index).
pub const SELLER_COOKIE: &str = "procsim_seller";

/// The value of cookie `name`, if the browser sent it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// A `Set-Cookie` value for a session cookie scoped to the whole site.
pub fn set_cookie(name: &str, value: &str) -> String {
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax")
}
