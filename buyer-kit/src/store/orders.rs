//! Purchase orders: numbered from one sequence per system when a
//! requisition is finally approved, then updated with the OrderRequest's
//! payloadID and the result of sending it.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::{
    BuyerError, BuyerStore, next_in_sequence,
    rows::{from_ms, to_ms},
};
use crate::purchase_order::{PoNumber, PurchaseOrder, SendOutcome, class_from_name, class_name};

const COLUMNS: &str = "number, requisition_id, requester, flow_id, created_ms, payload_id, \
     http_status, status_code, status_text, status_detail, status_class, sent_ms";

/// Numbers and stores the purchase order of requisition `requisition_id`
/// (raised by `requester` in `flow_id`), inside the transaction that
/// approved it.
pub(super) fn create_order(
    tx: &Transaction<'_>,
    requisition_id: i64,
    requester: &str,
    flow_id: &str,
    prefix: &str,
    now: Timestamp,
) -> Result<PurchaseOrder, BuyerError> {
    let number = PoNumber::new(prefix, next_in_sequence(tx, "purchase_order")?);
    tx.execute(
        "INSERT INTO purchase_orders (number, requisition_id, requester, flow_id, created_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            number.as_str(),
            requisition_id,
            requester,
            flow_id,
            to_ms(now)
        ],
    )?;
    Ok(PurchaseOrder {
        number,
        requisition_id,
        requester: requester.to_owned(),
        flow_id: flow_id.to_owned(),
        created_at: now,
        payload_id: None,
        send: None,
    })
}

fn order_from_row(r: &Row<'_>) -> rusqlite::Result<PurchaseOrder> {
    let class: Option<String> = r.get(10)?;
    let sent_ms: Option<i64> = r.get(11)?;
    let send = match (class, sent_ms) {
        (Some(class), Some(sent_ms)) => Some(SendOutcome {
            http_status: r.get(6)?,
            code: r.get(7)?,
            text: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
            detail: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
            class: class_from_name(&class),
            sent_at: from_ms(sent_ms),
        }),
        _ => None,
    };
    Ok(PurchaseOrder {
        number: PoNumber::parse(&r.get::<_, String>(0)?),
        requisition_id: r.get(1)?,
        requester: r.get(2)?,
        flow_id: r.get(3)?,
        created_at: from_ms(r.get(4)?),
        payload_id: r.get(5)?,
        send,
    })
}

impl BuyerStore {
    /// Records the payloadID of the OrderRequest built for `number`.
    pub async fn record_payload_id(
        &self,
        number: &PoNumber,
        payload_id: &str,
    ) -> Result<(), BuyerError> {
        let (number, payload_id) = (number.as_str().to_owned(), payload_id.to_owned());
        self.transact(move |tx| {
            let changed = tx.execute(
                "UPDATE purchase_orders SET payload_id = ?2 WHERE number = ?1",
                params![number, payload_id],
            )?;
            if changed == 0 {
                return Err(BuyerError::NoSuchOrder);
            }
            Ok(())
        })
        .await
    }

    /// Records the result of sending `number`'s OrderRequest.
    pub async fn record_send(
        &self,
        number: &PoNumber,
        outcome: &SendOutcome,
    ) -> Result<(), BuyerError> {
        let (number, o) = (number.as_str().to_owned(), outcome.clone());
        self.transact(move |tx| {
            let changed = tx.execute(
                "UPDATE purchase_orders SET http_status = ?2, status_code = ?3, status_text = ?4,
                 status_detail = ?5, status_class = ?6, sent_ms = ?7 WHERE number = ?1",
                params![
                    number,
                    o.http_status,
                    o.code,
                    o.text,
                    o.detail,
                    class_name(o.class),
                    to_ms(o.sent_at)
                ],
            )?;
            if changed == 0 {
                return Err(BuyerError::NoSuchOrder);
            }
            Ok(())
        })
        .await
    }

    /// The purchase order `number`.
    pub async fn purchase_order(&self, number: &str) -> Result<Option<PurchaseOrder>, BuyerError> {
        let number = number.trim().to_owned();
        self.transact(move |tx| {
            Ok(tx
                .query_row(
                    &format!("SELECT {COLUMNS} FROM purchase_orders WHERE number = ?1"),
                    [number],
                    order_from_row,
                )
                .optional()?)
        })
        .await
    }

    /// The purchase order made from requisition `id`, if any.
    pub async fn order_of_requisition(&self, id: i64) -> Result<Option<PurchaseOrder>, BuyerError> {
        self.transact(move |tx| {
            Ok(tx
                .query_row(
                    &format!("SELECT {COLUMNS} FROM purchase_orders WHERE requisition_id = ?1"),
                    [id],
                    order_from_row,
                )
                .optional()?)
        })
        .await
    }

    /// Every purchase order, newest first.
    pub async fn purchase_orders(&self) -> Result<Vec<PurchaseOrder>, BuyerError> {
        self.transact(|tx| {
            let mut select = tx.prepare(&format!(
                "SELECT {COLUMNS} FROM purchase_orders ORDER BY created_ms DESC, number DESC"
            ))?;
            let orders = select
                .query_map([], order_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(orders)
        })
        .await
    }
}
