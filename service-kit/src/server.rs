//! The runner every service uses: bind first (so the port is known and the
//! service is reachable before anything waits on it), then serve a router
//! until a shutdown signal resolves. Every service gets the same limits
//! (body size, slow and idle clients, a shutdown deadline: `connections`),
//! the same guard against other sites' pages (`guard`) and the same
//! health, stylesheet and not-found routes.

use std::{future::Future, io, net::SocketAddr, pin::Pin, sync::Arc};

use axum::{Router, extract::DefaultBodyLimit, routing::get};
use tokio::{net::TcpListener, sync::watch};

use crate::{
    connections,
    guard::{self, SameSite},
    look::{self, Neighbours},
};

/// Largest request body any procsim endpoint accepts (cXML status 499 /
/// HTTP 413 beyond it). Large enough for a 5,000-line OrderRequest.
pub const BODY_LIMIT_BYTES: usize = 16 * 1024 * 1024;

/// A broadcast shutdown signal: the composer triggers it once, every
/// service's runner awaits it.
#[derive(Clone, Debug)]
pub struct Shutdown {
    tx: watch::Sender<bool>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self::new()
    }
}

impl Shutdown {
    pub fn new() -> Self {
        Shutdown {
            tx: watch::Sender::new(false),
        }
    }

    /// Asks every service waiting on this signal to stop.
    pub fn trigger(&self) {
        self.tx.send_replace(true);
    }

    /// Resolves once [`Shutdown::trigger`] has been called.
    pub fn wait(&self) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        let mut rx = self.tx.subscribe();
        Box::pin(async move {
            // An error means the sender is gone, which also means stop.
            let _ = rx.wait_for(|stop| *stop).await;
        })
    }
}

/// The routes every service answers: `GET /healthz` → 200 once serving.
/// (The runner adds the shared stylesheet and the not-found page too.)
pub fn health_routes() -> Router {
    Router::new().route("/healthz", get(|| async { "ok" }))
}

/// Given to every request (as an axum `Extension`): resolves when the
/// service starts stopping, so a response that streams for long (server-sent
/// events) can end instead of holding up the graceful shutdown.
#[derive(Clone, Debug)]
pub struct Closing(watch::Receiver<bool>);

impl Closing {
    /// Resolves once the service is stopping.
    pub async fn wait(mut self) {
        // An error means the runner is gone, which also means stop.
        let _ = self.0.wait_for(|closing| *closing).await;
    }
}

/// A future that resolves when its service is told to stop.
pub type StopSignal = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// What a service serves beside its router, on a listener of its own (the
/// mail sink's SMTP server): started with the service, told to stop with it.
type Companion = Box<
    dyn FnOnce(StopSignal) -> Pin<Box<dyn Future<Output = io::Result<()>> + Send + 'static>> + Send,
>;

/// A service whose listener is bound but which is not yet serving. Every
/// service crate builds one the same way: `build(listener, config, clock)
/// -> Result<Service, its error>`, on a listener the composer bound.
pub struct Service {
    name: &'static str,
    listener: TcpListener,
    router: Router,
    same_site: SameSite,
    companions: Vec<Companion>,
}

impl Service {
    /// Binds `addr` (port 0 picks a free port) for the named service. The
    /// router gets the health route and the body-size limit added here, so
    /// no service can forget either.
    pub async fn bind(name: &'static str, addr: SocketAddr, router: Router) -> io::Result<Self> {
        let listener = connections::listen(addr).map_err(|err| {
            io::Error::new(err.kind(), format!("{name}: cannot bind {addr}: {err}"))
        })?;
        Ok(Self::from_listener(name, listener, router))
    }

    /// Like [`Service::bind`] for a listener bound earlier: the composer
    /// binds every port first, so each service can be told its peers' URLs.
    pub fn from_listener(name: &'static str, listener: TcpListener, router: Router) -> Self {
        let router = router
            .merge(health_routes())
            .merge(look::stylesheet_routes())
            .fallback(look::not_found)
            .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES));
        let loopback = listener
            .local_addr()
            .is_ok_and(|addr| addr.ip().is_loopback());
        let same_site = if loopback {
            SameSite::default().loopback_only()
        } else {
            SameSite::default()
        };
        Service {
            name,
            listener,
            router,
            same_site,
            companions: Vec::new(),
        }
    }

    /// Serves `run` beside the router: it gets a signal that resolves when
    /// the service stops, and the service's run ends once it has returned.
    pub fn with_companion<F, Fut>(mut self, run: F) -> Self
    where
        F: FnOnce(StopSignal) -> Fut + Send + 'static,
        Fut: Future<Output = io::Result<()>> + Send + 'static,
    {
        self.companions
            .push(Box::new(move |stop| Box::pin(run(stop))));
        self
    }

    /// Lets the pages' strip reach every other service
    /// (`GET /procsim/go/{service}`), and their pages post here; the
    /// composer calls it once every listener is bound.
    pub fn with_neighbours(mut self, neighbours: Neighbours) -> Self {
        self.same_site = self.same_site.with_neighbours(&neighbours);
        self.router = self.router.merge(look::neighbour_routes(neighbours));
        self
    }

    /// Answers requests addressed to `public_url`'s host too, and takes
    /// state changes from its pages there: the URL people and partners
    /// reach the service by when that is not the address it listens on.
    pub fn known_as(mut self, public_url: &str) -> Self {
        self.same_site = self.same_site.known_as(public_url);
        self
    }

    /// Lets pages of any site post forms to `path`: a buyer's
    /// BrowserFormPost URL, where a supplier's page returns the cart.
    pub fn open_to_any_site(mut self, path: &str) -> Self {
        self.same_site = self.same_site.open_to_any_site(path);
        self
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The address actually bound (the real port when 0 was asked for).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` resolves, then lets in-flight requests
    /// finish (within `connections::SHUTDOWN_DEADLINE`); its companions
    /// stop with it. Reports the first companion's failure.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        tracing::info!(service = self.name, addr = ?self.listener.local_addr()?, "serving");
        let (stop_tx, stop_rx) = watch::channel(false);
        let companions = self
            .companions
            .into_iter()
            .map(|run| {
                let mut stop = stop_rx.clone();
                tokio::spawn(run(Box::pin(async move {
                    // An error means the service is gone, which also means stop.
                    let _ = stop.wait_for(|stop| *stop).await;
                })))
            })
            .collect::<Vec<_>>();
        let shutdown = async move {
            shutdown.await;
            stop_tx.send_replace(true);
        };
        let (closing_tx, closing_rx) = watch::channel(false);
        // Long-lived responses (an event stream) watch `Closing` and end,
        // so stopping never waits on them.
        let app = self
            .router
            .layer(axum::Extension(Closing(closing_rx)))
            .layer(axum::middleware::from_fn_with_state(
                Arc::new(self.same_site),
                guard::middleware,
            ));
        connections::serve(self.listener, app, shutdown, closing_tx).await;
        let mut outcome = Ok(());
        for companion in companions {
            let result = companion
                .await
                .unwrap_or_else(|err| Err(io::Error::other(err)));
            outcome = outcome.and(result);
        }
        outcome
    }
}
