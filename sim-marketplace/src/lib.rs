//! procsim's **marketplace** service: the software marketplace storefront, acting as cXML PunchOut supplier.
//!
//! It holds the catalog ([`catalog`]: listings, private offers), the
//! cart-line typing rules (`cart_line`, `purchase`), the Open Buy search
//! ([`search`]) with its JSON API (`api`), buyer accounts and their
//! procurement settings ([`accounts`]), the cXML endpoint (`inbound`) with
//! PunchOut (`punchout`) and orders (`order`), the storefront pages
//! (`storefront`, `web`), the account's private marketplace
//! (`private_marketplace`), the sellers' stored offer revisions
//! (`offer_revisions`), the notification mail (`outbox`) and invoicing on
//! the simulated clock (`invoicing`); `http_face` is how every page and
//! API answers. As a supplier on an Ariba-like network it takes buyers'
//! relationship requests, accepts them and publishes its catalog as a
//! cXML Index ([`ariba_network`]).
//! Every cXML exchange is kept in its journal (`GET /api/journal`).
//!
//! Only what other crates use is public: the catalog, the search, the
//! accounts they seed, money and the Ariba network calls.

pub mod accounts;
mod api;
pub mod ariba_network;
mod as_text;
mod cart_line;
pub mod catalog;
mod db;
mod http_face;
mod inbound;
mod invoicing;
pub mod money;
mod offer_revisions;
mod order;
mod outbox;
mod private_marketplace;
mod punchout;
mod purchase;
mod reset;
pub mod search;
mod storefront;
mod web;

use std::sync::Arc;

use axum::Router;
use service_kit::{
    Clock, Service, Storage, Store, StoreError,
    cxml_http::cxml_route,
    journal::{Dtds, Journal, JournalLimits},
};
use tera::Tera;
use tokio::net::TcpListener;

use crate::{
    accounts::MarketplaceSeed,
    catalog::{Catalog, CatalogConfig, CatalogError, CatalogSize, OfferRegistry},
    outbox::Outbox,
    punchout::session::Sessions,
    search::SearchIndex,
};

/// The service's name as it appears in logs, URLs printed by `procsim up`
/// and its journal (`marketplace-journal.sqlite`).
pub const NAME: &str = "marketplace";

/// How to start the marketplace. Its listener is bound by the caller (see
/// [`build`]), who therefore knows the URL it is reached at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarketplaceConfig {
    /// The marketplace's base URL as browsers and partners reach it, e.g.
    /// `http://127.0.0.1:7001` (a trailing slash is ignored). It goes into
    /// StartPage URLs and the ProfileResponse.
    pub public_url: String,
    /// The catalog seed (`procsim up --seed`).
    pub seed: u64,
    pub catalog_size: CatalogSize,
    /// Where the database and the journal live (`marketplace.sqlite`,
    /// `marketplace-journal.sqlite`).
    pub storage: Storage,
    /// The mail service's SMTP server.
    pub smtp_addr: std::net::SocketAddr,
    /// Accounts written into an empty database.
    pub seed_accounts: MarketplaceSeed,
    /// How much the journal keeps.
    pub journal_limits: JournalLimits,
    /// The official DTDs the journal checks documents against (none: the
    /// CX rules alone).
    pub dtds: Dtds,
    /// The Ariba network's base URL, where the marketplace accepts buyers'
    /// relationship requests and publishes its catalog (none: requests
    /// are kept but cannot be accepted).
    pub ariba_network_url: Option<String>,
}

