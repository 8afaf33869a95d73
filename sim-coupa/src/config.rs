//! How a coupa service is set up: where it is reached, the marketplace
//! punchout site (URL, identities, secret, redirect), where orders go, the
//! approval chain, the users and the company's address. `seeded` gives the
//! defaults `procsim up` starts with.

use buyer_kit::{
    ApprovalChain, ApproverLevel, BuyerAddress, Directory, Identities, Identity, Role, User,
};
use cxml::SharedSecret;
use service_kit::{Storage, journal::JournalLimits};

/// The seeded finance threshold: requisitions from this amount need finance.
pub const FINANCE_THRESHOLD_USD: &str = "5000.00";

/// A supplier's punchout site as a Coupa admin configures it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PunchoutSite {
    /// The name in `/punchout/{name}`.
    pub name: String,
    /// Where setup requests are posted (the supplier's cXML URL).
    pub url: String,
    /// From/To/Sender, the shared secret (masked when shown) and UserAgent.
    pub identities: Identities,
    /// The Coupa "redirect" setting (F12): the marketplace sends users
    /// who subscribe outside a punchout to Coupa instead.
    pub redirect: bool,
    /// Sends `deploymentMode="test"` when set.
    pub test_mode: bool,
    /// The supplier's Open Buy search API (F3), if it has one; Coupa signs
    /// in to it with the site's `From` identity and shared secret.
    pub open_buy_url: Option<String>,
}

impl PunchoutSite {
    /// How the site's documents declare themselves: `test` in test mode.
    pub fn deployment_mode(&self) -> cxml::envelope::DeploymentMode {
        if self.test_mode {
            cxml::envelope::DeploymentMode::Test
        } else {
            cxml::envelope::DeploymentMode::Production
        }
    }
}

/// Everything a coupa service needs.
#[derive(Debug, Clone)]
pub struct CoupaConfig {
    pub storage: Storage,
    /// The service's own base URL as browsers reach it; empty means
    /// "the address it binds" (filled in by `bind`).
    pub public_url: String,
    pub punchout_site: PunchoutSite,
    /// Where OrderRequests are posted (the marketplace's `/cxml`).
    pub order_url: String,
    pub approval_chain: ApprovalChain,
    pub users: Directory,
    /// Ship-to and bill-to of every order.
    pub address: BuyerAddress,
    /// PO numbers are this prefix and a six-digit sequence.
    pub po_prefix: String,
    /// The offset written in timestamps (minutes east of UTC).
    pub utc_offset_minutes: i32,
    /// How much the journal keeps.
    pub journal_limits: JournalLimits,
}

impl CoupaConfig {
    /// The seeded configuration for a marketplace at `marketplace_url`
    /// (its base URL; setup requests and orders go to its `/cxml`).
    pub fn seeded(marketplace_url: &str) -> Self {
        let marketplace_url = marketplace_url.trim_end_matches('/');
        let cxml_url = format!("{marketplace_url}/cxml");
        CoupaConfig {
            storage: Storage::Memory,
            public_url: String::new(),
            punchout_site: PunchoutSite {
                name: "marketplace".to_owned(),
                url: cxml_url.clone(),
                identities: Identities {
                    from: Identity::new("NetworkID", "coupa-acme"),
                    also_from: Vec::new(),
                    to: Identity::new("NetworkID", "procsim-marketplace"),
                    sender: Identity::new("NetworkID", "coupa-acme"),
                    secret: SharedSecret::new("coupa-shared-secret"),
                    user_agent: "Coupa Procurement 1.0".to_owned(),
                },
                redirect: true,
                test_mode: false,
                open_buy_url: Some(format!("{marketplace_url}/api/open-buy/listings")),
            },
            order_url: cxml_url,
            approval_chain: seeded_chain(),
            users: seeded_users(),
            address: seeded_address(),
            po_prefix: "PO-".to_owned(),
            utc_offset_minutes: -480,
            journal_limits: JournalLimits::default(),
        }
    }
}

/// The manager always approves; finance too from the threshold.
pub fn seeded_chain() -> ApprovalChain {
    ApprovalChain::manager_then_finance("USD", FINANCE_THRESHOLD_USD)
}

fn seeded_users() -> Directory {
    let unit = "Acme Engineering";
    Directory::new(vec![
        User::new("jane@acme.test", "Jane", "Doe", Role::Requester, unit),
        User::new("raj@acme.test", "Raj", "Patel", Role::Requester, unit),
        User::new(
            "mia@acme.test",
            "Mia",
            "Wong",
            Role::Approver(ApproverLevel::manager()),
            unit,
        ),
        User::new(
            "fin@acme.test",
            "Fin",
            "Okafor",
            Role::Approver(ApproverLevel::finance()),
            "Acme Finance",
        ),
        User::new("admin@acme.test", "Ada", "Admin", Role::Admin, "Acme IT"),
    ])
}

fn seeded_address() -> BuyerAddress {
    BuyerAddress {
        id: "ACME-HQ".to_owned(),
        name: "Acme Inc.".to_owned(),
        deliver_to: "Accounts Payable".to_owned(),
        street: "100 Market Street".to_owned(),
        city: "San Francisco".to_owned(),
        state: "CA".to_owned(),
        postal_code: "94105".to_owned(),
        country_code: "US".to_owned(),
        country: "United States".to_owned(),
        email: "ap@acme.test".to_owned(),
    }
}
