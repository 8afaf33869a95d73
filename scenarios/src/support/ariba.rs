//! A person using the Ariba-like buyer system through their own browser:
//! sign in, find the marketplace's PunchOut item in the catalog, punch out
//! (level 1), carry the cart back, submit and approve the requisition.

use reqwest::StatusCode;
use scraper::Selector;

use super::{
    browser::{Browser, Page, Result},
    coupa::ReturnedCart,
    sim::Sim,
    storefront,
};

/// The seeded Ariba users: a requester and the two approvers.
pub const SAM: &str = "sam@globex.test";
pub const MO: &str = "mo@globex.test";
pub const FAY: &str = "fay@globex.test";
/// The account the seeded Ariba connection buys for, and its mail.
pub const ARIBA_ACCOUNT: &str = "acct-ariba-001";
pub const ARIBA_ACCOUNT_MAIL: &str = "buyer@globex.test";
/// The marketplace's Ariba Network id, shown on its PunchOut item.
pub const MARKETPLACE_ANID: &str = "AN01000000999";
/// How many redirects one click may take (punchout: StartPage, storefront).
const HOPS: usize = 4;

/// A signed-in Ariba user and their browser.
pub struct AribaUser {
    pub email: String,
    pub browser: Browser,
    ariba: String,
    marketplace: String,
}

impl AribaUser {
    /// Signs `email` in through the picker.
    pub async fn sign_in(sim: &Sim, email: &str) -> Result<AribaUser> {
        let ariba = sim.url("ariba");
        let browser = Browser::new(email);
        let picker = browser.get(&format!("{ariba}/signin")).await?;
        picker.expect_status(StatusCode::OK)?;
        let form = picker
            .forms()
            .into_iter()
            .find(|f| f.action.path() == "/signin" && f.field("email") == Some(email))
            .ok_or_else(|| format!("Ariba's sign-in picker does not offer {email}"))?;
        let signed = browser.submit(&form).await?;
        browser
            .follow_all(signed, HOPS)
            .await?
            .expect_status(StatusCode::OK)?;
        Ok(AribaUser {
            email: email.to_owned(),
            browser,
            ariba,
            marketplace: sim.url("marketplace"),
        })
    }

    pub fn ariba_url(&self, path: &str) -> String {
        format!("{}{path}", self.ariba)
    }

    /// Presses PunchOut on the marketplace's item in Ariba's catalog and
    /// follows the redirects to the storefront.
    pub async fn punch_out_from_catalog(&self) -> Result<Page> {
        let pressed = self.press_punchout().await?;
        let storefront = self.browser.follow_all(pressed, HOPS).await?;
        storefront.expect_status(StatusCode::OK)?;
        if !storefront.url.as_str().starts_with(&self.marketplace) {
            return Err(format!("the punchout led to {}", storefront.url));
        }
        Ok(storefront)
    }

    /// Presses PunchOut on the marketplace's item in Ariba's catalog; gives
    /// Ariba's answer, whatever it is (a redirect to the StartPage or an
    /// error page).
    pub async fn press_punchout(&self) -> Result<Page> {
        let catalog = self.browser.get(&self.ariba_url("/catalog")).await?;
        catalog.expect_status(StatusCode::OK)?;
        let rows = catalog.text_of("tr.catalog-item");
        let row = rows
            .iter()
            .position(|r| r.contains(MARKETPLACE_ANID))
            .ok_or_else(|| format!("the marketplace's PunchOut item is not listed: {rows:?}"))?;
        let buttons = catalog.forms_with_button("PunchOut");
        let form = buttons
            .get(row)
            .ok_or_else(|| format!("catalog row {row} has no PunchOut button"))?;
        self.browser.submit(form).await
    }

    pub async fn open_product(&self, listing_id: &str) -> Result<Page> {
        storefront::open_product(&self.browser, &self.marketplace, listing_id).await
    }

    pub async fn request_approval(&self, product: &Page, option: &str) -> Result<Page> {
        storefront::request_approval(&self.browser, product, option).await
    }

    /// Lets the auto-submitting page post the cart to Ariba and follows
    /// Ariba's redirect to its cart.
    pub async fn return_cart(&self, auto_page: &Page) -> Result<ReturnedCart> {
        let (form, returned) = self.browser.submit_auto_form(auto_page).await?;
        let cart = self.browser.follow_all(returned, HOPS).await?;
        cart.expect_status(StatusCode::OK)?;
        ReturnedCart::read(&self.ariba, form, cart).await
    }

    /// Submits the cart; gives the requisition's page.
    pub async fn submit_requisition(&self, cart: &Page) -> Result<Page> {
        let form = cart
            .forms()
            .into_iter()
            .find(|f| f.action.path().ends_with("/submit"))
            .ok_or_else(|| format!("{}: the cart cannot be submitted", cart.url))?;
        let submitted = self.browser.submit(&form).await?;
        let page = self.browser.follow_all(submitted, HOPS).await?;
        page.expect_status(StatusCode::OK)?;
        if !page.url.path().starts_with("/requisitions/") {
            return Err(format!("submitting the cart led to {}", page.url));
        }
        Ok(page)
    }

    /// Approves the requisition at `url`; gives the page after.
    pub async fn approve(&self, url: &str) -> Result<Page> {
        let page = self.browser.get(url).await?;
        page.expect_status(StatusCode::OK)?;
        let form = page
            .forms()
            .into_iter()
            .find(|f| f.action.path().ends_with("/approve"))
            .ok_or_else(|| format!("{}: {} cannot approve", page.url, self.email))?;
        let decided = self.browser.submit(&form).await?;
        let after = self.browser.follow_all(decided, HOPS).await?;
        after.expect_status(StatusCode::OK)?;
        Ok(after)
    }

    /// How the supplier took purchase order `number`, as its page says.
    pub async fn order_outcome(&self, number: &str) -> Result<String> {
        let page = self
            .browser
            .get(&self.ariba_url(&format!("/orders/{number}")))
            .await?;
        page.expect_status(StatusCode::OK)?;
        let selector = Selector::parse("#po-outcome").map_err(|e| e.to_string())?;
        let html = page.html();
        html.select(&selector)
            .next()
            .and_then(|e| e.value().attr("data-outcome"))
            .map(str::to_owned)
            .ok_or_else(|| format!("{}: no outcome", page.url))
    }
}
