//! The buyer platform every simulated procurement system is: its web
//! shell and the pages every one of them has, written once and run by
//! Coupa and Ariba alike. A simulator brings a [`Shell`] (its [`Look`], and
//! from its [`PlatformConfig`] its users, store, journal, client and clock,
//! its PO numbering and address) and implements [`Platform`] for what
//! truly differs: which approval chain applies, what its home and cart
//! pages add, how it punches out to re-open a returned cart, and where
//! and as whom a purchase order goes (Coupa to its
//! site's order URL with its own credentials; Ariba to the supplier
//! account's, with the network's header). [`routes`] then serves, beside
//! the simulator's own routes:
//!
//! - `/static/{service}.css`: the platform's stylesheet;
//! - `/`, `/signin`, `/signout`: home, the sign-in picker, signing out;
//! - `/punchout/return`: the BrowserFormPost URL, open to any site's forms;
//! - `/cart`, `/cart/{id}/submit`: the open cart, and its requisition;
//!   `/cart/{id}/lines/{line}/amount`: a blanket line's amount;
//! - `/cart/{id}/edit`, `/cart/{id}/inspect`: a returned cart re-opened at
//!   its supplier;
//! - `/requisitions`, `/requisitions/{id}` (approve, reject), `/approvals`;
//! - `/orders`, `/orders/{number}`: purchase orders and their invoicing;
//! - `/api/requisitions?flow=`, `/api/requisitions/activity`: a flow's
//!   requisition and its approvals as JSON, for the dashboard's
//!   walkthroughs.
//!
//! Every page handler returns `Result<Response, PageError>`; a refusal is
//! drawn on the platform's own `error.html` by one middleware.
//!
//! Architecture Invariant: the pages here never name a platform; what
//! differs between Coupa and Ariba is the `Platform` implementation and
//! the templates, not a branch in this code.

mod buying;
mod config;
pub mod look;
mod orders;
mod page;
mod people;
mod reopen;
mod requisitions;
mod requisitions_api;
mod signed_in;

use std::{future::Future, io};

use axum::{
    Router,
    http::{HeaderMap, header},
    routing::{get, post},
};
use cxml::{doc::PunchOutOperation, envelope::DeploymentMode, transport::FormEncoding};
use service_kit::{Clock, Service, StoreError, cxml_http::CxmlClient, journal::Journal};
use tera::Context;
use tokio::net::TcpListener;

pub use config::{CompanySeed, PlatformConfig};
pub use look::Look;
pub use page::{PageError, context_for};
pub use signed_in::{SignedIn, Visitor};

use crate::{
    ApprovalChain, BuyerAddress, BuyerStore, Directory, Identities, PurchaseOrder, StoredCart,
    StoredRequisition, User,
    exchange::{ReplyEnvelope, start_page},
    order_request::OrderParams,
    profile::CartTransport,
    setup_request::Stamp,
};

/// Where a supplier's page returns the cart (the BrowserFormPost URL).
pub const RETURN_PATH: &str = "/punchout/return";

/// What every buyer platform is made of.
pub struct Shell {
    pub look: Look,
    /// Its base URL as browsers reach it.
    pub public_url: String,
    pub users: Directory,
    pub store: BuyerStore,
    pub journal: Journal,
    /// Posts its setup requests, journaled, declaring the profile's setup
    /// DTD version and waiting as long as it waits for a setup's answer.
    pub setup_client: CxmlClient,
    /// Posts its orders, journaled, with the profile's order DTD version
    /// and order timeout.
    pub order_client: CxmlClient,
    pub clock: Clock,
    /// PO numbers are this prefix and a sequence.
    pub po_prefix: String,
    /// Where it ships and bills.
    pub address: BuyerAddress,
    /// The offset written in its timestamps (minutes east of UTC).
    pub utc_offset_minutes: i32,
    /// Whether it reads a supplier's answer whose envelope deviates.
    pub reply_envelope: ReplyEnvelope,
    /// The form fields a returned cart may come in.
    pub cart_transports: Vec<FormEncoding>,
    /// What it requires of a returned cart's lines, and whether it refuses
    /// a cart that falls short or takes it with advisories; `None` (no
    /// profile followed) requires nothing.
    pub cart_requirements: Option<crate::profile::CartRequirements>,
}

