//! What Coupa makes of the shared buyer platform: the approval chain an
//! admin edits, the punchout site's name on the home and cart pages, and
//! purchase orders sent to the site's order URL with its credentials.

use buyer_kit::{
    ApprovalChain, PurchaseOrder, StoredRequisition,
    platform::{OrderRoute, PageError, Platform, Shell},
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

    fn page_context(&self, context: &mut Context) {
        context.insert("site_name", &self.settings().site.name);
    }

    /// To the site's order URL with the site's identities (in Coupa's
    /// test mode as `deploymentMode="test"`).
    async fn order_route(
        &self,
        _po: &PurchaseOrder,
        _requisition: &StoredRequisition,
    ) -> Result<OrderRoute, PageError> {
        let settings = self.settings();
        Ok(OrderRoute {
            deployment_mode: settings.site.deployment_mode(),
            url: settings.order_url,
            identities: settings.site.identities,
        })
    }
}
