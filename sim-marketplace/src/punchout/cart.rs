//! The cart that goes back to the buyer: a `PunchOutOrderMessage` written
//! by the cxml crate, carried by an auto-submitting form to the
//! BrowserFormPost URL, journaled (the browser carries it, so the journal
//! is the supplier's only record of it) and remembered with its flow id so
//! that a later edit or inspect (CX033) and the order can find it.

use cxml::{
    CXml,
    common::{Amount, Credential, Extrinsic, ItemId, ItemIn, LineSpec, SupplierOrderInfo},
    doc::{OperationAllowed, PunchOutOperation, PunchOutOrderMessage, PunchOutOrderMessageHeader},
    envelope::{DeploymentMode, Header, Message, MessageBody},
    newtypes::Currency,
    transport::auto_submit_form,
};
use rusqlite::params;
use service_kit::{
    Clock, Store,
    cxml_http::{CxmlError, envelope_ids},
    journal::{Direction, Journal, NewExchange},
};

use super::session::SetupContext;
use crate::{
    accounts::{AccountId, Connection},
    cart_line::CartLine,
};

/// The extrinsic that marks a usage line's amount as a default blanket
/// the requester may change in the buyer's cart (SPEC F8); its value is
/// [`BLANKET_DEFAULT`].
pub const BLANKET_EXTRINSIC: &str = "BlanketAmount";
/// The value of [`BLANKET_EXTRINSIC`].
pub const BLANKET_DEFAULT: &str = "default";

/// The `ItemIn` for one of our cart lines; the `LineType` extrinsic (and
/// on a usage line [`BLANKET_EXTRINSIC`]) sits in `ItemDetail` so that it
/// survives into the buyer's `OrderRequest`.
pub fn item_in(line: &CartLine, line_number: usize) -> Result<ItemIn, CxmlError> {
    let unspsc = cxml::Unspsc::new(line.unspsc)
        .map_err(|err| CxmlError::internal(format!("UNSPSC {}: {err}", line.unspsc)))?;
    let mut item = ItemIn::line(LineSpec {
        item_id: ItemId::new(line.supplier_part_id.clone(), Some(line.aux_id.clone())),
        quantity: &line.quantity.to_string(),
        unit_price: &cxml::Money::from(line.unit_price),
        description: &line.description,
        unspsc: &unspsc,
        extrinsics: std::iter::once(Extrinsic::new("LineType", line.line_type.as_str()))
            .chain(
                line.blanket
                    .then(|| Extrinsic::new(BLANKET_EXTRINSIC, BLANKET_DEFAULT)),
            )
            .collect(),
    });
    item.line_number = Some(line_number.to_string());
    Ok(item)
}

/// The cart message: our BuyerCookie echo, the setup's `deploymentMode`
/// (`test` for a connection in test mode),
/// `operationAllowed="edit"`, the total of the lines, and, when the
/// marketplace placed an order itself in the session (a pre-approved
/// product subscribed at once), that order as `SupplierOrderInfo`, so the
/// buyer can say why its cart got nothing for it. The header names the
/// parties but carries no shared secret: this document travels through the
/// browser (CX020).
pub fn order_message(
    clock: &Clock,
    context: &SetupContext,
    connection: &Connection,
    items: Vec<ItemIn>,
) -> Result<CXml, CxmlError> {
    let total = items
        .iter()
        .try_fold(cxml::Money::zero(Currency::usd()), |sum, item| {
            let unit = item
                .item_detail
                .unit_price
                .value()
                .map_err(CxmlError::internal)?;
            let quantity =
                cxml::newtypes::Decimal::parse(&item.quantity).map_err(CxmlError::internal)?;
            let line = unit.times(&quantity).map_err(CxmlError::internal)?;
            sum.checked_add(&line).map_err(CxmlError::internal)
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
            supplier_order_info: context.own_order.as_ref().map(|order| SupplierOrderInfo {
                order_id: order.order_id.clone(),
                order_date: Some(
                    cxml::Timestamp::from_unix_millis(order.ordered_at.as_millisecond(), 0)
                        .as_str()
                        .to_owned(),
                ),
            }),
        },
        item_in: items,
    };
    let header = Header::new(
        Credential::new(&connection.supplier.domain, &connection.supplier.identity),
        Credential::new(&connection.buyer.domain, &connection.buyer.identity),
        Credential::new(&connection.supplier.domain, &connection.supplier.identity),
        "procsim marketplace",
    );
    let (payload_id, timestamp) = envelope_ids(clock);
    // The setup's mode, echoed; a connection the account put in test mode
    // makes the session a test whatever the setup said (its orders create
    // no agreement), and the cart says so to the buyer.
    let mode = if connection.test_mode {
        DeploymentMode::Test
    } else {
        context.deployment_mode
    };
    let body = Message::new(mode, MessageBody::PunchOutOrderMessage(Box::new(message)));
    Ok(CXml::message(&payload_id, &timestamp, header, body))
}

