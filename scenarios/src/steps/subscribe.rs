//! Subscribing in the marketplace's storefront outside a punchout, signed
//! in as a user of the buyer account: the Coupa redirect (F12) and the
//! instance-launch console it spares, Free/BYOL pre-approval (F9), PAYG
//! bought directly (F8's "Option 1") and purchase-order management (F14).

use cucumber::{given, then, when};
use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    World,
    steps::storefront::{expect_page, listing_named},
    support::{
        browser::Result,
        catalog::{self, Pick},
        coupa::{ADMIN, Punchout},
    },
    world::{FINANCE_THRESHOLD_CENTS, email_of},
};

#[given(expr = "Coupa user {word} is also signed in to the marketplace")]
async fn signed_in_to_marketplace(world: &mut World, name: String) -> Result<()> {
    let market = world.sim()?.url("marketplace");
    let user = world.user(&name).await?;
    let picker = user.browser.get(&format!("{market}/signin")).await?;
    picker.expect_status(StatusCode::OK)?;
    let offered = format!("value=\"{}\"", user.email);
    if !picker.body.contains(&offered) {
        return Err(format!(
            "the marketplace's sign-in does not offer {}",
            user.email
        ));
    }
    // Picking her radio button.
    let mut form = picker.form_to("/signin")?;
    form.set("email", &user.email);
    let signed = user.browser.submit(&form).await?;
    signed.redirect_target(StatusCode::SEE_OTHER)?;
    world.requester = Some(email_of(&name)?);
    Ok(())
}

/// Changes the account's integration settings as its admin does, through
/// `PUT /api/accounts/{id}/integration`; gives the answer.
async fn change_settings(
    world: &mut World,
    change: impl Fn(&mut Value) -> Result<()>,
) -> Result<(StatusCode, Value)> {
    let sim = world.sim()?;
    let (status, before) = sim.integration(ADMIN).await?;
    if status != StatusCode::OK {
        return Err(format!("the admin reads the integration: {status}"));
    }
    let mut changed = before.clone();
    change(&mut changed)?;
    let reply = sim.put_integration(ADMIN, &changed).await?;
    world.integration_before = Some(before);
    world.integration_reply = Some(reply.clone());
    Ok(reply)
}

fn set(settings: &mut Value, pointer: &str, value: bool) -> Result<()> {
    let slot = settings
        .pointer_mut(pointer)
        .ok_or_else(|| format!("no {pointer} in the settings"))?;
    *slot = Value::Bool(value);
    Ok(())
}

#[given(
    regex = r"^the account admin has turned (on|off) (the Coupa redirect|Free pre-approval|BYOL pre-approval)$"
)]
async fn admin_turned(world: &mut World, state: String, setting: String) -> Result<()> {
    let pointer = match setting.as_str() {
        "the Coupa redirect" => "/connections/0/redirect",
        "Free pre-approval" => "/connections/0/free_preapproved",
        _ => "/connections/0/byol_preapproved",
    };
    let on = state == "on";
    let (status, body) = change_settings(world, |s| set(s, pointer, on)).await?;
    if status != StatusCode::OK {
        return Err(format!("the change was answered {status}: {body}"));
    }
    Ok(())
}

#[given(
    "the account admin has disabled the Coupa connection and turned on purchase-order management"
)]
async fn admin_po_management(world: &mut World) -> Result<()> {
    let (status, body) = change_settings(world, |s| {
        set(s, "/connections/0/enabled", false)?;
        set(s, "/po_management", true)
    })
    .await?;
    if status != StatusCode::OK {
        return Err(format!("the change was answered {status}: {body}"));
    }
    Ok(())
}

#[when(
    "the account admin tries to turn on purchase-order management while the Coupa connection is enabled"
)]
async fn admin_tries_both(world: &mut World) -> Result<()> {
    change_settings(world, |s| set(s, "/po_management", true)).await?;
    Ok(())
}

#[then(expr = "the admin is told {string}")]
async fn admin_told(world: &mut World, text: String) -> Result<()> {
    let (status, body) = world.integration_reply.as_ref().ok_or("no change tried")?;
    let message = body
        .pointer("/error/message")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !message.contains(&text) {
        return Err(format!("the admin was told {status}: {body}"));
    }
    Ok(())
}

/// A free product a procurement system may buy (an hourly AMI, or else an
/// hourly container), so that its pre-approval matters (SPEC F9).
async fn free_product(sim: &crate::support::sim::Sim) -> Result<catalog::Found> {
    match catalog::first_listing(sim, "ami", Some("hourly"), Some("free")).await {
        Ok(found) => Ok(found),
        Err(_) => catalog::first_listing(sim, "container", Some("hourly"), Some("free")).await,
    }
}

