//! How the defaults and `--config` become each service's configuration.
//! Identities and secrets are written in one place (the config file or the
//! seeded defaults) and handed to both sides of each connection, so the
//! marketplace and the buyer systems always agree unless a user points one
//! of them at an outside system on purpose.

use anyhow::{Context, Result};
use cxml::SharedSecret;
use service_kit::Storage;
use sim_ariba::AribaConfig;
use sim_coupa::CoupaConfig;
use sim_dashboard::{Connection, CredentialRef};
use sim_marketplace::{
    accounts::{self, MarketplaceSeed},
    catalog::ProcurementSystem,
};

use crate::config::{ConnectionFile, Credential, ProcsimConfig};

/// Every service's own base URL.
pub(crate) struct Urls {
    pub marketplace: String,
    pub coupa: String,
    pub ariba: String,
}

/// The marketplace's seeded accounts, pointed at this ecosystem's Coupa and
/// carrying the configured identities and secrets; Ariba's connection
/// invoices only when `[marketplace] ariba_invoice_url` says where (this
/// ecosystem's Ariba takes no invoices).
pub(crate) fn marketplace_seed(config: &ProcsimConfig, urls: &Urls) -> MarketplaceSeed {
    let invoice_url = config
        .marketplace
        .coupa_cxml_url
        .clone()
        .unwrap_or_else(|| format!("{}/cxml", urls.coupa));
    let mut seed = configured(
        MarketplaceSeed::default_for(&urls.coupa, &invoice_url),
        config,
    );
    if let Some(url) = &config.marketplace.ariba_invoice_url {
        seed.accounts
            .iter_mut()
            .flat_map(|a| a.connections.iter_mut())
            .filter(|c| c.system == ProcurementSystem::Ariba)
            .for_each(|c| c.invoice_url = Some(url.clone()));
    }
    seed
}

/// The marketplace's seeded accounts with no Coupa to invoice or link to,
/// carrying the configured identities and secrets: the marketplace on its
/// own, as `procsim certify buyer` runs it.
pub(crate) fn marketplace_seed_alone(config: &ProcsimConfig) -> MarketplaceSeed {
    configured(MarketplaceSeed::default(), config)
}

fn configured(mut seed: MarketplaceSeed, config: &ProcsimConfig) -> MarketplaceSeed {
    for connection in seed
        .accounts
        .iter_mut()
        .flat_map(|a| a.connections.iter_mut())
    {
        let file = match connection.system {
            ProcurementSystem::Coupa => &config.coupa,
            ProcurementSystem::Ariba => &config.ariba,
        };
        apply(file, connection);
    }
    seed
}

fn apply(file: &ConnectionFile, connection: &mut accounts::Connection) {
    let identity = |c: &Credential| accounts::Identity::new(&c.domain, &c.identity);
    if let Some(from) = &file.from {
        connection.buyer = identity(from);
    }
    if let Some(to) = &file.to {
        connection.supplier = identity(to);
    }
    if let Some(sender) = &file.sender {
        connection.sender = identity(sender);
    }
    if let Some(secret) = &file.shared_secret {
        connection.shared_secret = SharedSecret::new(secret.as_str());
    }
}

/// Coupa's configuration: the seeded users and chain, this ecosystem's
/// marketplace (or the configured supplier URL) and the configured
/// identities.
pub(crate) fn coupa_config(config: &ProcsimConfig, urls: &Urls, storage: Storage) -> CoupaConfig {
    let mut coupa = CoupaConfig::seeded(&urls.marketplace);
    coupa.platform.storage = storage;
    coupa.platform.public_url = urls.coupa.clone();
    let file = &config.coupa;
    if let Some(url) = &file.supplier_cxml_url {
        coupa.punchout_site.url = url.clone();
        coupa.order_url = url.clone();
        // An external supplier's search API is not known: Coupa's search
        // page then says Open Buy is not set up, rather than asking ours.
        coupa.punchout_site.open_buy_url = None;
    }
    let ids = &mut coupa.punchout_site.identities;
    let identity = |c: &Credential| buyer_kit::Identity::new(&c.domain, &c.identity);
    if let Some(from) = &file.from {
        ids.from = identity(from);
    }
    if let Some(to) = &file.to {
        ids.to = identity(to);
    }
    if let Some(sender) = &file.sender {
        ids.sender = identity(sender);
    }
    if let Some(secret) = &file.shared_secret {
        ids.secret = SharedSecret::new(secret.as_str());
    }
    coupa
}

