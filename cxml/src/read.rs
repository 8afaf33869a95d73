//! The lenient cXML reader: bytes in, a typed [`CXml`] out, plus advisories
//! about what a stricter partner would object to.
//!
//! Leniency: unknown elements and attributes are skipped; `version="1.0"` and
//! other versions are fine; timestamps with `Z`, without an offset or not
//! ISO-8601 at all are kept as written (advisory); credential domains are
//! compared case-insensitively by the accessors; a UTF-8 byte-order mark is
//! stripped (advisory); a root spelled `cxml` (seen in an Office Depot cart)
//! is accepted (advisory). An unknown document type is read as
//! `DocumentKind::Other(name)`.
//!
//! Safety: the size limit is checked before anything is parsed; DTDs are
//! never fetched; a DOCTYPE with an internal subset (where entities are
//! declared: billion laughs, external entities) is refused outright, and any
//! entity other than the five predefined ones is an error.

mod address;
mod invoice_lines;
mod items;
mod pull;
mod setup;
mod splice;

use quick_xml::events::Event;

use crate::envelope::{CXml, DocumentKind};
use crate::newtypes::{OffsetKind, Timestamp};

/// 16 MiB: far above any real cXML document, far below a memory problem.
pub const DEFAULT_MAX_BYTES: usize = 16 * 1024 * 1024;

/// Limits checked before parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Largest accepted document, in bytes.
    pub max_bytes: usize,
}

impl Default for ReadLimits {
    fn default() -> Self {
        Self {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// A document that was read, what it is, and what was odd about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub doc: CXml,
    pub kind: DocumentKind,
    pub advisories: Vec<Advisory>,
}

/// Something a stricter receiver would object to; the document was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advisory {
    /// The CONFORMANCE.md rule id, when one applies (e.g. `CX010`).
    pub rule: Option<&'static str>,
    pub message: String,
}

impl Advisory {
    fn new(rule: Option<&'static str>, message: impl Into<String>) -> Self {
        Self {
            rule,
            message: message.into(),
        }
    }
}

/// Why a document could not be read. `Display` is safe to send to a partner:
/// it says what is wrong with the document, never how procsim is built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("document too large: {size} bytes (limit {limit})")]
    TooLarge { size: usize, limit: usize },
    #[error("document is not UTF-8 encoded")]
    NotUtf8,
    #[error(
        "document type declarations with an internal subset (entity declarations) are not accepted"
    )]
    InternalSubset,
    #[error("document is not well-formed XML (line {line}, column {column})")]
    NotWellFormed { line: usize, column: usize },
    #[error("document has no root element")]
    NoRoot,
    #[error("root element is `{0}`, not `cXML`")]
    NotCxml(String),
    /// A document read as something other than a `cXML` envelope (such as
    /// an `Index`) has another root.
    #[error("root element is `{found}`, not `{expected}`")]
    UnexpectedRoot {
        found: String,
        expected: &'static str,
    },
    #[error("document does not follow the cXML structure: {0}")]
    Structure(String),
}

impl ReadError {
    /// The cXML status code to answer with: 499 for size, 406 otherwise.
    pub fn status_code(&self) -> u16 {
        match self {
            Self::TooLarge { .. } => 499,
            _ => 406,
        }
    }
}

/// Reads a document with the default [`ReadLimits`].
pub fn read(bytes: &[u8]) -> Result<Parsed, ReadError> {
    read_with(bytes, &ReadLimits::default())
}

/// Reads a document with explicit limits.
///
/// Setup requests and the line elements of other documents are hand-read
/// (see `read/setup.rs` and `read/splice.rs`); the result is
/// always the one [`read_serde_with`] gives, which the tests check.
pub fn read_with(bytes: &[u8], limits: &ReadLimits) -> Result<Parsed, ReadError> {
    read_cxml(bytes, limits, true, Shape::Strict)
}

