//! F1: a Coupa user punches out to the marketplace, picks a product,
//! requests approval, and the browser carries the cart back to Coupa.

use cucumber::{given, then, when};
use reqwest::StatusCode;

use crate::{
    World,
    support::{
        ariba::ARIBA_ACCOUNT,
        browser::{Page, Result},
        catalog, storefront,
    },
    world::{FINANCE_THRESHOLD_CENTS, ariba_email_of, email_of},
};

#[given(expr = "Coupa user {word} is signed in")]
async fn signed_in(world: &mut World, name: String) -> Result<()> {
    world.user(&name).await?;
    Ok(())
}

#[given(expr = "Coupa user {word} punches out to the marketplace")]
#[when(expr = "Coupa user {word} punches out to the marketplace")]
async fn punches_out(world: &mut World, name: String) -> Result<()> {
    let punchout = world.user(&name).await?.punch_out().await?;
    if !punchout.start_page.path().starts_with("/punchout/start/") {
        return Err(format!("the StartPage is {}", punchout.start_page));
    }
    world.requester = Some(email_of(&name)?);
    world.punchout = Some(punchout);
    Ok(())
}

#[then("she lands on the marketplace's storefront")]
async fn on_the_storefront(world: &mut World) -> Result<()> {
    let punchout = world.punchout.as_ref().ok_or("no punchout")?;
    let market = world.sim()?.url("marketplace");
    let storefront = &punchout.storefront.url;
    if !storefront.as_str().starts_with(&market) || storefront.path() != "/" {
        return Err(format!("the punchout led to {storefront}"));
    }
    Ok(())
}

#[then("the StartPage cannot be used a second time")]
async fn start_page_once(world: &mut World) -> Result<()> {
    let start_page = world
        .punchout
        .as_ref()
        .ok_or("no punchout")?
        .start_page
        .clone();
    let again = world.she()?.browser.get(start_page.as_str()).await?;
    again.expect_status(StatusCode::GONE)?;
    Ok(())
}

/// Chooses the product, opens it in the punchout session, presses
/// "Request approval" and lets the browser carry the cart to Coupa.
async fn request_approval(world: &mut World, above_threshold: bool) -> Result<()> {
    let sim = world.sim()?;
    let pick = if above_threshold {
        catalog::saas_upfront_above(sim, FINANCE_THRESHOLD_CENTS).await?
    } else {
        catalog::saas_upfront_below(sim, FINANCE_THRESHOLD_CENTS).await?
    };
    let cart = if world.ariba_requester.is_some() {
        let he = world.he()?;
        let product = he.open_product(&pick.listing_id).await?;
        check_heading(&product, &pick.name)?;
        let auto = he.request_approval(&product, &pick.option).await?;
        he.return_cart(&auto).await?
    } else {
        let she = world.she()?;
        let product = she.open_product(&pick.listing_id).await?;
        check_heading(&product, &pick.name)?;
        let auto = she.request_approval(&product, &pick.option).await?;
        she.return_cart(&auto).await?
    };
    world.pick = Some(pick);
    world.cart = Some(cart);
    Ok(())
}

fn check_heading(product: &Page, name: &str) -> Result<()> {
    if product.heading().as_deref() != Some(name) {
        return Err(format!("{} is headed {:?}", product.url, product.heading()));
    }
    Ok(())
}

#[given(regex = r"^(?:she|he) requests approval for a SaaS product with an upfront contract$")]
#[when(regex = r"^(?:she|he) requests approval for a SaaS product with an upfront contract$")]
async fn requests_approval(world: &mut World) -> Result<()> {
    request_approval(world, false).await
}

#[when("she requests approval for a SaaS contract above the finance threshold")]
async fn requests_approval_above(world: &mut World) -> Result<()> {
    request_approval(world, true).await
}

