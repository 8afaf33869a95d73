//! The simulated clock, moved through the dashboard as a person moves it;
//! the dashboard answers once every service has done what fell due, so the
//! next step sees the effects without waiting.

use cucumber::when;
use jiff::{SignedDuration, Timestamp};

use crate::{
    World,
    support::{billing::ordinal, browser::Result},
};

/// The `nth` installment's date of the offer bought.
fn installment_date(world: &World, nth: &str) -> Result<Timestamp> {
    let offer = world
        .fps_offer
        .as_ref()
        .ok_or("no private offer was bought")?;
    let due = &offer.installment(ordinal(nth)?)?.due;
    due.parse()
        .map_err(|e| format!("installment date {due:?}: {e}"))
}

async fn move_to(world: &World, target: Timestamp) -> Result<()> {
    let sim = world.sim()?;
    let now = sim.now().await?;
    if target <= now {
        return Err(format!("the clock is already at {now}, past {target}"));
    }
    sim.advance_clock_to(target).await
}

#[when(expr = "the clock passes the {word} installment date")]
async fn passes_installment(world: &mut World, nth: String) -> Result<()> {
    let due = installment_date(world, &nth)?;
    move_to(world, due + SignedDuration::from_secs(1)).await
}

#[when(expr = "the clock moves to just before the {word} installment date")]
async fn before_installment(world: &mut World, nth: String) -> Result<()> {
    let due = installment_date(world, &nth)?;
    move_to(world, due - SignedDuration::from_secs(1)).await
}

#[when(expr = "the clock advances {int} days")]
async fn advances_days(world: &mut World, days: i64) -> Result<()> {
    world
        .sim()?
        .advance_clock(SignedDuration::from_hours(24 * days))
        .await
}

#[when("the clock reaches the marketplace's next scheduled event")]
async fn next_event(world: &mut World) -> Result<()> {
    let next = world
        .sim()?
        .next_scheduled()
        .await?
        .ok_or("the marketplace has nothing scheduled")?;
    move_to(world, next).await
}
