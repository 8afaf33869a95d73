//! Sends the OrderRequest of a purchase order (F5) and records the result on
//! the PO: the cXML status code and text, the HTTP status, and for a reply
//! without valid cXML a transient transport error. Sending goes through
//! service-kit's `CxmlClient`, which journals the exchange.

use buyer_kit::{
    PurchaseOrder, SendOutcome, StoredRequisition,
    order_request::{OrderParams, order_document, order_request},
    setup_request::Stamp,
};
use cxml::{envelope::DeploymentMode, status_code::ReplyClass};

use crate::state::AppState;

/// Builds, sends and records the OrderRequest for `po`.
pub async fn send_order(
    state: &AppState,
    po: &PurchaseOrder,
    requisition: &StoredRequisition,
) -> Result<SendOutcome, buyer_kit::BuyerError> {
    let settings = state.settings();
    let config = state.config();
    let stamp = Stamp::at(state.clock().now(), config.utc_offset_minutes);
    let params = OrderParams {
        po_number: &po.number,
        lines: &requisition.lines,
        currency: requisition.total.currency(),
        ship_to: &config.address,
        bill_to: &config.address,
        requester: state.user(&requisition.requester),
    };
    let order = order_request(&params, &stamp)?;
    let mode = if settings.site.test_mode {
        DeploymentMode::Test
    } else {
        DeploymentMode::Production
    };
    let doc = order_document(&settings.site.identities, &stamp, mode, order);
    state
        .store()
        .record_payload_id(&po.number, stamp.payload_id.as_str())
        .await?;
    let sent_at = state.clock().now();
    let outcome = match state
        .client()
        .post(&settings.order_url, &doc, Some(&po.flow_id))
        .await
    {
        Ok(sent) => match (sent.http_status, &sent.reply) {
            (Some(http), reply) => SendOutcome::from_reply(http, reply, sent_at),
            (None, ReplyClass::Transport { reason, .. }) => {
                SendOutcome::unreachable(reason, sent_at)
            }
            (None, reply) => SendOutcome::from_reply(0, reply, sent_at),
        },
        Err(err) => {
            tracing::error!(%err, "cannot write an OrderRequest");
            SendOutcome::unreachable("procsim could not write the OrderRequest", sent_at)
        }
    };
    state.store().record_send(&po.number, &outcome).await?;
    Ok(outcome)
}
