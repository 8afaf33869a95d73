//! The dashboard's walkthroughs as a person follows them: Start pressed
//! on a walkthrough's page, then how many of its steps that page says are
//! done, and which it shows not needed. A run follows the first flow begun
//! after its start that shows what the walkthrough is about, so these
//! steps say nothing of which flow: the scenario's own is the only one;
//! they say whether the run still waits for one.

use cucumber::{given, then};
use reqwest::StatusCode;

use crate::{
    World,
    support::browser::{Browser, Page, Result},
};

/// The walkthrough `id`'s page on the scenario's dashboard.
fn page_of(world: &World, id: &str) -> Result<String> {
    Ok(format!(
        "{}/walkthroughs/{id}",
        world.sim()?.url("dashboard")
    ))
}

async fn read(world: &World, id: &str) -> Result<Page> {
    let visitor = Browser::new("a visitor");
    let page = visitor.get(&page_of(world, id)?).await?;
    page.expect_status(StatusCode::OK)?;
    Ok(page)
}

#[given(expr = "a visitor has started the dashboard's {word} walkthrough")]
async fn started(world: &mut World, id: String) -> Result<()> {
    let visitor = Browser::new("a visitor");
    let page = page_of(world, &id)?;
    let started = visitor.post_form(&format!("{page}/start"), &[]).await?;
    started.redirect_target(StatusCode::SEE_OTHER)?;
    Ok(())
}

/// What the page says of the run's progress: steps not needed and
/// asides are not counted, so the page's own count is the one to read.
#[then(expr = "the dashboard's {word} walkthrough shows {int} of {int} steps done")]
async fn shows_done(world: &mut World, id: String, done: usize, steps: usize) -> Result<()> {
    let page = read(world, &id).await?;
    let said = page.text_of("p.progress strong").join(" ");
    let wanted = format!("{done} of {steps} steps done.");
    if said != wanted {
        return Err(format!(
            "the {id} walkthrough says {said:?}, not {wanted:?}"
        ));
    }
    // The page's ticks agree with its count.
    let ticked = page.text_of("li.step.done").len();
    if ticked < done {
        return Err(format!("the {id} walkthrough ticks {ticked} steps"));
    }
    Ok(())
}

#[then(expr = "the dashboard's {word} walkthrough shows finance's approval not needed, not done")]
async fn finance_not_needed(world: &mut World, id: String) -> Result<()> {
    let page = read(world, &id).await?;
    let marked = page.text_of("li.step.not-needed");
    let [step] = marked.as_slice() else {
        return Err(format!(
            "the {id} walkthrough shows {} steps not needed",
            marked.len()
        ));
    };
    if !step.contains("finance") || !step.contains("Not needed in your flow") {
        return Err(format!("the step shown not needed reads {step:?}"));
    }
    if page
        .text_of("li.step.done")
        .iter()
        .any(|s| s.contains("asks finance too"))
    {
        return Err("finance's step is ticked as done".to_owned());
    }
    Ok(())
}

/// The run follows no flow yet, and says what will take one.
#[then(
    expr = "the dashboard's {word} walkthrough still waits for a flow whose cart holds {string}"
)]
async fn still_waits(world: &mut World, id: String, holding: String) -> Result<()> {
    let page = read(world, &id).await?;
    let said = page.text_of("div.run p.progress").join(" ");
    if !said.contains("Waiting for the first flow") || !page.text_of("code.flow").is_empty() {
        return Err(format!("the {id} walkthrough says {said:?}"));
    }
    if !said.contains(&holding) {
        return Err(format!(
            "the {id} walkthrough does not say it waits for {holding:?}: {said:?}"
        ));
    }
    Ok(())
}
