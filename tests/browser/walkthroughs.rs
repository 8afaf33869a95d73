//! Walkthroughs followed as a newcomer would (issue 14, B1 and B2): open
//! F1 on the dashboard, press Start, do each step in the pages it opens,
//! and watch it tick exactly the steps done, live, to 3/3 (the last is
//! Edit at supplier). Then start F4 and F5 and make a second purchase,
//! under Coupa's finance threshold, through submission, Mia's approval,
//! the PO and the mail: each of those steps ticks on its own as it
//! happens (the submission before any approval), Fin's approval is shown
//! not needed rather than ticked, both end at N/N, F1 keeps its own flow,
//! and no walkthrough that was not started ticks anything (one purchase
//! used to tick F7, F9, F11, F12, F13 and F15).

use std::time::Duration;

use fantoccini::{Client, wd::WindowHandle};
use scenarios::support::{
    catalog::{Pick, saas_upfront_below},
    coupa::{JANE, MIA},
    sim::{COUPA_ACCOUNT_MAIL, Sim, test_config},
};
use serde_json::json;

use crate::driver::{
    Chrome, Result, arrive, attributes, body_text, click, document, expect_heading, find, sign_in,
};
use crate::purchase::{contains, switch_to_new_tab};

/// Below Coupa's finance threshold: Mia's approval is the last.
const FINANCE_FROM_CENTS: i64 = 500_000;

#[tokio::test(flavor = "multi_thread")]
async fn walkthroughs_tick_only_their_own_flow_to_the_end() {
    let sim = Sim::start(test_config()).await.expect("ecosystem");
    let pick = saas_upfront_below(&sim, FINANCE_FROM_CENTS)
        .await
        .expect("a product below the finance threshold");
    Chrome::run(
        "walkthroughs_tick_only_their_own_flow",
        |client| async move { follow(&client, &sim, &pick).await },
    )
    .await;
}

/// The two tabs a person keeps: the walkthrough and the one they act in.
struct Tabs {
    walkthrough: WindowHandle,
    walking: WindowHandle,
}

impl Tabs {
    async fn to_walkthrough(&self, client: &Client) -> Result<()> {
        client
            .switch_to_window(self.walkthrough.clone())
            .await
            .map_err(|e| e.to_string())
    }

    async fn to_walking(&self, client: &Client) -> Result<()> {
        client
            .switch_to_window(self.walking.clone())
            .await
            .map_err(|e| e.to_string())
    }
}

