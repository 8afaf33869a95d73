//! One running ecosystem: every service bound on its port, sharing one
//! simulated clock and one shutdown signal.
//!
//! Ports follow SPEC.md section 2: dashboard at the base, then marketplace,
//! coupa, ariba and the mail web inbox at base+1..base+4, and mail's SMTP
//! listener at base+5. A base of 0 gives every listener its own free port,
//! which is what tests use. Every listener is bound before any service is
//! built, so each service can be told its peers' URLs, as a real party is
//! told its partners' endpoints.

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    path::PathBuf,
};

use anyhow::{Context, Result};
use jiff::Timestamp;
use service_kit::{
    Clock, Service, Shutdown, Storage,
    journal::{Dtds, JournalLimits},
    look::Neighbours,
};
use sim_dashboard::{DashboardConfig, ServiceLink};
use sim_mail::{MailConfig, MailListeners};
use sim_marketplace::{MarketplaceConfig, catalog::CatalogSize};
use tokio::{net::TcpListener, task::JoinSet};

use crate::{
    composition::{self, Urls},
    config::ProcsimConfig,
};

/// How to start an ecosystem.
#[derive(Clone, Debug)]
pub struct EcosystemConfig {
    /// First port; 0 picks free ports for every service.
    pub port_base: u16,
    /// Address every service binds; loopback unless asked otherwise.
    pub bind_ip: IpAddr,
    /// Where the simulated clock starts (with a data dir: unless the saved
    /// clock is already later).
    pub clock_start: Timestamp,
    /// Whether the clock runs at wall-clock speed from the start (`procsim
    /// up`, for people) or stands still until advanced (tests and
    /// scenarios, `procsim up --paused-clock`).
    pub clock_runs: bool,
    /// Where services keep state that survives a restart (each its own
    /// file inside); `None` keeps everything in memory.
    pub data_dir: Option<PathBuf>,
    /// The marketplace catalog's seed (`procsim up --seed`).
    pub seed: u64,
    /// Catalog size override; `None` is SPEC's default (10,000 listings in
    /// 50 categories from 1,600 sellers). Tests may ask for less.
    pub catalog_size: Option<CatalogSize>,
    /// Identities, secrets and peer URLs (`procsim up --config`).
    pub connections: ProcsimConfig,
    /// How much each service's journal keeps (`procsim up --journal-rows`,
    /// `--journal-mb`).
    pub journal_limits: JournalLimits,
    /// The official DTDs every journal checks documents against (CX002),
    /// so a document a partner sends that breaks its DTD says so in the
    /// journal; none: the CX rules alone (`procsim up` looks where
    /// `procsim validate` does).
    pub dtds: Dtds,
    /// Whether, once every service serves, Ariba's admin asks the
    /// marketplace for the trading relationship (so the PunchOut item is
    /// listed at once, as `procsim up` wants); off, the relationship is
    /// left for a person or a scenario to request.
    pub connect_ariba: bool,
}

impl EcosystemConfig {
    /// Free ports on loopback and a fixed clock that stands until
    /// advanced: what tests want.
    pub fn ephemeral() -> Self {
        EcosystemConfig {
            port_base: 0,
            bind_ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            clock_start: Timestamp::UNIX_EPOCH,
            clock_runs: false,
            data_dir: None,
            seed: 1,
            catalog_size: None,
            connections: ProcsimConfig::default(),
            journal_limits: JournalLimits::default(),
            dtds: Dtds::default(),
            connect_ariba: true,
        }
    }

    fn storage(&self) -> Storage {
        self.data_dir.clone().map_or(Storage::Memory, Storage::Dir)
    }

    fn addr(&self, offset: u16) -> Result<SocketAddr> {
        let port = if self.port_base == 0 {
            0
        } else {
            self.port_base
                .checked_add(offset)
                .context("--port-base is too high: the services need six ports from it")?
        };
        Ok(SocketAddr::new(self.bind_ip, port))
    }

    /// The URL a browser or partner on this machine uses for `addr`: a
    /// wildcard bind address is reached through loopback.
    pub(crate) fn url_of(addr: SocketAddr) -> String {
        let host = if addr.ip().is_unspecified() {
            match addr.ip() {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(_) => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            }
        } else {
            addr.ip()
        };
        format!("http://{}", SocketAddr::new(host, addr.port()))
    }
}

