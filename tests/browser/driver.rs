//! The browser tests' harness around certify's Chromium launcher
//! (`certify::cart::browser`: a headless session on a chromedriver of its
//! own): each test runs in a session, and on failure saves a screenshot
//! under `target/browser-screenshots/`.
//!
//! The binaries are Debian's `chromium` and `chromium-driver` (`.ci/run`
//! installs them); `PROCSIM_CHROMIUM` and `PROCSIM_CHROMEDRIVER` point
//! elsewhere. A missing binary fails the test with that advice: a browser
//! test that skips itself silently proves nothing.

use std::{
    future::Future,
    path::{Path, PathBuf},
    time::Duration,
};

use certify::cart::browser::{self, Browser};
use fantoccini::{Client, Locator, elements::Element};
use serde_json::json;

pub type Result<T, E = String> = std::result::Result<T, E>;

/// How long a page may take to show what a step waits for.
const PATIENCE: Duration = Duration::from_secs(10);

/// Runs browser tests.
pub struct Chrome;

impl Chrome {
    /// Runs `test`; on failure saves a screenshot named after the test and
    /// panics with the error and where the screenshot is.
    pub async fn run<F, Fut>(name: &str, test: F)
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = Result<()>>,
    {
        let chrome = match Browser::locate() {
            Ok(found) => found.start().await,
            Err(missing) => panic!("{name}: {missing}"),
        };
        let chrome = chrome.unwrap_or_else(|error| panic!("{name}: {error}"));
        let outcome = test(chrome.client().clone()).await;
        if let Err(error) = outcome {
            let saved = save_screenshot(chrome.client(), name).await;
            let url = chrome.client().current_url().await.map(String::from);
            chrome.close().await;
            panic!("{name}: {error}\n  at {url:?}\n  screenshot: {saved}");
        }
        chrome.close().await;
    }
}

fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screenshots")
}

async fn save_screenshot(client: &Client, name: &str) -> String {
    let path = screenshot_dir().join(format!("{name}.png"));
    match browser::screenshot(client, &path).await {
        Ok(()) => path.display().to_string(),
        Err(error) => format!("not saved ({error})"),
    }
}

/// Saves the current page as `docs/screenshots/{name}.png` when
/// `PROCSIM_DOC_SCREENSHOTS` is set (how the README's pictures are made).
pub async fn document(client: &Client, name: &str) -> Result<()> {
    if std::env::var_os("PROCSIM_DOC_SCREENSHOTS").is_none() {
        return Ok(());
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("docs/screenshots/{name}.png"));
    browser::screenshot(client, &path).await
}

/// Waits for an element to appear (the page may still be loading).
pub async fn find(client: &Client, css: &str) -> Result<Element> {
    browser::find(client, css, PATIENCE).await
}

/// Clicks the element `css` selects (found again if the page changed
/// under it).
pub async fn click(client: &Client, css: &str) -> Result<()> {
    browser::click(client, css, PATIENCE).await
}

/// Types `text` into the field `css` selects, after what it holds.
pub async fn type_into(client: &Client, css: &str, text: &str) -> Result<()> {
    browser::type_into(client, css, text, false, PATIENCE).await
}

/// Waits until the page's `<h1>` contains `text` (no `'` in it), and
/// gives the page's text.
pub async fn expect_heading(client: &Client, text: &str) -> Result<String> {
    let xpath = format!("//h1[contains(., '{text}')]");
    if let Err(error) = browser::wait_for(client, Locator::XPath(&xpath), PATIENCE).await {
        let seen = body_text(client).await.unwrap_or_default();
        let seen: String = seen.chars().take(400).collect();
        return Err(format!(
            "expected a heading with `{text}` ({error}); the page says: {seen}"
        ));
    }
    body_text(client).await
}

/// Opens every collapsed document on an exchange page (as a person
/// presses "Show all"), then gives the page's text.
pub async fn show_documents(client: &Client) -> Result<String> {
    client
        .execute(
            "document.querySelectorAll('details.body:not([open]) > summary')\
               .forEach(s => s.click());",
            Vec::new(),
        )
        .await
        .map_err(|e| format!("cannot open the documents: {e}"))?;
    body_text(client).await
}

/// The visible text of the element `css` selects (found again if the
/// page changed under it).
pub async fn text_of(client: &Client, css: &str) -> Result<String> {
    browser::text_of(client, css, PATIENCE).await
}

/// The visible text of the whole page.
pub async fn body_text(client: &Client) -> Result<String> {
    browser::text_of(client, "body", PATIENCE).await
}

/// The attributes `names` of every element `css` selects, read in one
/// script run so that a live update cannot swap the elements halfway.
pub async fn attributes(client: &Client, css: &str, names: &[&str]) -> Result<Vec<Vec<String>>> {
    let script = "return Array.from(document.querySelectorAll(arguments[0])).map(\
                  e => arguments[1].map(n => e.getAttribute(n) || ''));";
    let value = client
        .execute(script, vec![json!(css), json!(names)])
        .await
        .map_err(|e| format!("cannot read `{css}`: {e}"))?;
    serde_json::from_value(value).map_err(|e| format!("`{css}` gave no attribute lists: {e}"))
}

/// Signs in to a buyer system's picker as the user with `email`.
/// Returns once the browser has left the picker, so a following `goto`
/// cannot race the sign-in's own redirect.
pub async fn sign_in(client: &Client, base: &str, email: &str) -> Result<()> {
    client
        .goto(&format!("{base}/signin"))
        .await
        .map_err(|e| e.to_string())?;
    click(
        client,
        &format!("form:has(input[name=email][value='{email}']) button"),
    )
    .await?;
    wait_for_path(client, &format!("to leave /signin as {email}"), |path| {
        path != "/signin"
    })
    .await
}

/// Waits until the browser is on a page whose path starts with `prefix`
/// (a click's navigation has arrived).
pub async fn arrive(client: &Client, prefix: &str) -> Result<()> {
    wait_for_path(client, &format!("to reach {prefix}"), |path| {
        path.starts_with(prefix)
    })
    .await
}

async fn wait_for_path(
    client: &Client,
    waiting: &str,
    arrived: impl Fn(&str) -> bool,
) -> Result<()> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let url = client.current_url().await.map_err(|e| e.to_string())?;
        if arrived(url.path()) {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(format!("waited {waiting}, still at {url}"));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
