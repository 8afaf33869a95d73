//! How a service holds its connections: bound with a deep listen backlog,
//! served over HTTP/1.1 with limits on slow and idle clients, and closed
//! within a deadline when the service stops.
//!
//! axum's own `serve` gives none of these: it sets no header timeout, so
//! one client that sends half a request keeps its connection (and, at
//! shutdown, the whole process) forever. Here:
//! - a client gets [`HEADER_TIMEOUT`] to send a request's headers, and a
//!   kept-alive connection may stay idle that long between requests;
//! - a request body must keep arriving: [`BODY_IDLE_TIMEOUT`] between its
//!   pieces (the cXML route also bounds the whole body);
//! - a client must keep reading its answer: a write that cannot go on for
//!   [`WRITE_STALL_TIMEOUT`] closes the connection;
//! - at most [`MAX_CONNECTIONS`] are served at once; more wait in the
//!   listen backlog;
//! - after the shutdown signal, open requests get [`SHUTDOWN_DEADLINE`] to
//!   finish, then every connection still open is dropped.

use std::{
    future::Future,
    io,
    net::SocketAddr,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use axum::{Router, body::Body, extract::ConnectInfo};
use hyper::{body::Incoming, server::conn::http1, service::service_fn};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpSocket, TcpStream},
    sync::{Semaphore, watch},
    time::Sleep,
};
use tower::ServiceExt;
use tower_http::timeout::TimeoutBody;

/// How long a client may take to send a request's headers, and how long a
/// kept-alive connection may stay idle before it is closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a request body may pause between two of its pieces.
pub const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long open requests get to finish once a service is stopping.
pub const SHUTDOWN_DEADLINE: Duration = Duration::from_secs(5);
/// How long a write may wait for a client that does not read.
pub const WRITE_STALL_TIMEOUT: Duration = Duration::from_secs(30);
/// The most connections one service serves at once.
pub const MAX_CONNECTIONS: usize = 8_192;
/// Connections the kernel queues before they are accepted. The default of
/// 128 made a burst of 500 connections wait for SYN retries (a second).
pub const LISTEN_BACKLOG: u32 = 4096;

/// Binds `addr` (port 0 picks a free port) with [`LISTEN_BACKLOG`].
pub fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => TcpSocket::new_v4()?,
        SocketAddr::V6(_) => TcpSocket::new_v6()?,
    };
    // As std and tokio do: a restart may bind a port whose last
    // connections are still in TIME_WAIT.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// Serves `app` on `listener` until `shutdown` resolves; then stops
/// accepting, lets open requests finish for up to [`SHUTDOWN_DEADLINE`]
/// and drops what is still open. `closing` is told when stopping starts,
/// so long responses (event streams) can end first.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    closing: watch::Sender<bool>,
) {
    let graceful = GracefulShutdown::new();
    let (force_close, forced) = watch::channel(false);
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .keep_alive(true);
    tokio::pin!(shutdown);
    let open = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let permit = tokio::select! {
            permit = open.clone().acquire_owned() => permit,
            () = &mut shutdown => break,
        };
        let Ok(permit) = permit else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(err) => {
                // Out of file descriptors and the like: back off a little
                // rather than spin; a client's reset is nothing to wait on.
                tracing::warn!(%err, "cannot accept a connection");
                if !is_per_connection(&err) {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = service_fn(move |request: hyper::Request<Incoming>| {
            let mut request =
                request.map(|body| Body::new(TimeoutBody::new(BODY_IDLE_TIMEOUT, body)));
            request.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(request)
        });
        let io = TokioIo::new(WriteDeadline::new(stream));
        let connection = graceful.watch(builder.serve_connection(io, service));
        let mut forced = forced.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = connection => {}
                _ = forced.wait_for(|forced| *forced) => {}
            }
            drop(permit);
        });
    }
    drop(listener);
    closing.send_replace(true);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_DEADLINE) => {
            tracing::warn!(
                deadline = ?SHUTDOWN_DEADLINE,
                "connections still open at the shutdown deadline are dropped"
            );
            force_close.send_replace(true);
        }
    }
}

/// A client's connection whose writes fail once they have waited
/// [`WRITE_STALL_TIMEOUT`] for the client to read.
struct WriteDeadline {
    stream: TcpStream,
    /// Armed while a write waits.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl WriteDeadline {
    fn new(stream: TcpStream) -> Self {
        WriteDeadline {
            stream,
            stalled: None,
        }
    }

    /// Passes a write's outcome on; a write still waiting after the
    /// deadline becomes an error.
    fn judge<T>(
        &mut self,
        cx: &mut Context<'_>,
        outcome: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if outcome.is_ready() {
            self.stalled = None;
            return outcome;
        }
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(WRITE_STALL_TIMEOUT)));
        match stalled.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading its answer",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for WriteDeadline {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for WriteDeadline {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let outcome = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.judge(cx, outcome)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let outcome = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.judge(cx, outcome)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let outcome = Pin::new(&mut self.stream).poll_flush(cx);
        self.judge(cx, outcome)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Errors that concern one connection only (the client went away before
/// it was accepted).
fn is_per_connection(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    )
}
