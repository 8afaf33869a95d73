//! Turns the raw bytes of a received message into the fields the inbox and
//! the API show, with `mail-parser` (MIME, encodings, RFC 2047 words).
//! Parsing never fails a delivery: what cannot be read is left empty, and
//! the raw bytes are always kept.

use mail_parser::{Address, MessageParser, PartType};
use serde::{Deserialize, Serialize};

/// Longest snippet shown in lists, in characters (Mailpit's length).
const SNIPPET_CHARS: usize = 250;

/// A mailbox as a header names it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAddress {
    pub name: String,
    pub address: String,
}

/// What procsim keeps of a message besides its raw bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedMail {
    pub message_id: String,
    pub from: Option<EmailAddress>,
    pub to: Vec<EmailAddress>,
    pub cc: Vec<EmailAddress>,
    pub bcc: Vec<EmailAddress>,
    pub reply_to: Vec<EmailAddress>,
    pub subject: String,
    /// The Date header as RFC 3339, when present and readable.
    pub date: Option<String>,
    pub text: String,
    /// Only a real text/html part; never HTML made up from plain text.
    pub html: String,
    pub attachments: usize,
    pub snippet: String,
}

pub fn parse(raw: &[u8]) -> ParsedMail {
    let Some(message) = MessageParser::default().parse(raw) else {
        return ParsedMail::default();
    };
    let html = message
        .html_body
        .first()
        .and_then(|&part| message.part(part))
        .and_then(|part| match &part.body {
            PartType::Html(html) => Some(html.to_string()),
            _ => None,
        })
        .unwrap_or_default();
    let text = message
        .body_text(0)
        .map(|text| text.into_owned())
        .unwrap_or_default();
    ParsedMail {
        message_id: message.message_id().unwrap_or_default().to_owned(),
        from: addresses(message.from()).into_iter().next(),
        to: addresses(message.to()),
        cc: addresses(message.cc()),
        bcc: addresses(message.bcc()),
        reply_to: addresses(message.reply_to()),
        subject: message.subject().unwrap_or_default().to_owned(),
        date: message.date().map(|date| date.to_rfc3339()),
        snippet: snippet(&text),
        text,
        html,
        attachments: message.attachment_count(),
    }
}

fn addresses(header: Option<&Address<'_>>) -> Vec<EmailAddress> {
    header
        .map(|list| {
            list.iter()
                .map(|addr| EmailAddress {
                    name: addr.name().unwrap_or_default().to_owned(),
                    address: addr.address().unwrap_or_default().to_owned(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The start of the text body on one line, whitespace collapsed.
fn snippet(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.char_indices().nth(SNIPPET_CHARS) {
        Some((end, _)) => format!("{}...", &collapsed[..end]),
        None => collapsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_headers_and_both_bodies_of_a_multipart_message() {
        let raw = concat!(
            "From: \"Market Place\" <noreply@market.test>\r\n",
            "To: Ann <ann@buyer.test>, bob@buyer.test\r\n",
            "Cc: =?UTF-8?Q?Zo=C3=AB?= <zoe@buyer.test>\r\n",
            "Reply-To: help@market.test\r\n",
            "Subject: Agreement created\r\n",
            "Date: Mon, 5 Jan 2026 09:00:00 +0000\r\n",
            "Message-ID: <abc@market.test>\r\n",
            "MIME-Version: 1.0\r\n",
            "Content-Type: multipart/alternative; boundary=\"b\"\r\n",
            "\r\n",
            "--b\r\nContent-Type: text/plain\r\n\r\nYour   agreement\r\nis live.\r\n",
            "--b\r\nContent-Type: text/html\r\n\r\n<p>Your agreement is live.</p>\r\n",
            "--b--\r\n",
        );
        let mail = parse(raw.as_bytes());
        let from = mail.from.expect("from");
        assert_eq!(
            (from.name.as_str(), from.address.as_str()),
            ("Market Place", "noreply@market.test")
        );
        let to: Vec<_> = mail.to.iter().map(|a| a.address.as_str()).collect();
        assert_eq!(to, ["ann@buyer.test", "bob@buyer.test"]);
        assert_eq!(mail.cc[0].name, "Zoë");
        assert_eq!(mail.reply_to[0].address, "help@market.test");
        assert_eq!(mail.subject, "Agreement created");
        assert_eq!(mail.message_id, "abc@market.test");
        assert_eq!(mail.date.as_deref(), Some("2026-01-05T09:00:00Z"));
        assert!(mail.text.starts_with("Your   agreement"), "{}", mail.text);
        assert_eq!(mail.snippet, "Your agreement is live.");
        assert!(mail.html.contains("<p>Your agreement is live.</p>"));
        assert_eq!(mail.attachments, 0);
    }

    #[test]
    fn plain_text_gets_no_made_up_html_and_garbage_parses_to_empty() {
        let mail = parse(b"Subject: plain\r\n\r\njust text\r\n");
        assert_eq!(mail.text.trim_end(), "just text");
        assert_eq!(mail.html, "");
        assert_eq!(mail.from, None);
        assert_eq!(parse(b"").subject, "");
    }

    #[test]
    fn snippets_are_cut_on_a_character_boundary() {
        let long = "é".repeat(300);
        let cut = snippet(&long);
        assert_eq!(cut.chars().count(), SNIPPET_CHARS + 3);
    }
}
