//! F15: only a user holding the procurement administrator's permissions
//! (the `AWSMarketplaceProcurementSystemAdminFullAccess` policy, or a
//! policy granting its actions) may see or change the marketplace
//! integration; anyone else is told which permission is missing.

use cucumber::{then, when};
use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    World,
    steps::storefront::expect_page,
    support::{
        browser::{Browser, Result},
        coupa::ADMIN,
        sim::COUPA_ACCOUNT,
    },
};

/// `user` turns the first connection's redirect on, as a PUT of the whole
/// settings the admin reads.
async fn turn_on_redirect(world: &mut World, user: &str) -> Result<()> {
    let sim = world.sim()?;
    let (status, before) = sim.integration(ADMIN).await?;
    if status != StatusCode::OK {
        return Err(format!("the admin reads the integration: {status}"));
    }
    let mut changed = before.clone();
    let redirect = changed
        .pointer_mut("/connections/0/redirect")
        .ok_or_else(|| format!("no redirect setting in {before}"))?;
    if *redirect != Value::Bool(false) {
        return Err(format!("the redirect is already {redirect}"));
    }
    *redirect = Value::Bool(true);
    let reply = sim.put_integration(user, &changed).await?;
    world.integration_before = Some(before);
    world.integration_reply = Some(reply);
    Ok(())
}

#[when(regex = r"^(\S+@\S+) tries to turn on the Coupa redirect in the integration$")]
async fn tries_redirect(world: &mut World, user: String) -> Result<()> {
    turn_on_redirect(world, &user).await
}

#[when("the account admin turns on the Coupa redirect in the integration")]
async fn admin_redirect(world: &mut World) -> Result<()> {
    turn_on_redirect(world, ADMIN).await
}

#[when(
    regex = r"^(\S+@\S+), who holds the administrator's permissions without its policy, turns on the Coupa redirect in the integration$"
)]
async fn equivalent_redirect(world: &mut World, user: String) -> Result<()> {
    turn_on_redirect(world, &user).await
}

#[then(expr = "the answer names the missing permission {string}")]
async fn answer_names_permission(world: &mut World, permission: String) -> Result<()> {
    let (_, body) = world.integration_reply.as_ref().ok_or("no change tried")?;
    let message = body
        .pointer("/error/message")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !message.contains(&permission)
        || !message.contains("AWSMarketplaceProcurementSystemAdminFullAccess")
    {
        return Err(format!("the answer says {body}"));
    }
    Ok(())
}

#[when(
    regex = r"^(\S+@\S+) signs in to the marketplace and opens the account's administration page$"
)]
async fn opens_admin_page(world: &mut World, user: String) -> Result<()> {
    let market = world.sim()?.url("marketplace");
    let browser = Browser::new(&user);
    let picker = browser.get(&format!("{market}/signin")).await?;
    let mut form = picker.form_to("/signin")?;
    form.set("email", &user);
    let signed = browser.submit(&form).await?;
    // An administrator lands on the account's administration page; anyone
    // else on the storefront, and opens the header's Administration link.
    let landed = browser.follow_all(signed, 3).await?;
    let landed = if landed.url.path() == "/" {
        let admin = browser.get(&format!("{market}/admin")).await?;
        browser.follow_all(admin, 3).await?
    } else {
        landed
    };
    let wanted = format!("/admin/accounts/{COUPA_ACCOUNT}");
    if landed.url.path() != wanted {
        return Err(format!("the sign-in landed on {}", landed.url));
    }
    world.sign_in_page = Some(picker);
    world.refused = Some(landed);
    Ok(())
}

#[then(expr = "the sign-in page showed {word}'s policy {string}")]
async fn sign_in_shows_policy(world: &mut World, user: String, policy: String) -> Result<()> {
    let picker = world.sign_in_page.as_ref().ok_or("no sign-in page")?;
    let line = picker
        .text_of("ul.users li")
        .into_iter()
        .find(|line| line.contains(&user))
        .ok_or_else(|| format!("the sign-in page does not list {user}"))?;
    if !line.contains(&policy) {
        return Err(format!("the sign-in page lists {line:?}"));
    }
    Ok(())
}

#[then(expr = "the marketplace answers {int} {string}, naming the missing permission {string}")]
async fn page_names_permission(
    world: &mut World,
    code: u16,
    title: String,
    permission: String,
) -> Result<()> {
    let page = world.refused.as_ref().ok_or("no page opened")?;
    expect_page(page, code, &title)?;
    let said = page.text_of("p.error").join(" ");
    if !said.contains(&permission)
        || !said.contains("AWSMarketplaceProcurementSystemAdminFullAccess")
        || !said.contains(ADMIN)
    {
        return Err(format!("the page says {said:?}"));
    }
    if page
        .form_to(&format!("/admin/accounts/{COUPA_ACCOUNT}"))
        .is_ok()
    {
        return Err("the refusal page carries the settings form".into());
    }
    Ok(())
}

#[then("the page shows the integration settings")]
async fn page_shows_settings(world: &mut World) -> Result<()> {
    let page = world.refused.as_ref().ok_or("no page opened")?;
    page.expect_status(StatusCode::OK)?;
    page.form_to(&format!("/admin/accounts/{COUPA_ACCOUNT}"))?;
    Ok(())
}

#[then(expr = "the change is refused with {int}")]
async fn refused(world: &mut World, code: u16) -> Result<()> {
    let (status, body) = world.integration_reply.as_ref().ok_or("no change tried")?;
    if status.as_u16() != code {
        return Err(format!("the change was answered {status}: {body}"));
    }
    Ok(())
}

#[then("the integration is unchanged")]
async fn unchanged(world: &mut World) -> Result<()> {
    let before = world.integration_before.as_ref().ok_or("no change tried")?;
    let (_, after) = world.sim()?.integration(ADMIN).await?;
    if &after != before {
        return Err(format!("the integration changed: {before} → {after}"));
    }
    Ok(())
}

#[then("the change is accepted and the redirect is on")]
async fn accepted(world: &mut World) -> Result<()> {
    let (status, body) = world.integration_reply.as_ref().ok_or("no change tried")?;
    if *status != StatusCode::OK {
        return Err(format!("the change was answered {status}: {body}"));
    }
    let (_, after) = world.sim()?.integration(ADMIN).await?;
    if after.pointer("/connections/0/redirect") != Some(&Value::Bool(true)) {
        return Err(format!("the redirect is not on: {after}"));
    }
    Ok(())
}

/// F14: the refused change is kept in the account's settings history
/// (`GET /api/settings-changes`), as the newest change: who asked, what
/// (purchase-order management beside the enabled connection) and why not.
#[then("the account's settings history lists the refused change by the account admin")]
async fn history_lists_refusal(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    let url = format!(
        "{}/api/settings-changes?account={COUPA_ACCOUNT}",
        sim.url("marketplace")
    );
    let reply: Value = sim.get_json(&url).await?;
    let newest = reply
        .pointer("/changes")
        .and_then(Value::as_array)
        .and_then(|changes| changes.last())
        .ok_or_else(|| format!("the history is empty: {reply}"))?;
    let refusal = newest["refusal"].as_str().unwrap_or_default();
    let asked_both = newest["po_management"] == true
        && newest["enabled_connections"]
            .as_array()
            .is_some_and(|enabled| !enabled.is_empty());
    if newest["saved"] != false
        || newest["user"] != ADMIN
        || !asked_both
        || !refusal.contains("cannot both be enabled")
    {
        return Err(format!("the newest change is {newest}"));
    }
    Ok(())
}