impl Shell {
    /// The shell of the platform `look.service` set up by `config`: its
    /// buyer database `db_file` and its journal opened in the configured
    /// storage, its client journaling what it posts.
    pub fn open(
        look: Look,
        config: &PlatformConfig,
        db_file: &str,
        clock: Clock,
    ) -> Result<Shell, StoreError> {
        let store = BuyerStore::open(&config.storage, db_file)?;
        let journal = Journal::open(&config.storage, look.service, clock.clone())?
            .with_limits(config.journal_limits)
            .checking_dtds(config.dtds.clone());
        Ok(Shell {
            look,
            public_url: config.public_url.clone(),
            users: config.users.clone(),
            store,
            setup_client: CxmlClient::new(journal.clone()),
            order_client: CxmlClient::new(journal.clone()),
            journal,
            clock,
            po_prefix: config.po_prefix.clone(),
            address: config.address.clone(),
            utc_offset_minutes: config.utc_offset_minutes,
            reply_envelope: ReplyEnvelope::Strict,
            cart_transports: vec![FormEncoding::UrlEncoded, FormEncoding::Base64],
            cart_requirements: None,
        })
    }

    /// Talks as `profile` says: the DTD version each kind of document
    /// declares, how long it waits for each kind of answer, whether it
    /// reads past an answer's deviating envelope, and what it takes of a
    /// returned cart. sim-coupa and sim-ariba
    /// each call it with the profile `procsim certify --platform` plays.
    pub fn follow(&mut self, profile: &crate::Profile) {
        self.setup_client = CxmlClient::new(self.journal.clone())
            .declaring(profile.setup_request_version())
            .waiting(profile.setup_reply_timeout().0);
        self.order_client = CxmlClient::new(self.journal.clone())
            .declaring(profile.order_request_version())
            .waiting(profile.order_reply_timeout().0);
        self.reply_envelope = profile.reply_envelope;
        self.cart_transports = profile
            .cart
            .transports
            .iter()
            .map(|transport| match transport {
                CartTransport::UrlEncoded => FormEncoding::UrlEncoded,
                CartTransport::Base64 => FormEncoding::Base64,
            })
            .collect();
        self.cart_requirements = Some(profile.cart.clone());
    }

    /// Its BrowserFormPost URL, where a supplier's page returns the cart.
    pub fn return_url(&self) -> String {
        format!("{}{RETURN_PATH}", self.public_url)
    }

    /// A fresh payloadID and the time now, as the platform writes them.
    pub fn stamp(&self) -> Stamp {
        Stamp::at(self.clock.now(), self.utc_offset_minutes)
    }

    /// The OrderRequest's contents for `po`, which `requisition` completed:
    /// its lines, shipped to and billed at the platform's address, its
    /// requester named.
    pub fn order_params<'a>(
        &'a self,
        po: &'a PurchaseOrder,
        requisition: &'a StoredRequisition,
    ) -> OrderParams<'a> {
        OrderParams {
            po_number: &po.number,
            lines: &requisition.lines,
            currency: requisition.total.currency(),
            ship_to: &self.address,
            bill_to: &self.address,
            requester: self.users.find(&requisition.requester),
        }
    }

    /// The user the sign-in cookie in `headers` names.
    fn user_of(&self, headers: &HeaderMap) -> Option<User> {
        let values = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok());
        self.users
            .signed_in(values, self.look.user_cookie())
            .cloned()
    }

    /// Posts a setup request to `url` in `flow`; the StartPage of a
    /// successful answer, else what the supplier said.
    pub async fn post_setup(
        &self,
        url: &str,
        doc: &cxml::CXml,
        flow: &str,
    ) -> Result<String, PageError> {
        let sent = self
            .setup_client
            .post(url, doc, Some(flow))
            .await
            .map_err(|err| {
                tracing::error!(%err, "cannot write a setup request");
                PageError::bad_request(
                    "The punchout could not start",
                    "procsim could not write the request.",
                )
            })?;
        Ok(start_page(sent, self.reply_envelope)?)
    }
}

