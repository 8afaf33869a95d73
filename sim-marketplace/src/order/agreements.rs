//! Agreements (subscriptions) created from purchase orders or subscribed
//! to in the storefront: how they are written (inside the caller's
//! transaction, with their notification in the outbox) and read
//! (`GET /api/agreements?account=`; the account's page is `web`'s).
//! Whoever commits agreements rings [`NewAgreements`], so what acts on
//! them (invoicing) learns of them without this module knowing it.

use std::{fmt, str::FromStr, sync::Arc};

use axum::{
    Json, Router,
    extract::{Query, State},
    routing::get,
};
use jiff::Timestamp;
use rusqlite::{
    Connection as Db, params,
    types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef},
};
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

use crate::{
    Marketplace,
    as_text::{self, UnknownText, text_column},
    catalog::{AccountId, ListingId},
    http_face::ApiError,
    money::Money,
};

/// Rings whenever agreements were committed (an order taken, a
/// subscription made). A cheap `Clone` handle; a ring while nobody
/// listens is kept until someone does, and rings meanwhile count as one.
#[derive(Clone, Debug, Default)]
pub struct NewAgreements(Arc<Notify>);

impl NewAgreements {
    /// Says that agreements were committed.
    pub fn ring(&self) {
        self.0.notify_one();
    }

    /// Waits for the next ring (or the one kept since the last wait).
    pub async fn rung(&self) {
        self.0.notified().await;
    }
}

/// An agreement's row id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct AgreementId(pub i64);

impl ToSql for AgreementId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for AgreementId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(AgreementId)
    }
}

/// How an agreement was made: `order` (a buyer's OrderRequest, a purchase
/// order) or `subscription` (subscribed at the marketplace itself: the
/// storefront's Subscribe, the console's Launch, or a pre-approved Free or
/// BYOL product), stored and shown as these words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgreementSource {
    Order,
    Subscription,
}

impl fmt::Display for AgreementSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AgreementSource::Order => "order",
            AgreementSource::Subscription => "subscription",
        })
    }
}

impl FromStr for AgreementSource {
    type Err = UnknownText;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "order" => Ok(AgreementSource::Order),
            "subscription" => Ok(AgreementSource::Subscription),
            _ => Err(UnknownText {
                what: "agreement source",
                text: text.to_owned(),
            }),
        }
    }
}

text_column!(AgreementSource);

/// One agreement as stored and shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Agreement {
    /// Assigned on insert; whatever it holds before is ignored.
    pub id: AgreementId,
    #[serde(serialize_with = "as_text::display")]
    pub account_id: AccountId,
    #[serde(serialize_with = "as_text::display")]
    pub listing_id: ListingId,
    pub product_name: String,
    pub option_id: String,
    /// Shown as `amount` and `currency`.
    #[serde(flatten)]
    pub amount: Money,
    pub po_number: String,
    pub order_payload_id: String,
    /// The order's line (`ItemOut@lineNumber`) this agreement came from.
    pub po_line: i64,
    pub flow_id: Option<String>,
    #[serde(serialize_with = "as_text::display")]
    pub created_at: Timestamp,
    pub source: AgreementSource,
}

impl Agreement {
    /// A usage agreement bought directly, with no blanket amount: billed
    /// by usage alone (SPEC F8, option 1).
    pub fn billed_by_usage(&self) -> bool {
        let usage = self.option_id == "payg"
            || self
                .option_id
                .ends_with(crate::cart_line::ANNUAL_USAGE_SUFFIX);
        usage && self.amount.is_zero()
    }
}

/// Inserts an agreement (inside the caller's transaction).
pub fn insert(db: &Db, agreement: &Agreement) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO agreements (account_id, listing_id, product_name, option_id, amount, currency,
             po_number, order_payload_id, po_line, flow_id, created_at, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            agreement.account_id.as_str(),
            agreement.listing_id.to_string(),
            agreement.product_name,
            agreement.option_id,
            agreement.amount.decimal(),
            agreement.amount.currency(),
            agreement.po_number,
            agreement.order_payload_id,
            agreement.po_line,
            agreement.flow_id,
            agreement.created_at.to_string(),
            agreement.source,
        ],
    )?;
    Ok(())
}

/// Inserts an agreement and queues its "agreement created" mail to
/// `contact_email` (inside the caller's transaction).
/// The mail is queued at the agreement's creation instant.
pub fn create(db: &Db, agreement: &Agreement, contact_email: &str) -> rusqlite::Result<()> {
    insert(db, agreement)?;
    let now = agreement.created_at.to_string();
    crate::outbox::enqueue(db, contact_email, &mail(agreement), &now)?;
    Ok(())
}

