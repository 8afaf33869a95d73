//! Relationships and published catalogs in `ariba-network.sqlite`. Each
//! operation is one transaction on the blocking pool; publishing checks the
//! relationship inside the transaction that writes the items, so a
//! refused catalog stores nothing.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, Transaction, params};
use service_kit::{Storage, Store, StoreError};

use super::{
    Anid, CatalogItem, Relationship, RelationshipStatus, SupplierError,
    publish::{Publication, PublishedItem},
};

/// The network database's migrations, append-only.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE relationships (
    supplier_anid TEXT PRIMARY KEY,
    supplier_name TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('requested', 'accepted')),
    requested_ms  INTEGER NOT NULL,
    accepted_by   TEXT,
    accepted_ms   INTEGER
);
CREATE TABLE catalog_items (
    id             INTEGER PRIMARY KEY,
    supplier_anid  TEXT NOT NULL REFERENCES relationships (supplier_anid),
    part_id        TEXT NOT NULL,
    aux_id         TEXT NOT NULL,
    description    TEXT NOT NULL,
    url            TEXT NOT NULL,
    classification TEXT NOT NULL,
    level          TEXT NOT NULL,
    published_ms   INTEGER NOT NULL,
    UNIQUE (supplier_anid, part_id, aux_id)
);
"#,
    // The buyer's admin asks, the supplier accepts (rows written before
    // this were asked by the supplier and have no admin).
    r#"
ALTER TABLE relationships ADD COLUMN requested_by TEXT NOT NULL DEFAULT '';
ALTER TABLE relationships ADD COLUMN supplier_reply TEXT;
"#,
];

/// The database file.
pub const NETWORK_DB_FILE: &str = "ariba-network.sqlite";

/// What a publication changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    pub listed: usize,
    pub deleted: usize,
}

/// A `Clone` handle to the network database.
#[derive(Clone, Debug)]
pub struct SupplierStore {
    store: Store,
}

impl SupplierStore {
    pub fn open(storage: &Storage) -> Result<Self, StoreError> {
        Ok(Self {
            store: Store::open(storage, NETWORK_DB_FILE, MIGRATIONS)?,
        })
    }

    async fn transact<T, F>(&self, section: F) -> Result<T, SupplierError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, SupplierError> + Send + 'static,
    {
        self.store
            .call(move |conn| {
                let tx = conn.transaction()?;
                let outcome = section(&tx);
                if outcome.is_ok() {
                    tx.commit()?;
                }
                Ok(outcome)
            })
            .await?
    }

    /// Records the buyer's admin `by` asking `supplier` for a trading
    /// relationship. A relationship that already exists, requested or
    /// accepted, is refused and left as it is.
    pub async fn request(
        &self,
        supplier: &Anid,
        name: &str,
        by: &str,
        now: Timestamp,
    ) -> Result<Relationship, SupplierError> {
        let (supplier, name, by) = (supplier.clone(), name.trim().to_owned(), by.to_owned());
        self.transact(move |tx| {
            if let Some(existing) = load(tx, &supplier)? {
                return Err(SupplierError::AlreadyRequested(
                    supplier,
                    existing.status.as_str(),
                ));
            }
            tx.execute(
                "INSERT INTO relationships
                 (supplier_anid, supplier_name, status, requested_ms, requested_by)
                 VALUES (?1, ?2, 'requested', ?3, ?4)",
                params![supplier.as_str(), name, now.as_millisecond(), by],
            )?;
            load(tx, &supplier)?.ok_or(SupplierError::UnknownSupplier(supplier))
        })
        .await
    }

    /// Keeps what the supplier answered to the network's notice.
    pub async fn record_reply(
        &self,
        supplier: &Anid,
        reply: &str,
    ) -> Result<Relationship, SupplierError> {
        let (supplier, reply) = (supplier.clone(), reply.to_owned());
        self.transact(move |tx| {
            tx.execute(
                "UPDATE relationships SET supplier_reply = ?2 WHERE supplier_anid = ?1",
                params![supplier.as_str(), reply],
            )?;
            load(tx, &supplier)?.ok_or(SupplierError::UnknownSupplier(supplier))
        })
        .await
    }

    /// The supplier (`by` names who on its side) accepts the buyer's
    /// request; accepting again changes nothing.
    pub async fn accept(
        &self,
        supplier: &Anid,
        by: &str,
        now: Timestamp,
    ) -> Result<Relationship, SupplierError> {
        let (supplier, by) = (supplier.clone(), by.to_owned());
        self.transact(move |tx| {
            tx.execute(
                "UPDATE relationships SET status = 'accepted', accepted_by = ?2, accepted_ms = ?3
                 WHERE supplier_anid = ?1 AND status = 'requested'",
                params![supplier.as_str(), by, now.as_millisecond()],
            )?;
            load(tx, &supplier)?.ok_or(SupplierError::UnknownSupplier(supplier))
        })
        .await
    }

