//! Resending a recorded request: the service that sent an outbound cXML
//! request posts it again to the same endpoint, in the same flow, as a new
//! exchange of its journal (`POST /api/journal/{id}/resend`).
//!
//! The journal stores bodies masked, so the stored document alone cannot
//! be sent: its `SharedSecret` reads `***`. The secret a document was sent
//! with is kept, for the newest [`MAX_KEPT`] outbound exchanges, in the
//! sending service's memory only, never on disk; a resend fills it back
//! in. That is why a resend is the sending service's own act and not the
//! dashboard's (which only sees masked bodies), and why an exchange
//! recorded before a restart cannot be resent: its secret is gone, and
//! the answer says so.

use serde::Serialize;

use crate::{
    StoreError,
    cxml_http::{CxmlClient, SendError},
    journal_store::{Direction, Journal, MAX_KEPT},
};

/// Why a recorded exchange was not resent.
#[derive(Debug, thiserror::Error)]
pub enum ResendError {
    #[error("no exchange {0}")]
    NotFound(i64),
    /// Only a cXML request this service sent to a URL can be resent.
    #[error("this exchange cannot be resent: {0}")]
    NotResendable(&'static str),
    #[error(
        "the shared secret this document was sent with is no longer held (the service \
         restarted, or sent {MAX_KEPT} documents since); send it anew from the service"
    )]
    SecretGone,
    #[error("the journal could not be read")]
    Store(#[from] StoreError),
    /// It was sent, but the new exchange could not be recorded.
    #[error("the document was sent again, but the journal could not record it")]
    NotJournaled,
    #[error("the document could not be written again")]
    Write(#[from] SendError),
}

/// The new exchange a resend made.
#[derive(Debug, Serialize)]
pub struct Resent {
    /// Its id in the same journal.
    pub id: i64,
    pub http_status: Option<u16>,
    pub cxml_status: Option<u16>,
}

impl Journal {
    /// Posts the outbound request `id` again to its endpoint, in its flow,
    /// with the secret it was sent with, declaring the DTD version it
    /// declared; the new exchange is journaled like any other.
    pub async fn resend(&self, id: i64) -> Result<Resent, ResendError> {
        let detail = self.get(id).await?.ok_or(ResendError::NotFound(id))?;
        let why_not = if detail.direction != Direction::Outbound {
            Some("it was received, not sent, by this service")
        } else if !detail.is_cxml() || !detail.document_type.as_deref().is_some_and(is_request) {
            Some("it is not a cXML request")
        } else if !(detail.peer.starts_with("http://") || detail.peer.starts_with("https://")) {
            Some("it was not posted to a URL")
        } else if detail.raw_truncated {
            Some("the journal kept only part of it")
        } else {
            None
        };
        if let Some(reason) = why_not {
            return Err(ResendError::NotResendable(reason));
        }
        let raw = detail.raw.as_bytes();
        let mut doc = cxml::read::read(raw)
            .map_err(|_| ResendError::NotResendable("its stored text does not read as cXML"))?
            .doc;
        let credentials = doc
            .header
            .iter_mut()
            .flat_map(|header| header.sender.credential.iter_mut());
        for credential in credentials.filter(|c| c.shared_secret.is_some()) {
            credential.shared_secret = Some(self.sent_secret(id).ok_or(ResendError::SecretGone)?);
        }
        let mut client = CxmlClient::new(self.clone());
        if let Some(version) = declared_version(raw) {
            client = client.declaring(version);
        }
        let sent = client
            .post(&detail.peer, &doc, detail.flow_id.as_deref())
            .await?;
        let id = sent.journal_id.ok_or(ResendError::NotJournaled)?;
        let cxml_status = match sent.reply {
            cxml::status_code::ReplyClass::Cxml(status) => Some(status.code.0),
            cxml::status_code::ReplyClass::Transport { .. } => None,
        };
        Ok(Resent {
            id,
            http_status: sent.http_status,
            cxml_status,
        })
    }
}

/// A request document type (`OrderRequest`, `PunchOutSetupRequest`…).
fn is_request(kind: &str) -> bool {
    kind.ends_with("Request")
}

/// The cXML DTD version the document's DOCTYPE declares.
fn declared_version(raw: &[u8]) -> Option<cxml::write::DtdVersion> {
    let declared = cxml::tree::parse(raw).ok()?.doctype?.declared_dtd()?;
    cxml::write::DtdVersion::parse(&declared.version)
}
