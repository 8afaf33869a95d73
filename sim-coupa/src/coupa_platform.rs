//! What Coupa makes of the shared buyer platform: the approval chain an
//! admin edits, the punchout site's name on the home and cart pages, a
//! returned cart re-opened at the site (`punchout`), and purchase orders
//! sent to the site's order URL with its credentials.

use buyer_kit::{
    ApprovalChain, PurchaseOrder, StoredCart, StoredRequisition, User,
    platform::{OrderRoute, PageError, Platform, Shell},
};
use cxml::doc::PunchOutOperation;
use tera::Context;

use crate::{punchout, state::AppState};

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

    /// At the site, the one supplier Coupa punches out to.
    async fn reopen(
        &self,
        user: &User,
        cart: &StoredCart,
        operation: PunchOutOperation,
    ) -> Result<String, PageError> {
        let site = self.settings().site.name;
        punchout::open(self, user, &site, operation, Some(cart), None).await
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