/// Reads a partner's reply as a lenient receiver does: a `Header` beside
/// the `Response`, which the DTD does not allow (CX003), is dropped with an
/// advisory instead of refusing the document. Anything else is read as by
/// [`read`].
pub fn read_lenient(bytes: &[u8]) -> Result<Parsed, ReadError> {
    read_cxml(
        bytes,
        &ReadLimits::default(),
        true,
        Shape::HeaderBesideResponse,
    )
}

/// Which envelope shapes a read accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Header with Request or Message, or Response alone.
    Strict,
    /// Also a Header with a Response, read without the Header.
    HeaderBesideResponse,
}

/// The reference reader: the whole document through quick-xml's serde
/// deserializer. Slower; kept to prove [`read`] equal to it.
pub fn read_serde(bytes: &[u8]) -> Result<Parsed, ReadError> {
    read_serde_with(bytes, &ReadLimits::default())
}

/// [`read_serde`] with explicit limits.
pub fn read_serde_with(bytes: &[u8], limits: &ReadLimits) -> Result<Parsed, ReadError> {
    read_cxml(bytes, limits, false, Shape::Strict)
}

/// Only the hand-read path, for the equality tests: `None` when it would
/// hand the document to serde. Not an API.
#[doc(hidden)]
pub fn hand_read(text: &str) -> Option<CXml> {
    fast_read(text)
}

/// The hand readers: a whole setup request (`read/setup.rs`), or the line
/// elements of an order, a cart or an invoice (`read/splice.rs`).
fn fast_read(text: &str) -> Option<CXml> {
    if setup::may_be_setup(text)
        && let Some(doc) = setup::read(text)
    {
        return Some(doc);
    }
    splice::read(text)
}

/// A `cXML` envelope, hand-read where a hand reader takes it when `fast`
/// (see [`fast_read`]), the rest through serde.
fn read_cxml(
    bytes: &[u8],
    limits: &ReadLimits,
    fast: bool,
    shape: Shape,
) -> Result<Parsed, ReadError> {
    let hand_reader: Option<HandReader<CXml>> = if fast { Some(fast_read) } else { None };
    let (mut doc, mut advisories): (CXml, _) = read_rooted(bytes, limits, "cXML", hand_reader)?;
    let header_beside_response = doc.header.is_some()
        && doc.response.is_some()
        && doc.request.is_none()
        && doc.message.is_none();
    if shape == Shape::HeaderBesideResponse && header_beside_response {
        doc.header = None;
        advisories.push(Advisory::new(
            Some("CX003"),
            "a Header beside the Response, which the DTD does not allow; read without it",
        ));
    }
    if !doc.has_valid_shape() {
        return Err(ReadError::Structure(
            "the body must be Header with Request or Message, or Response alone".to_owned(),
        ));
    }
    let kind = doc.kind();
    check_envelope(&doc, &kind, &mut advisories);
    Ok(Parsed {
        doc,
        kind,
        advisories,
    })
}

/// A reader that may take a document without serde; `None` hands it over.
/// It must give up on a DOCTYPE past the prolog (see
/// [`reject_doctype_in_content`], then only run for serde).
pub(crate) type HandReader<T> = fn(&str) -> Option<T>;

/// The safe reading pipeline shared by every root element cXML declares
/// (`cXML`, `Index`): the size limit, the byte-order mark, UTF-8, the
/// prolog (no internal subset, the expected `root`), then the hand reader
/// if one is given and takes the document, serde otherwise.
pub(crate) fn read_rooted<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    limits: &ReadLimits,
    root: &'static str,
    hand_reader: Option<HandReader<T>>,
) -> Result<(T, Vec<Advisory>), ReadError> {
    if bytes.len() > limits.max_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let mut advisories = Vec::new();
    let body = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => {
            advisories.push(Advisory::new(
                Some("CX052"),
                "UTF-8 byte-order mark present",
            ));
            rest
        }
        None => bytes,
    };
    let text = std::str::from_utf8(body).map_err(|_| ReadError::NotUtf8)?;
    let root_offset = check_prolog(text, root, &mut advisories)?;
    // A hand reader gives up on a DOCTYPE past the prolog, so the search for
    // one is only needed before serde reads.
    let doc = match hand_reader.and_then(|read| read(text)) {
        Some(doc) => doc,
        None => {
            reject_doctype_in_content(text, root_offset)?;
            reject_attribute_floods(text)?;
            quick_xml::de::from_str(text).map_err(|e| deserialize_error(text, &e))?
        }
    };
    Ok((doc, advisories))
}

