//! Who works in a buyer system: requesters, approvers (each at a level such
//! as `manager` or `finance`) and admins, and the directory that finds them.

use std::fmt;

use serde::Deserialize;

/// An approver's level; the approval chain names the levels it needs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(from = "String")]
pub struct ApproverLevel(String);

impl From<String> for ApproverLevel {
    fn from(level: String) -> Self {
        ApproverLevel::new(&level)
    }
}

impl ApproverLevel {
    pub const MANAGER: &'static str = "manager";
    pub const FINANCE: &'static str = "finance";

    /// A level, stored lower-case and trimmed so `Finance` and `finance`
    /// are one level.
    pub fn new(level: &str) -> Self {
        Self(level.trim().to_ascii_lowercase())
    }

    pub fn manager() -> Self {
        Self::new(Self::MANAGER)
    }

    pub fn finance() -> Self {
        Self::new(Self::FINANCE)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ApproverLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a user may do.
/// In a seed file: `"requester"`, `{"approver": "manager"}`, `"admin"`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Punches out, fills carts, submits requisitions.
    Requester,
    /// Approves or rejects requisitions at one level of the chain.
    Approver(ApproverLevel),
    /// Configures punchout sites and the approval chain.
    Admin,
}

impl Role {
    /// A short label for pages.
    pub fn label(&self) -> String {
        match self {
            Role::Requester => "requester".to_owned(),
            Role::Approver(level) => format!("approver ({level})"),
            Role::Admin => "admin".to_owned(),
        }
    }
}

/// A person who can sign in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// The e-mail address is also the user's login and unique name.
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
    pub business_unit: String,
}

impl User {
    pub fn new(email: &str, first: &str, last: &str, role: Role, business_unit: &str) -> Self {
        Self {
            email: email.to_owned(),
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            role,
            business_unit: business_unit.to_owned(),
        }
    }

    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    pub fn is_requester(&self) -> bool {
        self.role == Role::Requester
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// The level this user approves at, if an approver.
    pub fn approver_level(&self) -> Option<&ApproverLevel> {
        match &self.role {
            Role::Approver(level) => Some(level),
            _ => None,
        }
    }
}

/// The users of one system.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Directory {
    users: Vec<User>,
}

impl Directory {
    pub fn new(users: Vec<User>) -> Self {
        Self { users }
    }

    /// The user with this e-mail address (case-insensitive).
    pub fn find(&self, email: &str) -> Option<&User> {
        let email = email.trim();
        self.users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(email))
    }

    pub fn all(&self) -> &[User] {
        &self.users
    }

    /// The user named by the cookie `cookie_name` among the values of the
    /// request's `Cookie` headers. A simulator signs people in by a cookie
    /// holding their address, with no password.
    pub fn signed_in<'a>(
        &self,
        cookie_headers: impl IntoIterator<Item = &'a str>,
        cookie_name: &str,
    ) -> Option<&User> {
        cookie_headers
            .into_iter()
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == cookie_name)
            .and_then(|(_, email)| self.find(email))
    }
}

/// The `Set-Cookie` value that signs `email` in under `cookie_name` (read
/// back by [`Directory::signed_in`]).
pub fn sign_in_cookie(cookie_name: &str, email: &str) -> String {
    format!("{cookie_name}={email}; Path=/; HttpOnly; SameSite=Lax")
}

/// The `Set-Cookie` value that signs whoever it is out.
pub fn sign_out_cookie(cookie_name: &str) -> String {
    format!("{cookie_name}=; Path=/; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_sign_in_cookie_reads_back() {
        let directory = Directory::new(vec![User::new(
            "sam@globex.test",
            "Sam",
            "Smith",
            Role::Requester,
            "Globex",
        )]);
        let set = sign_in_cookie("me", "sam@globex.test");
        let sent = set.split(';').next().unwrap_or_default();
        assert_eq!(
            directory.signed_in([sent], "me").map(|u| u.email.as_str()),
            Some("sam@globex.test")
        );
        assert!(sign_out_cookie("me").contains("Max-Age=0"));
    }

    #[test]
    fn the_sign_in_cookie_names_a_known_user() {
        let directory = Directory::new(vec![User::new(
            "sam@globex.test",
            "Sam",
            "Lee",
            Role::Requester,
            "CC-100",
        )]);
        let found = directory.signed_in(["a=1; me=SAM@globex.test", "x=y"], "me");
        assert_eq!(found.map(|u| u.email.as_str()), Some("sam@globex.test"));
        assert!(
            directory
                .signed_in(["other=sam@globex.test"], "me")
                .is_none()
        );
        assert!(
            directory
                .signed_in(["me=nobody@globex.test"], "me")
                .is_none()
        );
    }
}
