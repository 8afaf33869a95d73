//! The cart that goes back to the buyer: a `PunchOutOrderMessage` written
//! by the cxml crate, carried by an auto-submitting form to the
//! BrowserFormPost URL, and remembered so that a later edit or inspect can
//! find it (CX033).

use cxml::{
    CXml,
    common::{
        Amount, Classification, Credential, Description, Extrinsic, ItemDetail, ItemId, ItemIn,
    },
    doc::{
        OperationAllowed, PunchOutOperation, PunchOutOrderMessage, PunchOutOrderMessageHeader,
        PunchOutSetupRequest,
    },
    envelope::{DeploymentMode, Header, Message, MessageBody},
    transport::auto_submit_form,
};
use rusqlite::params;
use service_kit::Store;

use super::session::SetupContext;
use crate::{
    Marketplace,
    accounts::Connection,
    cart_line::CartLine,
    inbound::{CxmlError, envelope_ids},
    money::Money,
};

/// The `ItemIn` for one of our cart lines; the `LineType` extrinsic sits in
/// `ItemDetail` so that it survives into the buyer's `OrderRequest`.
pub fn item_in(line: &CartLine, line_number: usize) -> Result<ItemIn, CxmlError> {
    let unspsc = cxml::Unspsc::new(line.unspsc)
        .map_err(|_| CxmlError::Internal(format!("bad UNSPSC {}", line.unspsc)))?;
    Ok(ItemIn {
        quantity: line.quantity.to_string(),
        line_number: Some(line_number.to_string()),
        item_id: ItemId::new(line.supplier_part_id.clone(), Some(line.aux_id.clone())),
        item_detail: ItemDetail {
            unit_price: Amount::of(&cxml_money(line.unit_price)?),
            description: vec![Description::new("en", line.description.clone())],
            unit_of_measure: "EA".into(),
            classification: vec![Classification::unspsc(&unspsc)],
            manufacturer_part_id: None,
            manufacturer_name: None,
            url: None,
            lead_time: None,
            extrinsic: vec![Extrinsic::new("LineType", line.line_type.as_str())],
        },
        ship_to: None,
        shipping: None,
        tax: None,
        contact: Vec::new(),
        comments: None,
        extrinsic: Vec::new(),
    })
}

pub fn cxml_money(money: Money) -> Result<cxml::Money, CxmlError> {
    cxml::Money::parse(money.currency().code(), &money.decimal())
        .map_err(|err| CxmlError::Internal(err.to_string()))
}

/// The cart message: our BuyerCookie echo, `operationAllowed="edit"`, the
/// total of the lines. The header names the parties but carries no shared
/// secret: this document travels through the browser (CX020).
pub fn order_message(
    marketplace: &Marketplace,
    context: &SetupContext,
    connection: &Connection,
    items: Vec<ItemIn>,
) -> Result<CXml, CxmlError> {
    let total = items
        .iter()
        .try_fold(cxml::Money::zero(usd()?), |sum, item| {
            let unit = item
                .item_detail
                .unit_price
                .value()
                .map_err(|err| CxmlError::Internal(err.to_string()))?;
            let quantity = cxml::newtypes::Decimal::parse(&item.quantity)
                .map_err(|err| CxmlError::Internal(err.to_string()))?;
            let line = unit
                .times(&quantity)
                .map_err(|err| CxmlError::Internal(err.to_string()))?;
            sum.checked_add(&line)
                .map_err(|err| CxmlError::Internal(err.to_string()))
        })?;
    let message = PunchOutOrderMessage {
        buyer_cookie: context.buyer_cookie.clone(),
        header: PunchOutOrderMessageHeader {
            operation_allowed: OperationAllowed::Edit,
            quote_status: None,
            total: Amount::of(&total),
            ship_to: None,
            shipping: None,
            tax: None,
            supplier_order_info: None,
        },
        item_in: items,
    };
    let header = Header::new(
        Credential::new(&connection.supplier.domain, &connection.supplier.identity),
        Credential::new(&connection.buyer.domain, &connection.buyer.identity),
        Credential::new(&connection.supplier.domain, &connection.supplier.identity),
        "procsim marketplace",
    );
    let (payload_id, timestamp) = envelope_ids(marketplace)?;
    let body = Message::new(
        DeploymentMode::Production,
        MessageBody::PunchOutOrderMessage(Box::new(message)),
    );
    Ok(CXml::message(&payload_id, &timestamp, header, body))
}