impl MarketplaceConfig {
    /// Reached at `public_url`, mail to `smtp_addr`; seed 1, the default
    /// catalog size, memory storage and the seeded accounts.
    pub fn new(public_url: impl Into<String>, smtp_addr: std::net::SocketAddr) -> Self {
        MarketplaceConfig {
            public_url: public_url.into(),
            seed: 1,
            catalog_size: CatalogSize::default(),
            storage: Storage::Memory,
            smtp_addr,
            seed_accounts: MarketplaceSeed::default(),
            journal_limits: JournalLimits::default(),
            dtds: Dtds::default(),
            ariba_network_url: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("marketplace: public URL {0:?} is not an http or https URL")]
    PublicUrl(String),
    #[error("marketplace: cannot generate the catalog: {0}")]
    Catalog(#[from] CatalogError),
    #[error("marketplace: cannot open the database: {0}")]
    Store(#[from] StoreError),
    #[error("marketplace: templates do not compile: {0}")]
    Templates(#[from] tera::Error),
}

/// The marketplace's state, shared by every handler: one `Arc` around
/// [`Inner`], so a clone is a reference count.
#[derive(Clone, Debug)]
pub struct Marketplace {
    inner: Arc<Inner>,
}

/// What a [`Marketplace`] holds. The catalog and its index are immutable;
/// offers, sessions, the database, the journal, the outbox and the clock
/// are handles of their own.
#[derive(Debug)]
struct Inner {
    search: SearchIndex,
    offers: OfferRegistry,
    accounts: accounts::AccountsCache,
    clock: Clock,
    store: Store,
    journal: Journal,
    sessions: Sessions,
    templates: Tera,
    outbox: Outbox,
    invoicing: invoicing::Invoicing,
    new_agreements: order::agreements::NewAgreements,
    public_url: String,
    /// See [`MarketplaceConfig::ariba_network_url`].
    ariba_network_url: Option<String>,
    /// For the JSON calls to the Ariba network.
    http: reqwest::Client,
    /// The accounts written at first start, written again by a reset.
    seed_accounts: MarketplaceSeed,
}

/// Tells `journal` every connection's shared secret.
fn learn_secrets(journal: &Journal, accounts: &[accounts::Account]) {
    for connection in accounts.iter().flat_map(|a| &a.connections) {
        journal.know_secret(connection.shared_secret.expose());
    }
}

impl Marketplace {
    /// Generates the catalog (its epoch is the clock's current instant),
    /// indexes it, seeds the offer registry, opens the database (seeding
    /// the accounts when empty, replaying the sellers' stored offer
    /// revisions) and the journal, and starts the mail
    /// outbox. Must be called inside a tokio runtime (for the outbox).
    pub fn new(config: &MarketplaceConfig, clock: Clock) -> Result<Self, BuildError> {
        let public_url = config.public_url.trim().trim_end_matches('/');
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(BuildError::PublicUrl(config.public_url.clone()));
        }
        let catalog = Arc::new(Catalog::generate(&CatalogConfig {
            seed: config.seed,
            size: config.catalog_size,
            epoch: clock.now(),
        })?);
        let offers = OfferRegistry::new(catalog.initial_offers().iter().cloned());
        let store = db::open(&config.storage)?;
        offer_revisions::replay(&store, &offers)?;
        accounts::store::seed_if_empty(&store, &config.seed_accounts)?;
        let journal = Journal::open(&config.storage, NAME, clock.clone())?
            .with_limits(config.journal_limits)
            .checking_dtds(config.dtds.clone());
        learn_secrets(&journal, &store.with(|db| accounts::store::all(db))?);
        let new_agreements = order::agreements::NewAgreements::default();
        let invoicing = invoicing::Invoicing::start(
            invoicing::Parts {
                catalog: catalog.clone(),
                offers: offers.clone(),
                store: store.clone(),
                clock: clock.clone(),
                journal: journal.clone(),
            },
            new_agreements.clone(),
        );
        let inner = Inner {
            search: SearchIndex::build(catalog),
            offers,
            accounts: accounts::AccountsCache::default(),
            clock,
            outbox: Outbox::start(store.clone(), config.smtp_addr),
            invoicing,
            new_agreements,
            store,
            journal,
            sessions: Sessions::default(),
            templates: web::templates()?,
            public_url: public_url.into(),
            ariba_network_url: config.ariba_network_url.clone(),
            http: reqwest::Client::new(),
            seed_accounts: config.seed_accounts.clone(),
        };
        Ok(Marketplace {
            inner: Arc::new(inner),
        })
    }

    pub fn catalog(&self) -> &Catalog {
        self.inner.search.catalog()
    }

    pub fn search(&self) -> &SearchIndex {
        &self.inner.search
    }

    pub fn offers(&self) -> &OfferRegistry {
        &self.inner.offers
    }

    /// What is for sale now, to resolve a purchase against.
    pub(crate) fn for_sale(&self) -> purchase::ForSale<'_> {
        purchase::ForSale {
            catalog: self.catalog(),
            offers: &self.inner.offers,
            now: self.inner.clock.now(),
        }
    }

    /// What revising an offer touches.
    pub(crate) fn revising(&self) -> offer_revisions::Revising {
        offer_revisions::Revising {
            offers: self.inner.offers.clone(),
            store: self.inner.store.clone(),
            clock: self.inner.clock.clone(),
        }
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// Every account, read through the cache the request paths share.
    /// Each read from the database tells the journal the connections'
    /// secrets, so a secret changed by an admin is masked at once.
    pub async fn accounts(&self) -> Result<Arc<Vec<accounts::Account>>, StoreError> {
        self.inner
            .accounts
            .all(&self.inner.store, |read| {
                learn_secrets(&self.inner.journal, read)
            })
            .await
    }

    /// The cache, for the writers that must drop it after a commit.
    pub(crate) fn accounts_cache(&self) -> &accounts::AccountsCache {
        &self.inner.accounts
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Every cXML document received at `POST /cxml` or handed to a browser.
    pub fn journal(&self) -> &Journal {
        &self.inner.journal
    }

    pub fn sessions(&self) -> &Sessions {
        &self.inner.sessions
    }

    pub fn templates(&self) -> &Tera {
        &self.inner.templates
    }

    pub fn outbox(&self) -> &Outbox {
        &self.inner.outbox
    }

    pub fn invoicing(&self) -> &invoicing::Invoicing {
        &self.inner.invoicing
    }

    /// What order intake and subscribing ring once agreements are
    /// committed; invoicing listens.
    pub fn new_agreements(&self) -> &order::agreements::NewAgreements {
        &self.inner.new_agreements
    }

    /// The base URL browsers and partners reach the marketplace at (no
    /// trailing slash).
    pub fn public_url(&self) -> &str {
        &self.inner.public_url
    }

    /// The Ariba network's base URL, if the marketplace trades on one.
    pub(crate) fn ariba_network(&self) -> Option<&str> {
        self.inner.ariba_network_url.as_deref()
    }

    /// The client for calls to the Ariba network.
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// Every route of the marketplace, with this state: `POST /cxml`
    /// through service-kit's adapter, `GET /api/journal`, and the pages and
    /// JSON APIs.
    pub fn router(self) -> Router {
        let cxml = cxml_route(
            self.clone(),
            self.inner.journal.clone(),
            self.inner.clock.clone(),
        );
        let journal = service_kit::journal::routes(self.inner.journal.clone());
        Router::new()
            .route(
                "/punchout/start/{token}",
                axum::routing::get(punchout::start_page::start),
            )
            .merge(api::routes())
            .merge(ariba_network::intake::routes())
            .merge(order::agreements::routes())
            .merge(invoicing::api::routes())
            .merge(outbox::routes())
            .merge(storefront::routes())
            .merge(web::routes())
            .merge(reset::routes(self.clone()))
            .layer(axum::middleware::from_fn_with_state(
                self.clone(),
                http_face::render_failures,
            ))
            .with_state(self)
            .merge(cxml)
            .merge(journal)
    }
}

/// Generates the catalog, opens the database and the journal and makes the
/// marketplace service on `listener`, bound by the caller (who binds every
/// port first, so each service can be told the others' URLs); call
/// [`Service::run_until`] to serve. Must be called inside a tokio runtime
/// (the mail outbox and invoicing workers start here).
pub fn build(
    listener: TcpListener,
    config: MarketplaceConfig,
    clock: Clock,
) -> Result<Service, BuildError> {
    let marketplace = Marketplace::new(&config, clock)?;
    let public_url = marketplace.public_url().to_owned();
    Ok(Service::from_listener(NAME, listener, marketplace.router()).known_as(&public_url))
}
