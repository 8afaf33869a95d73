//! Coupa's cXML URL (`POST /cxml`, through service-kit's `cxml_route`):
//! the invoice inbox (SPEC F6/F7). It takes only `InvoiceDetailRequest`
//! declaring `InvoiceDetail.dtd` 1.2.x (anything else: 450), from the
//! supplier of the punchout site (`From` = the site's supplier identity,
//! `Sender` carrying the site's shared secret, compared in constant time;
//! else 401), naming a PO in `OrderReference/DocumentReference@payloadID`
//! (CONFORMANCE CX071; none: 400). An unknown PO is 417 and stores nothing;
//! an invoice that does not fit its PO is accepted and flagged with the
//! reasons (buyer-kit's `invoice`); the same invoice again under its
//! payloadID is counted once, another one under a used payloadID is 409. `pages` shows the inbox (`GET /invoices`).

pub mod pages;

use buyer_kit::{BuyerError, invoice::ReceivedInvoice};
use cxml::{
    CXml,
    envelope::{Header, RequestBody},
};
use service_kit::cxml_http::{CxmlError, CxmlHandler, Handled, Inbound, status_document};

use crate::state::AppState;

/// The Status text of a 401: the same for an unknown supplier and a wrong
/// secret, so probing learns nothing.
pub const UNAUTHORIZED: &str = "Sender credentials not recognised";

/// The DTD an invoice must declare, and the version family.
const INVOICE_DTD: &str = "InvoiceDetail.dtd";
const VERSION_FAMILY: &str = "1.2.";

/// The inbox as a `CxmlHandler`.
#[derive(Clone)]
pub struct InvoiceInbox(pub AppState);

impl CxmlHandler for InvoiceInbox {
    async fn handle(&self, inbound: Inbound) -> Handled {
        let mut flow = inbound.flow_id.clone();
        let outcome = receive(&self.0, &inbound, &mut flow).await;
        if let Err(err) = &outcome
            && !matches!(err, CxmlError::Internal(_))
        {
            tracing::info!(code = err.status_code().0, text = %err, "invoice refused");
        }
        Handled {
            result: outcome,
            flow,
        }
    }
}

async fn receive(
    state: &AppState,
    inbound: &Inbound,
    flow: &mut Option<String>,
) -> Result<CXml, CxmlError> {
    let doc = &inbound.parsed.doc;
    let Some(RequestBody::InvoiceDetailRequest(request)) = doc.request.as_ref().map(|r| &r.body)
    else {
        return Err(CxmlError::NotImplemented(format!(
            "Coupa accepts only InvoiceDetailRequest here, not {}",
            inbound.parsed.kind.element_name()
        )));
    };
    let header = doc
        .header
        .as_ref()
        .ok_or_else(|| CxmlError::Unauthorized(UNAUTHORIZED.into()))?;
    if !from_the_supplier(state, header) {
        return Err(CxmlError::Unauthorized(UNAUTHORIZED.into()));
    }
    let buyer = state.settings().site.identities.from;
    if !header.to.has(&buyer.domain, &buyer.identity) {
        return Err(CxmlError::Unauthorized(format!(
            "the invoice is not addressed to this Coupa instance: To must name {}:{}",
            buyer.domain, buyer.identity
        )));
    }
    check_dtd(&inbound.raw)?;
    let invoice = ReceivedInvoice::from_request(&doc.payload_id, request)
        .map_err(|err| CxmlError::BadRequest(err.to_string()))?;
    let po_number = invoice.po_number.clone();
    let receipt = match state
        .store()
        .receive_invoice(invoice, state.clock().now())
        .await
    {
        Ok(receipt) => receipt,
        Err(BuyerError::NoSuchOrder) => {
            return Err(CxmlError::UnknownResource(format!(
                "no purchase order {po_number}: the invoice must reference the PO number Coupa issued"
            )));
        }
        Err(BuyerError::PayloadReused { earlier }) => {
            return Err(CxmlError::Conflict(format!(
                "payloadID {} was already used for invoice {earlier} with other content; \
                 a new document needs a new payloadID",
                doc.payload_id.trim()
            )));
        }
        Err(err) => return Err(CxmlError::internal(err)),
    };
    flow.get_or_insert(receipt.flow_id);
    let text = match (receipt.duplicate, receipt.invoice.is_flagged()) {
        (true, _) => "OK (already received)",
        (false, true) => "OK (accepted, flagged for review)",
        (false, false) => "OK",
    };
    Ok(status_document(state.clock(), 200, text))
}

/// `From` names the site's supplier and a `Sender` credential for that
/// supplier carries the site's secret (every candidate compared).
fn from_the_supplier(state: &AppState, header: &Header) -> bool {
    let site = state.settings().site;
    let supplier = &site.identities.to;
    let from = header.from.has(&supplier.domain, &supplier.identity);
    let secret = header
        .sender
        .credential
        .iter()
        .filter(|c| c.matches(&supplier.domain, &supplier.identity))
        .filter_map(|c| c.shared_secret.as_ref())
        // `|` rather than `||`: every candidate is compared.
        .fold(false, |found, secret| {
            found | (secret == &site.identities.secret)
        });
    from && secret
}

/// Coupa takes invoices declared against InvoiceDetail.dtd 1.2.x only.
fn check_dtd(raw: &[u8]) -> Result<(), CxmlError> {
    let declared = cxml::tree::parse(raw)
        .ok()
        .and_then(|doc| doc.doctype)
        .and_then(|doctype| doctype.declared_dtd());
    match declared {
        Some(dtd) if dtd.file == INVOICE_DTD && dtd.version.starts_with(VERSION_FAMILY) => Ok(()),
        Some(dtd) => Err(CxmlError::NotImplemented(format!(
            "Coupa takes invoices declared against {INVOICE_DTD} 1.2.x, not {} {}",
            dtd.file, dtd.version
        ))),
        None => Err(CxmlError::NotImplemented(format!(
            "declare {INVOICE_DTD} 1.2.x in the DOCTYPE; Coupa takes no other invoices"
        ))),
    }
}
