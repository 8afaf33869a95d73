//! A person using the Coupa-like buyer system through their own browser:
//! sign in, punch out to the marketplace, pick a product, request approval
//! (the browser carries the cart back), submit the requisition, approve or
//! reject, read the purchase order. Every redirect is asserted.

use cxml::{CXml, doc::PunchOutOrderMessage, envelope::MessageBody, transport::decode_form};
use reqwest::{StatusCode, Url};

use super::{
    browser::{Browser, Form, Page, Result},
    catalog::Pick,
    sim::Sim,
    storefront,
};

/// The seeded Coupa users.
pub const JANE: &str = "jane@acme.test";
pub const MIA: &str = "mia@acme.test";
pub const FIN: &str = "fin@acme.test";
pub const ADMIN: &str = "admin@acme.test";

/// A signed-in Coupa user and their browser.
pub struct CoupaUser {
    pub email: String,
    pub browser: Browser,
    coupa: String,
    marketplace: String,
}

/// A punchout that reached the storefront.
#[derive(Debug)]
pub struct Punchout {
    /// The one-time StartPage URL Coupa redirected the browser to.
    pub start_page: Url,
    /// The storefront the StartPage led to.
    pub storefront: Page,
}

/// The cart as it came back through the browser.
#[derive(Debug)]
pub struct ReturnedCart {
    /// The form the marketplace's page auto-submitted.
    pub form: Form,
    /// The PunchOutOrderMessage inside that form, read with the cxml crate.
    pub message: PunchOutOrderMessage,
    /// Coupa's cart page after the return.
    pub cart: Page,
    /// The purchase's flow id, as the buyer system journaled the cart:
    /// its BuyerCookie, or the Open Buy search's flow it started from.
    flow: String,
}

impl ReturnedCart {
    /// Reads the cart `form` carried and the flow `buyer` (the buyer
    /// system's base URL) journaled it in.
    pub async fn read(buyer: &str, form: Form, cart: Page) -> Result<Self> {
        let document = cart_document(&form)?;
        let message = match document.message.map(|m| m.body) {
            Some(MessageBody::PunchOutOrderMessage(poom)) => *poom,
            _ => return Err("the cart form does not carry a PunchOutOrderMessage".to_owned()),
        };
        let flow = journaled_flow(buyer, &document.payload_id).await?;
        Ok(ReturnedCart {
            form,
            message,
            cart,
            flow,
        })
    }

    /// The purchase's flow id.
    pub fn flow(&self) -> &str {
        &self.flow
    }
}

/// The flow in which `buyer` journaled the cart `payload_id` it received,
/// asked for by its payloadID (a long run journals more carts than one
/// list holds).
async fn journaled_flow(buyer: &str, payload_id: &str) -> Result<String> {
    let url = reqwest::Url::parse_with_params(
        &format!("{buyer}/api/journal"),
        [
            ("type", "PunchOutOrderMessage"),
            ("direction", "inbound"),
            ("payload", payload_id),
        ],
    )
    .map_err(|e| e.to_string())?;
    let rows: Vec<service_kit::journal::Exchange> = reqwest::get(url.clone())
        .await
        .map_err(|e| format!("{url}: {e}"))?
        .json()
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    rows.into_iter()
        .find_map(|row| row.flow_id)
        .ok_or_else(|| format!("{buyer} journaled no cart {payload_id} with a flow"))
}

impl CoupaUser {
    /// Signs `email` in through the picker, as a person clicks "Sign in as".
    pub async fn sign_in(sim: &Sim, email: &str) -> Result<CoupaUser> {
        let coupa = sim.url("coupa");
        let browser = Browser::new(email);
        let picker = browser.get(&format!("{coupa}/signin")).await?;
        picker.expect_status(StatusCode::OK)?;
        let form = picker
            .forms()
            .into_iter()
            .find(|f| f.action.path() == "/signin" && f.field("email") == Some(email))
            .ok_or_else(|| format!("the sign-in picker does not offer {email}"))?;
        let signed = browser.submit(&form).await?;
        let home = browser.follow(&signed, StatusCode::SEE_OTHER).await?;
        home.expect_status(StatusCode::OK)?;
        if home.url.path() != "/" {
            return Err(format!("{email}: signing in led to {}", home.url));
        }
        Ok(CoupaUser {
            email: email.to_owned(),
            browser,
            coupa,
            marketplace: sim.url("marketplace"),
        })
    }