/// The product a subscription step names, as a purchase.
pub(crate) async fn product_named(world: &World, product: &str) -> Result<Pick> {
    let sim = world.sim()?;
    if product == "a SaaS product with an upfront contract" {
        return catalog::saas_upfront_below(sim, FINANCE_THRESHOLD_CENTS).await;
    }
    if product == "an approved product" {
        return world
            .private
            .picks
            .first()
            .cloned()
            .ok_or_else(|| "no product was approved".to_owned());
    }
    let (found, amount) = match product {
        // Bought directly, usage has no blanket amount: it is billed by
        // usage, and the agreement's amount is 0.00 (SPEC F8, option 1).
        "a pay-as-you-go product" => (listing_named(world, "pay-as-you-go product").await?, "0.00"),
        "a pay-as-you-go AMI" => (listing_named(world, "pay-as-you-go AMI").await?, "0.00"),
        "a BYOL product" => {
            let found = match catalog::first_listing(sim, "ami", None, Some("byol")).await {
                Ok(found) => found,
                Err(_) => catalog::first_listing(sim, "container", None, Some("byol")).await?,
            };
            (found, "0.00")
        }
        "a free product" => (free_product(sim).await?, "0.00"),
        "a free data product" => (listing_named(world, "free data product").await?, "0.00"),
        // Bought directly: priced at their first option, as listed.
        other => {
            let named = other
                .strip_prefix("an ")
                .or_else(|| other.strip_prefix("a "))
                .unwrap_or(other);
            let found = listing_named(world, named).await?;
            let amount = found
                .amount
                .clone()
                .ok_or_else(|| format!("{other}: its first option has no fixed price"))?;
            return Ok(Pick {
                listing_id: found.listing_id,
                name: found.name,
                option: found.option,
                amount,
                currency: "USD".to_owned(),
            });
        }
    };
    Ok(Pick {
        listing_id: found.listing_id,
        name: found.name,
        option: found.option,
        amount: amount.to_owned(),
        currency: "USD".to_owned(),
    })
}

async fn subscribe(world: &mut World, product: &str, po_number: Option<&str>) -> Result<()> {
    let pick = product_named(world, product).await?;
    let she = world.she()?;
    let page = she.open_product(&pick.listing_id).await?;
    if !page.forms_with_button("Request approval").is_empty() {
        return Err(format!("{}: Request approval outside a punchout", page.url));
    }
    let mut form = page
        .forms_with_button("Subscribe")
        .into_iter()
        .find(|f| f.field("option") == Some(pick.option.as_str()))
        .ok_or_else(|| format!("{}: no Subscribe for {}", page.url, pick.option))?;
    if let Some(po_number) = po_number {
        form.set("po_number", po_number);
    }
    let answer = she.browser.submit(&form).await?;
    world.pick = Some(pick);
    world.refused = Some(answer);
    Ok(())
}

#[when(regex = r"^she subscribes to (an? .+) in the storefront$")]
async fn subscribes(world: &mut World, product: String) -> Result<()> {
    subscribe(world, &product, None).await
}

#[when(regex = r#"^she subscribes to (a .+) in the storefront, typing PO number "(.*)"$"#)]
async fn subscribes_with_po(world: &mut World, product: String, po_number: String) -> Result<()> {
    subscribe(world, &product, Some(&po_number)).await
}

#[when(regex = r"^she launches (an? .+) from the instance-launch console$")]
async fn launches(world: &mut World, product: String) -> Result<()> {
    let pick = product_named(world, &product).await?;
    let market = world.sim()?.url("marketplace");
    let she = world.she()?;
    let product_page = she.open_product(&pick.listing_id).await?;
    let console = product_page.link("Launch from the instance-launch console")?;
    let page = she.browser.get(console.as_str()).await?;
    page.expect_status(StatusCode::OK)?;
    if !page
        .url
        .as_str()
        .starts_with(&format!("{market}/console/launch/"))
    {
        return Err(format!("the console is at {}", page.url));
    }
    let form = page
        .forms_with_button("Launch")
        .into_iter()
        .find(|f| f.field("option") == Some(pick.option.as_str()))
        .ok_or_else(|| format!("{}: no Launch for {}", page.url, pick.option))?;
    let answer = she.browser.submit(&form).await?;
    world.pick = Some(pick);
    world.refused = Some(answer);
    Ok(())
}

#[then("she is subscribed at once")]
async fn subscribed(world: &mut World) -> Result<()> {
    let page = world.refused.as_ref().ok_or("she did not subscribe")?;
    let pick = world.pick()?;
    let wanted = format!("You are subscribed to {}", pick.name);
    expect_page(page, 200, &wanted)?;
    Ok(())
}

