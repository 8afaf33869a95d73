//! Ariba's header habits, the same on every document it sends: `From`
//! carries several sibling credentials (the buyer's ANID, then a DUNS), `To`
//! the supplier's ANID, and `Sender` is rewritten by the hub to its own
//! identity carrying the *supplier's* shared secret, with the network's
//! UserAgent. Test accounts are ANIDs with a `-T` (or `-t`) suffix; their
//! documents go out with `deploymentMode="test"`. Setup requests name the
//! user through the extrinsics of Ariba's profile (buyer-kit's built-in
//! `ariba`: UniqueName, UserEmail, CostCenter and User).

use buyer_kit::{Identities, User};
use cxml::{common::Extrinsic, envelope::DeploymentMode};

use crate::config::{AribaConfig, SupplierAccount};

/// The header identities for documents to `supplier`.
pub fn identities(config: &AribaConfig, supplier: &SupplierAccount) -> Identities {
    Identities {
        from: config.buyer.clone(),
        also_from: config.buyer_siblings.clone(),
        to: supplier.to.clone(),
        sender: config.network.clone(),
        secret: supplier.secret.clone(),
        user_agent: config.user_agent.clone(),
    }
}

/// `test` for a test buyer account, else `production` (the profile's
/// `by-identity` habit).
pub fn deployment_mode(config: &AribaConfig) -> DeploymentMode {
    config
        .profile
        .setup
        .deployment_mode
        .mode_for(&config.buyer.identity)
        .unwrap_or(DeploymentMode::Production)
}

/// The user extrinsics Ariba sends with every setup request, as its
/// profile lists them: the login (UniqueName), the address, the user's
/// cost center and display name.
pub fn user_extrinsics(config: &AribaConfig, user: &User) -> Vec<Extrinsic> {
    config.profile.setup.extrinsics_for(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_has_sibling_from_credentials_and_the_hub_as_sender() {
        let config = AribaConfig::seeded("http://market.test");
        let supplier = &config.suppliers[0];
        let header = identities(&config, supplier).header();
        let from: Vec<_> = header
            .from
            .credential
            .iter()
            .map(|c| (c.domain.as_str(), c.identity()))
            .collect();
        assert_eq!(
            from,
            [("NetworkID", "AN01000000001"), ("DUNS", "081466849")]
        );
        assert!(header.to.has("NetworkID", "AN01000000999"));
        let sender = &header.sender.credential[0];
        assert!(sender.matches("NetworkID", "AribaNetwork"));
        assert_eq!(
            sender.shared_secret.as_ref().map(|s| s.expose()),
            Some("ariba-supplier-secret")
        );
        assert_eq!(header.sender.user_agent, "Ariba Network v1.0");
    }

    #[test]
    fn test_accounts_are_named_by_their_suffix() {
        let mut config = AribaConfig::seeded("http://market.test");
        assert_eq!(deployment_mode(&config), DeploymentMode::Production);
        config.buyer.identity.push_str("-T");
        assert_eq!(deployment_mode(&config), DeploymentMode::Test);
    }
}
