//! Open Buy (F3): Coupa's in-tool search. `GET /search?q=&page=` asks the
//! punchout site's supplier for matching products (over HTTP, see
//! [`client`]) and shows them inside Coupa, a page at a time;
//! `POST /punchout/{site}/item` with the chosen result's `item` opens a
//! level-2 punchout: the setup request carries it as `SelectedItem`, and
//! the supplier's StartPage lands on that product. Signed-in users only;
//! only requesters get the buttons that punch out.
//!
//! Each search is journaled as an outbound `OpenBuySearch` in a flow the
//! search starts; its later pages and its results' forms carry that flow
//! (checked against the journal), and the punchout on a chosen result
//! joins it, cart, requisition and order included.

pub mod client;

use axum::{
    Form,
    extract::{Path, Query, State, rejection::QueryRejection},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use cxml::doc::PunchOutOperation;
use serde::{Deserialize, Serialize};

use buyer_kit::{
    BuyerCookie,
    platform::{PageError, SignedIn, context_for},
};
use service_kit::journal::{Direction, JournalFilter, NewExchange};

use self::client::{Hit, SearchError};
use crate::{punchout, state::AppState};

/// Results per page.
pub const PAGE_SIZE: usize = 20;
/// The last page one may ask for (the supplier pages up to offset 1,000,000).
const MAX_PAGE: usize = 50_000;
/// The longest supplier part id a result may send back.
const MAX_ITEM_CHARS: usize = 100;

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    page: Option<String>,
    /// The flow a search's later pages belong to (a new search starts one).
    flow: Option<String>,
}

#[derive(Serialize)]
struct PageLink {
    page: usize,
}

pub async fn search_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let context = async {
        let Query(params) = params.map_err(|_| {
            PageError::bad_request(
                "This search cannot be read",
                "The search address is malformed.",
            )
        })?;
        let query = params.q.unwrap_or_default().trim().to_owned();
        let number = page_number(params.page.as_deref())?;
        let flow = search_flow(&state, params.flow.as_deref())
            .await?
            .unwrap_or_else(|| BuyerCookie::generate().to_string());
        let mut context = context_for(Some(&user));
        context.insert("query", &query);
        context.insert("site_name", &state.settings().site.name);
        if query.is_empty() {
            return Ok(context);
        }
        context.insert("flow", &flow);
        let site = state.settings().site;
        let offset = (number - 1) * PAGE_SIZE;
        let (outcome, call) = client::search(state.http(), &site, &query, PAGE_SIZE, offset).await;
        if let Some(call) = call {
            journal(&state, call, &flow).await;
        }
        let results = outcome.map_err(search_failed)?;
        let shown: Vec<&Hit> = results.hits.iter().collect();
        context.insert("hits", &shown);
        context.insert("total", &results.total);
        context.insert("first", &(results.offset + 1));
        context.insert("last", &(results.offset + results.hits.len()));
        context.insert("private_marketplace", &results.private_marketplace);
        let previous = (number > 1).then(|| PageLink { page: number - 1 });
        let next = (results.offset + results.hits.len() < results.total && number < MAX_PAGE)
            .then(|| PageLink { page: number + 1 });
        context.insert("previous", &previous);
        context.insert("next", &next);
        Ok::<_, PageError>(context)
    }
    .await?;
    Ok(state.shell().page(StatusCode::OK, "search.html", &context))
}

/// Records the search in Coupa's journal, as an outbound exchange of the
/// search's flow (the punchout on a chosen result joins that flow). It is
/// JSON, not cXML: no payloadID, no cXML status, no findings.
async fn journal(state: &AppState, call: client::Call, flow: &str) {
    let entry = NewExchange {
        direction: Direction::Outbound,
        peer: call.url,
        document_type: Some(JOURNAL_TYPE.to_owned()),
        payload_id: None,
        flow_id: Some(flow.to_owned()),
        http_status: call.http_status,
        cxml_status: None,
        latency: call.latency,
        findings: Vec::new(),
        response_findings: Vec::new(),
        raw: call.request.into_bytes(),
        response_raw: call.answer,
    };
    if let Err(err) = state.journal().record(entry).await {
        tracing::error!(%err, "could not journal an Open Buy search");
    }
}

