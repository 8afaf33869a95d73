//! What Ariba makes of the shared buyer platform: its configured approval
//! chain, the buyer's network id on the home page, and purchase orders
//! sent to the supplier account of the cart's supplier with the network's
//! header habits (`network`).

use buyer_kit::{
    ApprovalChain, PurchaseOrder, StoredRequisition,
    exchange::{OrderChannel, send_order},
    platform::{PageError, Platform, Shell},
};
use tera::Context;

use crate::{network, state::AppState};

impl Platform for AppState {
    fn shell(&self) -> &Shell {
        AppState::shell(self)
    }

    fn approval_chain(&self) -> ApprovalChain {
        self.config().approval_chain.clone()
    }

    fn home(&self, context: &mut Context) {
        context.insert("buyer", &self.config().buyer.identity);
    }

    async fn send_order(
        &self,
        po: &PurchaseOrder,
        requisition: &StoredRequisition,
    ) -> Result<(), PageError> {
        let config = self.config();
        let cart = self.store().cart(requisition.cart_id).await?;
        let supplier = cart
            .as_ref()
            .and_then(|c| config.supplier(&c.site))
            .ok_or_else(|| {
                PageError::bad_request(
                    "No supplier account",
                    format!(
                        "Purchase order {} exists but the network has no account for its \
                         supplier; it was not sent.",
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
        let params = self.shell().order_params(po, requisition);
        send_order(
            self.client(),
            self.store(),
            self.clock(),
            channel,
            &params,
            &po.flow_id,
        )
        .await?;
        Ok(())
    }
}