    pub fn coupa_url(&self, path: &str) -> String {
        format!("{}{path}", self.coupa)
    }

    /// Presses the punchout button on the home page: Coupa sends the
    /// PunchOutSetupRequest and answers 303 to the StartPage, which opens
    /// a marketplace session (303 to the storefront).
    pub async fn punch_out(&self) -> Result<Punchout> {
        let to_start = self.press_punchout().await?;
        let start_page = to_start.redirect_target(StatusCode::SEE_OTHER)?;
        if !start_page.as_str().starts_with(&self.marketplace) {
            return Err(format!(
                "the StartPage {start_page} is not the marketplace's"
            ));
        }
        let started = self.browser.get(start_page.as_str()).await?;
        let storefront = self.browser.follow(&started, StatusCode::SEE_OTHER).await?;
        storefront.expect_status(StatusCode::OK)?;
        Ok(Punchout {
            start_page,
            storefront,
        })
    }

    /// The punchout button's answer, whatever it is (a redirect or an
    /// error page).
    pub async fn press_punchout(&self) -> Result<Page> {
        let home = self.browser.get(&self.coupa_url("/")).await?;
        home.expect_status(StatusCode::OK)?;
        let form = home.form_to("/punchout/marketplace")?;
        self.browser.submit(&form).await
    }

    /// Opens a product page in the punchout session.
    pub async fn open_product(&self, listing_id: &str) -> Result<Page> {
        storefront::open_product(&self.browser, &self.marketplace, listing_id).await
    }

    /// Presses "Request approval" for `option` on a product page: the
    /// answer is the marketplace's auto-submitting page.
    pub async fn request_approval(&self, product: &Page, option: &str) -> Result<Page> {
        storefront::request_approval(&self.browser, product, option).await
    }

    /// Lets the auto-submitting page post the cart to Coupa's
    /// BrowserFormPost URL and follows Coupa's 303 to the cart.
    pub async fn return_cart(&self, auto_page: &Page) -> Result<ReturnedCart> {
        let (form, returned) = self.browser.submit_auto_form(auto_page).await?;
        let cart = self
            .browser
            .follow(&returned, StatusCode::SEE_OTHER)
            .await?;
        cart.expect_status(StatusCode::OK)?;
        ReturnedCart::read(&self.coupa, form, cart).await
    }

    /// Presses "Submit for approval" on the cart page; gives the
    /// requisition's id and page.
    pub async fn submit_requisition(&self, cart: &Page) -> Result<(i64, Page)> {
        let [form] = cart
            .forms_with_button("Submit for approval")
            .try_into()
            .map_err(|forms: Vec<Form>| format!("{}: {} submit buttons", cart.url, forms.len()))?;
        let submitted = self.browser.submit(&form).await?;
        let target = submitted.redirect_target(StatusCode::SEE_OTHER)?;
        let id = requisition_id(&target)?;
        let page = self.browser.get(target.as_str()).await?;
        page.expect_status(StatusCode::OK)?;
        Ok((id, page))
    }

    pub async fn requisition(&self, id: i64) -> Result<Page> {
        let page = self
            .browser
            .get(&self.coupa_url(&format!("/requisitions/{id}")))
            .await?;
        page.expect_status(StatusCode::OK)?;
        Ok(page)
    }

    /// Approves requisition `id` from its page; gives the page after.
    pub async fn approve(&self, id: i64) -> Result<Page> {
        self.decide(id, "approve").await
    }

    pub async fn reject(&self, id: i64) -> Result<Page> {
        self.decide(id, "reject").await
    }

