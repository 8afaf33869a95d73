//! F9 auto-approval: a Free or BYOL product its account's connection
//! pre-approves is subscribed at once from any path, a punchout of Coupa
//! or Ariba included, and the person is told it was auto-approved.

use cucumber::{given, then, when};
use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    World,
    steps::subscribe::product_named,
    support::{ariba::ARIBA_ACCOUNT, browser::Result, storefront},
};

/// Globex's account admin at the marketplace.
const GLOBEX_ADMIN: &str = "admin@globex.test";

#[given(regex = r"^Globex's admin has turned on (Free|BYOL) pre-approval on its Ariba connection$")]
async fn ariba_preapproval_on(world: &mut World, kind: String) -> Result<()> {
    let sim = world.sim()?;
    let (status, mut settings) = sim.integration_of(ARIBA_ACCOUNT, GLOBEX_ADMIN).await?;
    if status != StatusCode::OK {
        return Err(format!("Globex's admin reads the integration: {status}"));
    }
    let pointer = format!("/connections/0/{}_preapproved", kind.to_lowercase());
    let system = settings
        .pointer("/connections/0/system")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !system.eq_ignore_ascii_case("ariba") {
        return Err(format!("Globex's first connection is {system:?}"));
    }
    *settings
        .pointer_mut(&pointer)
        .ok_or_else(|| format!("no {pointer} in the settings"))? = Value::Bool(true);
    let (status, body) = sim
        .put_integration_of(ARIBA_ACCOUNT, GLOBEX_ADMIN, &settings)
        .await?;
    if status != StatusCode::OK {
        return Err(format!("the change was answered {status}: {body}"));
    }
    Ok(())
}

#[when(regex = r"^(she|he) requests approval for (a free|a BYOL) product in the punchout$")]
async fn requests_free_or_byol(world: &mut World, who: String, product: String) -> Result<()> {
    let pick = product_named(world, &format!("{product} product")).await?;
    let (browser, marketplace) = if who == "she" {
        let she = world.she()?;
        (&she.browser, world.sim()?.url("marketplace"))
    } else {
        let he = world.he()?;
        (&he.browser, world.sim()?.url("marketplace"))
    };
    let page = storefront::open_product(browser, &marketplace, &pick.listing_id).await?;
    let answer = storefront::request_approval(browser, &page, &pick.option).await?;
    world.pick = Some(pick);
    world.refused = Some(answer);
    Ok(())
}

#[then(regex = r"^the page says it was auto-approved, without (Coupa|SAP Ariba)$")]
async fn says_auto_approved(world: &mut World, system: String) -> Result<()> {
    let page = world.refused.as_ref().ok_or("nothing was asked for")?;
    page.expect_status(StatusCode::OK)?;
    let heading = format!("You are subscribed to {}", world.pick()?.name);
    if page.heading().as_deref() != Some(heading.as_str()) {
        return Err(format!("{}: headed {:?}", page.url, page.heading()));
    }
    let said = page.text_of("#auto-approved").join(" ");
    let wanted = format!("needed no requisition and no approval in {system}");
    if !said.starts_with("Auto-approved") || !said.contains(&wanted) {
        return Err(format!("the page says {said:?}"));
    }
    Ok(())
}

#[then("the punchout session is still open, the cart not sent")]
async fn session_still_open(world: &mut World) -> Result<()> {
    let page = world.refused.as_ref().ok_or("nothing was asked for")?;
    if page.auto_submit_form().is_ok() {
        return Err("the page sends a cart to the procurement system".into());
    }
    if page.text_of("section.punchout").is_empty() {
        return Err("the page shows no punchout session".into());
    }
    page.link("Continue shopping")?;
    // The session takes another request: the product page still opens in it.
    let pick = world.pick()?;
    let market = world.sim()?.url("marketplace");
    let she = world.she()?;
    let again = storefront::open_product(&she.browser, &market, &pick.listing_id).await?;
    if again.text_of("section.punchout").is_empty() {
        return Err("the session ended".into());
    }
    Ok(())
}

#[when("she goes back to Coupa with nothing to approve")]
async fn back_to_coupa(world: &mut World) -> Result<()> {
    let page = world.refused.as_ref().ok_or("nothing was asked for")?;
    let [form] = page
        .forms_with_button("Back to Coupa, nothing to approve")
        .try_into()
        .map_err(|forms: Vec<_>| format!("{} \"Back to Coupa\" buttons", forms.len()))?;
    let she = world.she()?;
    let auto = she.browser.submit(&form).await?;
    auto.expect_status(StatusCode::OK)?;
    let cart = she.return_cart(&auto).await?;
    world.cart = Some(cart);
    Ok(())
}

#[then("the marketplace tells her to request it through SAP Ariba")]
async fn through_ariba(world: &mut World) -> Result<()> {
    let page = world.refused.as_ref().ok_or("she did not subscribe")?;
    page.expect_status(StatusCode::OK)?;
    let heading = format!("Request {} through SAP Ariba", world.pick()?.name);
    if page.heading().as_deref() != Some(heading.as_str()) {
        return Err(format!("{}: headed {:?}", page.url, page.heading()));
    }
    let why = page.text_of("#why").join(" ");
    if !why.contains("as a 0.00 order") || !why.contains("Nothing was subscribed") {
        return Err(format!("the page says {why:?}"));
    }
    Ok(())
}

#[when(regex = r"^Globex's admin subscribes to (a free|a BYOL) product in the storefront$")]
async fn globex_admin_subscribes(world: &mut World, product: String) -> Result<()> {
    let pick = product_named(world, &format!("{product} product")).await?;
    let market = world.sim()?.url("marketplace");
    let admin = crate::support::browser::Browser::new(GLOBEX_ADMIN);
    let picker = admin.get(&format!("{market}/signin")).await?;
    let mut signin = picker.form_to("/signin")?;
    signin.set("email", GLOBEX_ADMIN);
    admin
        .submit(&signin)
        .await?
        .redirect_target(StatusCode::SEE_OTHER)?;
    let page = admin
        .get(&format!("{market}/products/{}", pick.listing_id))
        .await?;
    page.expect_status(StatusCode::OK)?;
    let form = page
        .forms_with_button("Subscribe")
        .into_iter()
        .find(|f| f.field("option") == Some(pick.option.as_str()))
        .ok_or_else(|| format!("{}: no Subscribe for {}", page.url, pick.option))?;
    let answer = admin.submit(&form).await?;
    world.account = ARIBA_ACCOUNT;
    world.pick = Some(pick);
    world.refused = Some(answer);
    Ok(())
}

#[when(regex = r"^(she|he) lets the page return the cart to (?:Coupa|Ariba)$")]
async fn lets_page_return(world: &mut World, who: String) -> Result<()> {
    let page = world.refused.take().ok_or("nothing was asked for")?;
    let cart = if who == "she" {
        world.she()?.return_cart(&page).await?
    } else {
        world.he()?.return_cart(&page).await?
    };
    world.cart = Some(cart);
    Ok(())
}