/// Scans up to the root element: encoding, DOCTYPE and root name. Returns
/// the byte offset just after the root's start tag.
fn check_prolog(
    text: &str,
    root: &'static str,
    advisories: &mut Vec<Advisory>,
) -> Result<usize, ReadError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut doctype = None;
    let root_offset;
    loop {
        let event = reader
            .read_event()
            .map_err(|_| position(text, usize::try_from(reader.error_position()).unwrap_or(0)))?;
        match event {
            Event::Decl(decl) => {
                if let Some(Ok(enc)) = decl.encoding() {
                    let enc = String::from_utf8_lossy(&enc).to_ascii_lowercase();
                    if !matches!(enc.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
                        return Err(ReadError::NotUtf8);
                    }
                }
            }
            Event::DocType(t) => {
                let t = String::from_utf8_lossy(&t).into_owned();
                if t.contains('[') {
                    return Err(ReadError::InternalSubset);
                }
                doctype = Some(t);
            }
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if root == "cXML" && name.eq_ignore_ascii_case(root) && name != root {
                    advisories.push(Advisory::new(
                        Some("CX003"),
                        format!("root element spelled `{name}`; read as `cXML`"),
                    ));
                } else if name != root && root == "cXML" {
                    return Err(ReadError::NotCxml(name));
                } else if name != root {
                    return Err(ReadError::UnexpectedRoot {
                        found: name,
                        expected: root,
                    });
                }
                root_offset = usize::try_from(reader.buffer_position()).unwrap_or(0);
                break;
            }
            Event::Eof => return Err(ReadError::NoRoot),
            _ => {}
        }
    }
    match doctype {
        None => advisories.push(Advisory::new(Some("CX004"), "no DOCTYPE declaration")),
        Some(d)
            if !d
                .to_ascii_lowercase()
                .contains("://xml.cxml.org/schemas/cxml/") =>
        {
            advisories.push(Advisory::new(
                Some("CX004"),
                "DOCTYPE does not point at xml.cxml.org",
            ));
        }
        Some(_) => {}
    }
    Ok(root_offset)
}