    /// Every relationship, pending ones first.
    pub async fn relationships(&self) -> Result<Vec<Relationship>, SupplierError> {
        self.transact(|tx| {
            let mut select = tx.prepare(
                "SELECT supplier_anid, supplier_name, status, requested_ms, accepted_by, accepted_ms,
                        requested_by, supplier_reply
                 FROM relationships ORDER BY status DESC, supplier_anid",
            )?;
            let all = select
                .query_map([], relationship_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(all.into_iter().flatten().collect())
        })
        .await
    }

    /// Applies a publication from an accepted supplier.
    pub async fn publish(
        &self,
        publication: Publication,
        now: Timestamp,
    ) -> Result<Published, SupplierError> {
        self.transact(move |tx| {
            let supplier = &publication.supplier;
            let relationship = load(tx, supplier)?
                .ok_or_else(|| SupplierError::UnknownSupplier(supplier.clone()))?;
            if relationship.status != RelationshipStatus::Accepted {
                return Err(SupplierError::NotAccepted(supplier.clone()));
            }
            if publication.full {
                tx.execute(
                    "DELETE FROM catalog_items WHERE supplier_anid = ?1",
                    [supplier.as_str()],
                )?;
            }
            let mut deleted = 0;
            for (part, aux) in &publication.deleted {
                deleted += tx.execute(
                    "DELETE FROM catalog_items
                     WHERE supplier_anid = ?1 AND part_id = ?2 AND aux_id = ?3",
                    params![supplier.as_str(), part, aux],
                )?;
            }
            for item in &publication.items {
                upsert(tx, supplier, item, now)?;
            }
            Ok(Published {
                listed: publication.items.len(),
                deleted,
            })
        })
        .await
    }

    /// The PunchOut items of accepted suppliers.
    pub async fn catalog(&self) -> Result<Vec<CatalogItem>, SupplierError> {
        self.items(None).await
    }

    /// One listed item (of an accepted supplier).
    pub async fn item(&self, id: i64) -> Result<Option<CatalogItem>, SupplierError> {
        Ok(self.items(Some(id)).await?.into_iter().next())
    }

    async fn items(&self, id: Option<i64>) -> Result<Vec<CatalogItem>, SupplierError> {
        self.transact(move |tx| {
            let mut select = tx.prepare(
                "SELECT i.id, i.supplier_anid, r.supplier_name, i.part_id, i.aux_id,
                        i.description, i.url, i.classification, i.level, i.published_ms
                 FROM catalog_items i JOIN relationships r USING (supplier_anid)
                 WHERE r.status = 'accepted' AND (?1 IS NULL OR i.id = ?1)
                 ORDER BY r.supplier_name, i.description, i.id",
            )?;
            let items = select
                .query_map([id], item_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(items.into_iter().flatten().collect())
        })
        .await
    }
}

fn upsert(
    tx: &Transaction<'_>,
    supplier: &Anid,
    item: &PublishedItem,
    now: Timestamp,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO catalog_items
         (supplier_anid, part_id, aux_id, description, url, classification, level, published_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (supplier_anid, part_id, aux_id) DO UPDATE SET
         description = excluded.description, url = excluded.url,
         classification = excluded.classification, level = excluded.level,
         published_ms = excluded.published_ms",
        params![
            supplier.as_str(),
            item.part_id,
            item.aux_id,
            item.description,
            item.url,
            item.classification,
            item.level,
            now.as_millisecond()
        ],
    )?;
    Ok(())
}

fn at(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn load(tx: &Transaction<'_>, supplier: &Anid) -> rusqlite::Result<Option<Relationship>> {
    Ok(tx
        .query_row(
            "SELECT supplier_anid, supplier_name, status, requested_ms, accepted_by, accepted_ms,
                    requested_by, supplier_reply
             FROM relationships WHERE supplier_anid = ?1",
            [supplier.as_str()],
            relationship_from_row,
        )
        .optional()?
        .flatten())
}

/// `None` for a row whose ANID no longer parses (never written so).
fn relationship_from_row(r: &Row<'_>) -> rusqlite::Result<Option<Relationship>> {
    let Ok(supplier) = Anid::parse(&r.get::<_, String>(0)?) else {
        return Ok(None);
    };
    let accepted_by: Option<String> = r.get(4)?;
    let accepted_ms: Option<i64> = r.get(5)?;
    Ok(Some(Relationship {
        supplier,
        supplier_name: r.get(1)?,
        status: RelationshipStatus::parse(&r.get::<_, String>(2)?),
        requested_by: r.get(6)?,
        requested_at: at(r.get(3)?),
        supplier_reply: r.get(7)?,
        accepted: accepted_by.zip(accepted_ms.map(at)),
    }))
}

fn item_from_row(r: &Row<'_>) -> rusqlite::Result<Option<CatalogItem>> {
    let Ok(supplier) = Anid::parse(&r.get::<_, String>(1)?) else {
        return Ok(None);
    };
    Ok(Some(CatalogItem {
        id: r.get(0)?,
        supplier,
        supplier_name: r.get(2)?,
        part_id: r.get(3)?,
        aux_id: r.get(4)?,
        description: r.get(5)?,
        url: r.get(6)?,
        classification: r.get(7)?,
        level: r.get(8)?,
        published_at: at(r.get(9)?),
    }))
}
