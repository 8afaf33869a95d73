//! F9 auto-approval: a Free or BYOL product its account's connection
//! pre-approves is subscribed at once from any path, a punchout of Coupa
//! or Ariba and Coupa's Open Buy search included, and the person is told
//! it was auto-approved: by the marketplace's page, and by the buyer's
//! cart once they go back (the marketplace names its own order there).

use cucumber::{given, then, when};
use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    World,
    steps::{cart, search, subscribe::product_named},
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
    press_on_free_or_byol(world, &who, &product, false).await
}

/// With pre-approval on, the product page's button says what it does.
#[when(regex = r"^(she|he) presses Subscribe at once on (a free|a BYOL) product in the punchout$")]
async fn subscribes_free_or_byol(world: &mut World, who: String, product: String) -> Result<()> {
    press_on_free_or_byol(world, &who, &product, true).await
}

async fn press_on_free_or_byol(
    world: &mut World,
    who: &str,
    product: &str,
    preapproved: bool,
) -> Result<()> {
    let pick = product_named(world, &format!("{product} product")).await?;
    let (browser, marketplace) = if who == "she" {
        let she = world.she()?;
        (&she.browser, world.sim()?.url("marketplace"))
    } else {
        let he = world.he()?;
        (&he.browser, world.sim()?.url("marketplace"))
    };
    let page = storefront::open_product(browser, &marketplace, &pick.listing_id).await?;
    let answer = if preapproved {
        storefront::subscribe_at_once(browser, &page, &pick.option).await?
    } else {
        storefront::request_approval(browser, &page, &pick.option).await?
    };
    world.pick = Some(pick);
    world.refused = Some(answer);
    Ok(())
}

#[then(regex = r"^the page says it was auto-approved, without (Coupa|SAP Ariba)$")]
async fn says_auto_approved(world: &mut World, system: String) -> Result<()> {
    let heading = format!("You are subscribed to {}", world.pick()?.name);
    says_subscribed(world, &heading, &system)
}

/// In test mode the marketplace records the order and says so, with the
/// same reason it needed no approval.
#[then(
    regex = r"^the page says a test subscription was recorded, auto-approved without (Coupa|SAP Ariba)$"
)]
async fn says_test_recorded(world: &mut World, system: String) -> Result<()> {
    let heading = format!("Test subscription to {} recorded", world.pick()?.name);
    says_subscribed(world, &heading, &system)
}

/// The page the subscription answered with is headed `heading` and says it
/// needed no approval in `system`.
fn says_subscribed(world: &World, heading: &str, system: &str) -> Result<()> {
    let page = world.refused.as_ref().ok_or("nothing was asked for")?;
    page.expect_status(StatusCode::OK)?;
    if page.heading().as_deref() != Some(heading) {
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

#[when(regex = r"^(she|he) goes back to (Coupa|SAP Ariba) with nothing to approve$")]
async fn back_with_nothing(world: &mut World, who: String, system: String) -> Result<()> {
    let page = world.refused.as_ref().ok_or("nothing was asked for")?;
    let button = format!("Back to {system}, nothing to approve");
    let [form] = page
        .forms_with_button(&button)
        .try_into()
        .map_err(|forms: Vec<_>| format!("{} {button:?} buttons", forms.len()))?;
    let cart = cart::press_and_return(world, &form, who == "he").await?;
    world.cart = Some(cart);
    Ok(())
}

/// The buyer's cart after the person went back with nothing to approve:
/// the marketplace's cart named the subscription's own order
/// (`SupplierOrderInfo`), and the buyer's page says the product was
/// subscribed at once, not that the punchout was cancelled.
#[then(
    regex = r"^(?:Coupa|Ariba)'s cart says (?:she|he) was subscribed at once, naming the marketplace's order$"
)]
async fn cart_says_subscribed(world: &mut World) -> Result<()> {
    let pick = world.pick()?;
    let agreements = world.sim()?.agreements(world.account).await?;
    let agreement = agreements
        .iter()
        .find(|a| a.listing_id == pick.listing_id && a.source == "subscription")
        .ok_or_else(|| {
            format!(
                "no subscription to {} among {agreements:?}",
                pick.listing_id
            )
        })?;
    let returned = world.cart()?;
    let named = returned
        .message
        .header
        .supplier_order_info
        .as_ref()
        .map(|order| order.order_id.as_str());
    if named != Some(agreement.order_payload_id.as_str()) {
        return Err(format!(
            "the cart names order {named:?}, the subscription is {}",
            agreement.order_payload_id
        ));
    }
    let page = &returned.cart;
    let note = page.text_of("#cart-note").join(" ");
    if !note.starts_with("Subscribed at once") || !note.contains(&agreement.order_payload_id) {
        return Err(format!("{}: the cart's note reads {note:?}", page.url));
    }
    if page.url.query().is_some() || page.body.contains("cancelled") {
        return Err(format!("{} says the punchout was cancelled", page.url));
    }
    if !page.table_rows("table").is_empty() {
        return Err(format!("the cart holds {:?}", page.table_rows("table")));
    }
    Ok(())
}