#[then(regex = r#"^the marketplace has an agreement for it with (no PO number|PO number "(.*)")$"#)]
async fn agreement_for_it(world: &mut World, _said: String, po_number: String) -> Result<()> {
    let pick = world.pick()?;
    let agreements = world.sim()?.agreements(world.account).await?;
    let [agreement] = agreements.as_slice() else {
        return Err(format!("one agreement expected: {agreements:?}"));
    };
    let seen = (
        &*agreement.listing_id,
        &*agreement.option_id,
        &*agreement.amount,
        &*agreement.po_number,
    );
    let expected = (&*pick.listing_id, &*pick.option, &*pick.amount, &*po_number);
    if seen != expected {
        return Err(format!("the agreement is {seen:?}, not {expected:?}"));
    }
    Ok(())
}

#[then(regex = r"^(\S+@\S+) is mailed that the agreement for it was created$")]
async fn mailed(world: &mut World, to: String) -> Result<()> {
    let name = world.pick()?.name.clone();
    let mail = world
        .sim()?
        .wait_for_mail(&to, &format!("Your agreement for {name} was created"))
        .await?;
    if mail.subject.is_empty() {
        return Err(format!("{mail:?}"));
    }
    Ok(())
}

#[when("someone who is not signed in to the marketplace presses Subscribe")]
async fn anonymous_subscribes(world: &mut World) -> Result<()> {
    let pick = product_named(world, "a SaaS product with an upfront contract").await?;
    let market = world.sim()?.url("marketplace");
    let stranger = crate::support::browser::Browser::new("a stranger");
    let product = stranger
        .get(&format!("{market}/products/{}", pick.listing_id))
        .await?;
    product.expect_status(StatusCode::OK)?;
    if !product.forms_with_button("Subscribe").is_empty() {
        return Err("the product page offers Subscribe to someone not signed in".into());
    }
    let answer = stranger
        .post_form(
            &format!("{market}/subscribe"),
            &[
                ("listing".to_owned(), pick.listing_id.clone()),
                ("option".to_owned(), pick.option.clone()),
            ],
        )
        .await?;
    world.pick = Some(pick);
    world.refused = Some(answer);
    Ok(())
}

#[then(expr = "the marketplace refuses the subscription with {int}, saying {string}")]
async fn subscription_refused(world: &mut World, code: u16, text: String) -> Result<()> {
    let page = world.refused.as_ref().ok_or("she did not subscribe")?;
    let said = page.text_of("p.error").join(" ");
    if page.status.as_u16() != code || !said.contains(&text) {
        return Err(format!("{}: {} {said:?}", page.url, page.status));
    }
    Ok(())
}

#[then(
    regex = r"^the marketplace sends her to Coupa to raise a requisition, (because of the redirect|as a 0\.00 order)$"
)]
async fn sent_to_coupa(world: &mut World, why: String) -> Result<()> {
    let target = continue_to_coupa(world)?;
    let coupa = world.sim()?.url("coupa");
    if !target
        .as_str()
        .starts_with(&format!("{coupa}/marketplace/requisition?"))
    {
        return Err(format!("the marketplace sent her to {target}"));
    }
    let page = world.she()?.browser.get(target.as_str()).await?;
    page.expect_status(StatusCode::OK)?;
    let pick = world.pick()?;
    let heading = format!("Raise a requisition for {}", pick.name);
    if page.heading().as_deref() != Some(heading.as_str()) {
        return Err(format!("Coupa's page is headed {:?}", page.heading()));
    }
    let explained = page.text_of("#why").join(" ");
    let wanted = if why.contains("redirect") {
        "buys marketplace software through Coupa"
    } else {
        "goes through approval as a 0.00 order"
    };
    if !explained.contains(wanted) {
        return Err(format!("Coupa explains {explained:?}"));
    }
    world.landing = Some(page);
    Ok(())
}

/// The marketplace's answer to Subscribe names the product and links on
/// to Coupa; gives the link.
fn continue_to_coupa(world: &World) -> Result<reqwest::Url> {
    let answer = world.refused.as_ref().ok_or("she did not subscribe")?;
    let heading = format!("Buy {} through Coupa", world.pick()?.name);
    expect_page(answer, 200, &heading)?;
    answer.link("Continue to Coupa")
}

