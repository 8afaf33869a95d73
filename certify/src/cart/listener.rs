//! procsim's BrowserFormPost URL for one run: an HTTP listener that takes
//! any form posted to it (to judge even one posted to the wrong path),
//! hands it to the run and answers the browser with a short page saying
//! the cart arrived. It stops when dropped.

use std::io;

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{Method, Uri},
    response::Html,
};
use tokio::{
    net::TcpListener,
    sync::{mpsc, oneshot},
};

use super::ManualCart;

/// One form post, as the browser sent it.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    /// The path and query it was posted to.
    pub path: String,
    pub body: Vec<u8>,
}

/// The listening BrowserFormPost URL.
pub(crate) struct ReturnListener {
    url: String,
    path: String,
    posts: mpsc::Receiver<Received>,
    stop: Option<oneshot::Sender<()>>,
}

const ARRIVED: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>procsim certify: cart received</title></head><body>\
<h1>The cart arrived</h1>\
<p>procsim received the cart and is checking it now. The report appears where \
the certification was started: in the terminal running <code>procsim certify</code>, \
and on the dashboard's page of the run when it is followed there. You can close \
this window.</p></body></html>\n";

const WAITING: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>procsim certify: waiting for a cart</title></head><body>\
<h1>Waiting for a cart</h1>\
<p>This is procsim's BrowserFormPost URL: the supplier's page posts the cart \
here when you return it.</p></body></html>\n";

impl ReturnListener {
    /// Binds `cart.listen`; the URL's path carries the run's flow id.
    pub(crate) async fn bind(cart: &ManualCart, flow: &str) -> io::Result<Self> {
        let listener = TcpListener::bind(cart.listen).await?;
        let bound = listener.local_addr()?;
        let host = cart
            .return_host
            .clone()
            .unwrap_or_else(|| bound.ip().to_string());
        let path = format!("/procsim-certify/{flow}/return");
        let url = format!("http://{host}:{}{path}", bound.port());
        let (sender, posts) = mpsc::channel(8);
        let (stop, stopped) = oneshot::channel::<()>();
        let router = Router::new().fallback(take).with_state(sender);
        tokio::spawn(async move {
            let served = axum::serve(listener, router).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(err) = served.await {
                tracing::error!(%err, "the BrowserFormPost listener stopped");
            }
        });
        Ok(Self {
            url,
            path,
            posts,
            stop: Some(stop),
        })
    }

    /// The BrowserFormPost URL sent in setup requests.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// Its path: a cart posted anywhere else is posted to the wrong URL.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// The next form posted, or `None` once the listener is gone.
    pub(crate) async fn next(&mut self) -> Option<Received> {
        self.posts.recv().await
    }
}

impl Drop for ReturnListener {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn take(
    State(sender): State<mpsc::Sender<Received>>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Html<&'static str> {
    if method != Method::POST {
        return Html(WAITING);
    }
    let path = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
    let received = Received {
        path,
        body: body.to_vec(),
    };
    // The run takes the first cart; later posts find the channel full or
    // closed and still get the page.
    let _ = sender.try_send(received);
    Html(ARRIVED)
}
