//! The StartPage opened as a browser opens it — a GET with a cookie jar of
//! its own (a page may set a session cookie before redirecting),
//! redirects followed, within the profile's setup limit — and journaled
//! in the run's flow, so the checks that open a page (CERT-SETUP-005,
//! 008, 009, 010, CERT-TOL-007) link to what the supplier's page served.
//!
//! The row is an outbound [`DOCUMENT_TYPE`] to the StartPage URL: the
//! request line, the final HTTP status, the latency, the headers both
//! ways and the page as served. When the run has a browser (`--cart
//! script`), a re-opened cart's page is opened in Chromium instead
//! ([`render`]) and journaled as it stood once its scripts had run. A page is HTML, not cXML: it goes through
//! the journal's plain record path with no findings, since the CX rules
//! would only say, wrongly, that it is a broken cXML document.

use std::time::{Duration, Instant};

use fantoccini::wd::TimeoutConfiguration;
use service_kit::journal::{Began, Direction, HttpHeaders, NewExchange, Trace};

use crate::{
    buyer::VirtualBuyer,
    cart::browser::{Browser, Chrome},
    report::Evidence,
};

/// The journal's document type of a StartPage GET.
const DOCUMENT_TYPE: &str = "StartPage (GET)";

/// The most of a page procsim reads: the checks look for the cart's lines
/// near the top of any real page, and no supplier's page may grow the run
/// without bound (the journal keeps less still, its body cap).
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// What a browser would ask for.
const ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// A StartPage as procsim opened it.
#[derive(Debug, Clone)]
pub(super) struct Opened {
    /// The final HTTP status (redirects followed), or why none came.
    pub status: Result<u16, String>,
    /// The page as served (lossy UTF-8; empty when nothing could be read).
    pub page: String,
    pub elapsed: Duration,
    /// The GET's row in the run's journal.
    pub journal_id: Option<i64>,
}

impl Opened {
    /// Evidence of this GET: its HTTP status, how long it took and its
    /// journal entry, with `detail`.
    pub(super) fn evidence(&self, detail: impl Into<String>) -> Evidence {
        let mut evidence = Evidence::said(detail).elapsed(self.elapsed);
        evidence.http_status = self.status.as_ref().ok().copied();
        evidence.journal_id = self.journal_id;
        evidence
    }
}

/// What came back from the GET, before it is journaled.
struct Fetched {
    status: Result<u16, String>,
    /// Where the redirects ended, when an answer came.
    final_url: Option<String>,
    request_headers: reqwest::header::HeaderMap,
    response_headers: Option<reqwest::header::HeaderMap>,
    body: Option<Vec<u8>>,
}

/// GETs `url` as a browser opening the StartPage would and journals the
/// exchange in the run's flow.
pub(super) async fn open(buyer: &VirtualBuyer, url: &str) -> Opened {
    let began = buyer.journal().begin();
    let started = Instant::now();
    let fetched = fetch(buyer, url).await;
    let elapsed = started.elapsed();
    let mut request = format!("GET {url}\n");
    if let Some(final_url) = fetched.final_url.as_deref().filter(|u| *u != url) {
        request.push_str(&format!("(redirects followed to {final_url})\n"));
    }
    let headers = HttpHeaders::of(&fetched.request_headers, fetched.response_headers.as_ref());
    let page = fetched
        .body
        .map(|body| String::from_utf8_lossy(&body).into_owned());
    let looked = Looked {
        document_type: DOCUMENT_TYPE,
        request,
        status: fetched.status,
        page,
        headers: Some(headers),
        began,
        elapsed,
    };
    looked.journal(buyer, url).await
}

/// A page procsim looked at, to journal in the run's flow.
struct Looked {
    document_type: &'static str,
    /// What the row's request says: the request line and how it went.
    request: String,
    status: Result<u16, String>,
    page: Option<String>,
    headers: Option<HttpHeaders>,
    began: Began,
    elapsed: Duration,
}

impl Looked {
    /// Journals the page as an outbound exchange to `url` and hands it
    /// to the check with its row.
    async fn journal(self, buyer: &VirtualBuyer, url: &str) -> Opened {
        let entry = NewExchange {
            direction: Direction::Outbound,
            peer: url.to_owned(),
            document_type: Some(self.document_type.to_owned()),
            payload_id: None,
            flow_id: Some(buyer.flow().to_owned()),
            http_status: self.status.as_ref().ok().copied(),
            cxml_status: None,
            latency: self.elapsed,
            findings: Vec::new(),
            response_findings: Vec::new(),
            raw: self.request.into_bytes(),
            response_raw: self.page.as_ref().map(|page| page.clone().into_bytes()),
        };
        let trace = Trace {
            began: self.began,
            headers: self.headers,
        };
        let journal_id = match buyer.journal().record_traced(entry, trace).await {
            Ok(id) => Some(id),
            Err(err) => {
                tracing::error!(%err, kind = self.document_type, "could not journal a StartPage");
                None
            }
        };
        Opened {
            status: self.status,
            page: self.page.unwrap_or_default(),
            elapsed: self.elapsed,
            journal_id,
        }
    }
}

