//! What happens after a requisition is submitted or decided: when the chain
//! is complete the PO exists and its OrderRequest is sent at once; a
//! rejected or still-pending requisition sends nothing.

use buyer_kit::{BuyerError, Decided};

use crate::{ordering::send_order, state::AppState};

pub async fn after_decision(state: &AppState, decided: Decided) -> Result<(), BuyerError> {
    if let Some(po) = &decided.purchase_order {
        send_order(state, po, &decided.requisition).await?;
    }
    Ok(())
}
