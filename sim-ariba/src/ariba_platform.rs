//! What Ariba makes of the shared buyer platform: its configured approval
//! chain, the buyer's network id on the home page, a returned cart
//! re-opened at its supplier's account (`punchout`), and purchase orders
//! sent to the supplier account of the cart's supplier with the network's
//! header habits (`network`).

use buyer_kit::{
    ApprovalChain,
    platform::{Completed, OrderRoute, PageError, Platform, Reopening, Shell},
};
use tera::Context;

use crate::{network, punchout, state::AppState};

impl Platform for AppState {
    /// The chain configured for the buyer; Ariba's has no admin page.
    fn approval_chain(&self) -> ApprovalChain {
        self.config().platform.approval_chain.clone()
    }

    /// The buyer's network id.
    fn page_context(&self, context: &mut Context) {
        context.insert("buyer", &self.config().buyer.identity);
    }

    /// At the account of the supplier the cart came from (the cart's site
    /// is the supplier's ANID).
    async fn reopen(&self, ask: Reopening<'_>) -> Result<String, PageError> {
        let Reopening {
            user,
            cart,
            operation,
        } = ask;
        let setup_url = self
            .config()
            .supplier(&cart.site)
            .map(|account| account.punchout_url.clone())
            .unwrap_or_default();
        let opening = punchout::Opening {
            supplier: &cart.site,
            supplier_setup: &setup_url,
            operation,
            cart: Some(cart),
        };
        punchout::open(self, user, opening).await
    }

    /// To the order URL of the cart's supplier's account, with the
    /// network's header habits.
    async fn order_route(&self, completed: Completed<'_>) -> Result<OrderRoute, PageError> {
        let config = self.config();
        let cart = self.store().cart(completed.requisition.cart_id).await?;
        let supplier = cart
            .as_ref()
            .and_then(|c| config.supplier(&c.site))
            .ok_or_else(|| {
                PageError::bad_request(
                    "No supplier account",
                    format!(
                        "Purchase order {} exists but the network has no account for its \
                         supplier; it was not sent.",
                        completed.po.number
                    ),
                )
            })?;
        Ok(OrderRoute {
            url: supplier.order_url.clone(),
            identities: network::identities(config, supplier),
            deployment_mode: config
                .profile
                .order_deployment_mode(&config.buyer.identity, completed.requisition.test),
        })
    }

    fn shell(&self) -> &Shell {
        AppState::shell(self)
    }
}
