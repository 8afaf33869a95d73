//! What a user of a buyer account may do: the policies attached to them,
//! named as the seed names them (SPEC F15). The managed policy
//! [`PROCUREMENT_ADMIN_POLICY`] grants every [`Permission`]; a policy
//! named after one permission's action (e.g.
//! `aws-marketplace:PutProcurementSystemConfiguration`) grants that one,
//! the "equivalent permission" an account may attach instead. Any other
//! policy is kept and shown but grants nothing here.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The managed policy of a procurement-system administrator.
pub const PROCUREMENT_ADMIN_POLICY: &str = "AWSMarketplaceProcurementSystemAdminFullAccess";

/// The longest policy name accepted (IAM's limit).
const MAX_POLICY_NAME: usize = 128;

/// An action the marketplace checks before an administration page or API
/// call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// See the procurement-integration settings and the Private
    /// Marketplace (the admin page).
    DescribeProcurementSystemConfiguration,
    /// Change them.
    PutProcurementSystemConfiguration,
}

impl Permission {
    /// The action's name, as a policy grants it.
    pub fn action(self) -> &'static str {
        match self {
            Permission::DescribeProcurementSystemConfiguration => {
                "aws-marketplace:DescribeProcurementSystemConfiguration"
            }
            Permission::PutProcurementSystemConfiguration => {
                "aws-marketplace:PutProcurementSystemConfiguration"
            }
        }
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.action())
    }
}

/// The name of a policy attached to a user.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Policy(String);

/// A policy name that is empty, too long, or has characters a policy name
/// cannot have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a policy name (1 to 128 letters, digits or + = , . @ _ : * -): {0:?}")]
pub struct BadPolicy(pub String);

impl Policy {
    pub fn new(name: &str) -> Result<Self, BadPolicy> {
        let name = name.trim();
        let valid = !name.is_empty()
            && name.len() <= MAX_POLICY_NAME
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_:*-".contains(&b));
        if valid {
            Ok(Policy(name.to_owned()))
        } else {
            Err(BadPolicy(name.chars().take(40).collect()))
        }
    }

    /// The procurement administrator's managed policy.
    pub fn procurement_admin() -> Self {
        Policy(PROCUREMENT_ADMIN_POLICY.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this policy allows `permission`.
    pub fn grants(&self, permission: Permission) -> bool {
        self.0 == PROCUREMENT_ADMIN_POLICY || self.0 == permission.action()
    }
}

impl TryFrom<String> for Policy {
    type Error = BadPolicy;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Policy::new(&name)
    }
}

impl From<Policy> for String {
    fn from(policy: Policy) -> Self {
        policy.0
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Policies as the database keeps them: names separated by spaces (a name
/// has none). Names that are not policy names are dropped.
pub fn parse_list(text: &str) -> Vec<Policy> {
    text.split_whitespace()
        .filter_map(|name| Policy::new(name).ok())
        .collect()
}

/// The inverse of [`parse_list`].
pub fn format_list(policies: &[Policy]) -> String {
    policies
        .iter()
        .map(Policy::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_managed_policy_grants_every_permission_and_an_action_only_itself() {
        let admin = Policy::procurement_admin();
        let put = Policy::new("aws-marketplace:PutProcurementSystemConfiguration").unwrap();
        let describe =
            Policy::new("aws-marketplace:DescribeProcurementSystemConfiguration").unwrap();
        let other = Policy::new("ReadOnlyAccess").unwrap();
        for permission in [
            Permission::DescribeProcurementSystemConfiguration,
            Permission::PutProcurementSystemConfiguration,
        ] {
            assert!(admin.grants(permission));
            assert!(!other.grants(permission));
        }
        assert!(put.grants(Permission::PutProcurementSystemConfiguration));
        assert!(!put.grants(Permission::DescribeProcurementSystemConfiguration));
        assert!(describe.grants(Permission::DescribeProcurementSystemConfiguration));
        assert!(!describe.grants(Permission::PutProcurementSystemConfiguration));
    }

    #[test]
    fn policy_names_are_checked_and_lists_round_trip() {
        for bad in ["", "  ", "two words", "<b>", &"a".repeat(129)] {
            assert!(Policy::new(bad).is_err(), "{bad:?}");
        }
        let list = vec![
            Policy::procurement_admin(),
            Policy::new("aws-marketplace:ViewSubscriptions").unwrap(),
        ];
        assert_eq!(parse_list(&format_list(&list)), list);
        assert_eq!(parse_list(""), Vec::<Policy>::new());
    }
}