/// A DOCTYPE inside the root element is not well-formed XML, and quick-xml's
/// deserializer (0.39) panics on one between two text runs instead of
/// failing (found by the `read` fuzz target). quick-xml takes any `<!d` or
/// `<!D` for the start of one (`<!DOCTYPe x>`, `<!Dxyzabcd x>`), so that is
/// what the byte search looks for; it keeps the common case free, and a
/// hit is confirmed by real parsing, so the text inside a comment or CDATA
/// section is not refused.
fn reject_doctype_in_content(text: &str, root_offset: usize) -> Result<(), ReadError> {
    let Some(content) = text.get(root_offset..) else {
        return Ok(());
    };
    let opens_declaration =
        |w: &[u8]| w[0] == b'<' && w[1] == b'!' && w[2].eq_ignore_ascii_case(&b'd');
    if !content.as_bytes().windows(3).any(opens_declaration) {
        return Ok(());
    }
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(0);
        match reader.read_event() {
            Ok(Event::DocType(_)) if at >= root_offset => return Err(position(text, at)),
            Ok(Event::Eof) => return Ok(()),
            // Other syntax errors are the deserializer's to report.
            Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

/// Advisories about the envelope of a document that was read.
fn check_envelope(doc: &CXml, kind: &DocumentKind, advisories: &mut Vec<Advisory>) {
    match Timestamp::parse(&doc.timestamp) {
        Ok(t) if t.offset() == OffsetKind::Zulu || t.offset() == OffsetKind::Missing => {
            advisories.push(Advisory::new(
                Some("CX010"),
                t.advisory().unwrap_or_default(),
            ));
        }
        Ok(_) => {}
        Err(_) => advisories.push(Advisory::new(
            Some("CX011"),
            "timestamp is not ISO-8601; kept as written",
        )),
    }
    if doc.payload_id().is_err() {
        advisories.push(Advisory::new(
            None,
            "payloadID is empty or contains whitespace",
        ));
    }
    let mode_missing = doc
        .request
        .as_ref()
        .is_some_and(|r| r.deployment_mode.is_none())
        || doc
            .message
            .as_ref()
            .is_some_and(|m| m.deployment_mode.is_none());
    if mode_missing {
        advisories.push(Advisory::new(
            Some("CX012"),
            "deploymentMode absent: production assumed",
        ));
    }
    if let DocumentKind::Other(name) = kind {
        advisories.push(Advisory::new(
            None,
            format!("document type `{name}` is not modelled; its content was skipped"),
        ));
    }
}

/// Turns a serde error into a partner-safe `ReadError`. Syntax errors get a
/// position from a plain event scan (only on this error path).
fn deserialize_error(text: &str, err: &quick_xml::DeError) -> ReadError {
    match err {
        quick_xml::DeError::Custom(msg) => ReadError::Structure(msg.chars().take(200).collect()),
        quick_xml::DeError::UnexpectedEof => {
            ReadError::Structure("unexpected end of document".to_owned())
        }
        quick_xml::DeError::InvalidXml(quick_xml::Error::Escape(_)) => syntax_position(text)
            .unwrap_or_else(|| {
                ReadError::Structure("reference to an undeclared entity".to_owned())
            }),
        _ => syntax_position(text)
            .unwrap_or_else(|| ReadError::Structure("malformed content".to_owned())),
    }
}

/// Refuses a start tag with more than [`crate::tree::MAX_ATTRIBUTES`]
/// attributes before serde reads: its check for repeated attributes grows
/// with the square of their number. One linear pass, counting without
/// quick-xml's checks.
fn reject_attribute_floods(text: &str) -> Result<(), ReadError> {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(0);
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let mut attributes = e.attributes();
                attributes.with_checks(false);
                if attributes.take(crate::tree::MAX_ATTRIBUTES + 1).count()
                    > crate::tree::MAX_ATTRIBUTES
                {
                    return Err(ReadError::Structure(format!(
                        "an element carries more than {} attributes, the limit (line {})",
                        crate::tree::MAX_ATTRIBUTES,
                        text.get(..at).map_or(0, |b| b.matches('\n').count()) + 1
                    )));
                }
            }
            // Whatever else is wrong, serde says.
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

/// Scans the whole text for the first well-formedness error.
fn syntax_position(text: &str) -> Option<ReadError> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    loop {
        match reader.read_event() {
            Err(_) => {
                return Some(position(
                    text,
                    usize::try_from(reader.error_position()).unwrap_or(0),
                ));
            }
            Ok(Event::Eof) => return None,
            Ok(Event::GeneralRef(r)) => {
                let name = String::from_utf8_lossy(&r).into_owned();
                let known = matches!(name.as_str(), "lt" | "gt" | "amp" | "apos" | "quot")
                    || name.starts_with('#');
                if !known {
                    let pos = usize::try_from(reader.buffer_position()).unwrap_or(0);
                    return Some(position(text, pos.saturating_sub(name.len() + 2)));
                }
            }
            Ok(_) => {}
        }
    }
}

fn position(text: &str, offset: usize) -> ReadError {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    ReadError::NotWellFormed { line, column }
}
