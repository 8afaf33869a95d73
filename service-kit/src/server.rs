//! The runner every service uses: bind first (so the port is known and the
//! service is reachable before anything waits on it), then serve a router
//! until a shutdown signal resolves.

use std::{future::Future, io, net::SocketAddr, pin::Pin};

use axum::{Router, extract::DefaultBodyLimit, routing::get};
use tokio::{net::TcpListener, sync::watch};

use crate::look::{self, Neighbours};

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

/// A service whose listener is bound but which is not yet serving.
pub struct Service {
    name: &'static str,
    listener: TcpListener,
    router: Router,
}

impl Service {
    /// Binds `addr` (port 0 picks a free port) for the named service. The
    /// router gets the health route and the body-size limit added here, so
    /// no service can forget either.
    pub async fn bind(name: &'static str, addr: SocketAddr, router: Router) -> io::Result<Self> {
        let listener = TcpListener::bind(addr).await.map_err(|err| {
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
        Service {
            name,
            listener,
            router,
        }
    }

    /// Lets the pages' strip reach every other service
    /// (`GET /procsim/go/{service}`); the composer calls it once every
    /// listener is bound.
    pub fn with_neighbours(mut self, neighbours: Neighbours) -> Self {
        self.router = self.router.merge(look::neighbour_routes(neighbours));
        self
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The address actually bound (the real port when 0 was asked for).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` resolves, then finishes in-flight requests.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        tracing::info!(service = self.name, addr = ?self.listener.local_addr()?, "serving");
        let (closing_tx, closing_rx) = watch::channel(false);
        let app = self
            .router
            .layer(axum::Extension(Closing(closing_rx)))
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        // Graceful shutdown waits for open responses; long-lived ones (an
        // event stream) watch `Closing` and end, so stopping never hangs.
        let shutdown = async move {
            shutdown.await;
            closing_tx.send_replace(true);
        };
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await
    }
}
