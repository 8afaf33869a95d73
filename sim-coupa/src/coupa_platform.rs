//! What Coupa makes of the shared buyer platform: the approval chain an
//! admin edits, the punchout site's name on the home and cart pages, a
//! returned cart re-opened at the site (`punchout`), and purchase orders
//! sent to the site's order URL with its credentials.

use buyer_kit::{
    ApprovalChain,
    platform::{Completed, OrderRoute, PageError, Platform, Reopening, Shell},
};
use tera::Context;

use crate::{punchout, state::AppState};

impl Platform for AppState {
    /// The chain as an admin last saved it on the setup pages.
    fn approval_chain(&self) -> ApprovalChain {
        self.settings().chain
    }

    /// The punchout site's name.
    fn page_context(&self, context: &mut Context) {
        context.insert("site_name", &self.settings().site.name);
    }

    /// At the site, the one supplier Coupa punches out to.
    async fn reopen(&self, ask: Reopening<'_>) -> Result<String, PageError> {
        let site = self.settings().site.name;
        punchout::open(self, ask.user, &site, ask.operation, Some(ask.cart), None).await
    }

    /// To the site's order URL with the site's identities, as a test
    /// when the cart was filled in a test punchout (the site's test mode
    /// then), else as Coupa's profile writes orders.
    async fn order_route(&self, completed: Completed<'_>) -> Result<OrderRoute, PageError> {
        let settings = self.settings();
        Ok(OrderRoute {
            deployment_mode: self.config().profile.order_deployment_mode(
                &settings.site.identities.from.identity,
                completed.requisition.test,
            ),
            url: settings.order_url,
            identities: settings.site.identities,
        })
    }

    fn shell(&self) -> &Shell {
        AppState::shell(self)
    }
}