/// The journal's document type for an Open Buy search.
pub const JOURNAL_TYPE: &str = "OpenBuySearch";

/// A search flow id sent back by the browser: `None` when absent, else
/// the flow of a search Coupa journaled (what [`BuyerCookie::generate`]
/// makes: 32 hex digits). A search the journal's retention dropped is no
/// longer known, and the page says so.
async fn search_flow(state: &AppState, text: Option<&str>) -> Result<Option<String>, PageError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let malformed = || {
        PageError::bad_request(
            "This search link is malformed",
            "It names no search in the form Coupa makes them. Start a new search.",
        )
    };
    if text.len() != 32 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(malformed());
    }
    let flow = text.to_ascii_lowercase();
    let searches = state
        .journal()
        .list(JournalFilter {
            flow: Some(flow.clone()),
            document_type: Some(JOURNAL_TYPE.to_owned()),
            limit: Some(1),
            ..JournalFilter::default()
        })
        .await
        .map_err(PageError::from)?;
    if searches.is_empty() {
        return Err(PageError::bad_request(
            "This search is no longer known",
            "Coupa's journal names no search with this link: it was dropped as the journal \
             keeps only its newest exchanges, or made before a reset, or never made here. \
             Start a new search.",
        ));
    }
    Ok(Some(flow))
}

/// `page` as a number from 1 (absent: 1).
fn page_number(text: Option<&str>) -> Result<usize, PageError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(1);
    };
    text.parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_PAGE).contains(n))
        .ok_or_else(|| {
            PageError::bad_request(
                "No such page of results",
                format!("The page must be a whole number from 1 to {MAX_PAGE}."),
            )
        })
}

/// The page that explains a failed search.
fn search_failed(err: SearchError) -> PageError {
    let (title, detail) = match &err {
        SearchError::NotConfigured => (
            "Open Buy is not set up for this supplier",
            "The punchout site has no search address. Ask your Coupa administrator.".to_owned(),
        ),
        SearchError::Unreachable(cause) => (
            "The marketplace's search is unavailable",
            format!("Coupa could not reach the marketplace's search ({cause}). Try again later."),
        ),
        SearchError::Credentials => (
            "The marketplace refused Coupa's credentials (401)",
            "The punchout site's identity or shared secret is not the one the marketplace \
             expects. Ask your Coupa administrator to check the site's setup."
                .to_owned(),
        ),
        SearchError::Refused(message) => (
            "The marketplace refused the search (403)",
            format!("The marketplace said: {message}"),
        ),
        SearchError::BadQuery(message) => {
            return PageError::bad_request(
                "The marketplace could not run this search",
                format!("The marketplace said: {message}"),
            );
        }
        SearchError::BadAnswer(cause) => (
            "The marketplace's search answered badly",
            format!("Coupa could not read the results ({cause}). Try again later."),
        ),
    };
    tracing::info!(%err, "Open Buy search failed");
    PageError::Supplier {
        title: title.to_owned(),
        detail,
    }
}

#[derive(Debug, Deserialize)]
pub struct ItemForm {
    item: String,
    /// The search's flow, which the punchout joins.
    flow: Option<String>,
}

/// `POST /punchout/{site}/item`: a level-2 punchout on the chosen result.
pub async fn punch_out_item(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(site): Path<String>,
    form: Result<Form<ItemForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let start_page = async {
        let form = form.ok().map(|Form(form)| form);
        let item = form
            .as_ref()
            .map(|form| form.item.trim().to_owned())
            .filter(|item| !item.is_empty() && item.chars().count() <= MAX_ITEM_CHARS)
            .ok_or_else(|| {
                PageError::bad_request(
                    "No product chosen",
                    "Choose a product from the search results.",
                )
            })?;
        let flow = search_flow(&state, form.as_ref().and_then(|form| form.flow.as_deref())).await?;
        let chosen = punchout::Chosen {
            item: &item,
            flow: flow.as_deref(),
        };
        punchout::open(
            &state,
            &user,
            &site,
            PunchOutOperation::Create,
            None,
            Some(chosen),
        )
        .await
    }
    .await?;
    Ok(Redirect::to(&start_page).into_response())
}