async fn fetch(buyer: &VirtualBuyer, url: &str) -> Fetched {
    let mut fetched = Fetched {
        status: Err(String::new()),
        final_url: None,
        request_headers: reqwest::header::HeaderMap::new(),
        response_headers: None,
        body: None,
    };
    let browser = match reqwest::Client::builder()
        .cookie_store(true)
        .timeout(buyer.profile().setup_reply_timeout().0)
        .build()
    {
        Ok(browser) => browser,
        Err(err) => {
            fetched.status = Err(format!("cannot open a page: {err}"));
            return fetched;
        }
    };
    let request = match browser
        .get(url)
        .header(reqwest::header::ACCEPT, ACCEPT)
        .build()
    {
        Ok(request) => request,
        Err(_) => {
            fetched.status = Err("not a URL procsim can GET".to_owned());
            return fetched;
        }
    };
    fetched.request_headers = request.headers().clone();
    let mut answer = match browser.execute(request).await {
        Ok(answer) => answer,
        Err(err) => {
            fetched.status = Err(why_not(&err));
            return fetched;
        }
    };
    fetched.status = Ok(answer.status().as_u16());
    fetched.final_url = Some(answer.url().to_string());
    fetched.response_headers = Some(answer.headers().clone());
    let mut body = Vec::new();
    // A page cut short (its limit, a connection lost) is judged on what
    // came: its status is the answer's.
    while body.len() < MAX_PAGE_BYTES {
        match answer.chunk().await {
            Ok(Some(chunk)) => {
                let room = MAX_PAGE_BYTES - body.len();
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Ok(None) => break,
            Err(err) => {
                tracing::debug!(%err, url, "a StartPage's body was cut short");
                break;
            }
        }
    }
    fetched.body = Some(body);
    fetched
}

fn why_not(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        "no answer in time".to_owned()
    } else if err.is_redirect() {
        "too many redirects".to_owned()
    } else {
        "cannot connect".to_owned()
    }
}

/// The journal's document type of a StartPage opened in Chromium.
const RENDERED_TYPE: &str = "StartPage (rendered)";

/// How long a page's scripts may keep changing it before procsim reads
/// it, and how often it looks.
const SCRIPT_SETTLE: Duration = Duration::from_secs(5);
const SETTLE_TICK: Duration = Duration::from_millis(250);

/// Opens `url` in headless Chromium as the person's browser would, lets
/// the page's scripts run until it stops changing (at most
/// [`SCRIPT_SETTLE`]), and journals the page as then rendered (the DOM
/// serialised) in the run's flow. For the checks that read a re-opened
/// cart's page when the run has a browser (`--cart script`): a site that
/// draws its cart with script shows its lines only there.
pub(super) async fn render(buyer: &VirtualBuyer, url: &str, browser: &Browser) -> Opened {
    let began = buyer.journal().begin();
    let started = Instant::now();
    let limit = buyer.profile().setup_reply_timeout().0;
    let rendered = match browser.start().await {
        Ok(chrome) => {
            // Chromium gives up loading at `limit` itself, so the session
            // is free to close; the outer timeout only guards a browser
            // that stopped answering.
            let rendered =
                tokio::time::timeout(limit + SCRIPT_SETTLE * 2, in_chromium(&chrome, url, limit))
                    .await
                    .unwrap_or_else(|_| Err("no page in time".to_owned()));
            chrome.close().await;
            rendered
        }
        Err(err) => Err(format!("procsim could not start Chromium: {err}")),
    };
    let elapsed = started.elapsed();
    let (status, body) = match rendered {
        Ok((status, dom)) => (Ok(status), Some(dom)),
        Err(why) => (Err(why), None),
    };
    let request = format!(
        "GET {url}\n(opened in Chromium; the page below is as it stood once its scripts had run)\n"
    );
    let looked = Looked {
        document_type: RENDERED_TYPE,
        request,
        status,
        page: body,
        headers: None,
        began,
        elapsed,
    };
    looked.journal(buyer, url).await
}

/// The navigation's HTTP status and the page's DOM once it stopped
/// changing.
async fn in_chromium(chrome: &Chrome, url: &str, limit: Duration) -> Result<(u16, String), String> {
    let client = chrome.client();
    let timeouts = TimeoutConfiguration::new(Some(SCRIPT_SETTLE), Some(limit), None);
    client
        .update_timeouts(timeouts)
        .await
        .map_err(|err| err.to_string())?;
    client.goto(url).await.map_err(|err| err.to_string())?;
    let navigation = client
        .execute(
            "const nav = performance.getEntriesByType('navigation')[0]; \
             return [location.href, nav ? nav.responseStatus : 0];",
            Vec::new(),
        )
        .await
        .map_err(|err| err.to_string())?;
    let at = navigation
        .get(0)
        .and_then(|at| at.as_str())
        .unwrap_or_default();
    if at == "about:blank" {
        return Err("Chromium opened no page (an empty answer, or a download)".to_owned());
    }
    // A page whose status the browser does not report (an old Chromium)
    // is one it showed: 200.
    let status = navigation
        .get(1)
        .and_then(|status| status.as_u64())
        .and_then(|status| u16::try_from(status).ok())
        .filter(|status| *status != 0)
        .unwrap_or(200);
    let deadline = Instant::now() + SCRIPT_SETTLE;
    let mut last = client.source().await.map_err(|err| err.to_string())?;
    while Instant::now() < deadline {
        tokio::time::sleep(SETTLE_TICK).await;
        let now = client.source().await.map_err(|err| err.to_string())?;
        if now == last {
            break;
        }
        last = now;
    }
    last.truncate(floor_char_boundary(&last, MAX_PAGE_BYTES));
    Ok((status, last))
}

/// The largest index at most `at` that starts a character of `s`.
fn floor_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    (0..=at).rev().find(|i| s.is_char_boundary(*i)).unwrap_or(0)
}