fn usd() -> Result<cxml::newtypes::Currency, CxmlError> {
    cxml::newtypes::Currency::new("USD").map_err(|err| CxmlError::Internal(err.to_string()))
}

/// The auto-submitting page that posts `doc` to the buyer.
pub fn return_page(context: &SetupContext, doc: &CXml) -> Result<String, CxmlError> {
    let bytes = cxml::write::to_bytes(doc).map_err(|err| CxmlError::Internal(err.to_string()))?;
    auto_submit_form(&context.browser_form_post, context.form_encoding, &bytes)
        .map_err(|err| CxmlError::Internal(err.to_string()))
}

/// Remembers a cart sent back, for later edit/inspect.
pub async fn record_returned(
    store: &Store,
    context: &SetupContext,
    items: &[ItemIn],
) -> Result<(), CxmlError> {
    let ids: Vec<(String, Option<String>)> = items
        .iter()
        .map(|item| {
            let id = &item.item_id;
            (
                id.supplier_part_id.clone(),
                id.supplier_part_auxiliary_id.clone(),
            )
        })
        .collect();
    let ids = serde_json::to_string(&ids).map_err(|err| CxmlError::Internal(err.to_string()))?;
    let (account, connection, cookie) = (
        context.account.to_string(),
        context.connection_id.clone(),
        context.buyer_cookie.clone(),
    );
    store
        .call(move |db| {
            db.execute(
                "INSERT INTO returned_carts (account_id, connection_id, buyer_cookie, operation_allowed, items)
                 VALUES (?1, ?2, ?3, 'edit', ?4)",
                params![account, connection, cookie, ids],
            )
        })
        .await?;
    Ok(())
}

/// The `operationAllowed` of the earlier cart an edit/inspect refers to:
/// same connection, and the same BuyerCookie or every `ItemOut` found in
/// it. `None` when there is none.
pub async fn find_returned(
    store: &Store,
    account: crate::catalog::AccountId,
    connection: String,
    request: &PunchOutSetupRequest,
) -> Result<Option<String>, CxmlError> {
    let cookie = request.buyer_cookie.trim().to_owned();
    let wanted: Vec<(String, Option<String>)> = request
        .item_out
        .iter()
        .map(|item| {
            let id = &item.item_id;
            (
                id.supplier_part_id.trim().to_owned(),
                id.supplier_part_auxiliary_id
                    .as_deref()
                    .map(|a| a.trim().to_owned()),
            )
        })
        .collect();
    let carts: Vec<(String, String, String)> = store
        .call(move |db| {
            db.prepare(
                "SELECT buyer_cookie, operation_allowed, items FROM returned_carts
                 WHERE account_id = ?1 AND connection_id = ?2 ORDER BY id DESC",
            )?
            .query_map(params![account.as_str(), connection], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect()
        })
        .await?;
    Ok(carts
        .into_iter()
        .find_map(|(buyer_cookie, allowed, items)| {
            let items: Vec<(String, Option<String>)> = serde_json::from_str(&items).ok()?;
            let same_items = !wanted.is_empty() && wanted.iter().all(|w| items.contains(w));
            (buyer_cookie == cookie || same_items).then_some(allowed)
        }))
}

/// 412 unless the earlier cart allows `operation` (edit needs `edit`;
/// inspect needs `edit` or `inspect`).
pub fn check_allowed(found: Option<String>, operation: PunchOutOperation) -> Result<(), CxmlError> {
    let Some(allowed) = found else {
        return Err(CxmlError::PreconditionFailed(
            "no earlier punchout session matches this edit or inspect".into(),
        ));
    };
    let permitted = match operation {
        PunchOutOperation::Edit => allowed == "edit",
        _ => allowed == "edit" || allowed == "inspect",
    };
    if permitted {
        Ok(())
    } else {
        Err(CxmlError::PreconditionFailed(format!(
            "the earlier cart allowed only {allowed}"
        )))
    }
}