    async fn decide(&self, id: i64, action: &str) -> Result<Page> {
        let page = self.requisition(id).await?;
        let form = page.form_to(&format!("/requisitions/{id}/{action}"))?;
        let decided = self.browser.submit(&form).await?;
        let after = self.browser.follow(&decided, StatusCode::SEE_OTHER).await?;
        after.expect_status(StatusCode::OK)?;
        Ok(after)
    }

    /// The purchase order's page.
    pub async fn order_page(&self, number: &str) -> Result<Page> {
        let page = self
            .browser
            .get(&self.coupa_url(&format!("/orders/{number}")))
            .await?;
        page.expect_status(StatusCode::OK)?;
        Ok(page)
    }

    /// The approvals inbox's requisition links.
    pub async fn approvals_inbox(&self) -> Result<Page> {
        let page = self.browser.get(&self.coupa_url("/approvals")).await?;
        page.expect_status(StatusCode::OK)?;
        Ok(page)
    }
}

/// `/requisitions/7` → 7.
fn requisition_id(url: &Url) -> Result<i64> {
    url.path()
        .strip_prefix("/requisitions/")
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| format!("{url} is not a requisition"))
}

/// The PunchOutOrderMessage a cart form carries, decoded as the buyer does.
pub fn cart_message(form: &Form) -> Result<PunchOutOrderMessage> {
    match cart_document(form)?.message.map(|m| m.body) {
        Some(MessageBody::PunchOutOrderMessage(poom)) => Ok(*poom),
        _ => Err("the cart form does not carry a PunchOutOrderMessage".to_owned()),
    }
}

/// The whole cXML document an auto-submitted cart form carries.
pub fn cart_document(form: &Form) -> Result<CXml> {
    let mut encoded = Url::parse("http://form.invalid/").map_err(|e| e.to_string())?;
    encoded.query_pairs_mut().extend_pairs(&form.fields);
    let body = encoded.query().unwrap_or("").as_bytes().to_vec();
    let payload = decode_form(&body)
        .and_then(|p| p.into_strict())
        .map_err(|e| format!("the cart form does not decode: {e}"))?;
    cxml::read::read(&payload.document)
        .map(|parsed| parsed.doc)
        .map_err(|e| format!("the cart is not readable cXML: {e}"))
}

/// A purchase run from punchout to purchase order.
#[derive(Debug)]
pub struct Purchase {
    pub flow: String,
    pub requisition: i64,
    /// The requisition's page after the last approval.
    pub decided: Page,
    pub cart: ReturnedCart,
    pub po_number: String,
    /// How the supplier took the order, as the requisition page says
    /// (`accepted`, `refused`, ...).
    pub po_outcome: String,
}

/// Jane's whole loop for `pick`: punch out, request approval, carry the
/// cart back, submit, then each approver approves in turn. The PO number
/// is read from the requisition page's link after the last approval.
pub async fn buy(requester: &CoupaUser, approvers: &[&CoupaUser], pick: &Pick) -> Result<Purchase> {
    requester.punch_out().await?;
    let product = requester.open_product(&pick.listing_id).await?;
    let auto = requester.request_approval(&product, &pick.option).await?;
    let cart = requester.return_cart(&auto).await?;
    let (requisition, _) = requester.submit_requisition(&cart.cart).await?;
    let mut decided = None;
    for approver in approvers {
        decided = Some(approver.approve(requisition).await?);
    }
    let decided = decided.ok_or("no approver")?;
    let po_link = decided
        .links()
        .into_iter()
        .find(|(_, url)| url.path().starts_with("/orders/"))
        .ok_or_else(|| format!("requisition {requisition}: no purchase order after approval"))?;
    let said = format!("Purchase order {}: ", po_link.0);
    let po_outcome = decided
        .text_of("p")
        .into_iter()
        .find_map(|p| p.strip_prefix(&said).map(str::to_owned))
        .ok_or_else(|| format!("requisition {requisition}: no line {said:?}"))?;
    Ok(Purchase {
        flow: cart.flow().to_owned(),
        requisition,
        decided,
        cart,
        po_number: po_link.0,
        po_outcome,
    })
}
