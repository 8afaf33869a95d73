//! What an admin may change while Coupa runs: the punchout site, the
//! order URL and the approval chain. The configuration gives the first
//! value; `admin_changes` the changes made since.

use buyer_kit::ApprovalChain;

use crate::config::{CoupaConfig, PunchoutSite};

/// What an admin may change while the service runs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub site: PunchoutSite,
    pub order_url: String,
    pub chain: ApprovalChain,
}

impl Settings {
    /// The settings as configured at startup.
    pub(crate) fn from_config(config: &CoupaConfig) -> Self {
        Settings {
            site: config.punchout_site.clone(),
            order_url: config.order_url.clone(),
            chain: config.platform.approval_chain.clone(),
        }
    }
}
