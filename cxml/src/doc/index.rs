//! `Index`: a supplier's catalog as it publishes it to a procurement
//! network (cXML.dtd declares it as a root of its own, beside `cXML`). It
//! names the supplier (`SupplierID+`) and lists items to add, delete, or
//! reach by PunchOut (`IndexItemPunchout`: a catalog entry whose details
//! live on the supplier's site, at the level `store`, `aisle`, `shelf` or
//! `product`).
//!
//! Reading goes through the same safe pipeline as envelopes (size limit, no
//! internal subset, no entities); writing produces the XML declaration and
//! `<!DOCTYPE Index SYSTEM ".../cXML.dtd">`, and refuses what the DTD would
//! reject. The deprecated `SearchGroup`, `SearchGroupData`,
//! `PriceBasisQuantity` and `TerritoryAvailable` of `PunchoutDetail` are not
//! modelled; the reader skips them.

use serde::{Deserialize, Serialize};

use crate::{
    common::{
        Classification, Comments, Description, Extrinsic, ItemDetail, ItemId, ManufacturerName,
        UnitPrice, Url,
    },
    read::{Advisory, ReadError, ReadLimits, read_rooted},
    write::{DTD_VERSION, WriteError},
};

/// `<!ELEMENT Index (SupplierID+, Comments?, SearchGroup*, IndexItem+)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "Index")]
pub struct Index {
    #[serde(rename = "@loadmode", default, skip_serializing_if = "Option::is_none")]
    pub load_mode: Option<LoadMode>,
    #[serde(rename = "SupplierID", default)]
    pub supplier_id: Vec<SupplierId>,
    #[serde(rename = "Comments", default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<Comments>,
    #[serde(rename = "IndexItem", default)]
    pub index_item: Vec<IndexItem>,
}

/// `loadmode`: a `Full` index replaces what was loaded before; the DTD
/// recommends `Incremental` as the receiver's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoadMode {
    Full,
    Incremental,
}

/// `<!ELEMENT SupplierID (#PCDATA)>` with a required `domain`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierId {
    #[serde(rename = "@domain")]
    pub domain: String,
    #[serde(rename = "$text", default)]
    pub value: String,
}

impl SupplierId {
    pub fn new(domain: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            domain: domain.into(),
            value: value.into(),
        }
    }
}

/// `<!ELEMENT IndexItem (IndexItemAdd+ | IndexItemDelete+ |
/// IndexItemPunchout+)>`: exactly one of the three lists is non-empty
/// (the writer checks it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexItem {
    #[serde(
        rename = "IndexItemAdd",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub add: Vec<IndexItemAdd>,
    #[serde(
        rename = "IndexItemDelete",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub delete: Vec<IndexItemDelete>,
    #[serde(
        rename = "IndexItemPunchout",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub punchout: Vec<IndexItemPunchout>,
}

/// `<!ELEMENT IndexItemAdd (ItemID, ItemDetail, IndexItemDetail)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexItemAdd {
    #[serde(rename = "ItemID")]
    pub item_id: ItemId,
    #[serde(rename = "ItemDetail")]
    pub item_detail: ItemDetail,
    #[serde(rename = "IndexItemDetail")]
    pub index_item_detail: IndexItemDetail,
}

/// `<!ELEMENT IndexItemDetail (LeadTime, ExpirationDate?, EffectiveDate?,
/// SearchGroupData*, TerritoryAvailable*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexItemDetail {
    #[serde(rename = "LeadTime", default)]
    pub lead_time: String,
    #[serde(
        rename = "ExpirationDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration_date: Option<String>,
    #[serde(
        rename = "EffectiveDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub effective_date: Option<String>,
}

/// `<!ELEMENT IndexItemDelete (ItemID)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexItemDelete {
    #[serde(rename = "ItemID")]
    pub item_id: ItemId,
}

/// `<!ELEMENT IndexItemPunchout (ItemID, PunchoutDetail)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexItemPunchout {
    #[serde(rename = "ItemID")]
    pub item_id: ItemId,
    #[serde(rename = "PunchoutDetail")]
    pub punchout_detail: PunchoutDetail,
}

/// How a procurement application presents a PunchOut item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PunchoutLevel {
    /// The DTD's default: the whole catalog.
    #[default]
    Store,
    Aisle,
    Shelf,
    Product,
}

impl PunchoutLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Store => "store",
            Self::Aisle => "aisle",
            Self::Shelf => "shelf",
            Self::Product => "product",
        }
    }
}