/// Why a platform could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("cannot open its database: {0}")]
    Store(#[from] StoreError),
    #[error("its templates do not compile: {0}")]
    Templates(#[from] tera::Error),
    #[error("cannot read its bound address: {0}")]
    Address(#[from] io::Error),
}

/// The URL a platform is reached at: `configured`, or without one
/// `http://<the bound address>`; never with a trailing slash.
pub fn public_url(configured: &str, listener: &TcpListener) -> io::Result<String> {
    let url = if configured.is_empty() {
        format!("http://{}", listener.local_addr()?)
    } else {
        configured.to_owned()
    };
    Ok(url.trim_end_matches('/').to_owned())
}

/// A platform's service on `listener` serving `router`: its BrowserFormPost
/// URL takes the cart from the supplier's page, on the supplier's own site.
pub fn service(name: &'static str, listener: TcpListener, router: Router) -> Service {
    Service::from_listener(name, listener, router).open_to_any_site(RETURN_PATH)
}

/// What differs between buyer platforms.
pub trait Platform: Clone + Send + Sync + 'static {
    fn shell(&self) -> &Shell;

    /// The chain a submitted cart's requisition runs through.
    fn approval_chain(&self) -> ApprovalChain;

    /// Adds what the platform shows on its home and cart pages besides
    /// the shared data (Coupa its punchout site, Ariba the buyer's ANID).
    fn page_context(&self, _context: &mut Context) {}

    /// Punches out again to the supplier the asked cart came from,
    /// re-opening it for the asked operation (edit or inspect, its lines
    /// as `ItemOut`, in the purchase's flow), and records the session;
    /// gives the StartPage. The shell has checked that the user is a
    /// requester and that the cart is theirs and allows the operation.
    fn reopen(&self, ask: Reopening<'_>) -> impl Future<Output = Result<String, PageError>> + Send;

    /// Where and as whom the OrderRequest of a completed purchase goes;
    /// the platform then builds, posts, journals it and records the
    /// outcome on the PO.
    fn order_route(
        &self,
        completed: Completed<'_>,
    ) -> impl Future<Output = Result<OrderRoute, PageError>> + Send;
}

/// A returned cart a requester asked to punch out to again.
#[derive(Debug, Clone, Copy)]
pub struct Reopening<'a> {
    pub user: &'a User,
    pub cart: &'a StoredCart,
    /// Edit or inspect.
    pub operation: PunchOutOperation,
}

/// A purchase order a decision created, and the requisition it completed.
#[derive(Debug, Clone, Copy)]
pub struct Completed<'a> {
    pub po: &'a PurchaseOrder,
    pub requisition: &'a StoredRequisition,
}

/// Where and as whom a purchase order goes.
#[derive(Debug, Clone)]
pub struct OrderRoute {
    /// The supplier's cXML URL.
    pub url: String,
    /// The header: the platform's own habits (credentials, user agent).
    pub identities: Identities,
    pub deployment_mode: DeploymentMode,
}

/// The shared pages and `own` (the platform's other routes), every
/// refusal drawn on the platform's error page.
pub fn routes<P: Platform>(platform: P, own: Router<P>) -> Router {
    Router::new()
        .merge(platform.shell().look.stylesheet_route())
        .route("/", get(people::home::<P>))
        .route(
            "/signin",
            get(people::signin_page::<P>).post(people::signin::<P>),
        )
        .route("/signout", post(people::signout::<P>))
        .route(RETURN_PATH, post(buying::punchout_return::<P>))
        .route("/cart", get(buying::cart::<P>))
        .route("/cart/{id}/submit", post(buying::submit::<P>))
        .route(
            "/cart/{id}/lines/{line}/amount",
            post(buying::set_amount::<P>),
        )
        .route("/cart/{id}/edit", post(reopen::edit::<P>))
        .route("/cart/{id}/inspect", post(reopen::inspect::<P>))
        .route("/requisitions", get(requisitions::list::<P>))
        .route("/requisitions/{id}", get(requisitions::show::<P>))
        .route(
            "/requisitions/{id}/approve",
            post(requisitions::approve::<P>),
        )
        .route("/requisitions/{id}/reject", post(requisitions::reject::<P>))
        .route("/approvals", get(requisitions::inbox::<P>))
        .route("/api/requisitions", get(requisitions_api::of_flow::<P>))
        .route(
            "/api/requisitions/activity",
            get(requisitions_api::activity::<P>),
        )
        .route("/orders", get(orders::list::<P>))
        .route("/orders/{number}", get(orders::show::<P>))
        .merge(own)
        .layer(axum::middleware::from_fn_with_state(
            platform.clone(),
            page::render_failures::<P>,
        ))
        .with_state(platform)
}
