//! The marketplace as a supplier on an Ariba-like network. A buyer's
//! admin asks for a trading relationship with the marketplace's network
//! id; the network tells the marketplace (`intake`, which keeps the
//! requests in `requests`), and the marketplace accepts, at once or when
//! an account admin presses Accept, then publishes its catalog there.
//! `catalog_index` builds that cXML `Index`: one store-level PunchOut item
//! pointing at the marketplace's `/cxml`. The calls to the network are
//! plain HTTP: `accept_relationship` (`POST /api/relationships/{anid}/accept`
//! with the connection's secret) and `publish_catalog`
//! (`POST /api/catalogs`, `text/xml`); nothing here knows how the network
//! stores either.

pub(crate) mod intake;
pub(crate) mod requests;

use cxml::{
    common::{Classification, Description, ItemId},
    doc::{
        Index, IndexItem, IndexItemPunchout, LoadMode, PunchoutDetail, PunchoutLevel, SupplierId,
    },
};

/// The part id of the marketplace's one PunchOut item.
pub const PUNCHOUT_ITEM_ID: &str = "PROCSIM-MARKETPLACE";
/// The header carrying the connection's shared secret between the
/// network and the marketplace (the same name the network uses).
pub const SECRET_HEADER: &str = "x-procsim-shared-secret";

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

/// Accepts, as the supplier `supplier_anid` proven by `secret`, the
/// buyer's relationship request at the network at `ariba_url`.
pub(crate) async fn accept_relationship(
    http: &reqwest::Client,
    ariba_url: &str,
    supplier_anid: &str,
    secret: &cxml::SharedSecret,
) -> Result<(), NetworkError> {
    let url = format!(
        "{}/api/relationships/{supplier_anid}/accept",
        ariba_url.trim_end_matches('/')
    );
    let reply = http
        .post(url)
        .header(SECRET_HEADER, secret.expose())
        .send()
        .await
        .map_err(|e| NetworkError::Unreachable(e.to_string()))?;
    answer(reply).await.map(|_| ())
}

/// Publishes `index` to the Ariba at `ariba_url`.
pub(crate) async fn publish_catalog(
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
    answer(reply).await
}

/// The body of a successful reply, or the refusal.
async fn answer(reply: reqwest::Response) -> Result<String, NetworkError> {
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
