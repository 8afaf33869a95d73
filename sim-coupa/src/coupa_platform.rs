//! What Coupa makes of the shared buyer platform: the approval chain an
//! admin edits, the punchout site's name on the home and cart pages, and
//! purchase orders sent to the site's order URL with its credentials.

use buyer_kit::{
    ApprovalChain, PurchaseOrder, StoredRequisition,
    exchange::{OrderChannel, send_order},
    platform::{PageError, Platform, Shell},
};
use tera::Context;

use crate::state::AppState;

impl Platform for AppState {
    fn shell(&self) -> &Shell {
        AppState::shell(self)
    }

    fn approval_chain(&self) -> ApprovalChain {
        self.settings().chain
    }

    fn home(&self, context: &mut Context) {
        context.insert("site_name", &self.settings().site.name);
    }

    fn cart_page(&self, context: &mut Context) {
        context.insert("site_name", &self.settings().site.name);
    }

    /// To the site's order URL with the site's identities (in Coupa's
    /// test mode as `deploymentMode="test"`); buyer-kit builds, posts,
    /// journals and records it.
    async fn send_order(
        &self,
        po: &PurchaseOrder,
        requisition: &StoredRequisition,
    ) -> Result<(), PageError> {
        let settings = self.settings();
        let shell = self.shell();
        let channel = OrderChannel {
            url: &settings.order_url,
            identities: &settings.site.identities,
            deployment_mode: settings.site.deployment_mode(),
            utc_offset_minutes: shell.utc_offset_minutes,
        };
        let params = shell.order_params(po, requisition);
        send_order(
            &shell.client,
            &shell.store,
            &shell.clock,
            channel,
            &params,
            &po.flow_id,
        )
        .await?;
        Ok(())
    }
}