/// The cart message as it travels.
pub fn to_bytes(doc: &CXml) -> Result<Vec<u8>, CxmlError> {
    cxml::write::to_bytes(doc).map_err(CxmlError::internal)
}

/// The auto-submitting page that posts the written cart to the buyer.
pub fn return_page(context: &SetupContext, bytes: &[u8]) -> Result<String, CxmlError> {
    auto_submit_form(&context.browser_form_post, context.form_encoding, bytes)
        .map_err(CxmlError::internal)
}

/// Journals the cart handed to the browser: outbound to `browser`, under
/// the punchout's flow, with no HTTP or cXML status (nothing answers it
/// here; the buyer's system receives it from the browser). A journal
/// failure is logged and does not hold the buyer's cart back.
pub async fn journal_sent(journal: &Journal, context: &SetupContext, doc: &CXml, bytes: &[u8]) {
    let findings = cxml::tree::parse(bytes)
        .map(|tree| cxml::rules::check(&tree, &cxml::RuleContext::default()))
        .unwrap_or_default();
    let entry = NewExchange {
        direction: Direction::Outbound,
        peer: "browser".to_owned(),
        document_type: Some(doc.kind().element_name().to_owned()),
        payload_id: Some(doc.payload_id.clone()),
        flow_id: Some(context.flow_id.clone()),
        http_status: None,
        cxml_status: None,
        latency: std::time::Duration::ZERO,
        findings,
        response_findings: Vec::new(),
        raw: bytes.to_vec(),
        response_raw: None,
    };
    if let Err(err) = journal.record(entry).await {
        tracing::error!(%err, "could not journal a cart sent to the browser");
    }
}

/// How many returned carts are kept per connection: the newest, which an
/// edit, an inspect or an order refers to (an order for an older one is
/// still taken, only not tied to its punchout's flow).
pub const CARTS_KEPT: i64 = 1_000;

/// Remembers a cart sent back, with its flow, for later edit/inspect and
/// for the order that buys it; forgets the connection's carts beyond the
/// newest [`CARTS_KEPT`].
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
    let ids = serde_json::to_string(&ids).map_err(CxmlError::internal)?;
    let (account, connection, cookie, flow) = (
        context.account.to_string(),
        context.connection_id.clone(),
        context.buyer_cookie.clone(),
        context.flow_id.clone(),
    );
    store
        .call(move |db| {
            let tx = db.transaction()?;
            tx.prepare_cached(
                "INSERT INTO returned_carts
                     (account_id, connection_id, buyer_cookie, operation_allowed, items, flow_id)
                 VALUES (?1, ?2, ?3, 'edit', ?4, ?5)",
            )?
            .execute(params![account, connection, cookie, ids, flow])?;
            tx.prepare_cached(
                "DELETE FROM returned_carts WHERE account_id = ?1 AND connection_id = ?2
                   AND id <= (SELECT id FROM returned_carts
                              WHERE account_id = ?1 AND connection_id = ?2
                              ORDER BY id DESC LIMIT 1 OFFSET ?3)",
            )?
            .execute(params![account, connection, CARTS_KEPT])?;
            tx.commit()
        })
        .await?;
    Ok(())
}

