//! The buyer's admin asks a supplier for a trading relationship (the
//! admin page's form and the JSON API both come here): the ANID must be
//! one the network has a supplier account for, and no relationship with
//! it may exist yet; a refusal stores nothing. The request is stored, then
//! the network tells the supplier at its account's `relationship_url`
//! (JSON, with the supplier's shared secret in [`SECRET_HEADER`]). The
//! supplier accepts at once or later through
//! `POST /api/relationships/{anid}/accept`; what it answered is kept on the
//! relationship.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::{
    config::SupplierAccount,
    state::AppState,
    suppliers::{Anid, AnidError, Relationship, SupplierError},
};

/// The header carrying the supplier's shared secret between the network
/// and the supplier (the network's notice, the supplier's acceptance).
pub const SECRET_HEADER: &str = "x-procsim-shared-secret";

/// How long the network waits for the supplier to answer its notice (the
/// supplier may accept and publish its catalog before it answers).
const NOTICE_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a request was refused; nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error(transparent)]
    BadAnid(#[from] AnidError),
    #[error(
        "no supplier on the network has the ANID {0}; ask the supplier for the network id of its account"
    )]
    UnknownNetworkId(Anid),
    #[error(transparent)]
    Supplier(#[from] SupplierError),
}

/// What the network tells the supplier.
#[derive(Debug, Serialize)]
struct Notice<'a> {
    buyer_anid: &'a str,
    buyer_name: &'a str,
    supplier_anid: &'a str,
}

/// What the supplier answers: `accepted` or `requested` (it accepts later).
#[derive(Debug, Deserialize)]
struct NoticeReply {
    status: String,
}

/// The admin `by` asks the supplier whose ANID is `anid` for a
/// relationship; gives it as it stands once the supplier has answered.
pub async fn request(state: &AppState, anid: &str, by: &str) -> Result<Relationship, RequestError> {
    let supplier = Anid::parse(anid)?;
    let account = state
        .config()
        .supplier(supplier.as_str())
        .ok_or_else(|| RequestError::UnknownNetworkId(supplier.clone()))?;
    state
        .suppliers()
        .request(&supplier, &account.name, by, state.clock().now())
        .await?;
    let reply = notify(state, account).await;
    Ok(state.suppliers().record_reply(&supplier, &reply).await?)
}

/// Tells the supplier; gives what to show of its answer.
async fn notify(state: &AppState, account: &SupplierAccount) -> String {
    let config = state.config();
    let notice = Notice {
        buyer_anid: &config.buyer.identity,
        buyer_name: &config.platform.address.name,
        supplier_anid: account.anid(),
    };
    let sent = state
        .http()
        .post(&account.relationship_url)
        .header(SECRET_HEADER, account.secret.expose())
        .timeout(NOTICE_TIMEOUT)
        .json(&notice)
        .send()
        .await;
    let reply = match sent {
        Ok(reply) => reply,
        Err(err) => {
            tracing::warn!(%err, url = %account.relationship_url, "supplier not reached");
            return "the supplier could not be reached".to_owned();
        }
    };
    let status = reply.status();
    match reply.json::<NoticeReply>().await {
        Ok(answer) if status.is_success() && answer.status == "accepted" => {
            "the supplier accepted at once".to_owned()
        }
        Ok(_) if status.is_success() => "the supplier will accept on its side".to_owned(),
        _ => format!("the supplier refused the notice (HTTP {})", status.as_u16()),
    }
}