/// `<!ELEMENT PunchoutDetail (Description+, URL, Classification+,
/// UnitPrice?, UnitOfMeasure?, PriceBasisQuantity?, ManufacturerName?,
/// ManufacturerPartID?, LeadTime?, ExpirationDate?, EffectiveDate?,
/// SearchGroupData*, TerritoryAvailable*, Extrinsic*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PunchoutDetail {
    /// Absent means `store` (the DTD's default).
    #[serde(
        rename = "@punchoutLevel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub punchout_level: Option<PunchoutLevel>,
    #[serde(rename = "Description", default)]
    pub description: Vec<Description>,
    #[serde(rename = "URL")]
    pub url: Url,
    #[serde(rename = "Classification", default)]
    pub classification: Vec<Classification>,
    #[serde(rename = "UnitPrice", default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<UnitPrice>,
    #[serde(
        rename = "UnitOfMeasure",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub unit_of_measure: Option<String>,
    #[serde(
        rename = "ManufacturerName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub manufacturer_name: Option<ManufacturerName>,
    #[serde(
        rename = "ManufacturerPartID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub manufacturer_part_id: Option<String>,
    #[serde(rename = "LeadTime", default, skip_serializing_if = "Option::is_none")]
    pub lead_time: Option<String>,
    #[serde(
        rename = "ExpirationDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration_date: Option<String>,
    #[serde(
        rename = "EffectiveDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub effective_date: Option<String>,
    #[serde(rename = "Extrinsic", default, skip_serializing_if = "Vec::is_empty")]
    pub extrinsic: Vec<Extrinsic>,
}

impl PunchoutDetail {
    /// A detail with the required parts only.
    pub fn new(description: Description, url: &str, classification: Classification) -> Self {
        Self {
            punchout_level: None,
            description: vec![description],
            url: Url::new(url),
            classification: vec![classification],
            unit_price: None,
            unit_of_measure: None,
            manufacturer_name: None,
            manufacturer_part_id: None,
            lead_time: None,
            expiration_date: None,
            effective_date: None,
            extrinsic: Vec::new(),
        }
    }

    /// The level, with the DTD's default applied.
    pub fn level(&self) -> PunchoutLevel {
        self.punchout_level.unwrap_or_default()
    }
}

/// An `Index` that was read, and what a stricter receiver would object to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedIndex {
    pub index: Index,
    pub advisories: Vec<Advisory>,
}

impl Index {
    /// An index of `supplier_id` with one item list.
    pub fn new(supplier_id: SupplierId, item: IndexItem) -> Self {
        Self {
            load_mode: None,
            supplier_id: vec![supplier_id],
            comments: None,
            index_item: vec![item],
        }
    }

    /// Reads an `Index` document with the default limits.
    pub fn read(bytes: &[u8]) -> Result<ParsedIndex, ReadError> {
        Self::read_with(bytes, &ReadLimits::default())
    }

    /// Reads an `Index` document; a document whose DTD `+` lists are empty
    /// is refused as a structure error.
    pub fn read_with(bytes: &[u8], limits: &ReadLimits) -> Result<ParsedIndex, ReadError> {
        let (index, advisories): (Index, _) = read_rooted(bytes, limits, "Index", None)?;
        index
            .check()
            .map_err(|missing| ReadError::Structure(format!("{missing} is missing")))?;
        Ok(ParsedIndex { index, advisories })
    }

    /// Every PunchOut item, in document order.
    pub fn punchout_items(&self) -> impl Iterator<Item = &IndexItemPunchout> {
        self.index_item.iter().flat_map(|i| i.punchout.iter())
    }

    /// Every deleted item id, in document order.
    pub fn deleted_items(&self) -> impl Iterator<Item = &ItemId> {
        self.index_item
            .iter()
            .flat_map(|i| i.delete.iter().map(|d| &d.item_id))
    }

    /// The value of the first `SupplierID` in `domain` (case-insensitive).
    pub fn supplier_in(&self, domain: &str) -> Option<&str> {
        self.supplier_id
            .iter()
            .find(|s| s.domain.trim().eq_ignore_ascii_case(domain))
            .map(|s| s.value.trim())
    }

    /// Writes the complete document: XML declaration, DOCTYPE, `Index`.
    pub fn to_xml(&self) -> Result<String, WriteError> {
        self.check().map_err(WriteError::MissingRequired)?;
        let body =
            quick_xml::se::to_string(self).map_err(|e| WriteError::Serialize(e.to_string()))?;
        Ok(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <!DOCTYPE Index SYSTEM \"http://xml.cxml.org/schemas/cXML/{DTD_VERSION}/cXML.dtd\">\n\
             {body}\n"
        ))
    }

    /// The DTD's `+` lists and the `IndexItem` choice; names what is wrong.
    fn check(&self) -> Result<(), &'static str> {
        if self.supplier_id.is_empty() {
            return Err("Index/SupplierID");
        }
        if self.index_item.is_empty() {
            return Err("Index/IndexItem");
        }
        for item in &self.index_item {
            let lists = [
                !item.add.is_empty(),
                !item.delete.is_empty(),
                !item.punchout.is_empty(),
            ];
            if lists.iter().filter(|l| **l).count() != 1 {
                return Err(
                    "IndexItem: exactly one of IndexItemAdd, IndexItemDelete, IndexItemPunchout",
                );
            }
            for add in &item.add {
                let detail = &add.item_detail;
                if detail.description.is_empty() || detail.classification.is_empty() {
                    return Err("IndexItemAdd/ItemDetail: Description and Classification");
                }
            }
            for punchout in &item.punchout {
                let detail = &punchout.punchout_detail;
                if detail.description.is_empty() {
                    return Err("PunchoutDetail/Description");
                }
                if detail.classification.is_empty() {
                    return Err("PunchoutDetail/Classification");
                }
            }
        }
        Ok(())
    }
}
