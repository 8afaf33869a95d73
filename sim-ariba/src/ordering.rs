//! What follows a submission or an approval decision: once the chain is
//! complete the PO exists (numbered `EP-000001`, …) and its OrderRequest
//! goes at once to the supplier account's order URL, with the same header
//! habits as the punchout; the result is recorded on the PO. A rejected
//! or still-pending requisition sends nothing.

use buyer_kit::{
    Decided,
    exchange::{OrderChannel, send_order},
    order_request::OrderParams,
};

use crate::{network, pages::PageError, state::AppState};

pub async fn after_decision(state: &AppState, decided: Decided) -> Result<(), PageError> {
    let Some(po) = &decided.purchase_order else {
        return Ok(());
    };
    let requisition = &decided.requisition;
    let config = state.config();
    let cart = state.store().cart(requisition.cart_id).await?;
    let supplier = cart
        .as_ref()
        .and_then(|c| config.supplier(&c.site))
        .ok_or_else(|| {
            PageError::bad_request(
                "No supplier account",
                format!(
                    "Purchase order {} exists but the network has no account for its supplier; it was not sent.",
                    po.number
                ),
            )
        })?;
    let identities = network::identities(config, supplier);
    let channel = OrderChannel {
        url: &supplier.order_url,
        identities: &identities,
        deployment_mode: network::deployment_mode(config),
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
    send_order(
        state.client(),
        state.store(),
        state.clock(),
        channel,
        &params,
        &po.flow_id,
    )
    .await?;
    Ok(())
}