async fn follow(client: &Client, sim: &Sim, pick: &Pick) -> Result<()> {
    let coupa = sim.url("coupa");
    client
        .goto(&sim.url("dashboard"))
        .await
        .map_err(|e| e.to_string())?;
    click(client, "a[href='/walkthroughs/F1']").await?;
    expect_heading(client, "Coupa PunchOut").await?;
    // Before Start nothing is judged and no step opens.
    if client
        .find(fantoccini::Locator::Css("form[action$='/signin']"))
        .await
        .is_ok()
    {
        return Err("a step opens before the walkthrough is started".to_owned());
    }
    click(client, "form[action$='/start'] button").await?;
    expect_text(client, "0 of 3 steps done").await?;
    let walkthrough = client.window().await.map_err(|e| e.to_string())?;
    // Step 1: Coupa as Jane, in a new tab, then her punchout.
    click(
        client,
        &format!("form[action$='/signin']:has(input[name=email][value='{JANE}']) button"),
    )
    .await?;
    switch_to_new_tab(client, &walkthrough).await?;
    let walking = client.window().await.map_err(|e| e.to_string())?;
    let tabs = Tabs {
        walkthrough,
        walking,
    };
    contains(
        &expect_heading(client, "Welcome").await?,
        "Jane",
        "Coupa opened from the walkthrough",
    )?;
    // Signing in is no step of its own: nothing ticks yet.
    tabs.to_walkthrough(client).await?;
    expect_text(client, "0 of 3 steps done").await?;
    tabs.to_walking(client).await?;
    // Steps 1 and 2: punch out, request approval, the cart comes back.
    request_approval(client, pick).await?;
    tabs.to_walkthrough(client).await?;
    expect_text(client, "2 of 3 steps done").await?;
    expect_ticks(client, &[true, true, false]).await?;
    document(client, "walkthrough").await?;
    // Step 3: Edit at supplier re-opens the cart in the storefront.
    tabs.to_walking(client).await?;
    click(client, "form[action$='/edit'] button").await?;
    find(client, "section.punchout").await?;
    tabs.to_walkthrough(client).await?;
    expect_text(client, "3 of 3 steps done").await?;
    expect_ticks(client, &[true, true, true]).await?;
    expect_count(client, "F1", "3/3").await?;
    let f1_flow = text_of(client, "code.flow").await?;

    // F4 and F5 start now: they follow the next purchase, not F1's.
    for id in ["F4", "F5"] {
        click(client, &format!("nav a[href='/walkthroughs/{id}']")).await?;
        arrive(client, &format!("/walkthroughs/{id}")).await?;
        click(client, "form[action$='/start'] button").await?;
        expect_text(client, "Waiting for the first flow").await?;
    }
    expect_text(client, "0 of 7 steps done").await?;
    tabs.to_walking(client).await?;
    client.goto(&coupa).await.map_err(|e| e.to_string())?;
    expect_heading(client, "Welcome").await?;
    request_approval(client, pick).await?;
    tabs.to_walkthrough(client).await?;
    expect_text(client, "1 of 7 steps done").await?;
    tabs.to_walking(client).await?;
    click(client, "form[action$='/submit'] button").await?;
    expect_heading(client, "Requisition").await?;
    let requisition = client.current_url().await.map_err(|e| e.to_string())?;
    // Submitted, nobody approved yet: the submission alone ticks, and
    // under the threshold Coupa's chain has no finance step.
    tabs.to_walkthrough(client).await?;
    expect_text(client, "2 of 6 steps done").await?;
    expect_ticks(client, &[true, true, false, false, false, false, false]).await?;
    expect_not_needed(client, 4).await?;
    tabs.to_walking(client).await?;
    sign_in(client, &coupa, MIA).await?;
    client
        .goto(requisition.as_str())
        .await
        .map_err(|e| e.to_string())?;
    expect_heading(client, "Requisition").await?;
    click(client, "form[action$='/approve'] button").await?;
    find(client, "ol.chain li.step-approved").await?;
    client
        .goto(requisition.as_str())
        .await
        .map_err(|e| e.to_string())?;
    click(client, "a[href^='/orders/']").await?;
    let order = expect_heading(client, "Purchase order").await?;
    contains(&order, "accepted", "the PO page")?;
    let po_number = order
        .split_whitespace()
        .find(|w| w.starts_with("PO-"))
        .ok_or("the PO page names no PO number")?
        .to_owned();
    tabs.to_walkthrough(client).await?;
    // F5 waits only for the mail to be read; Fin's step is not needed,
    // never ticked.
    expect_text(client, "5 of 6 steps done").await?;
    expect_ticks(client, &[true, true, true, false, true, true, false]).await?;
    expect_not_needed(client, 4).await?;
    expect_count(client, "F4", "4/4").await?;
    tabs.to_walking(client).await?;
    sim.wait_for_mail(COUPA_ACCOUNT_MAIL, &po_number).await?;
    click(client, ".procsim-strip a[href='/procsim/go/mail']").await?;
    expect_heading(client, "Inbox").await?;
    click(client, "table.inbox a[href^='/messages/']").await?;
    arrive(client, "/messages/").await?;
    contains(&body_text(client).await?, &po_number, "the mail")?;
    tabs.to_walkthrough(client).await?;
    expect_text(client, "6 of 6 steps done").await?;
    expect_count(client, "F5", "6/6").await?;
    // F4 ended too, Fin's step marked not needed.
    click(client, "nav a[href='/walkthroughs/F4']").await?;
    arrive(client, "/walkthroughs/F4").await?;
    expect_text(client, "4 of 4 steps done").await?;
    expect_ticks(client, &[true, true, true, false, true]).await?;
    expect_not_needed(client, 4).await?;

    // F1 still follows its own flow, and the purchases ticked nothing in
    // a walkthrough nobody started.
    click(client, "nav a[href='/walkthroughs/F1']").await?;
    arrive(client, "/walkthroughs/F1").await?;
    expect_text(client, "3 of 3 steps done").await?;
    let still = text_of(client, "code.flow").await?;
    if still != f1_flow {
        return Err(format!("F1 moved from flow {f1_flow} to {still}"));
    }
    // The tab has shown seven dashboard pages by now: each one's live
    // stream must have let go of its connection, or the browser waits for
    // a free one before it even asks for the hub.
    let hub = sim.url("dashboard");
    tokio::time::timeout(Duration::from_secs(20), client.goto(&hub))
        .await
        .map_err(|_| "the hub took over 20 s to load: a page's stream held a connection")?
        .map_err(|e| e.to_string())?;
    expect_heading(client, "ecosystem").await?;
    let counts = counts(client).await?;
    for (id, count) in &counts {
        let wanted = match id.as_str() {
            "F1" => "3/3",
            "F4" => "4/4",
            "F5" => "6/6",
            _ => "not started",
        };
        if count != wanted {
            return Err(format!(
                "the hub shows {id} at {count}, not {wanted}: {counts:?}"
            ));
        }
    }
    Ok(())
}

