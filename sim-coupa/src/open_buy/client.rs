//! The call to the supplier's Open Buy search API: `GET {open_buy_url}`
//! with `q`, `limit` and `offset`, HTTP Basic with the punchout site's
//! `From` identity and shared secret, JSON back. Every way it can fail
//! becomes a [`SearchError`] whose texts are safe to show the user.
//! This is plain HTTP and JSON, not cXML: Open Buy search is the
//! supplier's catalog API, and only punchout and orders speak cXML.
//! Each call made is given back as a [`Call`] for Coupa's journal (the
//! request without the secret, the answer read up to 4 MB).

use std::time::Duration;

use reqwest::StatusCode;
use serde::{Deserialize, Serialize};

use crate::config::PunchoutSite;

/// How long Coupa waits for the supplier's search.
const TIMEOUT: Duration = Duration::from_secs(10);

/// One page of results, as the supplier sent it.
#[derive(Debug, Clone, Deserialize)]
pub struct Results {
    pub total: usize,
    pub offset: usize,
    /// Whether the supplier searched only the account's approved products.
    #[serde(default)]
    pub private_marketplace: bool,
    pub hits: Vec<Hit>,
}

/// One result row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hit {
    /// The supplier's part id, sent back as `SelectedItem`.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub short_description: String,
    pub seller: String,
    pub category: Category,
    pub price_summary: String,
    #[serde(default = "yes")]
    pub supported_for_procurement: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Category {
    pub name: String,
}

/// Why there are no results to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("the supplier has no Open Buy search configured")]
    NotConfigured,
    #[error("the supplier's search could not be reached: {0}")]
    Unreachable(String),
    /// 401: the site's identity or secret is wrong.
    #[error("the supplier refused Coupa's credentials")]
    Credentials,
    /// 403: the supplier does not let this buyer search.
    #[error("the supplier refused the search: {0}")]
    Refused(String),
    /// 400: the supplier could not run this query; its message.
    #[error("the supplier could not run this search: {0}")]
    BadQuery(String),
    /// Anything else: an unexpected status or an unreadable answer.
    #[error("the supplier's search answered badly: {0}")]
    BadAnswer(String),
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    message: String,
}

/// The longest answer Coupa reads from the supplier's search.
const MAX_ANSWER_BYTES: usize = 4 * 1024 * 1024;

/// What went over the wire, for Coupa's journal: the request (no
/// secret in it) and what came back.
#[derive(Debug, Clone)]
pub struct Call {
    /// The URL asked, with its query.
    pub url: String,
    /// The request as text: method, URL and the credentials' identity.
    pub request: String,
    pub http_status: Option<u16>,
    pub answer: Option<Vec<u8>>,
    pub latency: Duration,
}

/// Runs `query` at `site`'s search API: `limit` results from `offset`.
/// Gives the call made as well, unless no call could be made.
pub async fn search(
    http: &reqwest::Client,
    site: &PunchoutSite,
    query: &str,
    limit: usize,
    offset: usize,
) -> (Result<Results, SearchError>, Option<Call>) {
    let Some(url) = site.open_buy_url.as_deref() else {
        return (Err(SearchError::NotConfigured), None);
    };
    let identity = &site.identities.from.identity;
    let request = http
        .get(url)
        .timeout(TIMEOUT)
        .basic_auth(identity, Some(site.identities.secret.expose()))
        .query(&[
            ("q", query),
            ("limit", &limit.to_string()),
            ("offset", &offset.to_string()),
        ])
        .build();
    let request = match request {
        Ok(request) => request,
        Err(err) => return (Err(SearchError::Unreachable(cause(&err))), None),
    };
    let mut call = Call::of(&request, identity);
    let started = std::time::Instant::now();
    let outcome = match http.execute(request).await {
        Err(err) => Err(SearchError::Unreachable(cause(&err))),
        Ok(reply) => {
            let status = reply.status();
            call.http_status = Some(status.as_u16());
            read_answer(reply).await.and_then(|answer| {
                let outcome = understand(status, &answer);
                call.answer = Some(answer);
                outcome
            })
        }
    };
    call.latency = started.elapsed();
    (outcome, Some(call))
}

impl Call {
    /// The call `request` is about to make, not answered yet.
    fn of(request: &reqwest::Request, identity: &str) -> Self {
        Call {
            url: request.url().to_string(),
            request: format!(
                "GET {}\nAuthorization: Basic (identity {identity}, shared secret masked)\n",
                request.url()
            ),
            http_status: None,
            answer: None,
            latency: Duration::ZERO,
        }
    }
}

/// The answer's body, up to [`MAX_ANSWER_BYTES`].
async fn read_answer(mut reply: reqwest::Response) -> Result<Vec<u8>, SearchError> {
    let mut body = Vec::new();
    while let Some(chunk) = reply
        .chunk()
        .await
        .map_err(|err| SearchError::BadAnswer(cause(&err)))?
    {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Err(SearchError::BadAnswer(format!(
                "the answer is larger than {} MB",
                MAX_ANSWER_BYTES / (1024 * 1024)
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The results in a 200 answer, or the error another status means.
fn understand(status: StatusCode, answer: &[u8]) -> Result<Results, SearchError> {
    if status == StatusCode::OK {
        return serde_json::from_slice::<Results>(answer)
            .map_err(|_| SearchError::BadAnswer("the answer is not the JSON expected".to_owned()));
    }
    let message = serde_json::from_slice::<ErrorBody>(answer)
        .map(|body| body.error.message.chars().take(300).collect())
        .unwrap_or_else(|_| format!("HTTP {status}"));
    Err(match status {
        StatusCode::UNAUTHORIZED => SearchError::Credentials,
        StatusCode::FORBIDDEN => SearchError::Refused(message),
        StatusCode::BAD_REQUEST => SearchError::BadQuery(message),
        _ => SearchError::BadAnswer(format!("HTTP {status}")),
    })
}

/// What went wrong with the call, in words for the user (no URL, no
/// credentials).
fn cause(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        format!("no answer within {} seconds", TIMEOUT.as_secs())
    } else if err.is_connect() {
        "the connection was refused or failed".to_owned()
    } else if err.is_decode() {
        "the answer is not the JSON expected".to_owned()
    } else {
        "the request failed".to_owned()
    }
}
