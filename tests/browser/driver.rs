//! A real headless Chromium driven over WebDriver (fantoccini): the test
//! starts its own chromedriver on a free port, opens a session, and on
//! failure saves a screenshot under `target/browser-screenshots/`.
//!
//! The binaries are Debian's `chromium` and `chromium-driver` (`.ci/run`
//! installs them); `PROCSIM_CHROMIUM` and `PROCSIM_CHROMEDRIVER` point
//! elsewhere. A missing binary fails the test with that advice: a browser
//! test that skips itself silently proves nothing.

use std::{
    future::Future,
    path::{Path, PathBuf},
    process::Stdio,
    time::Duration,
};

use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use serde_json::json;
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
};

pub type Result<T, E = String> = std::result::Result<T, E>;

/// How long a page may take to show what a step waits for.
const PATIENCE: Duration = Duration::from_secs(10);

fn binary(variable: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from);
    assert!(
        path.exists(),
        "browser tests need {} (not found). Install Debian's packages: \
         `apt-get install -y chromium chromium-driver`, or set {variable}.",
        path.display()
    );
    path
}

/// A chromedriver process and one browser session on it.
pub struct Chrome {
    pub client: Client,
    _driver: Child,
}

impl Chrome {
    /// Starts chromedriver on a free port and a headless session.
    pub async fn start() -> Result<Chrome> {
        let chromium = binary("PROCSIM_CHROMIUM", "/usr/bin/chromium");
        let chromedriver = binary("PROCSIM_CHROMEDRIVER", "/usr/bin/chromedriver");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port for chromedriver: {e}"))?
            .port();
        let mut driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromedriver.display()))?;
        let stdout = driver.stdout.take().ok_or("chromedriver has no stdout")?;
        // chromedriver says when it listens; wait for that line, not a time.
        let ready = async {
            let mut lines = BufReader::new(stdout).lines();
            while let Some(line) = lines.next_line().await.map_err(|e| e.to_string())? {
                if line.contains("started successfully") {
                    return Ok(());
                }
            }
            Err("chromedriver exited before it was ready".to_owned())
        };
        tokio::time::timeout(PATIENCE, ready)
            .await
            .map_err(|_| "chromedriver did not start in time".to_owned())??;
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,900"],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .map_err(|e| format!("cannot open a Chromium session: {e}"))?;
        Ok(Chrome {
            client,
            _driver: driver,
        })
    }

    /// Runs `test`; on failure saves a screenshot named after the test and
    /// panics with the error and where the screenshot is.
    pub async fn run<F, Fut>(name: &str, test: F)
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = Result<()>>,
    {
        let chrome = match Chrome::start().await {
            Ok(chrome) => chrome,
            Err(error) => panic!("{name}: {error}"),
        };
        let outcome = test(chrome.client.clone()).await;
        if let Err(error) = outcome {
            let saved = save_screenshot(&chrome.client, name).await;
            let url = chrome.client.current_url().await.map(String::from);
            let _ = chrome.client.close().await;
            panic!("{name}: {error}\n  at {url:?}\n  screenshot: {saved}");
        }
        let _ = chrome.client.close().await;
    }
}

fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screenshots")
}

async fn save_screenshot(client: &Client, name: &str) -> String {
    let dir = screenshot_dir();
    let path = dir.join(format!("{name}.png"));
    let saved = async {
        let png = client.screenshot().await.map_err(|e| e.to_string())?;
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        std::fs::write(&path, png).map_err(|e| e.to_string())
    }
    .await;
    match saved {
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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    let png = client.screenshot().await.map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join(format!("{name}.png")), png).map_err(|e| e.to_string())
}

/// Waits for an element to appear (the page may still be loading).
pub async fn find(client: &Client, css: &str) -> Result<Element> {
    wait_for(client, Locator::Css(css))
        .await
        .map_err(|e| format!("no `{css}` on the page: {e}"))
}

/// WebDriver's wait for `locator`, tried again when a navigation that was
/// still going on (a form just submitted) aborted it or left it stale, or
/// a live update swapped the part of the page it was in.
async fn wait_for(client: &Client, locator: Locator<'_>) -> Result<Element> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match client.wait().at_most(left).for_element(locator).await {
            Ok(element) => return Ok(element),
            Err(error) if navigating(&error) && !left.is_zero() => continue,
            Err(error) => return Err(error.to_string()),
        }
    }
}

fn navigating(error: &fantoccini::error::CmdError) -> bool {
    let text = error.to_string();
    // Chromium says the last when the node was replaced between finding
    // and clicking it (e.g. the dashboard's live part was swapped).
    text.contains("aborted by navigation")
        || text.contains("stale element")
        || text.contains("does not belong to the document")
}

/// Clicks the element `css` selects (found again if the page changed
/// under it).
pub async fn click(client: &Client, css: &str) -> Result<()> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let element = find(client, css).await?;
        match element.click().await {
            Ok(()) => return Ok(()),
            Err(error) if navigating(&error) && tokio::time::Instant::now() < deadline => continue,
            Err(error) => return Err(format!("cannot click `{css}`: {error}")),
        }
    }
}

/// Types `text` into the field `css` selects (found again if the page
/// changed under it, as `click` does).
pub async fn type_into(client: &Client, css: &str, text: &str) -> Result<()> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let element = find(client, css).await?;
        match element.send_keys(text).await {
            Ok(()) => return Ok(()),
            Err(error) if navigating(&error) && tokio::time::Instant::now() < deadline => continue,
            Err(error) => return Err(format!("cannot type into `{css}`: {error}")),
        }
    }
}

/// Waits until the page's `<h1>` contains `text` (no `'` in it), and
/// gives the page's text.
pub async fn expect_heading(client: &Client, text: &str) -> Result<String> {
    let xpath = format!("//h1[contains(., '{text}')]");
    if let Err(error) = wait_for(client, Locator::XPath(&xpath)).await {
        let seen = body_text(client).await.unwrap_or_default();
        let seen: String = seen.chars().take(400).collect();
        return Err(format!(
            "expected a heading with `{text}` ({error}); the page says: {seen}"
        ));
    }
    body_text(client).await
}

/// The visible text of the whole page (read again if a navigation
/// replaced the page between finding its body and reading it).
pub async fn body_text(client: &Client) -> Result<String> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let body = find(client, "body").await?;
        match body.text().await {
            Ok(text) => return Ok(text),
            Err(error) if navigating(&error) && tokio::time::Instant::now() < deadline => continue,
            Err(error) => return Err(format!("cannot read the page: {error}")),
        }
    }
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
