//! The trading relationship between Ariba and the marketplace (F2), as
//! the two admins see it in their browsers: Ariba's admin requests it with
//! the marketplace's network id on Ariba's Suppliers page, the marketplace
//! accepts at once or on the account's Ariba page, and only then is the
//! marketplace's PunchOut item in Ariba's catalog.

use cucumber::{given, then, when};
use reqwest::StatusCode;

use crate::{
    World,
    support::{
        ariba::{ARIBA_ACCOUNT, AribaUser, MARKETPLACE_ANID, SAM},
        browser::{Browser, Page, Result},
        sim::{Sim, test_config},
    },
};

/// Globex's admin in Ariba and in the marketplace (the same person).
const GLOBEX_ADMIN: &str = "admin@globex.test";
/// Globex's network id, as its Ariba sends it.
const GLOBEX_ANID: &str = "AN01000000001";

fn ariba_admin_url(sim: &Sim) -> String {
    format!("{}/admin/suppliers", sim.url("ariba"))
}

fn marketplace_page_url(sim: &Sim) -> String {
    format!(
        "{}/admin/accounts/{ARIBA_ACCOUNT}/ariba",
        sim.url("marketplace")
    )
}

/// Globex's admin signed in to the marketplace through its picker.
async fn marketplace_admin(sim: &Sim) -> Result<Browser> {
    let browser = Browser::new(GLOBEX_ADMIN);
    let picker = browser
        .get(&format!("{}/signin", sim.url("marketplace")))
        .await?;
    let mut form = picker.form_to("/signin")?;
    form.set("email", GLOBEX_ADMIN);
    let signed = browser.submit(&form).await?;
    browser
        .follow_all(signed, 3)
        .await?
        .expect_status(StatusCode::OK)?;
    Ok(browser)
}

/// The row of `rows` that mentions `anid`.
fn row_of(rows: Vec<Vec<String>>, anid: &str, page: &str) -> Result<Vec<String>> {
    rows.into_iter()
        .find(|row| row.iter().any(|cell| cell == anid))
        .ok_or_else(|| format!("{page} has no row for {anid}"))
}

#[given("Ariba and the marketplace have no relationship yet")]
async fn no_relationship(world: &mut World) -> Result<()> {
    world
        .restart_with(procsim::EcosystemConfig {
            connect_ariba: false,
            ..test_config()
        })
        .await
}

#[given("the marketplace's admin turns off accepting Ariba's relationship requests automatically")]
async fn auto_accept_off(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    let browser = marketplace_admin(sim).await?;
    let page = browser.get(&marketplace_page_url(sim)).await?;
    page.expect_status(StatusCode::OK)?;
    let mut form = page.form_to(&format!("/admin/accounts/{ARIBA_ACCOUNT}/ariba"))?;
    if form.field("auto_accept") != Some("on") {
        return Err("automatic acceptance is not on by default".into());
    }
    form.fields.retain(|(name, _)| name != "auto_accept");
    let saved = browser.submit(&form).await?;
    let shown = browser.follow(&saved, StatusCode::SEE_OTHER).await?;
    let box_now = shown.form_to(&format!("/admin/accounts/{ARIBA_ACCOUNT}/ariba"))?;
    if box_now.field("auto_accept").is_some() {
        return Err("the setting is still on after saving it off".into());
    }
    Ok(())
}

/// Ariba's admin types `anid` into the Suppliers page's form and sends it;
/// keeps Ariba's answer.
async fn request(world: &mut World, anid: &str) -> Result<()> {
    let sim = world.sim()?;
    let admin = AribaUser::sign_in(sim, GLOBEX_ADMIN).await?;
    let page = admin.browser.get(&ariba_admin_url(sim)).await?;
    page.expect_status(StatusCode::OK)?;
    let mut form = page.form_to("/admin/suppliers")?;
    form.set("anid", anid);
    let answer = admin.browser.submit(&form).await?;
    world.refused = Some(answer);
    Ok(())
}

#[when("Ariba's admin requests a relationship with the marketplace's network id")]
async fn requests_marketplace(world: &mut World) -> Result<()> {
    request(world, MARKETPLACE_ANID).await
}

#[when(expr = "Ariba's admin requests a relationship with network id {word}")]
async fn requests_other(world: &mut World, anid: String) -> Result<()> {
    request(world, &anid).await
}

