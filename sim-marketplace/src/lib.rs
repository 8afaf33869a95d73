//! procsim's **marketplace** service: the software marketplace storefront, acting as cXML PunchOut supplier.
//!
//! It holds the catalog ([`catalog`]: listings, private offers), the
//! cart-line typing rules ([`cart_line`]), the Open Buy search ([`search`])
//! with its JSON API ([`api`]), buyer accounts and their procurement
//! settings ([`accounts`]), the cXML endpoint ([`inbound`]) with PunchOut
//! ([`punchout`]) and orders ([`order`]), the storefront pages
//! ([`storefront`], [`web`]) and the notification mail ([`outbox`]).

pub mod accounts;
pub mod api;
pub mod cart_line;
pub mod catalog;
mod db;
pub mod inbound;
pub mod money;
pub mod order;
pub mod outbox;
pub mod punchout;
pub mod purchase;
pub mod search;
pub mod storefront;
pub mod web;

use std::{
    io,
    net::{IpAddr, Ipv4Addr, SocketAddr},
    sync::{Arc, OnceLock},
};

use axum::{Router, routing::post};
use service_kit::{Clock, Service, Storage, Store, StoreError};
use tera::Tera;

use crate::{
    accounts::MarketplaceSeed,
    catalog::{Catalog, CatalogConfig, CatalogError, CatalogSize, OfferRegistry},
    outbox::Outbox,
    punchout::session::Sessions,
    search::SearchIndex,
};

/// The service's name as it appears in logs and URLs printed by `procsim up`.
pub const NAME: &str = "marketplace";

/// How to start the marketplace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarketplaceConfig {
    pub addr: SocketAddr,
    /// The catalog seed (`procsim up --seed`).
    pub seed: u64,
    pub catalog_size: CatalogSize,
    /// Where the database lives (`marketplace.sqlite`).
    pub storage: Storage,
    /// The marketplace's base URL as browsers and partners reach it (no
    /// trailing slash); empty means `http://{bound address}`.
    pub public_url: String,
    /// The mail service's SMTP server.
    pub smtp_addr: SocketAddr,
    /// Accounts written into an empty database.
    pub seed_accounts: MarketplaceSeed,
}

impl MarketplaceConfig {
    /// Seed 1, the default catalog size, memory storage and the seeded
    /// accounts, on `addr`; mail goes to `smtp_addr`.
    pub fn new(addr: SocketAddr, smtp_addr: SocketAddr) -> Self {
        MarketplaceConfig {
            addr,
            seed: 1,
            catalog_size: CatalogSize::default(),
            storage: Storage::Memory,
            public_url: String::new(),
            smtp_addr,
            seed_accounts: MarketplaceSeed::default(),
        }
    }
}

impl Default for MarketplaceConfig {
    /// A free port on loopback; mail to port 25 on loopback.
    fn default() -> Self {
        let loopback = IpAddr::V4(Ipv4Addr::LOCALHOST);
        Self::new(SocketAddr::new(loopback, 0), SocketAddr::new(loopback, 25))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BindError {
    #[error("marketplace: cannot generate the catalog: {0}")]
    Catalog(#[from] CatalogError),
    #[error("marketplace: cannot open the database: {0}")]
    Store(#[from] StoreError),
    #[error("marketplace: templates do not compile: {0}")]
    Templates(#[from] tera::Error),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// The marketplace's state, shared by every handler: a cheap-to-clone
/// handle. The catalog and its index are immutable; offers, sessions, the
/// database, the outbox and the clock are handles of their own.
#[derive(Clone, Debug)]
pub struct Marketplace {
    search: Arc<SearchIndex>,
    offers: OfferRegistry,
    clock: Clock,
    store: Store,
    sessions: Sessions,
    templates: Arc<Tera>,
    outbox: Outbox,
    /// Known once the listener is bound (its port may be chosen then).
    public_url: Arc<OnceLock<String>>,
}

impl Marketplace {
    /// Generates the catalog (its epoch is the clock's current instant),
    /// indexes it, seeds the offer registry, opens the database (seeding
    /// the accounts when empty) and starts the mail outbox.
    pub fn new(config: &MarketplaceConfig, clock: Clock) -> Result<Self, BindError> {
        let catalog = Arc::new(Catalog::generate(&CatalogConfig {
            seed: config.seed,
            size: config.catalog_size,
            epoch: clock.now(),
        })?);
        let offers = OfferRegistry::new(catalog.initial_offers().iter().cloned());
        let store = db::open(&config.storage)?;
        accounts::store::seed_if_empty(&store, &config.seed_accounts)?;
        let public_url = Arc::new(OnceLock::new());
        if !config.public_url.is_empty() {
            let _ = public_url.set(config.public_url.trim_end_matches('/').to_owned());
        }
        Ok(Marketplace {
            search: Arc::new(SearchIndex::build(catalog)),
            offers,
            clock,
            outbox: Outbox::start(store.clone(), config.smtp_addr),
            store,
            sessions: Sessions::default(),
            templates: Arc::new(web::templates()?),
            public_url,
        })
    }

    pub fn catalog(&self) -> &Catalog {
        self.search.catalog()
    }

    pub fn search(&self) -> &SearchIndex {
        &self.search
    }

    pub fn offers(&self) -> &OfferRegistry {
        &self.offers
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn sessions(&self) -> &Sessions {
        &self.sessions
    }

    pub fn templates(&self) -> &Tera {
        &self.templates
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// The base URL browsers and partners reach the marketplace at.
    pub fn public_url(&self) -> &str {
        self.public_url.get().map_or("", String::as_str)
    }

    /// Every route of the marketplace, with this state.
    pub fn router(self) -> Router {
        Router::new()
            .route("/cxml", post(inbound::post_cxml))
            .route(
                "/punchout/start/{token}",
                axum::routing::get(punchout::start_page::start),
            )
            .merge(api::routes())
            .merge(order::agreements::routes())
            .merge(outbox::routes())
            .merge(storefront::routes())
            .merge(web::routes())
            .merge(web::admin::routes())
            .with_state(self)
    }
}

/// Generates the catalog, opens the database and binds the marketplace
/// service on `config.addr`; call [`Service::run_until`] to serve. Must be
/// called inside a tokio runtime (the mail outbox worker starts here).
pub async fn bind(config: MarketplaceConfig, clock: Clock) -> Result<Service, BindError> {
    let marketplace = Marketplace::new(&config, clock)?;
    let public_url = marketplace.public_url.clone();
    let service = Service::bind(NAME, config.addr, marketplace.router()).await?;
    let bound = service.local_addr()?;
    // Only taken when the config left it empty.
    let _ = public_url.set(format!("http://{bound}"));
    Ok(service)
}