#[then("Coupa's cart holds the product as one Service line at its full amount")]
async fn cart_holds_the_product(world: &mut World) -> Result<()> {
    let pick = world.pick()?;
    let cart = world.cart()?;
    let coupa = world.sim()?.url("coupa");
    if cart.form.action.as_str() != format!("{coupa}/punchout/return") {
        return Err(format!("the cart went to {}", cart.form.action));
    }
    let names: Vec<&str> = cart.form.fields.iter().map(|(n, _)| n.as_str()).collect();
    if names != ["cxml-base64"] {
        return Err(format!("the cart form's fields are {names:?}"));
    }
    let rows = cart.cart.table_rows("table");
    let [row] = rows.as_slice() else {
        return Err(format!("one cart line expected: {rows:?}"));
    };
    // As the buyer's cart shows it: thousands grouped.
    let money = format!(
        "{} {}",
        service_kit::look::group_thousands(&pick.amount),
        pick.currency
    );
    let expected = [
        format!("{} {}", pick.listing_id, pick.option),
        "Service".into(),
        "81162000".into(),
        "1".into(),
        "EA".into(),
        money.clone(),
        money,
    ];
    if !row[1].starts_with(&pick.name) || row.get(2..) != Some(&expected[..]) {
        return Err(format!("the cart line {row:?} is not {pick:?}"));
    }
    Ok(())
}

#[given("Coupa's admin mistypes the marketplace's shared secret")]
async fn mistyped_secret(world: &mut World) -> Result<()> {
    let admin = world.user("the Coupa admin").await?;
    let setup = admin.browser.get(&admin.coupa_url("/admin")).await?;
    setup.expect_status(StatusCode::OK)?;
    let mut site = setup.form_to("/admin/site")?;
    site.set("secret", "wrong");
    let saved = admin.browser.submit(&site).await?;
    saved.redirect_target(StatusCode::SEE_OTHER)?;
    Ok(())
}

#[given("Coupa's admin puts its punchout site in test mode")]
async fn site_in_test_mode(world: &mut World) -> Result<()> {
    set_test_mode(world, true).await
}

#[when("Coupa's admin takes its punchout site out of test mode")]
async fn site_out_of_test_mode(world: &mut World) -> Result<()> {
    set_test_mode(world, false).await
}

/// Saves Coupa's punchout site with its test-mode box ticked or not.
async fn set_test_mode(world: &mut World, on: bool) -> Result<()> {
    let admin = world.user("the Coupa admin").await?;
    let setup = admin.browser.get(&admin.coupa_url("/admin")).await?;
    setup.expect_status(StatusCode::OK)?;
    let mut site = setup.form_to("/admin/site")?;
    if on {
        site.set("test_mode", "on");
    } else {
        site.uncheck("test_mode");
    }
    let saved = admin.browser.submit(&site).await?;
    saved.redirect_target(StatusCode::SEE_OTHER)?;
    Ok(())
}

#[then(expr = "the OrderRequest Coupa sent says deploymentMode {string}")]
async fn order_mode(world: &mut World, mode: String) -> Result<()> {
    let flow = world.cart()?.flow().to_owned();
    let sim = world.sim()?;
    let sent = sim
        .journal("coupa", Some(&flow), Some("OrderRequest"))
        .await?;
    let [sent] = sent.as_slice() else {
        return Err(format!("one OrderRequest expected: {sent:?}"));
    };
    let raw = sim.raw_of(sent).await?;
    let doc = cxml::read::read(raw.as_bytes())
        .map_err(|e| e.to_string())?
        .doc;
    let written = doc.request.and_then(|r| r.deployment_mode);
    if written.map(mode_name) != Some(mode.as_str()) {
        return Err(format!("the OrderRequest says deploymentMode {written:?}"));
    }
    Ok(())
}

fn mode_name(mode: cxml::envelope::DeploymentMode) -> &'static str {
    match mode {
        cxml::envelope::DeploymentMode::Production => "production",
        cxml::envelope::DeploymentMode::Test => "test",
    }
}

#[then(expr = "the cart the marketplace returned says deploymentMode {string}")]
async fn cart_mode(world: &mut World, mode: String) -> Result<()> {
    let cart = world.cart()?;
    let field = cart
        .form
        .fields
        .iter()
        .find(|(name, _)| name == "cxml-base64")
        .ok_or("the cart form has no cxml-base64 field")?;
    let bytes = cxml::transport::decode_base64(&field.1).map_err(|e| e.to_string())?;
    let doc = cxml::read::read(&bytes).map_err(|e| e.to_string())?.doc;
    let written = doc.message.and_then(|m| m.deployment_mode).map(mode_name);
    if written != Some(mode.as_str()) {
        return Err(format!(
            "the cart's Message says deploymentMode {written:?}"
        ));
    }
    Ok(())
}

