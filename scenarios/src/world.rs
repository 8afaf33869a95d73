//! The World: one per scenario, owning its own ecosystem (free ports,
//! memory, the small catalog), the people signed in so far and what the
//! scenario has done. Steps read and write it; nothing is shared between
//! scenarios, so they run concurrently.

use std::{collections::HashMap, fmt};

use reqwest::StatusCode;

use crate::steps::{private_marketplace::Approved, punchout_refusal::StartPages, search::OpenBuy};
use crate::support::{
    ariba::{AribaUser, FAY, MO, SAM},
    billing::FpsOffer,
    browser::{Page, Result},
    catalog::{Found, Pick},
    coupa::{ADMIN, CoupaUser, FIN, JANE, MIA, Punchout, ReturnedCart},
    offers::Offer,
    sim::{COUPA_ACCOUNT, CxmlReply, Sim, test_config},
};

/// Coupa's seeded finance threshold: 5,000.00 USD, in cents.
pub const FINANCE_THRESHOLD_CENTS: i64 = 500_000;

#[derive(cucumber::World)]
#[world(init = Self::start)]
pub struct ProcsimWorld {
    sim: Option<Sim>,
    users: HashMap<&'static str, CoupaUser>,
    ariba_users: HashMap<&'static str, AribaUser>,
    /// The marketplace account the scenario buys for (Coupa's by default).
    pub account: &'static str,
    /// Who "he" is: the last Ariba user a step named.
    pub ariba_requester: Option<&'static str>,
    /// Who "she" is: the last person a step named.
    pub requester: Option<&'static str>,
    pub punchout: Option<Punchout>,
    /// The page a refused or failed action answered with.
    pub refused: Option<Page>,
    pub pick: Option<Pick>,
    pub cart: Option<ReturnedCart>,
    pub requisition: Option<i64>,
    /// The requisition's page after the last submission or decision.
    pub requisition_page: Option<Page>,
    /// Replies to cXML posted as a partner: (HTTP status, cXML status).
    pub deliveries: Vec<(StatusCode, u16)>,
    /// The integration settings before an attempted change, and the answer.
    pub integration_before: Option<serde_json::Value>,
    pub integration_reply: Option<(StatusCode, serde_json::Value)>,
    /// The FPS private offer bought, with its installment dates (SPEC F7).
    pub fps_offer: Option<FpsOffer>,
    /// Coupa's answers to invoices posted to it as a supplier: (cXML
    /// status, text).
    pub invoice_replies: Vec<(u16, String)>,
    /// Coupa's Open Buy search (F3), the private marketplace (F13) and
    /// refused punchouts (F2), as each steps module keeps them.
    pub open_buy: OpenBuy,
    pub private: Approved,
    pub start_pages: StartPages,
    /// The listing a step chose by its type, and its product page.
    pub listing: Option<Found>,
    pub product_page: Option<Page>,
    /// The private offer the scenario buys, as last read.
    pub offer: Option<Offer>,
    /// The seller's last answer from the offers API.
    pub seller_reply: Option<(StatusCode, serde_json::Value)>,
    /// The marketplace's answer to the last document posted as a partner.
    pub reply: Option<CxmlReply>,
    /// Where the marketplace sent the last subscriber (Coupa's page).
    pub landing: Option<Page>,
    /// The marketplace's "Sign in as" page, as the last sign-in saw it.
    pub sign_in_page: Option<Page>,
}

impl fmt::Debug for ProcsimWorld {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProcsimWorld")
            .field(
                "marketplace",
                &self.sim.as_ref().map(|s| s.url("marketplace")),
            )
            .field("signed_in", &self.users.keys().collect::<Vec<_>>())
            .field("pick", &self.pick)
            .field("requisition", &self.requisition)
            .field("deliveries", &self.deliveries)
            .finish_non_exhaustive()
    }
}

/// A person named in a step, as the seeded Coupa user they are.
pub fn email_of(name: &str) -> Result<&'static str> {
    Ok(match name {
        "Jane" => JANE,
        "Mia" | "the manager" => MIA,
        "Fin" | "finance" => FIN,
        "Ada" | "the Coupa admin" => ADMIN,
        other => return Err(format!("no seeded Coupa user is called {other:?}")),
    })
}

/// A person named in a step, as the seeded Ariba user they are.
pub fn ariba_email_of(name: &str) -> Result<&'static str> {
    Ok(match name {
        "Sam" => SAM,
        "Mo" => MO,
        "Fay" => FAY,
        other => return Err(format!("no seeded Ariba user is called {other:?}")),
    })
}

