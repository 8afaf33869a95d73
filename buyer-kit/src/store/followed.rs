//! What a tool following one purchase reads of the requisitions: the one
//! raised in a flow (a flow's cart is submitted at most once), and a count
//! that grows with every submission and approval decision, so a watcher
//! polls a number instead of every requisition.

use super::{BuyerError, BuyerStore, StoredRequisition, requisitions::load_requisition};

impl BuyerStore {
    /// The requisition raised in `flow`, if its cart was submitted.
    pub async fn requisition_of_flow(
        &self,
        flow: &str,
    ) -> Result<Option<StoredRequisition>, BuyerError> {
        let flow = flow.to_owned();
        self.transact(move |tx| {
            let id = tx
                .prepare_cached(
                    "SELECT r.id FROM requisitions r JOIN carts c ON c.id = r.cart_id
                     WHERE c.flow_id = ?1",
                )?
                .query_map([flow], |row| row.get::<_, i64>(0))?
                .next()
                .transpose()?;
            match id {
                Some(id) => load_requisition(tx, id),
                None => Ok(None),
            }
        })
        .await
    }

    /// How many requisitions were submitted and how many approval
    /// decisions were made, over all of them.
    pub async fn approval_activity(&self) -> Result<(i64, i64), BuyerError> {
        self.transact(|tx| {
            Ok(tx.query_row(
                "SELECT (SELECT count(*) FROM requisitions),
                        (SELECT count(*) FROM approval_steps WHERE decision IS NOT NULL)",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?)
        })
        .await
    }
}
