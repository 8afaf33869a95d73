//! A published catalog: the `Index` a supplier posts, reduced to what the
//! network keeps. The supplier is the Index's `SupplierID` in the
//! `NetworkID` domain; its `IndexItemPunchout` entries are listed,
//! `IndexItemDelete` entries removed; `IndexItemAdd` (static catalog
//! content) is counted but not listed, as procsim's Ariba lists PunchOut
//! items only. A `Full` load replaces the supplier's whole catalog.

use cxml::doc::{Index, LoadMode};

use super::{Anid, AnidError};

/// One PunchOut item as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedItem {
    pub part_id: String,
    pub aux_id: String,
    pub description: String,
    pub url: String,
    pub classification: String,
    pub level: String,
}

/// What one Index does to the supplier's catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub supplier: Anid,
    /// Replace everything published before.
    pub full: bool,
    pub items: Vec<PublishedItem>,
    /// `(part_id, aux_id)` of removed items.
    pub deleted: Vec<(String, String)>,
    /// `IndexItemAdd` entries, not listed.
    pub ignored: usize,
}

/// Why an Index cannot be published; safe to tell the supplier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PublishError {
    #[error("the Index names no SupplierID in the NetworkID domain")]
    NoNetworkId,
    #[error(transparent)]
    Anid(#[from] AnidError),
    #[error("PunchOut item {0} has an empty URL")]
    NoUrl(String),
}

impl Publication {
    pub fn from_index(index: &Index) -> Result<Self, PublishError> {
        let supplier = Anid::parse(
            index
                .supplier_in("NetworkID")
                .ok_or(PublishError::NoNetworkId)?,
        )?;
        let items = index
            .punchout_items()
            .map(|item| {
                let detail = &item.punchout_detail;
                let part_id = item.item_id.supplier_part_id.trim().to_owned();
                let url = detail.url.value.trim().to_owned();
                if url.is_empty() {
                    return Err(PublishError::NoUrl(part_id));
                }
                Ok(PublishedItem {
                    aux_id: aux_of(&item.item_id),
                    description: detail
                        .description
                        .first()
                        .map_or("", |d| d.best_text())
                        .trim()
                        .to_owned(),
                    url,
                    classification: detail
                        .classification
                        .iter()
                        .map(|c| format!("{}: {}", c.domain.trim(), c.value.trim()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    level: detail.level().as_str().to_owned(),
                    part_id,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            supplier,
            full: index.load_mode == Some(LoadMode::Full),
            items,
            deleted: index
                .deleted_items()
                .map(|id| (id.supplier_part_id.trim().to_owned(), aux_of(id)))
                .collect(),
            ignored: index.index_item.iter().map(|i| i.add.len()).sum(),
        })
    }
}

fn aux_of(id: &cxml::common::ItemId) -> String {
    id.supplier_part_auxiliary_id
        .as_deref()
        .unwrap_or("")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {

    use cxml::{
        common::{Classification, Description, ItemId},
        doc::{IndexItem, IndexItemPunchout, PunchoutDetail, SupplierId},
    };

    use super::*;

    fn index(domain: &str, anid: &str, url: &str) -> Index {
        let detail = PunchoutDetail::new(
            Description::new("en", "Marketplace"),
            url,
            Classification {
                domain: "UNSPSC".into(),
                code: None,
                value: "43232701".into(),
            },
        );
        Index::new(
            SupplierId::new(domain, anid),
            IndexItem {
                punchout: vec![IndexItemPunchout {
                    item_id: ItemId::new("STORE", None),
                    punchout_detail: detail,
                }],
                ..IndexItem::default()
            },
        )
    }

    #[test]
    fn punchout_items_are_kept_with_their_supplier() {
        let publication =
            Publication::from_index(&index("networkid", "AN01000000999", "http://m/cxml")).unwrap();
        assert_eq!(publication.supplier.as_str(), "AN01000000999");
        assert!(!publication.full);
        let item = &publication.items[0];
        assert_eq!(item.part_id, "STORE");
        assert_eq!(item.classification, "UNSPSC: 43232701");
        assert_eq!(item.level, "store");
    }

    #[test]
    fn an_index_without_a_network_id_or_url_is_refused() {
        assert_eq!(
            Publication::from_index(&index("DUNS", "123456789", "http://m")),
            Err(PublishError::NoNetworkId)
        );
        assert!(matches!(
            Publication::from_index(&index("NetworkID", "nobody", "http://m")),
            Err(PublishError::Anid(_))
        ));
        assert_eq!(
            Publication::from_index(&index("NetworkID", "AN01000000999", " ")),
            Err(PublishError::NoUrl("STORE".into()))
        );
    }
}