impl ProcsimWorld {
    async fn start() -> anyhow::Result<Self> {
        let sim = Sim::start(test_config())
            .await
            .map_err(anyhow::Error::msg)?;
        Ok(ProcsimWorld {
            sim: Some(sim),
            users: HashMap::new(),
            ariba_users: HashMap::new(),
            account: COUPA_ACCOUNT,
            ariba_requester: None,
            requester: None,
            punchout: None,
            refused: None,
            pick: None,
            cart: None,
            requisition: None,
            requisition_page: None,
            deliveries: Vec::new(),
            integration_before: None,
            integration_reply: None,
            fps_offer: None,
            invoice_replies: Vec::new(),
            open_buy: OpenBuy::default(),
            private: Approved::default(),
            start_pages: StartPages::default(),
            listing: None,
            product_page: None,
            offer: None,
            seller_reply: None,
            reply: None,
            landing: None,
            sign_in_page: None,
        })
    }

    /// The scenario's running ecosystem.
    pub fn sim(&self) -> Result<&Sim> {
        self.sim
            .as_ref()
            .ok_or_else(|| "the ecosystem has been stopped".to_owned())
    }

    /// Stops the ecosystem and starts another with `config`, for a
    /// scenario that needs a start other than the default.
    pub async fn restart_with(&mut self, config: procsim::EcosystemConfig) -> Result<()> {
        self.stop().await?;
        self.sim = Some(Sim::start(config).await?);
        Ok(())
    }

    /// Stops the ecosystem; called once the scenario is over.
    pub async fn stop(&mut self) -> Result<()> {
        match self.sim.take() {
            Some(sim) => sim.stop().await,
            None => Ok(()),
        }
    }

    /// `name` signed in to Coupa in their own browser (signed in the first
    /// time they are named).
    pub async fn user(&mut self, name: &str) -> Result<&CoupaUser> {
        let email = email_of(name)?;
        if !self.users.contains_key(email) {
            let user = CoupaUser::sign_in(self.sim()?, email).await?;
            self.users.insert(email, user);
        }
        self.users
            .get(email)
            .ok_or_else(|| format!("{email} is not signed in"))
    }

    /// `name` signed in to Ariba in their own browser.
    pub async fn ariba_user(&mut self, name: &str) -> Result<&AribaUser> {
        let email = ariba_email_of(name)?;
        if !self.ariba_users.contains_key(email) {
            let user = AribaUser::sign_in(self.sim()?, email).await?;
            self.ariba_users.insert(email, user);
        }
        self.ariba_users
            .get(email)
            .ok_or_else(|| format!("{email} is not signed in"))
    }

    /// The Ariba user "he" refers to.
    pub fn he(&self) -> Result<&AribaUser> {
        let email = self
            .ariba_requester
            .ok_or("no Ariba user has been named yet")?;
        self.ariba_users
            .get(email)
            .ok_or_else(|| format!("{email} is not signed in"))
    }

    /// `name`, who must already be signed in.
    pub fn signed(&self, name: &str) -> Result<&CoupaUser> {
        let email = email_of(name)?;
        self.users
            .get(email)
            .ok_or_else(|| format!("{email} is not signed in"))
    }

    /// The person "she" refers to.
    pub fn she(&self) -> Result<&CoupaUser> {
        let email = self.requester.ok_or("no one has been named yet")?;
        self.users
            .get(email)
            .ok_or_else(|| format!("{email} is not signed in"))
    }

    pub fn pick(&self) -> Result<&Pick> {
        self.pick
            .as_ref()
            .ok_or_else(|| "no product was chosen".to_owned())
    }

    pub fn cart(&self) -> Result<&ReturnedCart> {
        self.cart
            .as_ref()
            .ok_or_else(|| "no cart came back to Coupa".to_owned())
    }

    pub fn requisition(&self) -> Result<i64> {
        self.requisition
            .ok_or_else(|| "no requisition was submitted".to_owned())
    }

    pub fn listing(&self) -> Result<&Found> {
        self.listing
            .as_ref()
            .ok_or_else(|| "no listing was chosen".to_owned())
    }

    pub fn offer(&self) -> Result<&Offer> {
        self.offer
            .as_ref()
            .ok_or_else(|| "no private offer was chosen".to_owned())
    }

    pub fn requisition_page(&self) -> Result<&Page> {
        self.requisition_page
            .as_ref()
            .ok_or_else(|| "no requisition page was seen".to_owned())
    }
}
