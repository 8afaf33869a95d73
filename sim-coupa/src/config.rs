//! How a coupa service is set up: where it is reached, the marketplace
//! punchout site (URL, identities, secret, redirect), where orders go, the
//! approval chain, the users and the company's address, and the platform
//! profile Coupa sends with (buyer-kit's built-in `coupa`). `seeded` gives
//! the defaults `procsim up` starts with.

use buyer_kit::{
    ApprovalChain, Identities, Identity, Profile,
    platform::{CompanySeed, PlatformConfig},
};
use cxml::SharedSecret;

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
    /// What a setup request says: `test` in test mode, otherwise what the
    /// profile's habit writes for the site's From identity (Coupa's own
    /// profile leaves the attribute out, CO-07).
    pub fn setup_deployment_mode(
        &self,
        habit: buyer_kit::profile::ModeHabit,
    ) -> Option<cxml::envelope::DeploymentMode> {
        if self.test_mode {
            Some(cxml::envelope::DeploymentMode::Test)
        } else {
            habit.mode_for(&self.identities.from.identity)
        }
    }
}

/// Everything a coupa service needs.
#[derive(Debug, Clone)]
pub struct CoupaConfig {
    /// What every buyer platform is set up with (the approval chain is
    /// where an admin's edits start from).
    pub platform: PlatformConfig,
    pub punchout_site: PunchoutSite,
    /// Where OrderRequests are posted (the marketplace's `/cxml`).
    pub order_url: String,
    /// How Coupa talks (DTD version, extrinsics, Contact, UserAgent): the
    /// same profile `procsim certify --platform coupa` plays.
    pub profile: Profile,
}

impl CoupaConfig {
    /// The seeded configuration for a marketplace at `marketplace_url`
    /// (its base URL; setup requests and orders go to its `/cxml`).
    pub fn seeded(marketplace_url: &str) -> Self {
        let marketplace_url = marketplace_url.trim_end_matches('/');
        let cxml_url = format!("{marketplace_url}/cxml");
        let profile = Profile::coupa();
        CoupaConfig {
            platform: PlatformConfig::seeded(seeded_company(), seeded_chain()),
            punchout_site: PunchoutSite {
                name: "marketplace".to_owned(),
                url: cxml_url.clone(),
                identities: Identities {
                    from: Identity::new("NetworkID", "coupa-acme"),
                    also_from: Vec::new(),
                    to: Identity::new("NetworkID", "procsim-marketplace"),
                    sender: Identity::new("NetworkID", "coupa-acme"),
                    secret: SharedSecret::new("coupa-shared-secret"),
                    user_agent: profile.user_agent.clone(),
                },
                redirect: true,
                test_mode: false,
                open_buy_url: Some(format!("{marketplace_url}/api/open-buy/listings")),
            },
            order_url: cxml_url,
            profile,
        }
    }
}

/// The manager always approves; finance too from the threshold.
pub fn seeded_chain() -> ApprovalChain {
    ApprovalChain::manager_then_finance("USD", FINANCE_THRESHOLD_USD)
}

/// Acme as `seed/acme.json` holds it: its people, its address, how it
/// numbers POs and its UTC offset.
pub fn seeded_company() -> CompanySeed {
    CompanySeed::from_json(include_str!("../seed/acme.json"))
        .expect("seed/acme.json is a company (the seeded configuration test reads it)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeded_company_reads_from_its_seed_file() {
        let config = CoupaConfig::seeded("http://marketplace.test");
        let users = config.platform.users.all();
        assert_eq!(users.len(), 5);
        assert!(config.platform.users.find("jane@acme.test").is_some());
        assert_eq!(users.iter().filter(|u| u.is_admin()).count(), 1);
    }
}
