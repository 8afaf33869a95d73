//! What every buyer platform is set up with, whichever it plays: where it
//! keeps its state and how much of its journal, where browsers reach it,
//! its approval chain, people and address, how it numbers POs and which
//! UTC offset its timestamps carry; and the company a platform starts
//! with, read from a seed file.

use serde::Deserialize;
use service_kit::{
    Storage,
    journal::{Dtds, JournalLimits},
};

use crate::{ApprovalChain, BuyerAddress, Directory};

#[derive(Debug, Clone)]
pub struct PlatformConfig {
    pub storage: Storage,
    /// The service's own base URL as browsers reach it; empty means
    /// "the address it binds" (filled in when the service is built).
    pub public_url: String,
    /// The chain requisitions run through (Coupa's admin may change it).
    pub approval_chain: ApprovalChain,
    pub users: Directory,
    /// Ship-to and bill-to of every order.
    pub address: BuyerAddress,
    /// PO numbers are this prefix and a six-digit sequence (`PO-000001`).
    pub po_prefix: String,
    /// The offset written in timestamps (minutes east of UTC).
    pub utc_offset_minutes: i32,
    /// How much the journal keeps.
    pub journal_limits: JournalLimits,
    /// The official DTDs the journal checks documents against (none: the
    /// CX rules alone).
    pub dtds: Dtds,
}

/// The company a platform is seeded with: its people, its address, how it
/// numbers POs and its UTC offset. A seed file holds it as JSON:
///
/// ```json
/// { "users": [{ "email": "jane@acme.test", "first_name": "Jane",
///               "last_name": "Doe", "role": "requester",
///               "business_unit": "Acme Engineering" }],
///   "address": { "id": "ACME-HQ", "name": "Acme Inc.", ... },
///   "po_prefix": "PO-", "utc_offset_minutes": -480 }
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanySeed {
    pub users: Directory,
    pub address: BuyerAddress,
    pub po_prefix: String,
    pub utc_offset_minutes: i32,
}

impl CompanySeed {
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }
}

impl PlatformConfig {
    /// A platform of `company` with `approval_chain`, in memory, its
    /// public URL the address it binds, its journal with default limits.
    pub fn seeded(company: CompanySeed, approval_chain: ApprovalChain) -> Self {
        PlatformConfig {
            storage: Storage::Memory,
            public_url: String::new(),
            approval_chain,
            users: company.users,
            address: company.address,
            po_prefix: company.po_prefix,
            utc_offset_minutes: company.utc_offset_minutes,
            journal_limits: JournalLimits::default(),
            dtds: Dtds::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApproverLevel, Role};

    #[test]
    fn a_seed_file_reads_as_a_company() {
        let company = CompanySeed::from_json(
            r#"{ "users": [
                   { "email": "mia@acme.test", "first_name": "Mia", "last_name": "Wong",
                     "role": { "approver": "Manager" }, "business_unit": "Eng" },
                   { "email": "ada@acme.test", "first_name": "Ada", "last_name": "Admin",
                     "role": "admin", "business_unit": "IT" } ],
                 "address": { "id": "HQ", "name": "Acme", "deliver_to": "AP",
                   "street": "1 Main St", "city": "Springfield", "state": "OR",
                   "postal_code": "97477", "country_code": "US",
                   "country": "United States", "email": "ap@acme.test" },
                 "po_prefix": "PO-", "utc_offset_minutes": -480 }"#,
        )
        .unwrap();
        let mia = company.users.find("mia@acme.test").unwrap();
        assert_eq!(mia.role, Role::Approver(ApproverLevel::manager()));
        assert!(company.users.find("ada@acme.test").unwrap().is_admin());
        assert_eq!(company.address.city, "Springfield");
    }

    #[test]
    fn a_seed_file_with_a_misspelt_field_is_refused() {
        let err = CompanySeed::from_json(
            r#"{ "users": [], "adress": {}, "po_prefix": "PO-", "utc_offset_minutes": 0 }"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("adress"), "{err}");
    }
}
