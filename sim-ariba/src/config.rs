//! How an ariba service is set up: where it is reached, the buyer's own
//! network identities (ANID and a DUNS sibling), the network's identity and
//! user agent that Ariba's hub puts in `Sender`, the supplier accounts the
//! network knows (identity, shared secret, punchout and order URLs), the
//! approval chain, the users and the company's address. `seeded` gives the
//! defaults `procsim up` starts with: Globex on Ariba buying from the
//! marketplace.

use buyer_kit::{ApprovalChain, ApproverLevel, BuyerAddress, Directory, Identity, Role, User};
use cxml::SharedSecret;
use service_kit::{Storage, journal::JournalLimits};

/// The seeded finance threshold: requisitions from this amount need finance.
pub const FINANCE_THRESHOLD_USD: &str = "10000.00";

/// A supplier's account on the network, as the network holds it. The
/// punchout URL comes from here, never from the setup request's
/// `SupplierSetup` or from the supplier's published catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierAccount {
    pub name: String,
    /// The supplier's credential in `To`; its identity is the ANID that
    /// relationships and catalogs name.
    pub to: Identity,
    /// The supplier's shared secret, which the hub puts in `Sender`.
    /// Masked by its `Debug` and `Display`.
    pub secret: SharedSecret,
    /// Where setup requests go.
    pub punchout_url: String,
    /// Where OrderRequests go.
    pub order_url: String,
}

impl SupplierAccount {
    /// The supplier's ANID.
    pub fn anid(&self) -> &str {
        &self.to.identity
    }
}

/// Everything an ariba service needs.
#[derive(Debug, Clone)]
pub struct AribaConfig {
    pub storage: Storage,
    /// The service's own base URL as browsers reach it; empty means
    /// "the address it binds" (filled in by `from_listener`).
    pub public_url: String,
    /// The buyer organisation's ANID credential (`From`, first). An ANID
    /// with a `-T` suffix is a test account: documents go out with
    /// `deploymentMode="test"`.
    pub buyer: Identity,
    /// The buyer's sibling credentials sent after `buyer` (a DUNS).
    pub buyer_siblings: Vec<Identity>,
    /// The hub's identity in `Sender`.
    pub network: Identity,
    /// The hub's `UserAgent`.
    pub user_agent: String,
    pub suppliers: Vec<SupplierAccount>,
    pub approval_chain: ApprovalChain,
    pub users: Directory,
    /// Ship-to and bill-to of every order.
    pub address: BuyerAddress,
    /// PO numbers are this prefix and a six-digit sequence (`EP-000001`).
    pub po_prefix: String,
    /// The offset written in timestamps (minutes east of UTC).
    pub utc_offset_minutes: i32,
    /// How much the journal keeps.
    pub journal_limits: JournalLimits,
}

impl AribaConfig {
    /// The seeded configuration for a marketplace at `marketplace_url`
    /// (its base URL; setup requests and orders go to its `/cxml`).
    pub fn seeded(marketplace_url: &str) -> Self {
        let cxml_url = format!("{}/cxml", marketplace_url.trim_end_matches('/'));
        AribaConfig {
            storage: Storage::Memory,
            public_url: String::new(),
            buyer: Identity::new("NetworkID", "AN01000000001"),
            buyer_siblings: vec![Identity::new("DUNS", "081466849")],
            network: Identity::new("NetworkID", "AribaNetwork"),
            user_agent: "Ariba Network v1.0".to_owned(),
            suppliers: vec![SupplierAccount {
                name: "procsim marketplace".to_owned(),
                to: Identity::new("NetworkID", "AN01000000999"),
                secret: SharedSecret::new("ariba-supplier-secret"),
                punchout_url: cxml_url.clone(),
                order_url: cxml_url,
            }],
            approval_chain: seeded_chain(),
            users: seeded_users(),
            address: seeded_address(),
            po_prefix: "EP-".to_owned(),
            utc_offset_minutes: 60,
            journal_limits: JournalLimits::default(),
        }
    }

    /// The account of the supplier with this ANID (case-insensitive).
    pub fn supplier(&self, anid: &str) -> Option<&SupplierAccount> {
        self.suppliers
            .iter()
            .find(|s| s.anid().eq_ignore_ascii_case(anid.trim()))
    }
}

/// The manager always approves; finance too from the threshold.
pub fn seeded_chain() -> ApprovalChain {
    ApprovalChain::manager_then_finance("USD", FINANCE_THRESHOLD_USD)
}

/// Globex's people. The business unit is the cost center code Ariba sends
/// as the `CostCenter` extrinsic.
fn seeded_users() -> Directory {
    Directory::new(vec![
        User::new(
            "sam@globex.test",
            "Sam",
            "Rivera",
            Role::Requester,
            "CC-4100",
        ),
        User::new(
            "mo@globex.test",
            "Mo",
            "Haddad",
            Role::Approver(ApproverLevel::manager()),
            "CC-4100",
        ),
        User::new(
            "fay@globex.test",
            "Fay",
            "Lindqvist",
            Role::Approver(ApproverLevel::finance()),
            "CC-9000",
        ),
        User::new("admin@globex.test", "Ari", "Admin", Role::Admin, "CC-1000"),
    ])
}

fn seeded_address() -> BuyerAddress {
    BuyerAddress {
        id: "GLOBEX-HQ".to_owned(),
        name: "Globex Corporation".to_owned(),
        deliver_to: "Procurement".to_owned(),
        street: "1 Cypress Creek Parkway".to_owned(),
        city: "Springfield".to_owned(),
        state: "OR".to_owned(),
        postal_code: "97477".to_owned(),
        country_code: "US".to_owned(),
        country: "United States".to_owned(),
        email: "buyer@globex.test".to_owned(),
    }
}
