//! F15: only an account admin may change the marketplace integration.

use cucumber::{then, when};
use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    World,
    support::{browser::Result, coupa::ADMIN},
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