/// The flow of the latest cart returned on this connection that holds
/// every `(SupplierPartID, SupplierPartAuxiliaryID)` of `wanted`: an order
/// carries no BuyerCookie, so its items are what tie it to its punchout.
pub async fn flow_of_cart(
    store: &Store,
    account: AccountId,
    connection: String,
    wanted: Vec<(String, Option<String>)>,
) -> Result<Option<String>, CxmlError> {
    if wanted.is_empty() {
        return Ok(None);
    }
    let carts: Vec<(String, Option<String>)> = store
        .call(move |db| {
            db.prepare(
                "SELECT items, flow_id FROM returned_carts
                 WHERE account_id = ?1 AND connection_id = ?2 ORDER BY id DESC LIMIT ?3",
            )?
            .query_map(params![account.as_str(), connection, CARTS_KEPT], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?
            .collect()
        })
        .await?;
    Ok(carts.into_iter().find_map(|(items, flow)| {
        let items: Vec<(String, Option<String>)> = serde_json::from_str(&items).ok()?;
        wanted.iter().all(|w| items.contains(w)).then_some(flow)?
    }))
}

/// The `operationAllowed` of the earlier cart an edit/inspect refers to:
/// same connection, and the same BuyerCookie (`cookie`) or every part of
/// its `ItemOut`s (`wanted`) found in it. `None` when there is none.
pub async fn find_returned(
    store: &Store,
    account: AccountId,
    connection: String,
    cookie: String,
    wanted: Vec<(String, Option<String>)>,
) -> Result<Option<String>, CxmlError> {
    let carts: Vec<(String, String, String)> = store
        .call(move |db| {
            db.prepare(
                "SELECT buyer_cookie, operation_allowed, items FROM returned_carts
                 WHERE account_id = ?1 AND connection_id = ?2 ORDER BY id DESC LIMIT ?3",
            )?
            .query_map(params![account.as_str(), connection, CARTS_KEPT], |row| {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn code(result: Result<(), CxmlError>) -> Option<u16> {
        result.err().map(|err| err.status_code().0)
    }

    #[test]
    fn edit_and_inspect_stay_within_the_earlier_carts_operation_allowed() {
        let allowed = |text: &str| Some(text.to_owned());
        assert_eq!(
            code(check_allowed(allowed("edit"), PunchOutOperation::Edit)),
            None
        );
        assert_eq!(
            code(check_allowed(allowed("edit"), PunchOutOperation::Inspect)),
            None
        );
        assert_eq!(
            code(check_allowed(
                allowed("inspect"),
                PunchOutOperation::Inspect
            )),
            None
        );
        // CX033: beyond what the earlier cart allowed, or no earlier cart.
        assert_eq!(
            code(check_allowed(allowed("inspect"), PunchOutOperation::Edit)),
            Some(412)
        );
        assert_eq!(
            code(check_allowed(allowed("create"), PunchOutOperation::Inspect)),
            Some(412)
        );
        assert_eq!(
            code(check_allowed(allowed("create"), PunchOutOperation::Edit)),
            Some(412)
        );
        assert_eq!(
            code(check_allowed(None, PunchOutOperation::Inspect)),
            Some(412)
        );
    }

    #[tokio::test]
    async fn only_the_newest_returned_carts_of_a_connection_are_kept() {
        let store = crate::db::open(&service_kit::Storage::Memory).expect("database");
        crate::accounts::store::seed_if_empty(&store, &crate::accounts::MarketplaceSeed::default())
            .expect("seeded");
        let mut context = crate::punchout::session::tests::context();
        for n in 0..CARTS_KEPT + 10 {
            context.flow_id = format!("flow-{n}");
            record_returned(&store, &context, &[])
                .await
                .expect("recorded");
        }
        let (kept, oldest): (i64, String) = store
            .call(|db| {
                db.query_row(
                    "SELECT count(*), (SELECT flow_id FROM returned_carts ORDER BY id LIMIT 1)
                     FROM returned_carts",
                    [],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
            })
            .await
            .expect("counted");
        assert_eq!(kept, CARTS_KEPT);
        assert_eq!(oldest, "flow-10");
    }
}
