//! What the dashboard reads from the other services' JSON APIs beyond
//! their journals: where a service is (and which one serves a journal),
//! and from the marketplace one
//! flow's agreements (`GET /api/agreements?account=`, one call per account
//! of the configured connections), their invoices (`GET
//! /api/invoices?account=`) and the accounts' settings changes (`GET
//! /api/settings-changes?account=&after=`), and the unsupported products
//! a punchout flow showed (`GET /api/punchout/unsupported-shown?flow=`).
//! Best effort, like everything the dashboard reads: a service that
//! cannot be read gives nothing.

use axum::http::StatusCode;
use serde::{Deserialize, de::DeserializeOwned};

use crate::{AppState, ServiceLink, rendering::PageError};

/// An agreement as the marketplace lists it (the fields the dashboard uses).
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct AgreementRow {
    pub id: i64,
    pub account_id: String,
    pub po_number: String,
    pub order_payload_id: String,
    pub flow_id: Option<String>,
    /// `order` (a buyer's OrderRequest) or `subscription` (subscribed at
    /// the marketplace itself).
    #[serde(default)]
    pub source: String,
}

#[derive(Deserialize)]
struct Agreements {
    agreements: Vec<AgreementRow>,
}

/// An invoice as the marketplace lists it (the fields the dashboard uses).
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct InvoiceRow {
    pub agreement_id: i64,
    /// `contract`, `installment-N` or `usage-YYYY-MM`.
    pub period: String,
    /// The agreement's PO number, when the invoice carries one.
    #[serde(default)]
    pub po_number: Option<String>,
}

/// A change of an account's integration settings that an admin asked
/// for, saved or refused, as the marketplace records it.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct SettingsChangeRow {
    pub id: i64,
    pub account_id: String,
    pub saved: bool,
    pub po_management: bool,
    /// The connections asked to be enabled.
    pub enabled_connections: Vec<String>,
}

#[derive(Deserialize)]
struct SettingsChanges {
    changes: Vec<SettingsChangeRow>,
}

#[derive(Deserialize)]
struct Invoices {
    invoices: Vec<InvoiceRow>,
}

#[derive(Deserialize)]
struct UnsupportedShown {
    products: Vec<serde::de::IgnoredAny>,
}

/// Whether `flow`'s punchout showed a product no procurement system can
/// buy (SPEC F11).
pub(crate) async fn showed_unsupported(state: &AppState, flow: &str) -> bool {
    let Some(marketplace) = url_of(state, "marketplace") else {
        return false;
    };
    let url = format!("{marketplace}/api/punchout/unsupported-shown");
    get_json::<UnsupportedShown>(state, &url, &[("flow", flow)])
        .await
        .is_some_and(|shown| !shown.products.is_empty())
}

/// The base URL of the service called `name`.
pub(crate) fn url_of(state: &AppState, name: &str) -> Option<String> {
    state
        .config
        .services
        .iter()
        .find(|s| s.name == name && s.url.starts_with("http"))
        .map(|s| s.url.clone())
}

/// The service with a journal named `service`, or the page saying there
/// is none.
pub(crate) fn journal_source<'a>(
    state: &'a AppState,
    service: &str,
) -> Result<&'a ServiceLink, PageError> {
    state
        .config
        .services
        .iter()
        .find(|s| s.has_journal && s.name == service)
        .ok_or_else(|| {
            PageError::new(
                StatusCode::NOT_FOUND,
                "There is no service with a journal of that name.",
            )
        })
}

/// Every marketplace account a connection names, once each.
pub(crate) fn accounts(state: &AppState) -> Vec<&str> {
    let mut accounts: Vec<&str> = state
        .config
        .connections
        .iter()
        .map(|c| c.marketplace_account.as_str())
        .collect();
    accounts.sort_unstable();
    accounts.dedup();
    accounts
}

/// The agreements the flow's orders created.
pub(crate) async fn agreements_of_flow(state: &AppState, flow: &str) -> Vec<AgreementRow> {
    let mut found = Vec::new();
    for account in accounts(state) {
        found.extend(
            agreements_of(state, account)
                .await
                .into_iter()
                .filter(|a| a.flow_id.as_deref() == Some(flow)),
        );
    }
    found
}

/// Every agreement of `account`.
pub(crate) async fn agreements_of(state: &AppState, account: &str) -> Vec<AgreementRow> {
    let Some(marketplace) = url_of(state, "marketplace") else {
        return Vec::new();
    };
    let url = format!("{marketplace}/api/agreements");
    get_json::<Agreements>(state, &url, &[("account", account)])
        .await
        .map_or_else(Vec::new, |list| list.agreements)
}

/// The settings changes of `account` after id `after`, oldest first.
pub(crate) async fn settings_changes_of(
    state: &AppState,
    account: &str,
    after: i64,
) -> Vec<SettingsChangeRow> {
    let Some(marketplace) = url_of(state, "marketplace") else {
        return Vec::new();
    };
    let url = format!("{marketplace}/api/settings-changes");
    let after = after.to_string();
    get_json::<SettingsChanges>(state, &url, &[("account", account), ("after", &after)])
        .await
        .map_or_else(Vec::new, |list| list.changes)
}

/// The invoices of `agreements`' accounts that bill one of them.
pub(crate) async fn invoices_of(state: &AppState, agreements: &[AgreementRow]) -> Vec<InvoiceRow> {
    let Some(marketplace) = url_of(state, "marketplace") else {
        return Vec::new();
    };
    let url = format!("{marketplace}/api/invoices");
    let mut accounts: Vec<&str> = agreements.iter().map(|a| a.account_id.as_str()).collect();
    accounts.sort_unstable();
    accounts.dedup();
    let mut found = Vec::new();
    for account in accounts {
        if let Some(list) = get_json::<Invoices>(state, &url, &[("account", account)]).await {
            found.extend(
                list.invoices
                    .into_iter()
                    .filter(|i| agreements.iter().any(|a| a.id == i.agreement_id)),
            );
        }
    }
    found
}

/// A GET answered with JSON, or `None`.
pub(crate) async fn get_json<T: DeserializeOwned>(
    state: &AppState,
    url: &str,
    query: &[(&str, &str)],
) -> Option<T> {
    let reply = state.http.get(url).query(query).send().await.ok()?;
    if !reply.status().is_success() {
        return None;
    }
    reply.json().await.ok()
}