#[when(expr = "Coupa user {word} presses the marketplace's punchout button")]
async fn presses_punchout(world: &mut World, name: String) -> Result<()> {
    let page = world.user(&name).await?.press_punchout().await?;
    world.requester = Some(email_of(&name)?);
    world.refused = Some(page);
    Ok(())
}

#[then(expr = "Coupa shows that the marketplace refused the punchout with {int}")]
async fn punchout_refused(world: &mut World, code: u16) -> Result<()> {
    let page = world.refused.as_ref().ok_or("no refusal seen")?;
    page.expect_status(StatusCode::BAD_GATEWAY)?;
    let wanted = format!("The supplier refused the punchout ({code})");
    if page.heading().as_deref() != Some(wanted.as_str()) {
        return Err(format!("the page says {:?}", page.heading()));
    }
    if page.location.is_some() {
        return Err(format!("it redirects to {:?}", page.location));
    }
    Ok(())
}

#[then("no punchout session is open")]
async fn no_session(world: &mut World) -> Result<()> {
    let market = world.sim()?.url("marketplace");
    let she = world.she()?;
    storefront::expect_no_session(&she.browser, &market).await?;
    let cart = she.browser.get(&she.coupa_url("/cart")).await?;
    cart.expect_status(StatusCode::OK)?;
    let rows = cart.table_rows("table");
    if !rows.is_empty() {
        return Err(format!("Coupa's cart is not empty: {rows:?}"));
    }
    Ok(())
}

#[then(expr = "both journals hold the PunchOutSetupRequest answered {int}, its secret masked")]
async fn setup_journaled(world: &mut World, code: u16) -> Result<()> {
    let sim = world.sim()?;
    let sent = sim.journal("coupa", None, None).await?;
    let received = sim.journal("marketplace", None, None).await?;
    for journal in [&sent, &received] {
        let [exchange] = journal.as_slice() else {
            return Err(format!("one exchange expected: {journal:?}"));
        };
        let seen = (
            exchange.document_type.as_deref(),
            exchange.http_status,
            exchange.cxml_status,
        );
        if seen != (Some("PunchOutSetupRequest"), Some(200), Some(code)) {
            return Err(format!("{}: {seen:?}", exchange.service));
        }
        let raw = sim.raw_of(exchange).await?;
        if !raw.contains("<SharedSecret>***</SharedSecret>") || raw.contains("wrong") {
            return Err(format!("{}: the secret is not masked", exchange.service));
        }
    }
    Ok(())
}

#[given(expr = "Ariba user {word} is signed in")]
async fn ariba_signed_in(world: &mut World, name: String) -> Result<()> {
    world.ariba_user(&name).await?;
    world.ariba_requester = Some(ariba_email_of(&name)?);
    world.account = ARIBA_ACCOUNT;
    Ok(())
}

#[when(expr = "Ariba user {word} punches out from the marketplace's item in Ariba's catalog")]
async fn ariba_punches_out(world: &mut World, name: String) -> Result<()> {
    world
        .ariba_user(&name)
        .await?
        .punch_out_from_catalog()
        .await?;
    world.ariba_requester = Some(ariba_email_of(&name)?);
    world.account = ARIBA_ACCOUNT;
    Ok(())
}

#[then("Ariba's cart holds one line for the product")]
async fn ariba_cart_holds_the_product(world: &mut World) -> Result<()> {
    let pick = world.pick()?;
    let cart = world.cart()?;
    let ariba = world.sim()?.url("ariba");
    if cart.form.action.as_str() != format!("{ariba}/punchout/return") {
        return Err(format!("the cart went to {}", cart.form.action));
    }
    let rows = cart.cart.table_rows("table");
    let [row] = rows.as_slice() else {
        return Err(format!("one cart line expected: {rows:?}"));
    };
    let part = format!("{} {}", pick.listing_id, pick.option);
    if !row[1].starts_with(&pick.name) || row.get(2) != Some(&part) {
        return Err(format!("the cart line {row:?} is not {pick:?}"));
    }
    Ok(())
}
