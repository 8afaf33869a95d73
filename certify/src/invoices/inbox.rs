//! procsim's invoice inbox for one run: `POST /cxml` on its own port,
//! served by service-kit's cXML adapter (media type, the body-size limit,
//! the lenient read, a cXML Status for every outcome, one journal entry
//! per document with its findings, secrets masked). Every document is
//! journaled in the run's flow: the flow header is set on the way in, so
//! even one the adapter cannot read joins the run's sequence diagram.
//! The handler judges each InvoiceDetailRequest ([`super::judge`]),
//! answers as the platform would and hands the judgement to the run. It
//! stops when dropped.

use std::{
    io,
    net::SocketAddr,
    sync::{Arc, Mutex, PoisonError},
};

use axum::{
    extract::Request,
    http::{HeaderValue, header::HeaderName},
};
use cxml::envelope::{DocumentKind, RequestBody};
use service_kit::{
    Clock,
    cxml_http::{
        CxmlError, CxmlHandler, FLOW_HEADER, Handled, Inbound, cxml_route, status_document,
    },
    journal::Journal,
};
use tokio::{
    net::TcpListener,
    sync::{mpsc, oneshot},
};

use super::{
    Ordered,
    judge::{Expect, Judgement, judge},
};

/// The listening inbox.
pub(crate) struct Inbox {
    url: String,
    ordered: Arc<Mutex<Option<Ordered>>>,
    pub(super) arrivals: mpsc::UnboundedReceiver<Judgement>,
    stop: Option<oneshot::Sender<()>>,
}

/// The run's side of the handler.
#[derive(Clone)]
struct Desk {
    expect: Arc<Expect>,
    ordered: Arc<Mutex<Option<Ordered>>>,
    clock: Clock,
    arrivals: mpsc::UnboundedSender<Judgement>,
}

/// Where the inbox listens, how its URL is written, and the run it
/// serves.
pub(crate) struct Binding<'a> {
    pub listen: SocketAddr,
    pub host: Option<&'a str>,
    pub flow: &'a str,
    pub journal: Journal,
    pub clock: Clock,
}

impl Inbox {
    /// Binds `binding.listen` and serves until dropped.
    pub(crate) async fn bind(binding: Binding<'_>, expect: Expect) -> io::Result<Self> {
        let flow = HeaderValue::from_str(binding.flow)
            .map_err(|err| io::Error::new(io::ErrorKind::InvalidInput, err))?;
        let listener = TcpListener::bind(binding.listen).await?;
        let bound = listener.local_addr()?;
        let host = binding
            .host
            .map_or_else(|| bound.ip().to_string(), str::to_owned);
        let url = format!("http://{host}:{}/cxml", bound.port());
        let ordered = Arc::new(Mutex::new(None));
        let (sender, arrivals) = mpsc::unbounded_channel();
        let desk = Desk {
            expect: Arc::new(expect),
            ordered: ordered.clone(),
            clock: binding.clock.clone(),
            arrivals: sender,
        };
        let flow_header = HeaderName::from_static(FLOW_HEADER);
        let router = cxml_route(desk, binding.journal, binding.clock).layer(
            axum::middleware::map_request(move |mut request: Request| {
                let (name, value) = (flow_header.clone(), flow.clone());
                async move {
                    request.headers_mut().insert(name, value);
                    request
                }
            }),
        );
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let app = router.into_make_service_with_connect_info::<SocketAddr>();
            let served = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(err) = served.await {
                tracing::error!(%err, "the invoice inbox stopped");
            }
        });
        Ok(Self {
            url,
            ordered,
            arrivals,
            stop: Some(stop),
        })
    }

    /// The inbox URL a vendor configures.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// The order invoices are judged against: set before it is sent, so an
    /// invoice the supplier sends while answering it is known.
    pub(crate) fn expect(&self, ordered: Ordered) {
        *self.ordered.lock().unwrap_or_else(PoisonError::into_inner) = Some(ordered);
    }

    pub(crate) fn ordered(&self) -> Option<Ordered> {
        self.ordered
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for Inbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl CxmlHandler for Desk {
    async fn handle(&self, inbound: Inbound) -> Handled {
        Handled {
            result: self.receive(&inbound),
            flow: None,
        }
    }
}

impl Desk {
    fn receive(&self, inbound: &Inbound) -> Result<cxml::CXml, CxmlError> {
        let is_invoice = matches!(
            inbound.parsed.doc.request.as_ref().map(|r| &r.body),
            Some(RequestBody::InvoiceDetailRequest(_))
        );
        if !is_invoice {
            let kind: &DocumentKind = &inbound.parsed.kind;
            return Err(CxmlError::NotImplemented(format!(
                "this is a buyer's invoice inbox: it takes InvoiceDetailRequest, not {}",
                kind.element_name()
            )));
        }
        let ordered = self
            .ordered
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let judgement = judge(&inbound.raw, &self.expect, ordered.as_ref());
        let answer = status_document(&self.clock, judgement.code, &judgement.text);
        // The run may be gone (the wait is over): the answer still goes.
        let _ = self.arrivals.send(judgement);
        Ok(answer)
    }
}