fn mail(agreement: &Agreement) -> crate::outbox::Mail {
    let po = if agreement.po_number.is_empty() {
        "no purchase order".to_owned()
    } else {
        format!("PO {}", agreement.po_number)
    };
    crate::outbox::Mail {
        subject: format!(
            "Your agreement for {} was created ({po})",
            agreement.product_name
        ),
        body: format!(
            "Your subscription is active.\n\n\
             Product: {product} ({listing})\nOption: {option}\nAmount: {amount}\n\
             PO number: {po_number}\n\nprocsim marketplace\n",
            product = agreement.product_name,
            listing = agreement.listing_id,
            option = agreement.option_id,
            amount = if agreement.billed_by_usage() {
                "billed by usage".to_owned()
            } else {
                format!(
                    "{} {}",
                    agreement.amount.decimal(),
                    agreement.amount.currency()
                )
            },
            po_number = if agreement.po_number.is_empty() {
                "none"
            } else {
                &agreement.po_number
            },
        ),
    }
}

/// The account's agreements, oldest first.
pub fn for_account(db: &Db, account: &str) -> rusqlite::Result<Vec<Agreement>> {
    db.prepare(&format!(
        "SELECT {COLUMNS} FROM agreements WHERE account_id = ?1 ORDER BY id"
    ))?
    .query_map([account], from_row)?
    .collect()
}

/// The agreements that may still have something to invoice, oldest first.
pub fn open_for_invoicing(db: &Db) -> rusqlite::Result<Vec<Agreement>> {
    db.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM agreements WHERE invoicing_done = 0 ORDER BY id"
    ))?
    .query_map([], from_row)?
    .collect()
}

/// The agreements with a cXML invoice waiting to be delivered.
pub fn with_pending_invoices(db: &Db) -> rusqlite::Result<Vec<Agreement>> {
    db.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM agreements WHERE id IN \
         (SELECT agreement_id FROM invoices WHERE state = 'pending') ORDER BY id"
    ))?
    .query_map([], from_row)?
    .collect()
}

/// Marks agreements as having nothing more to invoice.
pub fn mark_invoicing_done(db: &Db, ids: &[AgreementId]) -> rusqlite::Result<()> {
    let mut mark = db.prepare_cached("UPDATE agreements SET invoicing_done = 1 WHERE id = ?1")?;
    for id in ids {
        mark.execute([id])?;
    }
    Ok(())
}

const COLUMNS: &str = "id, account_id, listing_id, product_name, option_id, amount, currency, \
                       po_number, order_payload_id, flow_id, created_at, po_line, source";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Agreement> {
    Ok(Agreement {
        id: row.get(0)?,
        account_id: as_text::column(row, 1)?,
        listing_id: as_text::column(row, 2)?,
        product_name: row.get(3)?,
        option_id: row.get(4)?,
        amount: Money::from_columns(row, 5, 6)?,
        po_number: row.get(7)?,
        order_payload_id: row.get(8)?,
        flow_id: row.get(9)?,
        created_at: as_text::column(row, 10)?,
        po_line: row.get(11)?,
        source: row.get(12)?,
    })
}

pub fn routes() -> Router<Marketplace> {
    Router::new().route("/api/agreements", get(api_list))
}

#[derive(Deserialize)]
struct AgreementsQuery {
    account: Option<String>,
}

#[derive(Serialize)]
struct AgreementsReply {
    agreements: Vec<Agreement>,
}

async fn api_list(
    State(marketplace): State<Marketplace>,
    Query(query): Query<AgreementsQuery>,
) -> Result<Json<AgreementsReply>, ApiError> {
    let account = query
        .account
        .ok_or_else(|| ApiError::BadRequest("the account parameter is required".into()))?;
    let agreements = marketplace
        .store()
        .call(move |db| for_account(db, &account))
        .await?;
    Ok(Json(AgreementsReply { agreements }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_same_json_as_when_its_fields_were_text() {
        let agreement = Agreement {
            id: AgreementId(7),
            account_id: "acme".parse().unwrap(),
            listing_id: "prod-00000001".parse().unwrap(),
            product_name: "Tool".into(),
            option_id: "standard-12m".into(),
            amount: Money::usd_cents(250_000),
            po_number: "PO-1".into(),
            order_payload_id: "p@x".into(),
            po_line: 1,
            flow_id: None,
            created_at: "2026-01-15T10:00:00Z".parse().expect("instant"),
            source: AgreementSource::Order,
        };
        let json = serde_json::to_string(&agreement).expect("json");
        assert_eq!(
            json,
            r#"{"id":7,"account_id":"acme","listing_id":"prod-00000001","product_name":"Tool","option_id":"standard-12m","amount":"2500.00","currency":"USD","po_number":"PO-1","order_payload_id":"p@x","po_line":1,"flow_id":null,"created_at":"2026-01-15T10:00:00Z","source":"order"}"#
        );
    }
}
