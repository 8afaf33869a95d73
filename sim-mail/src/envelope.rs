//! What an SMTP client hands over and the mailbox keeps: shared by the
//! SMTP server, which receives it, and the store, which files it.

/// One complete message as the client handed it over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// The reverse path of MAIL FROM (empty for a bounce, `<>`).
    pub from: String,
    /// Every RCPT TO path, in order.
    pub to: Vec<String>,
    /// The message exactly as received, dot-unstuffed, lines ending CRLF.
    pub data: Vec<u8>,
}
