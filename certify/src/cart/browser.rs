//! A real headless Chromium driven over WebDriver (fantoccini): procsim
//! starts its own chromedriver on a free port and opens one session on it.
//! `--cart script` shops with it; procsim's browser tests (tests/browser)
//! start theirs here too.
//!
//! The binaries are Debian's `chromium` and `chromium-driver`;
//! `PROCSIM_CHROMIUM` and `PROCSIM_CHROMEDRIVER` point elsewhere. A
//! missing binary is a [`BrowserError::Missing`] that says how to install
//! it. The element helpers wait for what they look for and look again
//! when a navigation replaced the page under them.

use std::{
    path::{Path, PathBuf},
    process::Stdio,
    time::Duration,
};

use fantoccini::{Client, ClientBuilder, Locator, elements::Element, error::CmdError};
use serde_json::json;
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
    time::Instant,
};

/// How long chromedriver may take to say it listens.
const DRIVER_START: Duration = Duration::from_secs(10);

/// Why no browser session could be had.
#[derive(Debug, thiserror::Error)]
pub enum BrowserError {
    #[error(
        "{what} not found at {}. Install Debian's packages: \
         `apt-get install -y chromium chromium-driver`, or set {variable}.",
        path.display()
    )]
    Missing {
        what: &'static str,
        path: PathBuf,
        variable: &'static str,
    },
    #[error("{0}")]
    Start(String),
}

/// Where Chromium and chromedriver are.
#[derive(Debug, Clone)]
pub struct Browser {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

impl Browser {
    /// `PROCSIM_CHROMIUM` and `PROCSIM_CHROMEDRIVER`, else Debian's
    /// `/usr/bin/chromium` and `/usr/bin/chromedriver`; both must exist.
    pub fn locate() -> Result<Self, BrowserError> {
        Ok(Self {
            chromium: binary("Chromium", "PROCSIM_CHROMIUM", "/usr/bin/chromium")?,
            chromedriver: binary(
                "chromedriver",
                "PROCSIM_CHROMEDRIVER",
                "/usr/bin/chromedriver",
            )?,
        })
    }

    /// Starts chromedriver on a free port and a headless session on it.
    pub async fn start(&self) -> Result<Chrome, BrowserError> {
        let start = |e: String| BrowserError::Start(e);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| start(format!("no free port for chromedriver: {e}")))?
            .port();
        let mut driver = Command::new(&self.chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| start(format!("cannot start {}: {e}", self.chromedriver.display())))?;
        let stdout = driver
            .stdout
            .take()
            .ok_or_else(|| start("chromedriver has no stdout".to_owned()))?;
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
        tokio::time::timeout(DRIVER_START, ready)
            .await
            .map_err(|_| start("chromedriver did not start in time".to_owned()))?
            .map_err(start)?;
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": self.chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,900"],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .map_err(|e| start(format!("cannot open a Chromium session: {e}")))?;
        Ok(Chrome {
            client,
            _driver: driver,
        })
    }
}

fn binary(
    what: &'static str,
    variable: &'static str,
    default: &str,
) -> Result<PathBuf, BrowserError> {
    let path = std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from);
    if path.exists() {
        Ok(path)
    } else {
        Err(BrowserError::Missing {
            what,
            path,
            variable,
        })
    }
}

/// A chromedriver process and one browser session on it. Close it with
/// [`Chrome::close`]: dropping it kills chromedriver but may leave its
/// Chromium running.
pub struct Chrome {
    client: Client,
    _driver: Child,
}

impl Chrome {
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Ends the session (Chromium quits), then chromedriver.
    pub async fn close(self) {
        // A browser that hangs is left to chromedriver's death.
        let _ = tokio::time::timeout(Duration::from_secs(5), self.client.close()).await;
    }
}

/// Saves what the browser shows as a PNG at `path`.
pub async fn screenshot(client: &Client, path: &Path) -> Result<(), String> {
    let png = client.screenshot().await.map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    std::fs::write(path, png).map_err(|e| e.to_string())
}

/// Whether `error` came from a page that changed under the command: a
/// navigation still going on (a form just submitted) aborted it, or the
/// element found was replaced before it was used.
pub fn navigating(error: &CmdError) -> bool {
    let text = error.to_string();
    text.contains("aborted by navigation")
        || text.contains("stale element")
        || text.contains("does not belong to the document")
}

/// Waits up to `patience` for `locator` to match, trying again when a
/// navigation aborted the wait or left what it found stale.
pub async fn wait_for(
    client: &Client,
    locator: Locator<'_>,
    patience: Duration,
) -> Result<Element, String> {
    let deadline = Instant::now() + patience;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match client.wait().at_most(left).for_element(locator).await {
            Ok(element) => return Ok(element),
            Err(error) if navigating(&error) && !left.is_zero() => continue,
            Err(CmdError::WaitTimeout) => return Err("nothing matched in time".to_owned()),
            Err(error) => return Err(error.to_string()),
        }
    }
}

/// Waits for the element `css` selects.
pub async fn find(client: &Client, css: &str, patience: Duration) -> Result<Element, String> {
    wait_for(client, Locator::Css(css), patience)
        .await
        .map_err(|e| format!("no `{css}` on the page: {e}"))
}

/// Clicks the element `css` selects (found again if the page changed
/// under it).
pub async fn click(client: &Client, css: &str, patience: Duration) -> Result<(), String> {
    let deadline = Instant::now() + patience;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let element = find(client, css, left).await?;
        match element.click().await {
            Ok(()) => return Ok(()),
            Err(error) if navigating(&error) && Instant::now() < deadline => continue,
            Err(error) => return Err(format!("cannot click `{css}`: {error}")),
        }
    }
}

/// Types `text` into the field `css` selects, after what it held when
/// `replace` (found again if the page changed under it).
pub async fn type_into(
    client: &Client,
    css: &str,
    text: &str,
    replace: bool,
    patience: Duration,
) -> Result<(), String> {
    let deadline = Instant::now() + patience;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let element = find(client, css, left).await?;
        let typed = async {
            if replace {
                element.clear().await?;
            }
            element.send_keys(text).await
        };
        match typed.await {
            Ok(()) => return Ok(()),
            Err(error) if navigating(&error) && Instant::now() < deadline => continue,
            Err(error) => return Err(format!("cannot type into `{css}`: {error}")),
        }
    }
}

/// The visible text of the element `css` selects (read again if a
/// navigation replaced the page between finding and reading it).
pub async fn text_of(client: &Client, css: &str, patience: Duration) -> Result<String, String> {
    let deadline = Instant::now() + patience;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let element = find(client, css, left).await?;
        match element.text().await {
            Ok(text) => return Ok(text),
            Err(error) if navigating(&error) && Instant::now() < deadline => continue,
            Err(error) => return Err(format!("cannot read `{css}`: {error}")),
        }
    }
}
