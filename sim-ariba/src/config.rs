//! How an ariba service is set up: where it is reached, the buyer's own
//! network identities (ANID and a DUNS sibling), the network's identity and
//! user agent that Ariba's hub puts in `Sender`, the supplier accounts the
//! network knows (identity, shared secret, punchout and order URLs), the
//! approval chain, the users and the company's address. `seeded` gives the
//! defaults `procsim up` starts with: Globex on Ariba buying from the
//! marketplace, with the habits of buyer-kit's built-in `ariba` profile.

use buyer_kit::{
    ApprovalChain, Identity, Profile,
    platform::{CompanySeed, PlatformConfig},
};
use cxml::SharedSecret;

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
    /// Where the network tells the supplier that a buyer asks for a
    /// trading relationship (JSON; the supplier answers whether it
    /// accepted at once).
    pub relationship_url: String,
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
    /// What every buyer platform is set up with.
    pub platform: PlatformConfig,
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
    /// How Ariba talks (extrinsics, deploymentMode, the hub's habits): the
    /// same profile `procsim certify --platform ariba` plays.
    pub profile: Profile,
}

impl AribaConfig {
    /// The seeded configuration for a marketplace at `marketplace_url`
    /// (its base URL; setup requests and orders go to its `/cxml`,
    /// relationship requests to its `/ariba/relationship-requests`).
    pub fn seeded(marketplace_url: &str) -> Self {
        let marketplace_url = marketplace_url.trim_end_matches('/');
        let cxml_url = format!("{marketplace_url}/cxml");
        let profile = Profile::ariba();
        let buyer = Identity::new("NetworkID", "AN01000000001");
        AribaConfig {
            platform: PlatformConfig::seeded(seeded_company(), seeded_chain()),
            buyer_siblings: profile
                .credentials
                .also_from
                .iter()
                .map(|c| c.identity())
                .collect(),
            // The hub in Sender, as the profile names it.
            network: profile.sender_for(&buyer),
            buyer,
            user_agent: profile.user_agent.clone(),
            suppliers: vec![SupplierAccount {
                name: "procsim marketplace".to_owned(),
                to: Identity::new("NetworkID", "AN01000000999"),
                secret: SharedSecret::new("ariba-supplier-secret"),
                punchout_url: cxml_url.clone(),
                order_url: cxml_url,
                relationship_url: format!("{marketplace_url}/ariba/relationship-requests"),
            }],
            profile,
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

/// Globex as `seed/globex.json` holds it: its people, its address, how it
/// numbers POs and its UTC offset. A user's business unit is the cost
/// center code Ariba sends as the `CostCenter` extrinsic.
pub fn seeded_company() -> CompanySeed {
    CompanySeed::from_json(include_str!("../seed/globex.json"))
        .expect("seed/globex.json is a company (the seeded configuration test reads it)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeded_company_reads_from_its_seed_file() {
        let config = AribaConfig::seeded("http://marketplace.test");
        let users = config.platform.users.all();
        assert_eq!(users.len(), 4);
        assert!(config.platform.users.find("sam@globex.test").is_some());
        assert_eq!(users.iter().filter(|u| u.is_admin()).count(), 1);
    }
}
