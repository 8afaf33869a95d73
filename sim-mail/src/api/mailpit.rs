//! Wire types of the Mailpit v1 API subset, field for field as Mailpit
//! spells them (PascalCase per message, lowercase for list envelopes), so
//! existing Mailpit clients read procsim's answers unchanged.

use serde::{Deserialize, Serialize};

use crate::{
    parse::EmailAddress,
    store::{FullMessage, Listing, Summary},
};

#[derive(Debug, Serialize)]
pub struct Address {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Address")]
    pub address: String,
}

/// `GET /api/v1/messages` and `GET /api/v1/search`.
#[derive(Debug, Serialize)]
pub struct MessagesSummary {
    pub total: u64,
    pub unread: u64,
    /// Legacy field Mailpit still sends: messages on this page.
    pub count: u64,
    pub messages_count: u64,
    pub messages_unread: u64,
    pub start: u64,
    pub tags: Vec<String>,
    pub messages: Vec<MessageSummary>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MessageSummary {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "MessageID")]
    pub message_id: String,
    pub read: bool,
    pub from: Option<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub bcc: Vec<Address>,
    pub reply_to: Vec<Address>,
    pub subject: String,
    pub created: String,
    pub username: String,
    pub tags: Vec<String>,
    pub size: u64,
    pub attachments: u64,
    pub snippet: String,
}

/// `GET /api/v1/message/{ID}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Message {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "MessageID")]
    pub message_id: String,
    pub from: Option<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub bcc: Vec<Address>,
    pub reply_to: Vec<Address>,
    pub return_path: String,
    pub subject: String,
    pub list_unsubscribe: ListUnsubscribe,
    pub date: String,
    pub tags: Vec<String>,
    pub username: String,
    pub text: String,
    #[serde(rename = "HTML")]
    pub html: String,
    pub size: u64,
    /// Attachment parts are not extracted yet: always empty.
    pub inline: Vec<()>,
    pub attachments: Vec<()>,
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUnsubscribe {
    pub header: String,
    pub links: Vec<String>,
    pub errors: String,
    pub header_post: String,
}

/// The body of `DELETE /api/v1/messages`.
#[derive(Debug, Default, Deserialize)]
pub struct DeleteRequest {
    #[serde(rename = "IDs", default)]
    pub ids: Vec<String>,
}

/// Every API error: `{"Error": "..."}` with a 4xx/5xx status.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    #[serde(rename = "Error")]
    pub error: String,
}

impl MessagesSummary {
    pub fn new(listing: Listing, start: u64) -> Self {
        MessagesSummary {
            total: listing.total,
            unread: listing.unread,
            count: u64::try_from(listing.messages.len()).unwrap_or(u64::MAX),
            messages_count: listing.matched,
            messages_unread: listing.matched_unread,
            start,
            tags: Vec::new(),
            messages: listing.messages.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<Summary> for MessageSummary {
    fn from(summary: Summary) -> Self {
        MessageSummary {
            id: summary.id,
            message_id: summary.message_id,
            read: summary.read,
            from: summary.from.map(Address::from),
            to: addresses(summary.to),
            cc: addresses(summary.cc),
            bcc: addresses(summary.bcc),
            reply_to: addresses(summary.reply_to),
            subject: summary.subject,
            created: summary.created.to_string(),
            username: String::new(),
            tags: Vec::new(),
            size: summary.size,
            attachments: summary.attachments,
            snippet: summary.snippet,
        }
    }
}

impl From<FullMessage> for Message {
    fn from(message: FullMessage) -> Self {
        let summary = message.summary;
        Message {
            // Mailpit falls back to the received time without a Date header.
            date: message.date.unwrap_or_else(|| summary.created.to_string()),
            id: summary.id,
            message_id: summary.message_id,
            from: summary.from.map(Address::from),
            to: addresses(summary.to),
            cc: addresses(summary.cc),
            bcc: addresses(summary.bcc),
            reply_to: addresses(summary.reply_to),
            return_path: message.return_path,
            subject: summary.subject,
            list_unsubscribe: ListUnsubscribe::default(),
            tags: Vec::new(),
            username: String::new(),
            text: message.text,
            html: message.html,
            size: summary.size,
            inline: Vec::new(),
            attachments: Vec::new(),
        }
    }
}

impl From<EmailAddress> for Address {
    fn from(address: EmailAddress) -> Self {
        Address {
            name: address.name,
            address: address.address,
        }
    }
}

fn addresses(list: Vec<EmailAddress>) -> Vec<Address> {
    list.into_iter().map(Address::from).collect()
}
