//! The dashboard's walkthroughs as a person follows them: Start pressed
//! on a walkthrough's page, then how many of its steps that page shows
//! done. A run follows the first flow begun after its start, so these
//! steps say nothing of which flow: the scenario's own is the only one.

use cucumber::{given, then};
use reqwest::StatusCode;

use crate::{
    World,
    support::browser::{Browser, Result},
};

/// The walkthrough `id`'s page on the scenario's dashboard.
fn page_of(world: &World, id: &str) -> Result<String> {
    Ok(format!(
        "{}/walkthroughs/{id}",
        world.sim()?.url("dashboard")
    ))
}

#[given(expr = "a visitor has started the dashboard's {word} walkthrough")]
async fn started(world: &mut World, id: String) -> Result<()> {
    let visitor = Browser::new("a visitor");
    let page = page_of(world, &id)?;
    let started = visitor.post_form(&format!("{page}/start"), &[]).await?;
    started.redirect_target(StatusCode::SEE_OTHER)?;
    Ok(())
}

#[then(expr = "the dashboard's {word} walkthrough shows {int} of {int} steps done")]
async fn shows_done(world: &mut World, id: String, done: usize, steps: usize) -> Result<()> {
    let visitor = Browser::new("a visitor");
    let page = visitor.get(&page_of(world, &id)?).await?;
    page.expect_status(StatusCode::OK)?;
    let all = page.text_of("li.step").len();
    let ticked = page.text_of("li.step.done").len();
    if (ticked, all) != (done, steps) {
        return Err(format!(
            "the {id} walkthrough shows {ticked} of {all} steps done, not {done} of {steps}"
        ));
    }
    Ok(())
}