/// A test-mode cart names the test order the marketplace recorded, and the
/// buyer's note says it was a test with no subscription, not "cancelled".
#[then(
    "Coupa's cart says the marketplace recorded a test order, naming it, not that the punchout was cancelled"
)]
async fn cart_says_test_order(world: &mut World) -> Result<()> {
    let returned = world.cart()?;
    let named = returned
        .message
        .header
        .supplier_order_info
        .as_ref()
        .map(|order| order.order_id.clone())
        .filter(|id| !id.is_empty())
        .ok_or("the cart names no supplier order")?;
    let page = &returned.cart;
    let note = page.text_of("#cart-note").join(" ");
    if !note.starts_with("A test:") || !note.contains(&named) || !note.contains("no subscription") {
        return Err(format!("{}: the cart's note reads {note:?}", page.url));
    }
    if page.url.query().is_some() || page.body.contains("cancelled") {
        return Err(format!("{} says the punchout was cancelled", page.url));
    }
    Ok(())
}

/// Nothing went through Coupa's approval: no requisition, no purchase
/// order, no OrderRequest sent.
#[then("Coupa has no requisition and no purchase order")]
async fn nothing_through_coupa(world: &mut World) -> Result<()> {
    let she = world.she()?;
    for path in ["/requisitions", "/orders"] {
        let page = she.browser.get(&she.coupa_url(path)).await?;
        page.expect_status(StatusCode::OK)?;
        let rows = page.table_rows("table");
        if !rows.is_empty() {
            return Err(format!("Coupa's {path} lists {rows:?}"));
        }
    }
    let sent = world
        .sim()?
        .journal("coupa", None, Some("OrderRequest"))
        .await?;
    if !sent.is_empty() {
        return Err(format!("Coupa sent {} OrderRequests", sent.len()));
    }
    Ok(())
}

#[when(expr = "{word} searches Coupa for a free product")]
async fn searches_for_free(world: &mut World, name: String) -> Result<()> {
    let pick = product_named(world, "a free product").await?;
    search::search(world, &name, &pick.name).await?;
    world.pick = Some(pick);
    Ok(())
}

/// Presses Request approval on the product page the Open Buy punchout
/// landed on; the marketplace's answer is kept whatever it is.
#[when("she requests approval for it on the product page she landed on")]
async fn requests_where_landed(world: &mut World) -> Result<()> {
    press_where_landed(world, false).await
}

/// The same, where pre-approval makes the button "Subscribe at once".
#[when("she presses Subscribe at once on the product page she landed on")]
async fn subscribes_where_landed(world: &mut World) -> Result<()> {
    press_where_landed(world, true).await
}

async fn press_where_landed(world: &mut World, preapproved: bool) -> Result<()> {
    let landed = world
        .open_buy
        .landed
        .as_ref()
        .ok_or("no result was chosen in Coupa")?;
    landed.expect_status(StatusCode::OK)?;
    let option = &world.pick()?.option;
    let browser = &world.she()?.browser;
    let answer = if preapproved {
        storefront::subscribe_at_once(browser, landed, option).await?
    } else {
        storefront::request_approval(browser, landed, option).await?
    };
    world.refused = Some(answer);
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