#[when("she punches out to the product from Coupa's page")]
async fn punches_out_to_product(world: &mut World) -> Result<()> {
    let landing = world.landing.as_ref().ok_or("she is not on Coupa's page")?;
    let pick = world.pick()?;
    let label = format!("Punch out to {}", pick.name);
    let [form] = landing
        .forms_with_button(&label)
        .try_into()
        .map_err(|forms: Vec<_>| format!("{} {label:?} buttons", forms.len()))?;
    let she = world.she()?;
    let to_start = she.browser.submit(&form).await?;
    let start_page = to_start.redirect_target(StatusCode::SEE_OTHER)?;
    let started = she.browser.get(start_page.as_str()).await?;
    let storefront = she.browser.follow(&started, StatusCode::SEE_OTHER).await?;
    storefront.expect_status(StatusCode::OK)?;
    if storefront.url.path() != format!("/products/{}", pick.listing_id) {
        return Err(format!("the punchout opened {}", storefront.url));
    }
    world.punchout = Some(Punchout {
        start_page,
        storefront,
    });
    Ok(())
}

#[when("she requests approval for it there")]
async fn requests_there(world: &mut World) -> Result<()> {
    let product = &world.punchout.as_ref().ok_or("no punchout")?.storefront;
    let option = world.pick()?.option.clone();
    let she = world.she()?;
    let auto = she.request_approval(product, &option).await?;
    let cart = she.return_cart(&auto).await?;
    world.cart = Some(cart);
    Ok(())
}

#[given("Coupa's admin has turned off Coupa's own redirect setting")]
async fn coupa_redirect_off(world: &mut World) -> Result<()> {
    let admin = world.user("the Coupa admin").await?;
    let setup = admin.browser.get(&admin.coupa_url("/admin")).await?;
    setup.expect_status(StatusCode::OK)?;
    let mut site = setup.form_to("/admin/site")?;
    if site.field("redirect").is_none() {
        return Err("Coupa's redirect setting is already off".into());
    }
    site.fields.retain(|(name, _)| name != "redirect");
    let saved = admin.browser.submit(&site).await?;
    saved.redirect_target(StatusCode::SEE_OTHER)?;
    Ok(())
}

#[then(
    "the marketplace sends her to Coupa, which says it does not take purchases redirected from the marketplace"
)]
async fn coupa_refuses_redirect(world: &mut World) -> Result<()> {
    let target = continue_to_coupa(world)?;
    let page = world.she()?.browser.get(target.as_str()).await?;
    page.expect_status(StatusCode::CONFLICT)?;
    let notice = page.text_of(".notice").join(" ");
    if !notice.contains("does not take purchases redirected from the marketplace") {
        return Err(format!("Coupa says {notice:?}"));
    }
    if page
        .forms()
        .iter()
        .any(|f| f.action.path().starts_with("/punchout/"))
    {
        return Err("Coupa still offers the punchout".into());
    }
    Ok(())
}

#[when(
    "the account admin ticks purchase-order management on the marketplace's integration page and saves"
)]
async fn admin_page_both(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    let (_, before) = sim.integration(ADMIN).await?;
    let market = sim.url("marketplace");
    let admin = crate::support::browser::Browser::new(ADMIN);
    let picker = admin.get(&format!("{market}/signin")).await?;
    let mut signin = picker.form_to("/signin")?;
    signin.set("email", ADMIN);
    let signed = admin.submit(&signin).await?;
    let home = admin.follow(&signed, StatusCode::SEE_OTHER).await?;
    let settings = admin.follow(&home, StatusCode::SEE_OTHER).await?;
    settings.expect_status(StatusCode::OK)?;
    let mut form = settings
        .forms_with_button("Save")
        .into_iter()
        .next()
        .ok_or_else(|| format!("{}: no Save button", settings.url))?;
    form.set("po_management", "on");
    let answer = admin.submit(&form).await?;
    world.integration_before = Some(before);
    world.refused = Some(answer);
    Ok(())
}

#[then(expr = "the integration page answers {int} and says {string}")]
async fn admin_page_says(world: &mut World, code: u16, text: String) -> Result<()> {
    let page = world.refused.as_ref().ok_or("nothing was saved")?;
    let notice = page.text_of(".notice").join(" ");
    if page.status.as_u16() != code || !notice.contains(&text) {
        return Err(format!("{}: {} {notice:?}", page.url, page.status));
    }
    let ticked = page
        .form_to(page.url.path())?
        .field("po_management")
        .is_some();
    if ticked {
        return Err("the page shows purchase-order management as on".into());
    }
    Ok(())
}

/// SPEC F8, option 1: a PAYG product bought directly has no blanket
/// amount; the page says how it is billed.
#[then("the page says the subscription is billed by usage")]
async fn billed_by_usage(world: &mut World) -> Result<()> {
    let page = world.refused.as_ref().ok_or("she did not subscribe")?;
    let amount = page.definition("Amount").unwrap_or_default();
    if !amount.starts_with("billed by usage") {
        return Err(format!("the page gives the amount as {amount:?}"));
    }
    Ok(())
}
