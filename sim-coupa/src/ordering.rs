//! Sends the OrderRequest of a purchase order (F5) with Coupa's header
//! (the site's identities and UserAgent) to the configured order URL;
//! buyer-kit's `exchange::ordering` builds, posts, journals and records it.

use buyer_kit::{
    PurchaseOrder, SendOutcome, StoredRequisition,
    exchange::{OrderChannel, send_order as send},
    order_request::OrderParams,
};
use cxml::envelope::DeploymentMode;

use crate::state::AppState;

/// Builds, sends and records the OrderRequest for `po`.
pub async fn send_order(
    state: &AppState,
    po: &PurchaseOrder,
    requisition: &StoredRequisition,
) -> Result<SendOutcome, buyer_kit::BuyerError> {
    let settings = state.settings();
    let config = state.config();
    let channel = OrderChannel {
        url: &settings.order_url,
        identities: &settings.site.identities,
        deployment_mode: if settings.site.test_mode {
            DeploymentMode::Test
        } else {
            DeploymentMode::Production
        },
        utc_offset_minutes: config.utc_offset_minutes,
    };
    let params = OrderParams {
        po_number: &po.number,
        lines: &requisition.lines,
        currency: requisition.total.currency(),
        ship_to: &config.address,
        bill_to: &config.address,
        requester: state.user(&requisition.requester),
    };
    send(
        state.client(),
        state.store(),
        state.clock(),
        channel,
        &params,
        &po.flow_id,
    )
    .await
}
