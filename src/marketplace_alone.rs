//! procsim's marketplace on its own, with the mail sink it mails the
//! account through: the supplier side `procsim certify buyer` puts in
//! front of a buyer system under test. Composed like [`crate::Ecosystem`]
//! (listeners bound first, then `build(listener, Config, Clock)`), but with
//! no simulated buyer, no dashboard and no Coupa to invoice: the one buyer
//! is the system under test, connected through the seeded connection the
//! configuration rewrites.

use std::{
    net::{Ipv4Addr, SocketAddr},
    path::PathBuf,
};

use anyhow::{Context, Result};
use service_kit::{Clock, Shutdown, Storage, journal::Dtds, look::Neighbours};
use sim_mail::{MailConfig, MailListeners};
use sim_marketplace::{MarketplaceConfig, catalog::CatalogSize};
use tokio::task::JoinSet;

use crate::{composition, config::ProcsimConfig, ecosystem::EcosystemConfig};

/// How to start the marketplace alone.
#[derive(Clone, Debug)]
pub struct MarketplaceAloneConfig {
    /// Where the marketplace listens (port 0: any free port). The mail
    /// sink takes free loopback ports.
    pub addr: SocketAddr,
    /// The marketplace's base URL as the buyer and its users' browsers
    /// reach it (a tunnel's or this machine's name), written in StartPages
    /// and links; `None`: the address it listens on.
    pub public_url: Option<String>,
    /// Where the clock starts.
    pub clock_start: jiff::Timestamp,
    /// Where databases and journals live; memory when `None`.
    pub data_dir: Option<PathBuf>,
    /// Catalog size; `None` is SPEC's default.
    pub catalog_size: Option<CatalogSize>,
    /// The buyer's identities and secret, in the `[coupa]` or `[ariba]`
    /// section, as `procsim up --config` takes them.
    pub connections: ProcsimConfig,
    /// The official DTDs the marketplace's journal checks documents
    /// against (none: the CX rules alone).
    pub dtds: Dtds,
}

/// The running marketplace and mail sink.
pub struct MarketplaceAlone {
    /// Where this process reaches it.
    local_url: String,
    /// Where the buyer reaches it.
    marketplace_url: String,
    mail_url: String,
    shutdown: Shutdown,
    tasks: JoinSet<std::io::Result<()>>,
}

impl MarketplaceAlone {
    /// Binds, builds and serves; when this returns both services accept
    /// connections.
    pub async fn start(config: MarketplaceAloneConfig) -> Result<Self> {
        let storage = config
            .data_dir
            .clone()
            .map_or(Storage::Memory, Storage::Dir);
        let clock = Clock::persistent(&storage, config.clock_start)
            .context("cannot open the saved simulated clock")?;
        let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        let bind = |name: &str, addr: SocketAddr| {
            service_kit::connections::listen(addr)
                .with_context(|| format!("{name}: cannot bind {addr}"))
        };
        let marketplace_listener = bind("marketplace", config.addr)?;
        let mail = MailListeners {
            web: bind("mail", loopback)?,
            smtp: bind("mail smtp", loopback)?,
        };
        let smtp_addr = mail
            .smtp
            .local_addr()
            .context("mail smtp: no local address")?;
        let local_url = EcosystemConfig::url_of(marketplace_listener.local_addr()?);
        let marketplace_url = config.public_url.as_deref().map_or_else(
            || local_url.clone(),
            |url| url.trim_end_matches('/').to_owned(),
        );
        let mail_url = EcosystemConfig::url_of(mail.web.local_addr()?);
        let mail = sim_mail::build(
            mail,
            MailConfig {
                storage: storage.clone(),
            },
            clock.clone(),
        )?;
        let marketplace = sim_marketplace::build(
            marketplace_listener,
            MarketplaceConfig {
                public_url: marketplace_url.clone(),
                catalog_size: config.catalog_size.unwrap_or_default(),
                storage,
                seed_accounts: composition::marketplace_seed_alone(&config.connections),
                dtds: config.dtds.clone(),
                ..MarketplaceConfig::new(marketplace_url.clone(), smtp_addr)
            },
            clock,
        )
        .context("marketplace")?;
        let mut neighbours = Neighbours::default();
        neighbours.insert(sim_marketplace::NAME, marketplace_url.clone());
        neighbours.insert(sim_mail::NAME, mail_url.clone());
        let shutdown = Shutdown::new();
        let mut tasks = JoinSet::new();
        for service in [marketplace, mail] {
            let service = service.with_neighbours(neighbours.clone());
            tasks.spawn(service.run_until(shutdown.wait()));
        }
        Ok(Self {
            local_url,
            marketplace_url,
            mail_url,
            shutdown,
            tasks,
        })
    }

    /// The marketplace's base URL as the buyer reaches it: its storefront.
    pub fn marketplace_url(&self) -> &str {
        &self.marketplace_url
    }

    /// The marketplace's base URL on the address it listens on, for this
    /// process's own requests (its journal).
    pub fn local_url(&self) -> &str {
        &self.local_url
    }

    /// Where the buyer sends setup requests and orders.
    pub fn cxml_url(&self) -> String {
        format!("{}/cxml", self.marketplace_url)
    }

    /// The mail sink's inbox, where the marketplace's mail to the account
    /// lands.
    pub fn mail_url(&self) -> &str {
        &self.mail_url
    }

    /// Stops both services and reports the first failure.
    pub async fn stop(mut self) -> Result<()> {
        crate::ecosystem::stop_services(&self.shutdown, &mut self.tasks).await
    }
}
