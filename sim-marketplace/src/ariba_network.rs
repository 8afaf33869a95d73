//! The marketplace as a supplier on an Ariba-like network: what it
//! publishes there and the two calls it makes. `catalog_index` builds the
//! cXML `Index` with one store-level PunchOut item pointing at the
//! marketplace's `/cxml`; `request_relationship` asks the buyer's Ariba for
//! a trading relationship (`POST /api/relationships`, JSON) and
//! `publish_catalog` posts the Index (`POST /api/catalogs`, `text/xml`).
//! The calls are plain HTTP, so a storefront button or the composer can
//! make them; nothing here knows how Ariba stores either.

use cxml::{
    common::{Classification, Description, ItemId},
    doc::{
        Index, IndexItem, IndexItemPunchout, LoadMode, PunchoutDetail, PunchoutLevel, SupplierId,
    },
};

/// The part id of the marketplace's one PunchOut item.
pub const PUNCHOUT_ITEM_ID: &str = "PROCSIM-MARKETPLACE";
/// The marketplace's name on the network.
pub const SUPPLIER_NAME: &str = "procsim software marketplace";

/// Why a call to the network failed; safe to show.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    #[error("the network could not be reached: {0}")]
    Unreachable(String),
    #[error("the network answered {status}: {body}")]
    Refused { status: u16, body: String },
    #[error("the catalog could not be written: {0}")]
    Write(#[from] cxml::WriteError),
}

/// The marketplace's catalog for the network: a `Full` Index naming the
/// supplier by ANID with one store-level PunchOut item whose URL is the
/// marketplace's cXML endpoint at `public_url`.
pub fn catalog_index(public_url: &str, supplier_anid: &str) -> Index {
    let url = format!("{}/cxml", public_url.trim_end_matches('/'));
    let mut detail = PunchoutDetail::new(
        Description::new(
            "en",
            "Software marketplace: SaaS, AMI, containers, data and services",
        ),
        &url,
        Classification {
            domain: "UNSPSC".to_owned(),
            code: None,
            value: "43232701".to_owned(),
        },
    );
    detail.punchout_level = Some(PunchoutLevel::Store);
    let mut index = Index::new(
        SupplierId::new("NetworkID", supplier_anid),
        IndexItem {
            punchout: vec![IndexItemPunchout {
                item_id: ItemId::new(PUNCHOUT_ITEM_ID, None),
                punchout_detail: detail,
            }],
            ..IndexItem::default()
        },
    );
    index.load_mode = Some(LoadMode::Full);
    index
}

/// Asks the Ariba at `ariba_url` for a relationship between the supplier
/// `supplier_anid` and the buyer `buyer_anid`; gives the relationship's
/// status (`requested`, or `accepted` when it already was).
pub async fn request_relationship(
    http: &reqwest::Client,
    ariba_url: &str,
    supplier_anid: &str,
    buyer_anid: &str,
) -> Result<String, NetworkError> {
    let body = serde_json::json!({
        "supplier_anid": supplier_anid,
        "supplier_name": SUPPLIER_NAME,
        "buyer_anid": buyer_anid,
    });
    let reply = post(
        http,
        &format!("{}/api/relationships", ariba_url.trim_end_matches('/')),
        "application/json",
        body.to_string(),
    )
    .await?;
    let status = serde_json::from_str::<serde_json::Value>(&reply)
        .ok()
        .and_then(|v| v.get("status").and_then(|s| s.as_str()).map(str::to_owned))
        .unwrap_or_default();
    Ok(status)
}

/// Publishes `index` to the Ariba at `ariba_url`.
pub async fn publish_catalog(
    http: &reqwest::Client,
    ariba_url: &str,
    index: &Index,
) -> Result<(), NetworkError> {
    let xml = index.to_xml()?;
    post(
        http,
        &format!("{}/api/catalogs", ariba_url.trim_end_matches('/')),
        "text/xml; charset=UTF-8",
        xml,
    )
    .await
    .map(|_| ())
}

async fn post(
    http: &reqwest::Client,
    url: &str,
    content_type: &str,
    body: String,
) -> Result<String, NetworkError> {
    let reply = http
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .map_err(|e| NetworkError::Unreachable(e.to_string()))?;
    let status = reply.status();
    let text = reply
        .text()
        .await
        .map_err(|e| NetworkError::Unreachable(e.to_string()))?;
    if status.is_success() {
        Ok(text)
    } else {
        Err(NetworkError::Refused {
            status: status.as_u16(),
            body: text.chars().take(300).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_points_at_the_marketplace_cxml_endpoint() {
        let index = catalog_index("http://127.0.0.1:7701/", "AN01000000999");
        assert_eq!(index.supplier_in("NetworkID"), Some("AN01000000999"));
        let item = index.punchout_items().next().unwrap();
        assert_eq!(item.punchout_detail.url.value, "http://127.0.0.1:7701/cxml");
        assert_eq!(item.item_id.supplier_part_id, PUNCHOUT_ITEM_ID);
        let xml = index.to_xml().unwrap();
        assert_eq!(Index::read(xml.as_bytes()).unwrap().index, index);
    }
}
