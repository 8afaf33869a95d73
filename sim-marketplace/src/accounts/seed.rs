//! The accounts `procsim up` starts with, so every flow works at once: Acme
//! buying through Coupa and Globex through Ariba, matching the catalog's
//! seeded private offers (`acct-coupa-001`, `acct-ariba-001`).

use cxml::{SharedSecret, transport::FormEncoding};

use super::{
    Account, AccountId, Connection, Identity, Permission, Policy, ProcurementSystem, User,
};
use crate::catalog::{SEEDED_ARIBA_ACCOUNT, SEEDED_COUPA_ACCOUNT};

/// The seeded Coupa buyer's shared secret.
pub const COUPA_SECRET: &str = "coupa-shared-secret";
/// The supplier's secret that Ariba's hub inserts as `Sender`.
pub const ARIBA_SECRET: &str = "ariba-supplier-secret";

/// The accounts written into an empty marketplace database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarketplaceSeed {
    pub accounts: Vec<Account>,
}

impl Default for MarketplaceSeed {
    /// The seeded accounts without Coupa URLs (no invoicing target).
    fn default() -> Self {
        MarketplaceSeed {
            accounts: vec![acme(None, None), globex()],
        }
    }
}

impl MarketplaceSeed {
    /// The seeded accounts, with the Coupa connection pointing at the
    /// ecosystem's Coupa: its instance (web) URL and its cXML URL, where
    /// invoices go.
    pub fn default_for(coupa_instance_url: &str, coupa_cxml_url: &str) -> Self {
        MarketplaceSeed {
            accounts: vec![
                acme(Some(coupa_instance_url), Some(coupa_cxml_url)),
                globex(),
            ],
        }
    }
}

fn acme(instance_url: Option<&str>, cxml_url: Option<&str>) -> Account {
    Account {
        id: AccountId::seeded(SEEDED_COUPA_ACCOUNT),
        name: "Acme Corp".into(),
        contact_email: "buyer@acme.test".into(),
        users: vec![
            user("admin@acme.test", vec![Policy::procurement_admin()]),
            user("dev@acme.test", Vec::new()),
            user("jane@acme.test", Vec::new()),
            // Not the managed policy, but the permissions it grants.
            user(
                "procurement@acme.test",
                [
                    Permission::DescribeProcurementSystemConfiguration,
                    Permission::PutProcurementSystemConfiguration,
                ]
                .into_iter()
                .filter_map(|permission| Policy::new(permission.action()).ok())
                .collect(),
            ),
        ],
        po_management: false,
        connections: vec![Connection {
            id: "coupa-1".into(),
            system: ProcurementSystem::Coupa,
            enabled: true,
            buyer: Identity::network_id("coupa-acme"),
            supplier: Identity::network_id("procsim-marketplace"),
            sender: Identity::network_id("coupa-acme"),
            shared_secret: SharedSecret::new(COUPA_SECRET),
            coupa_instance_url: instance_url.map(str::to_owned),
            invoice_url: cxml_url.map(str::to_owned),
            redirect: false,
            free_preapproved: false,
            byol_preapproved: false,
            test_mode: false,
            form_encoding: FormEncoding::Base64,
        }],
    }
}

fn globex() -> Account {
    Account {
        id: AccountId::seeded(SEEDED_ARIBA_ACCOUNT),
        name: "Globex".into(),
        contact_email: "buyer@globex.test".into(),
        users: vec![user("admin@globex.test", vec![Policy::procurement_admin()])],
        po_management: false,
        connections: vec![Connection {
            id: "ariba-1".into(),
            system: ProcurementSystem::Ariba,
            enabled: true,
            buyer: Identity::network_id("AN01000000001"),
            supplier: Identity::network_id("AN01000000999"),
            sender: Identity::network_id("AribaNetwork"),
            shared_secret: SharedSecret::new(ARIBA_SECRET),
            coupa_instance_url: None,
            invoice_url: None,
            redirect: false,
            free_preapproved: false,
            byol_preapproved: false,
            test_mode: false,
            form_encoding: FormEncoding::Base64,
        }],
    }
}

fn user(email: &str, policies: Vec<Policy>) -> User {
    User {
        email: email.into(),
        policies,
    }
}
