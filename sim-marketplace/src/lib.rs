//! procsim's **marketplace** service: the software marketplace storefront, acting as cXML PunchOut supplier.
//!
//! So far it holds the catalog ([`catalog`]: listings, private offers), the
//! cart-line typing rules ([`cart_line`]) and the Open Buy search
//! ([`search`]) with its JSON API ([`api`]); the punchout, storefront pages
//! and ordering build on these (SPEC.md section 4).

pub mod api;
pub mod cart_line;
pub mod catalog;
pub mod money;
pub mod search;

use std::{
    io,
    net::{IpAddr, Ipv4Addr, SocketAddr},
    sync::Arc,
};

use axum::Router;
use service_kit::{Clock, Service};

use crate::{
    catalog::{Catalog, CatalogConfig, CatalogError, CatalogSize, OfferRegistry},
    search::SearchIndex,
};

/// The service's name as it appears in logs and URLs printed by `procsim up`.
pub const NAME: &str = "marketplace";

/// How to start the marketplace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarketplaceConfig {
    pub addr: SocketAddr,
    /// The catalog seed (`procsim up --seed`).
    pub seed: u64,
    pub catalog_size: CatalogSize,
}

impl MarketplaceConfig {
    /// Seed 1 and the default catalog size, on `addr`.
    pub fn new(addr: SocketAddr) -> Self {
        MarketplaceConfig {
            addr,
            seed: 1,
            catalog_size: CatalogSize::default(),
        }
    }
}

impl Default for MarketplaceConfig {
    /// A free port on loopback.
    fn default() -> Self {
        Self::new(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BindError {
    #[error("marketplace: cannot generate the catalog: {0}")]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// The marketplace's state, shared by every handler: a cheap-to-clone
/// handle. The catalog and its index are immutable; offers and the clock
/// are handles of their own.
#[derive(Clone, Debug)]
pub struct Marketplace {
    search: Arc<SearchIndex>,
    offers: OfferRegistry,
    clock: Clock,
}

impl Marketplace {
    /// Generates the catalog (its epoch is the clock's current instant),
    /// indexes it and seeds the offer registry.
    pub fn new(seed: u64, catalog_size: CatalogSize, clock: Clock) -> Result<Self, CatalogError> {
        let catalog = Arc::new(Catalog::generate(&CatalogConfig {
            seed,
            size: catalog_size,
            epoch: clock.now(),
        })?);
        let offers = OfferRegistry::new(catalog.initial_offers().iter().cloned());
        Ok(Marketplace {
            search: Arc::new(SearchIndex::build(catalog)),
            offers,
            clock,
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

    /// Every route of the marketplace, with this state.
    pub fn router(self) -> Router {
        api::routes().with_state(self)
    }
}

/// Generates the catalog and binds the marketplace service on
/// `config.addr`; call [`Service::run_until`] to serve.
pub async fn bind(config: MarketplaceConfig, clock: Clock) -> Result<Service, BindError> {
    let marketplace = Marketplace::new(config.seed, config.catalog_size, clock)?;
    Ok(Service::bind(NAME, config.addr, marketplace.router()).await?)
}