/// Ariba's configuration: the seeded users and chain, this ecosystem's
/// marketplace as the supplier account (or the configured supplier URL)
/// and the configured identities: `from` is the buyer's ANID credential,
/// `to` the supplier's, `sender` the hub's, `shared_secret` the
/// supplier's.
pub(crate) fn ariba_config(config: &ProcsimConfig, urls: &Urls, storage: Storage) -> AribaConfig {
    let mut ariba = AribaConfig::seeded(&urls.marketplace);
    ariba.platform.storage = storage;
    ariba.platform.public_url = urls.ariba.clone();
    let file = &config.ariba;
    let identity = |c: &Credential| buyer_kit::Identity::new(&c.domain, &c.identity);
    if let Some(from) = &file.from {
        ariba.buyer = identity(from);
    }
    if let Some(sender) = &file.sender {
        ariba.network = identity(sender);
    }
    for supplier in &mut ariba.suppliers {
        if let Some(url) = &file.supplier_cxml_url {
            supplier.punchout_url = url.clone();
            supplier.order_url = url.clone();
        }
        if let Some(to) = &file.to {
            supplier.to = identity(to);
        }
        if let Some(secret) = &file.shared_secret {
            supplier.secret = SharedSecret::new(secret.as_str());
        }
    }
    ariba
}

/// Once every service serves: Globex's Ariba admin asks each supplier
/// account on the network (the marketplace) for a trading relationship,
/// as the admin page's form does; the network tells the marketplace,
/// which accepts at once and publishes its catalog as a cXML Index, all
/// over HTTP as the parties would, so `procsim up` starts with the
/// PunchOut item listed. A relationship that already exists (a data dir
/// kept from an earlier run) is left as it is; one the marketplace keeps
/// for an admin to accept is reported, not an error.
pub(crate) async fn connect_ariba(ariba: &AribaConfig, urls: &Urls) -> Result<()> {
    let http = reqwest::Client::new();
    let admin = ariba
        .platform
        .users
        .all()
        .iter()
        .find(|u| u.is_admin())
        .context("ariba has no admin to request the relationship")?;
    for supplier in &ariba.suppliers {
        let anid = supplier.anid();
        let reply = http
            .post(format!("{}/api/relationships", urls.ariba))
            .header(sim_ariba::USER_HEADER, &admin.email)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(serde_json::json!({ "supplier_anid": anid }).to_string())
            .send()
            .await
            .with_context(|| format!("Ariba's admin requesting a relationship with {anid}"))?;
        let status = reply.status();
        if status == reqwest::StatusCode::CONFLICT {
            continue;
        }
        let text = reply.text().await.unwrap_or_default();
        let body: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        anyhow::ensure!(
            status.is_success(),
            "Ariba refused to request a relationship with {anid}: HTTP {status} {body}"
        );
        if body["status"] != "accepted" {
            tracing::info!(
                %anid,
                reply = %body["supplier_reply"],
                "the relationship waits for the supplier to accept it"
            );
        }
    }
    Ok(())
}

/// What `GET /api/connections` lists: every connection of every seeded
/// account, with the URL an outside buyer system sends its cXML to.
pub(crate) fn dashboard_connections(seed: &MarketplaceSeed, urls: &Urls) -> Vec<Connection> {
    let credential = |i: &accounts::Identity| CredentialRef {
        domain: i.domain.clone(),
        identity: i.identity.clone(),
    };
    seed.accounts
        .iter()
        .flat_map(|account| {
            account.connections.iter().map(move |c| Connection {
                buyer_system: match c.system {
                    ProcurementSystem::Coupa => "coupa",
                    ProcurementSystem::Ariba => "ariba",
                }
                .to_owned(),
                marketplace_account: account.id.to_string(),
                cxml_url: format!("{}/cxml", urls.marketplace),
                from: credential(&c.buyer),
                to: credential(&c.supplier),
                sender: credential(&c.sender),
                shared_secret: c.shared_secret.expose().to_owned(),
            })
        })
        .collect()
}
