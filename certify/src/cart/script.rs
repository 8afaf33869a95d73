//! `--cart script FILE`: headless Chromium (`browser`) plays the person of
//! `--cart manual`. It opens the StartPage, runs the recipe's steps
//! (`recipe`) and stops when the cart arrives at procsim's listener; the
//! shopping session, the listener and the cart checks are the manual
//! mode's. A step that fails ends the run with a reason naming the step,
//! its selector and the page, and a screenshot of that page.

use std::{path::PathBuf, time::Duration};

use fantoccini::Client;
use tokio::time::{Instant, timeout};

use super::{
    CartPrompt, ManualCart,
    browser::{self, Browser, Chrome},
    recipe::{Action, Recipe, Step},
};

/// What a browser command may take beyond its step's own timeout before
/// the step is abandoned (a browser that stopped answering).
const GRACE: Duration = Duration::from_secs(5);

/// `--cart script`: the recipe, the browser that runs it and, as for
/// `--cart manual`, where procsim listens for the cart, how long the
/// whole shopping may take and who hears the prompts.
#[derive(Debug, Clone)]
pub struct ScriptCart {
    pub recipe: Recipe,
    pub browser: Browser,
    pub cart: ManualCart,
    /// Where the screenshot of a failed step is saved.
    pub screenshots: PathBuf,
}

impl ScriptCart {
    /// Runs `recipe` in `browser`, giving up after `timeout`; screenshots
    /// go to the system's temporary directory.
    pub fn new(recipe: Recipe, browser: Browser, timeout: Duration) -> Self {
        Self {
            recipe,
            browser,
            cart: ManualCart::new(timeout),
            screenshots: std::env::temp_dir(),
        }
    }
}

/// Opens `start_page` in `chrome` and runs the steps. It returns only
/// when the run cannot bring a cart: a step failed, or the cart did not
/// come within the recipe's `timeout` of the last step. The caller stops
/// it when the cart arrives.
pub(crate) async fn run(
    script: &ScriptCart,
    chrome: &Chrome,
    start_page: &str,
    flow: &str,
) -> String {
    let client = chrome.client();
    let recipe = &script.recipe;
    let of = recipe.steps.len();
    let opened = timeout(recipe.settle + GRACE, client.goto(start_page)).await;
    let opened = match opened {
        Ok(Ok(())) => Ok(()),
        Ok(Err(err)) => Err(err.to_string()),
        Err(_) => Err(format!("no page within {}", seconds(recipe.settle))),
    };
    if let Err(why) = opened {
        let shot = evidence(script, client, flow, "start-page").await;
        return format!("Chromium could not open the StartPage {start_page}: {why}{shot}");
    }
    for (index, step) in recipe.steps.iter().enumerate() {
        let number = index + 1;
        script.cart.tell(CartPrompt::Step {
            number,
            of,
            step: step.action.to_string(),
        });
        let done = timeout(step.timeout + GRACE, perform(client, step, start_page))
            .await
            .unwrap_or_else(|_| Err("the browser stopped answering".to_owned()));
        if let Err(why) = done {
            let shot = evidence(script, client, flow, &format!("step-{number}")).await;
            return format!(
                "recipe step {number} of {of} (line {}: {}) failed within {}: {why}{shot}",
                step.line,
                step.action,
                seconds(step.timeout),
            );
        }
    }
    tokio::time::sleep(recipe.settle).await;
    let at = page(client).await;
    format!(
        "the recipe's {of} steps ran, but no cart was posted to procsim's BrowserFormPost URL \
         within {} of the last (the page was {at}); end the recipe with the step that returns \
         the cart",
        seconds(recipe.settle)
    )
}

async fn perform(client: &Client, step: &Step, start_page: &str) -> Result<(), String> {
    let patience = step.timeout;
    match &step.action {
        Action::Goto { url } => {
            let here = client.current_url().await.map_err(|e| e.to_string())?;
            let there = here
                .join(&url.replace("{start_page}", start_page))
                .map_err(|e| format!("{url} is not a URL: {e}"))?;
            client.goto(there.as_str()).await.map_err(|e| e.to_string())
        }
        Action::Click { selector } => browser::click(client, selector, patience).await,
        Action::Fill { selector, value } => {
            browser::type_into(client, selector, value, true, patience).await
        }
        Action::WaitFor { selector } => browser::find(client, selector, patience).await.map(|_| ()),
        Action::WaitForText { text, selector } => {
            let selector = selector.as_deref().unwrap_or("body");
            wait_for_text(client, selector, text, patience).await
        }
    }
}

/// Polls the text of `selector` until it contains `text`, up to
/// `patience`.
async fn wait_for_text(
    client: &Client,
    selector: &str,
    text: &str,
    patience: Duration,
) -> Result<(), String> {
    let deadline = Instant::now() + patience;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let seen = browser::text_of(client, selector, left).await?;
        if seen.contains(text) {
            return Ok(());
        }
        if Instant::now() >= deadline {
            let seen: String = seen.chars().take(200).collect();
            return Err(format!(
                "{text:?} never appeared in `{selector}`, which says: {seen:?}"
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The page the browser is on, or why that is unknown.
async fn page(client: &Client) -> String {
    match timeout(GRACE, client.current_url()).await {
        Ok(Ok(url)) => url.to_string(),
        Ok(Err(err)) => format!("unknown ({err})"),
        Err(_) => "unknown (the browser stopped answering)".to_owned(),
    }
}

/// `; page URL; screenshot: PATH` for a failure's reason.
async fn evidence(script: &ScriptCart, client: &Client, flow: &str, what: &str) -> String {
    let at = page(client).await;
    let path = script
        .screenshots
        .join(format!("procsim-{flow}-{what}.png"));
    let saved = match timeout(GRACE, browser::screenshot(client, &path)).await {
        Ok(Ok(())) => path.display().to_string(),
        Ok(Err(err)) => format!("not saved ({err})"),
        Err(_) => "not saved (the browser stopped answering)".to_owned(),
    };
    format!("; page {at}; screenshot: {saved}")
}

fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs())
}