/// Ariba's Suppliers page as its admin sees it now.
async fn ariba_suppliers(world: &World) -> Result<Page> {
    let sim = world.sim()?;
    let admin = AribaUser::sign_in(sim, GLOBEX_ADMIN).await?;
    let page = admin.browser.get(&ariba_admin_url(sim)).await?;
    page.expect_status(StatusCode::OK)?;
    Ok(page)
}

#[then(regex = r"^Ariba shows the marketplace's relationship (accepted|waiting for the supplier)$")]
async fn ariba_shows(world: &mut World, status: String) -> Result<()> {
    let page = ariba_suppliers(world).await?;
    let row = row_of(
        page.table_rows("table.relationships"),
        MARKETPLACE_ANID,
        "Ariba's Suppliers page",
    )?;
    if row.get(2) != Some(&status) {
        return Err(format!("Ariba's relationship row reads {row:?}"));
    }
    if !row.get(3).is_some_and(|by| by.starts_with(GLOBEX_ADMIN)) {
        return Err(format!("the request is not Globex's admin's: {row:?}"));
    }
    Ok(())
}

#[then("Ariba has no supplier relationship")]
async fn ariba_has_none(world: &mut World) -> Result<()> {
    let page = ariba_suppliers(world).await?;
    if !page.body.contains("No relationship yet") {
        return Err(format!(
            "Ariba lists relationships: {:?}",
            page.table_rows("table.relationships")
        ));
    }
    Ok(())
}

#[then(expr = "Ariba answers the request with {int} {string}")]
async fn ariba_answers(world: &mut World, status: u16, title: String) -> Result<()> {
    let page = world.refused.as_ref().ok_or("no request was sent")?;
    if page.status.as_u16() != status {
        return Err(format!("Ariba answered {}: {}", page.status, page.body));
    }
    if page.heading().as_deref() != Some(title.as_str()) {
        return Err(format!("Ariba's page is headed {:?}", page.heading()));
    }
    Ok(())
}

#[then(regex = r"^the marketplace's PunchOut item is (in|not in) Ariba's catalog$")]
async fn catalog_lists(world: &mut World, where_: String) -> Result<()> {
    let sim = world.sim()?;
    let sam = AribaUser::sign_in(sim, SAM).await?;
    let catalog = sam.browser.get(&sam.ariba_url("/catalog")).await?;
    catalog.expect_status(StatusCode::OK)?;
    let listed = catalog.body.contains(MARKETPLACE_ANID)
        && !catalog.forms_with_button("PunchOut").is_empty();
    match (where_.as_str(), listed) {
        ("in", true) | ("not in", false) => Ok(()),
        _ => Err(format!(
            "the catalog {} the marketplace's item",
            if listed { "lists" } else { "does not list" }
        )),
    }
}

#[then(expr = "the marketplace's Ariba page shows Globex's request {string}")]
async fn marketplace_shows(world: &mut World, wanted: String) -> Result<()> {
    let sim = world.sim()?;
    let browser = marketplace_admin(sim).await?;
    let page = browser.get(&marketplace_page_url(sim)).await?;
    page.expect_status(StatusCode::OK)?;
    let row = row_of(
        page.table_rows("table"),
        GLOBEX_ANID,
        "the marketplace's Ariba page",
    )?;
    let shown = row.join(" | ");
    if !shown.contains(&wanted) {
        return Err(format!("the marketplace's row reads {shown:?}"));
    }
    // Times for people (`Mon 7 Dec 2026, 01:13:18 UTC`), not instants.
    let machine_time = shown
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'T' && w[2].is_ascii_digit());
    if machine_time || !shown.contains(" UTC") {
        return Err(format!(
            "the marketplace's row shows its times as {shown:?}"
        ));
    }
    Ok(())
}

#[when("the marketplace's admin accepts Globex's request on the marketplace's Ariba page")]
async fn marketplace_accepts(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    let browser = marketplace_admin(sim).await?;
    let page = browser.get(&marketplace_page_url(sim)).await?;
    let [form] = page
        .forms_with_button("Accept")
        .try_into()
        .map_err(|forms: Vec<_>| format!("the page has {} Accept buttons", forms.len()))?;
    let accepted = browser.submit(&form).await?;
    browser
        .follow(&accepted, StatusCode::SEE_OTHER)
        .await?
        .expect_status(StatusCode::OK)?;
    Ok(())
}