/// Punches out from Coupa's home page, finds `pick` and requests
/// approval on it; back on Coupa's cart.
async fn request_approval(client: &Client, pick: &Pick) -> Result<()> {
    click(client, "form[action^='/punchout/'] button").await?;
    crate::storefront::request_approval(client, pick).await?;
    let cart = expect_heading(client, "Cart").await?;
    contains(&cart, &pick.name, "Coupa's cart")
}

/// Waits until the page says `wanted` (the live part is swapped in).
pub(crate) async fn expect_text(client: &Client, wanted: &str) -> Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let text = body_text(client).await?;
        if text.contains(wanted) {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            let shown: String = text.chars().take(800).collect();
            return Err(format!("the page never said {wanted:?}; it says: {shown}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the required steps' ticks are exactly `wanted` (the live
/// part is swapped in).
pub(crate) async fn expect_ticks(client: &Client, wanted: &[bool]) -> Result<()> {
    expect_ticks_of(client, &[wanted]).await
}

/// Waits until the required steps' ticks are exactly one of `choices`
/// (alternatives and asides left out: they are no steps to do).
pub(crate) async fn expect_ticks_of(client: &Client, choices: &[&[bool]]) -> Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let ticks: Vec<bool> = required_steps(client)
            .await?
            .iter()
            .map(|classes| classes.iter().any(|c| c == "done"))
            .collect();
        if choices.contains(&ticks.as_slice()) {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(format!("the steps' ticks are {ticks:?}, not {choices:?}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Each required step's classes, in order (alternatives and asides left
/// out).
async fn required_steps(client: &Client) -> Result<Vec<Vec<String>>> {
    let classes = attributes(client, "ol.steps li.step", &["class"]).await?;
    Ok(classes
        .iter()
        .map(|c| {
            c[0].split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|c| !c.iter().any(|w| w == "alternative" || w == "aside"))
        .collect())
}

/// Waits until required step `number` (from 1) is shown not needed, and
/// it alone: marked so, not ticked.
pub(crate) async fn expect_not_needed(client: &Client, number: usize) -> Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let steps = required_steps(client).await?;
        let marked: Vec<usize> = steps
            .iter()
            .enumerate()
            .filter(|(_, c)| c.iter().any(|w| w == "not-needed"))
            .map(|(i, _)| i + 1)
            .collect();
        let ticked = steps
            .get(number - 1)
            .is_some_and(|c| c.iter().any(|w| w == "done"));
        if marked == [number] && !ticked {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(format!(
                "steps {marked:?} are shown not needed (step {number} ticked: {ticked})"
            ));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the sidebar (or hub) shows `id` at `wanted`.
pub(crate) async fn expect_count(client: &Client, id: &str, wanted: &str) -> Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let counts = counts(client).await?;
        if counts.iter().any(|(i, c)| i == id && c == wanted) {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(format!("{id} never showed {wanted}: {counts:?}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Each listed walkthrough's count, read in one script run.
pub(crate) async fn counts(client: &Client) -> Result<Vec<(String, String)>> {
    let script = "return Array.from(document.querySelectorAll('li[data-walkthrough]')).map(\
                  e => [e.dataset.walkthrough, e.querySelector('.count').textContent.trim()]);";
    let value = client
        .execute(script, vec![])
        .await
        .map_err(|e| format!("cannot read the counts: {e}"))?;
    let pairs: Vec<(String, String)> =
        serde_json::from_value(value).map_err(|e| format!("no counts: {e}"))?;
    if pairs.is_empty() {
        return Err("no walkthrough is listed".to_owned());
    }
    Ok(pairs)
}

async fn text_of(client: &Client, css: &str) -> Result<String> {
    let script = "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;";
    let value = client
        .execute(script, vec![json!(css)])
        .await
        .map_err(|e| e.to_string())?;
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no `{css}` on the page"))
}
