//! The marketplace's answer to `POST /cxml`: dispatch on the document type
//! (ProfileRequest, PunchOutSetupRequest, OrderRequest; else 450) and the
//! flow id each exchange is journaled under.
//!
//! Reading the body, answering refusals with a Status and journaling are
//! service-kit's `cxml_route`; this module only implements its
//! [`CxmlHandler`] for [`Marketplace`].

mod profile;

use cxml::{CXml, DocumentKind, Parsed, envelope::RequestBody};
use service_kit::cxml_http::{CxmlError, CxmlHandler, Handled, Inbound};

use crate::{Marketplace, order, punchout, punchout::setup_request::SetupRequest};

impl CxmlHandler for Marketplace {
    /// The flow id comes from the `x-procsim-flow` header when a procsim
    /// service sent one; otherwise a setup request's is `punchout-{cookie}`
    /// and an order's is that of the punchout whose cart it buys.
    async fn handle(&self, inbound: Inbound) -> Handled {
        let Inbound {
            parsed, flow_id, ..
        } = inbound;
        let mut flow = flow_id;
        let outcome = dispatch(self, &parsed, &mut flow).await;
        if let Err(err) = &outcome
            && !matches!(err, CxmlError::Internal(_))
        {
            tracing::info!(code = err.status_code().0, text = %err, "cXML request refused");
        }
        Handled {
            result: outcome,
            flow,
        }
    }
}

async fn dispatch(
    marketplace: &Marketplace,
    parsed: &Parsed,
    flow: &mut Option<String>,
) -> Result<CXml, CxmlError> {
    let body = parsed.doc.request.as_ref().map(|request| &request.body);
    match body {
        Some(RequestBody::ProfileRequest(_)) => Ok(profile::handle(
            marketplace.clock(),
            marketplace.public_url(),
        )),
        Some(RequestBody::PunchOutSetupRequest(request)) => {
            let setup = SetupRequest::from(&**request);
            let flow = flow.get_or_insert_with(|| punchout::setup::flow_from_cookie(&setup));
            punchout::setup::handle(marketplace, parsed, request, setup, flow).await
        }
        Some(RequestBody::OrderRequest(_)) => {
            order::intake::handle(marketplace, parsed, flow).await
        }
        _ => Err(CxmlError::NotImplemented(format!(
            "{} is not supported by the marketplace",
            kind_name(&parsed.kind)
        ))),
    }
}

fn kind_name(kind: &DocumentKind) -> String {
    match kind {
        DocumentKind::Other(name) if name.is_empty() => "this document".to_owned(),
        other => other.element_name().to_owned(),
    }
}
