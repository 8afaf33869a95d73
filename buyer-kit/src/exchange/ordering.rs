//! Sends the OrderRequest of a purchase order (F5) and records the result on
//! the PO: the cXML status code and text, the HTTP status, and for a reply
//! without valid cXML a transient transport error. Sending goes through
//! service-kit's `CxmlClient`, which journals the exchange under the
//! purchase's flow id.

use cxml::{envelope::DeploymentMode, status_code::ReplyClass};
use service_kit::{Clock, cxml_http::CxmlClient};

use crate::{
    BuyerError, BuyerStore, SendOutcome,
    order_request::{OrderParams, order_document, order_request},
    parties::Identities,
    setup_request::Stamp,
};

/// Where and as whom a platform sends its orders.
#[derive(Debug, Clone, Copy)]
pub struct OrderChannel<'a> {
    /// The supplier's cXML URL.
    pub url: &'a str,
    /// The header: the platform's own habits (credentials, user agent).
    pub identities: &'a Identities,
    pub deployment_mode: DeploymentMode,
    /// The offset written in timestamps (minutes east of UTC).
    pub utc_offset_minutes: i32,
}

/// Builds the OrderRequest of `params.po_number`, records its payloadID,
/// posts it with `flow_id` and records what came back.
pub async fn send_order(
    client: &CxmlClient,
    store: &BuyerStore,
    clock: &Clock,
    channel: OrderChannel<'_>,
    params: &OrderParams<'_>,
    flow_id: &str,
) -> Result<SendOutcome, BuyerError> {
    let stamp = Stamp::at(clock.now(), channel.utc_offset_minutes);
    let order = order_request(params, &stamp)?;
    let doc = order_document(channel.identities, &stamp, channel.deployment_mode, order);
    store
        .record_payload_id(params.po_number, stamp.payload_id.as_str())
        .await?;
    let sent_at = clock.now();
    let outcome = match client.post(channel.url, &doc, Some(flow_id)).await {
        Ok(sent) => match (sent.http_status, &sent.reply) {
            (Some(http), reply) => {
                SendOutcome::from_reply(http, reply, &sent.reply_findings, sent_at)
            }
            (None, ReplyClass::Transport { reason, .. }) => {
                SendOutcome::unreachable(reason, sent_at)
            }
            (None, reply) => SendOutcome::from_reply(0, reply, &sent.reply_findings, sent_at),
        },
        Err(err) => {
            tracing::error!(%err, "cannot write an OrderRequest");
            SendOutcome::unreachable("procsim could not write the OrderRequest", sent_at)
        }
    };
    store.record_send(params.po_number, &outcome).await?;
    Ok(outcome)
}
