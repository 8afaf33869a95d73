//! The network side of Ariba: trading relationships with suppliers (the
//! buyer's admin requests one with the supplier's ANID, the supplier
//! accepts it) and the catalogs
//! accepted suppliers publish as cXML `Index` documents, whose PunchOut
//! items requesters pick. Kept in the service's own `ariba-network.sqlite`
//! (`store`); `publish` turns an Index into what is stored. The JSON side
//! a supplier calls is the crate's `relationships_api`.

mod anid;
pub mod publish;
mod store;

use jiff::Timestamp;

pub use anid::{Anid, AnidError};
pub use store::SupplierStore;

/// Where a relationship stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationshipStatus {
    /// The buyer's admin asked; the supplier has not accepted yet.
    Requested,
    /// Trading: the supplier's catalog is listed and it receives orders.
    Accepted,
}

impl RelationshipStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Accepted => "accepted",
        }
    }

    fn parse(text: &str) -> Self {
        if text == "accepted" {
            Self::Accepted
        } else {
            Self::Requested
        }
    }
}

/// A trading relationship with one supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub supplier: Anid,
    pub supplier_name: String,
    pub status: RelationshipStatus,
    /// The buyer's admin who asked.
    pub requested_by: String,
    pub requested_at: Timestamp,
    /// What the supplier answered when the network told it of the
    /// request (or why it could not be told).
    pub supplier_reply: Option<String>,
    /// Who accepted it on the supplier's side, and when.
    pub accepted: Option<(String, Timestamp)>,
}

/// A PunchOut item of an accepted supplier's published catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogItem {
    pub id: i64,
    pub supplier: Anid,
    pub supplier_name: String,
    pub part_id: String,
    pub aux_id: String,
    pub description: String,
    /// The URL the supplier published; shown, never posted to (the
    /// supplier account's punchout URL is).
    pub url: String,
    /// `domain: value` of each classification.
    pub classification: String,
    pub level: String,
    pub published_at: Timestamp,
}

/// Why a supplier operation was refused.
#[derive(Debug, thiserror::Error)]
pub enum SupplierError {
    #[error("no relationship with supplier {0}")]
    UnknownSupplier(Anid),
    #[error("a relationship with supplier {0} was already requested ({1}); nothing changed")]
    AlreadyRequested(Anid, &'static str),
    #[error("the relationship with supplier {0} is not accepted yet")]
    NotAccepted(Anid),
    #[error(transparent)]
    Store(#[from] service_kit::StoreError),
}

impl From<rusqlite::Error> for SupplierError {
    fn from(err: rusqlite::Error) -> Self {
        Self::Store(service_kit::StoreError::Sqlite(err))
    }
}