/// A service as the outside world reaches it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub name: &'static str,
    pub addr: SocketAddr,
    /// `http` for web services, `smtp` for mail's SMTP listener.
    pub scheme: &'static str,
}

impl Endpoint {
    pub fn url(&self) -> String {
        if self.scheme == "http" {
            EcosystemConfig::url_of(self.addr)
        } else {
            format!("{}://{}", self.scheme, self.addr)
        }
    }
}

/// A running ecosystem. Dropping it without [`Ecosystem::stop`] aborts the
/// services' tasks.
pub struct Ecosystem {
    endpoints: Vec<Endpoint>,
    clock: Clock,
    shutdown: Shutdown,
    tasks: JoinSet<std::io::Result<()>>,
}

/// The listeners bound before anything is built.
struct Listeners {
    dashboard: TcpListener,
    marketplace: TcpListener,
    coupa: TcpListener,
    ariba: TcpListener,
    mail: MailListeners,
}

impl Listeners {
    async fn bind(config: &EcosystemConfig) -> Result<Self> {
        let bind = |name: &'static str, offset: u16| async move {
            let addr = config.addr(offset)?;
            service_kit::connections::listen(addr)
                .with_context(|| format!("{name}: cannot bind {addr}"))
        };
        Ok(Listeners {
            dashboard: bind("dashboard", 0).await?,
            marketplace: bind("marketplace", 1).await?,
            coupa: bind("coupa", 2).await?,
            ariba: bind("ariba", 3).await?,
            mail: MailListeners {
                web: bind("mail", 4).await?,
                smtp: bind("mail smtp", 5).await?,
            },
        })
    }
}

impl Ecosystem {
    /// Binds every listener, builds every service with its peers' URLs,
    /// then starts serving. When this returns every service accepts
    /// connections, so callers never need to wait or poll.
    pub async fn start(config: EcosystemConfig) -> Result<Self> {
        let clock = Clock::persistent(&config.storage(), config.clock_start)
            .context("cannot open the saved simulated clock")?;
        if config.clock_runs {
            clock.resume().context("cannot start the simulated clock")?;
        }
        let listeners = Listeners::bind(&config).await?;
        let smtp_addr = listeners
            .mail
            .smtp
            .local_addr()
            .context("mail smtp: no local address")?;
        let mail = sim_mail::build(
            listeners.mail,
            MailConfig {
                storage: config.storage(),
            },
            clock.clone(),
        )?;
        let urls = Urls {
            marketplace: EcosystemConfig::url_of(listeners.marketplace.local_addr()?),
            coupa: EcosystemConfig::url_of(listeners.coupa.local_addr()?),
            ariba: EcosystemConfig::url_of(listeners.ariba.local_addr()?),
        };
        let seed = composition::marketplace_seed(&config.connections, &urls);
        let connections = composition::dashboard_connections(&seed, &urls);
        let marketplace = sim_marketplace::build(
            listeners.marketplace,
            MarketplaceConfig {
                public_url: urls.marketplace.clone(),
                seed: config.seed,
                catalog_size: config.catalog_size.unwrap_or_default(),
                storage: config.storage(),
                smtp_addr,
                seed_accounts: seed,
                journal_limits: config.journal_limits,
                dtds: config.dtds.clone(),
                ariba_network_url: Some(urls.ariba.clone()),
            },
            clock.clone(),
        )
        .context("marketplace")?;
        let mut coupa_config =
            composition::coupa_config(&config.connections, &urls, config.storage());
        coupa_config.platform.journal_limits = config.journal_limits;
        coupa_config.platform.dtds = config.dtds.clone();
        let coupa =
            sim_coupa::build(listeners.coupa, coupa_config, clock.clone()).context("coupa")?;
        let mut ariba_config =
            composition::ariba_config(&config.connections, &urls, config.storage());
        ariba_config.platform.journal_limits = config.journal_limits;
        ariba_config.platform.dtds = config.dtds.clone();
        let ariba = sim_ariba::build(listeners.ariba, ariba_config.clone(), clock.clone())
            .context("ariba")?;
        let mut services = vec![marketplace, coupa, ariba, mail];
        let dashboard = sim_dashboard::build(
            listeners.dashboard,
            DashboardConfig {
                services: service_links(&services, smtp_addr)?,
                connections,
                storage: config.storage(),
                dtds: config.dtds.clone(),
            },
            clock.clone(),
        )
        .context("dashboard")?;
        services.insert(0, dashboard);
        let ecosystem = Self::spawn(services, smtp_addr, clock)?;
        if !config.connect_ariba {
            return Ok(ecosystem);
        }
        if let Err(err) = composition::connect_ariba(&ariba_config, &urls).await {
            // Stopping is best effort; the connection failure is the news.
            let _ = ecosystem.stop().await;
            return Err(err.context("connecting the marketplace to Ariba"));
        }
        Ok(ecosystem)
    }

