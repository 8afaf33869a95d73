//! What the dashboard reads from the other services' JSON APIs beyond
//! their journals: where a service is (and which one serves a journal);
//! from the marketplace one flow's agreements (`GET
//! /api/agreements?account=`, one call per account of the configured
//! connections), their invoices (`GET /api/invoices?account=`), the
//! accounts' private offers (`GET /api/offers?account=`), settings
//! changes (`GET /api/settings-changes?account=&after=`) and storefront
//! handoffs (`GET /api/storefront-handoffs?account=&after=`), and what a
//! punchout flow showed (`GET /api/punchout/unsupported-shown?flow=`,
//! `GET /api/punchout/private-marketplace-shown?flow=`); from the buyer
//! systems a flow's requisition and its approvals (`GET
//! /api/requisitions?flow=`). Best effort, like everything the dashboard
//! reads: a service that cannot be read gives nothing.

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
    /// Its option (`standard-12m`, `payg`, `offer-1a2b3c4d.r2`).
    #[serde(default)]
    pub option_id: String,
    /// When it was made, on the simulated clock (RFC 3339).
    #[serde(default)]
    pub created_at: String,
}

impl AgreementRow {
    /// When it was made, if the marketplace said so readably.
    pub(crate) fn made_at(&self) -> Option<jiff::Timestamp> {
        self.created_at.parse().ok()
    }
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
    /// When it fell due, on the simulated clock (RFC 3339).
    #[serde(default)]
    pub due_at: String,
    /// `cxml` (to the buyer system) or `own`.
    #[serde(default)]
    pub channel: String,
    /// `issued`, `pending`, `delivered` or `failed`.
    #[serde(default)]
    pub state: String,
}

/// A private offer as the marketplace lists it (the fields the dashboard
/// uses).
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct OfferRow {
    /// `offer-1a2b3c4d`.
    pub id: String,
    /// Whether it has expired on the simulated clock.
    pub expired: bool,
    pub terms: OfferTerms,
}

/// An offer's terms: `upfront_contract`, or `fps` with its installments.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct OfferTerms {
    pub kind: String,
    #[serde(default)]
    pub installments: Vec<InstallmentRow>,
}

#[derive(Clone, Debug, Deserialize)]
pub(crate) struct InstallmentRow {
    /// When it is due (RFC 3339).
    pub due: String,
}

impl OfferRow {
    /// Whether its terms are a flexible payment schedule (SPEC F7).
    pub(crate) fn has_schedule(&self) -> bool {
        self.terms.kind == "fps"
    }
}

#[derive(Deserialize)]
struct Offers {
    offers: Vec<OfferRow>,
}

/// A purchase the storefront sent on to a procurement system instead of
/// subscribing.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct HandoffRow {
    pub id: i64,
    /// `coupa` or `ariba`.
    pub system: String,
    /// `redirect` or `zero-order`.
    pub reason: String,
}

#[derive(Deserialize)]
struct Handoffs {
    handoffs: Vec<HandoffRow>,
}

/// A flow's requisition as a buyer system lists it.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct RequisitionRow {
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    pub approvals: Vec<ApprovalRow>,
}

/// One step of a requisition's approval chain.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct ApprovalRow {
    /// `manager`, `finance`.
    pub level: String,
    /// `approved`, `rejected`, or none while waiting.
    pub decision: Option<String>,
}

#[derive(Deserialize)]
struct Requisitions {
    requisitions: Vec<RequisitionRow>,
}

#[derive(Deserialize)]
struct PrivateMarketplaceShown {
    shown: bool,
}

/// A change of an account's administration that a user asked for,
/// saved or refused, as the marketplace records it.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct SettingsChangeRow {
    pub id: i64,
    pub account_id: String,
    /// When it was asked for, on the simulated clock (RFC 3339).
    #[serde(default)]
    pub at: String,
    pub saved: bool,
    /// `settings` (the integration settings), `private-marketplace`, or
    /// `access` (a user without the permission, refused).
    #[serde(default = "settings_kind")]
    pub kind: String,
    #[serde(default)]
    pub po_management: bool,
    /// The connections asked to be enabled.
    #[serde(default)]
    pub enabled_connections: Vec<String>,
    /// The connections asked to redirect storefront purchases to Coupa.
    #[serde(default)]
    pub redirect_connections: Vec<String>,
    /// A Private Marketplace change: on or off.
    #[serde(default)]
    pub private_marketplace: Option<bool>,
}

fn settings_kind() -> String {
    "settings".to_owned()
}

impl SettingsChangeRow {
    /// Whether it is a change of the integration settings.
    pub(crate) fn of_settings(&self) -> bool {
        self.kind == "settings"
    }
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

/// Whether `flow`'s punchout showed only its account's Private
/// Marketplace (SPEC F13).
pub(crate) async fn showed_private_marketplace(state: &AppState, flow: &str) -> bool {
    let Some(marketplace) = url_of(state, "marketplace") else {
        return false;
    };
    let url = format!("{marketplace}/api/punchout/private-marketplace-shown");
    get_json::<PrivateMarketplaceShown>(state, &url, &[("flow", flow)])
        .await
        .is_some_and(|shown| shown.shown)
}

/// The buyer systems whose requisitions a flow may have raised.
const BUYERS: [&str; 2] = ["coupa", "ariba"];

/// The requisition `flow`'s cart became, in whichever buyer system holds
/// it.
pub(crate) async fn requisition_of_flow(state: &AppState, flow: &str) -> Option<RequisitionRow> {
    for buyer in BUYERS {
        let Some(base) = url_of(state, buyer) else {
            continue;
        };
        let url = format!("{base}/api/requisitions");
        let found = get_json::<Requisitions>(state, &url, &[("flow", flow)]).await;
        if let Some(requisition) = found.and_then(|r| r.requisitions.into_iter().next()) {
            return Some(requisition);
        }
    }
    None
}

/// How many requisitions and approval decisions each buyer system holds,
/// for live updates.
pub(crate) async fn approval_activity(state: &AppState) -> Vec<Option<serde_json::Value>> {
    let mut activity = Vec::new();
    for buyer in BUYERS {
        let reply = match url_of(state, buyer) {
            Some(base) => {
                let url = format!("{base}/api/requisitions/activity");
                get_json::<serde_json::Value>(state, &url, &[]).await
            }
            None => None,
        };
        activity.push(reply);
    }
    activity
}

/// Every private offer of the connections' accounts.
pub(crate) async fn offers_of(state: &AppState) -> Vec<OfferRow> {
    let Some(marketplace) = url_of(state, "marketplace") else {
        return Vec::new();
    };
    let url = format!("{marketplace}/api/offers");
    let mut found = Vec::new();
    for account in accounts(state) {
        if let Some(list) = get_json::<Offers>(state, &url, &[("account", account)]).await {
            found.extend(list.offers);
        }
    }
    found
}

/// The storefront handoffs of `account` after id `after`, oldest first.
pub(crate) async fn handoffs_of(state: &AppState, account: &str, after: i64) -> Vec<HandoffRow> {
    let Some(marketplace) = url_of(state, "marketplace") else {
        return Vec::new();
    };
    let url = format!("{marketplace}/api/storefront-handoffs");
    let after = after.to_string();
    get_json::<Handoffs>(state, &url, &[("account", account), ("after", &after)])
        .await
        .map_or_else(Vec::new, |list| list.handoffs)
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
