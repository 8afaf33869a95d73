//! The certification World: one per scenario, holding the supplier under
//! test (an outside one, or procsim's marketplace in an ecosystem of its
//! own) and the report of the last run.

use std::{fmt, time::Duration};

use certify::{
    CartMode, Invoices, ManualCart, Report, ScriptCart, SupplierTarget, cart::browser::Browser,
};
use service_kit::{Clock, Storage, journal::Journal};

use super::{
    person,
    supplier::{OutsideSupplier, own_marketplace},
};
use crate::support::{
    browser::Result,
    sim::{Sim, test_config},
};

/// How long certify waits for the scripted person's cart.
const CART_TIMEOUT: Duration = Duration::from_secs(30);

/// How long certify waits for the marketplace's invoice after the order.
const INVOICE_TIMEOUT: Duration = Duration::from_secs(30);

/// What the scenario certifies.
enum Supplier {
    Outside(Box<OutsideSupplier>),
    /// procsim's marketplace in an ecosystem started for this scenario.
    Own(Sim),
}

#[derive(cucumber::World)]
#[world(init = Self::start)]
pub struct CertifyWorld {
    supplier: Option<Supplier>,
    /// The report of the last certification.
    pub report: Option<Report>,
}

impl fmt::Debug for CertifyWorld {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let supplier = match &self.supplier {
            Some(Supplier::Outside(outside)) => outside.setup_url.clone(),
            Some(Supplier::Own(sim)) => sim.url("marketplace"),
            None => "stopped".to_owned(),
        };
        f.debug_struct("CertifyWorld")
            .field("supplier", &supplier)
            .field("verdict", &self.report.as_ref().map(|r| &r.verdict))
            .finish()
    }
}

impl CertifyWorld {
    async fn start() -> anyhow::Result<Self> {
        let supplier = match OutsideSupplier::from_env().map_err(anyhow::Error::msg)? {
            Some(outside) => Supplier::Outside(Box::new(outside)),
            None => Supplier::Own(
                Sim::start(test_config())
                    .await
                    .map_err(anyhow::Error::msg)?,
            ),
        };
        Ok(Self {
            supplier: Some(supplier),
            report: None,
        })
    }

    /// Stops the scenario's ecosystem, if it started one.
    pub async fn stop(&mut self) -> Result<()> {
        match self.supplier.take() {
            Some(Supplier::Own(sim)) => sim.stop().await,
            _ => Ok(()),
        }
    }

    fn supplier(&self) -> Result<&Supplier> {
        self.supplier
            .as_ref()
            .ok_or_else(|| "the scenario is over".to_owned())
    }

    /// The target for `platform`: the outside supplier as the environment
    /// describes it (its rows only, see [`super::Plan`]), or procsim's
    /// marketplace with the seeded connection of `platform`.
    fn target(&self, platform: &str, cart: CartMode) -> Result<SupplierTarget> {
        match self.supplier()? {
            Supplier::Outside(outside) if outside.profile.name == platform => {
                Ok(outside.target(cart))
            }
            Supplier::Outside(outside) => Err(format!(
                "PROCSIM_SUPPLIER_PLATFORM={} does not certify for {platform}",
                outside.platform
            )),
            Supplier::Own(sim) => {
                own_marketplace(&format!("{}/cxml", sim.url("marketplace")), platform, cart)
            }
        }
    }

    /// `procsim certify supplier --cart none` for `platform`.
    pub async fn certify_without_cart(&mut self, platform: &str) -> Result<()> {
        let target = self.target(platform, CartMode::None)?;
        self.report = Some(run(target).await?);
        Ok(())
    }

    /// `--cart manual --invoices`: the scenario's ecosystem is started
    /// again with the marketplace sending `platform`'s invoices to the
    /// inbox certify opens (on a port chosen first), as a vendor configures
    /// its system with the inbox URL procsim prints; then a person shops.
    pub async fn certify_with_invoices(&mut self, platform: &str) -> Result<()> {
        let Some(Supplier::Own(sim)) = self.supplier.take() else {
            return Err(
                "no one shops at an outside supplier here: these scenarios are \
                        tagged @cart and left out (use `procsim certify supplier --invoices`)"
                    .to_owned(),
            );
        };
        sim.stop().await?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|free| free.local_addr())
            .map_err(|e| format!("no free port for the invoice inbox: {e}"))?
            .port();
        let inbox = Some(format!("http://127.0.0.1:{port}/cxml"));
        let mut config = test_config();
        let marketplace = &mut config.connections.marketplace;
        match platform {
            "ariba" => marketplace.ariba_invoice_url = inbox,
            _ => marketplace.coupa_cxml_url = inbox,
        }
        self.supplier = Some(Supplier::Own(Sim::start(config).await?));
        let mut invoices = Invoices::new(INVOICE_TIMEOUT);
        invoices.listen = ([127, 0, 0, 1], port).into();
        self.certify_shopping(platform, Some(invoices)).await
    }

    /// `--cart manual`, a scripted person shopping at procsim's
    /// marketplace; an outside supplier has no one to shop.
    pub async fn certify_with_a_person(&mut self, platform: &str) -> Result<()> {
        self.certify_shopping(platform, None).await
    }

    async fn certify_shopping(&mut self, platform: &str, invoices: Option<Invoices>) -> Result<()> {
        let sim = match self.supplier()? {
            Supplier::Own(sim) => sim,
            Supplier::Outside(outside) => {
                let recipe = outside.recipe.clone().ok_or(
                    "no one shops at an outside supplier here without \
                     PROCSIM_SUPPLIER_CART_RECIPE: these scenarios are tagged @cart and left \
                     out (or use `procsim certify supplier --cart manual`)",
                )?;
                let browser =
                    Browser::locate().map_err(|e| format!("PROCSIM_SUPPLIER_CART_RECIPE: {e}"))?;
                let script = ScriptCart::new(recipe, browser, CART_TIMEOUT);
                let mut target = self.target(platform, CartMode::Script(script))?;
                target.invoices = invoices;
                self.report = Some(run(target).await?);
                return Ok(());
            }
        };
        let (tell, prompts) = tokio::sync::mpsc::unbounded_channel();
        let cart = CartMode::Manual(ManualCart::new(CART_TIMEOUT).telling(tell));
        let mut target = self.target(platform, cart)?;
        target.invoices = invoices;
        let shopper = tokio::spawn(person::shop(prompts, sim.url("marketplace")));
        let report = run(target).await?;
        let answered = shopper
            .await
            .map_err(|e| format!("the person's task failed: {e}"))??;
        if !answered.contains("The cart arrived") {
            return Err(format!(
                "certify's BrowserFormPost URL answered the browser with: {answered}"
            ));
        }
        self.report = Some(report);
        Ok(())
    }

    pub fn report(&self) -> Result<&Report> {
        self.report
            .as_ref()
            .ok_or_else(|| "procsim has not certified the supplier yet".to_owned())
    }
}

/// One certification, journaled in memory as `procsim certify` does
/// without `--data-dir`.
async fn run(target: SupplierTarget) -> Result<Report> {
    let clock = Clock::starting_at(jiff::Timestamp::now());
    let journal = Journal::open(&Storage::Memory, "certify", clock.clone())
        .map_err(|e| format!("cannot open the journal: {e}"))?;
    Ok(certify::certify_supplier(target, journal, clock).await)
}