    /// Serves `services` (the mail sink's SMTP server, at `smtp_addr`, runs
    /// beside its web service).
    fn spawn(services: Vec<Service>, smtp_addr: SocketAddr, clock: Clock) -> Result<Self> {
        let neighbours = neighbours(&services, smtp_addr)?;
        let services = services
            .into_iter()
            .map(|s| s.with_neighbours(neighbours.clone()))
            .collect::<Vec<_>>();
        let shutdown = Shutdown::new();
        let mut endpoints = Vec::with_capacity(services.len() + 2);
        let mut tasks = JoinSet::new();
        for service in services {
            let addr = service
                .local_addr()
                .with_context(|| format!("{}: no local address", service.name()))?;
            endpoints.push(Endpoint {
                name: service.name(),
                addr,
                scheme: "http",
            });
            tasks.spawn(service.run_until(shutdown.wait()));
        }
        endpoints.push(Endpoint {
            name: "smtp",
            addr: smtp_addr,
            scheme: "smtp",
        });
        Ok(Ecosystem {
            endpoints,
            clock,
            shutdown,
            tasks,
        })
    }

    /// Every listener, dashboard first, mail's SMTP server last.
    pub fn endpoints(&self) -> &[Endpoint] {
        &self.endpoints
    }

    /// The base URL of the named service (`"coupa"`, `"mail"`, `"smtp"`...).
    pub fn url(&self, name: &str) -> Option<String> {
        self.endpoints
            .iter()
            .find(|e| e.name == name)
            .map(Endpoint::url)
    }

    /// The ecosystem's simulated clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Stops every service gracefully and reports the first failure.
    pub async fn stop(mut self) -> Result<()> {
        stop_services(&self.shutdown, &mut self.tasks).await
    }
}

/// Triggers `shutdown`, waits for every service task and reports the
/// first failure.
pub(crate) async fn stop_services(
    shutdown: &Shutdown,
    tasks: &mut JoinSet<std::io::Result<()>>,
) -> Result<()> {
    shutdown.trigger();
    let mut first_error = None;
    while let Some(joined) = tasks.join_next().await {
        let outcome = joined
            .context("a service task panicked")
            .and_then(|served| served.context("a service stopped with an error"));
        if let Err(err) = outcome {
            first_error.get_or_insert(err);
        }
    }
    first_error.map_or(Ok(()), Err)
}

/// Every web service's URL by name, for the strip on top of every page.
fn neighbours(services: &[Service], smtp_addr: SocketAddr) -> Result<Neighbours> {
    let mut neighbours = Neighbours::default();
    for link in service_links(services, smtp_addr)? {
        if link.url.starts_with("http") {
            neighbours.insert(link.name, link.url);
        }
    }
    Ok(neighbours)
}

/// What the dashboard links to and reads journals from.
fn service_links(services: &[Service], smtp_addr: SocketAddr) -> Result<Vec<ServiceLink>> {
    let mut links = Vec::with_capacity(services.len() + 1);
    for service in services {
        let addr = service
            .local_addr()
            .with_context(|| format!("{}: no local address", service.name()))?;
        links.push(ServiceLink {
            name: service.name().to_owned(),
            url: EcosystemConfig::url_of(addr),
            // The mail sink keeps messages, not a journal of exchanges.
            has_journal: service.name() != sim_mail::NAME,
        });
    }
    links.push(ServiceLink {
        name: "smtp".to_owned(),
        url: format!("smtp://{smtp_addr}"),
        has_journal: false,
    });
    Ok(links)
}
