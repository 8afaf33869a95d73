//! The cXML writer: a typed [`CXml`] out as a DTD-valid document, with the
//! XML declaration and the DOCTYPE of the DTD that governs its kind (the
//! serde serializer writes neither, so they are prepended here; the body is
//! serialized by serde only).

use crate::common::ItemDetail;
use crate::envelope::{CXml, DocumentKind, MessageBody, RequestBody};

/// The DTD version every written document declares.
pub const DTD_VERSION: &str = "1.2.071";

/// Why a document could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    #[error("the body must be Header with Request or Message, or Response alone")]
    Shape,
    #[error("document type `{0}` is not modelled and cannot be written")]
    Unsupported(String),
    #[error("{0} is required by the DTD but empty")]
    MissingRequired(&'static str),
    #[error("serialization failed: {0}")]
    Serialize(String),
}

/// The cXML version a document declares in its DOCTYPE (`1.2.xxx`). Real
/// buyer systems keep declaring the version they were built against (Coupa
/// sends setup requests as 1.2.014); procsim's own documents declare
/// [`DTD_VERSION`] unless a simulated party has such a habit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DtdVersion(String);

impl DtdVersion {
    /// The version procsim writes by default, whose DTDs its documents are
    /// tested against.
    pub fn current() -> Self {
        DtdVersion(DTD_VERSION.to_owned())
    }

    /// A `1.2.xxx` version (three digits), or `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let minor = text.strip_prefix("1.2.")?;
        (minor.len() == 3 && minor.bytes().all(|b| b.is_ascii_digit()))
            .then(|| DtdVersion(text.to_owned()))
    }

    /// A version as buyers declare it in the wild: `1.2.xxx`, or `1.1.xxx`
    /// of the older line (Oracle's samples declare 1.1.010). procsim's
    /// bodies are 1.2 documents; declaring a 1.1 DTD over one only tests
    /// that a receiver does not refuse on the DOCTYPE literal.
    pub fn parse_declared(text: &str) -> Option<Self> {
        let minor = text
            .strip_prefix("1.2.")
            .or_else(|| text.strip_prefix("1.1."))?;
        (minor.len() == 3 && minor.bytes().all(|b| b.is_ascii_digit()))
            .then(|| DtdVersion(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The DOCTYPE system identifier for a document kind.
pub fn doctype_url(kind: &DocumentKind) -> String {
    doctype_url_for(kind, &DtdVersion::current())
}

fn doctype_url_for(kind: &DocumentKind, version: &DtdVersion) -> String {
    format!(
        "http://xml.cxml.org/schemas/cXML/{}/{}",
        version.as_str(),
        kind.dtd_file()
    )
}

/// Writes `doc` as a complete document declaring [`DTD_VERSION`].
pub fn to_string(doc: &CXml) -> Result<String, WriteError> {
    to_string_declaring(doc, &DtdVersion::current())
}

/// Writes `doc` declaring `version` in its DOCTYPE: the body is the same,
/// only the declared DTD differs.
pub fn to_string_declaring(doc: &CXml, version: &DtdVersion) -> Result<String, WriteError> {
    if !doc.has_valid_shape() {
        return Err(WriteError::Shape);
    }
    let kind = doc.kind();
    if let DocumentKind::Other(name) = &kind {
        return Err(WriteError::Unsupported(name.clone()));
    }
    check_required(doc)?;
    let body = quick_xml::se::to_string(doc).map_err(|e| WriteError::Serialize(e.to_string()))?;
    let mut out = String::with_capacity(body.len() + 160);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE cXML SYSTEM \"");
    out.push_str(&doctype_url_for(&kind, version));
    out.push_str("\">\n");
    out.push_str(&body);
    out.push('\n');
    Ok(out)
}

/// Writes `doc` as UTF-8 bytes.
pub fn to_bytes(doc: &CXml) -> Result<Vec<u8>, WriteError> {
    to_string(doc).map(String::into_bytes)
}

/// [`to_string_declaring`] as UTF-8 bytes.
pub fn to_bytes_declaring(doc: &CXml, version: &DtdVersion) -> Result<Vec<u8>, WriteError> {
    to_string_declaring(doc, version).map(String::into_bytes)
}

/// The `+` lists of the DTD that the wire types hold as `Vec`: an empty one
/// would make the document invalid, so it is refused here.
fn check_required(doc: &CXml) -> Result<(), WriteError> {
    if let Some(h) = &doc.header {
        nonempty(&h.from.credential, "From/Credential")?;
        nonempty(&h.to.credential, "To/Credential")?;
        nonempty(&h.sender.credential, "Sender/Credential")?;
    }
    match doc.request.as_ref().map(|r| &r.body) {
        Some(RequestBody::OrderRequest(o)) => {
            nonempty(&o.item_out, "OrderRequest/ItemOut")?;
            o.item_out
                .iter()
                .filter_map(|i| i.item_detail.as_ref())
                .try_for_each(item_detail)?;
        }
        Some(RequestBody::PunchOutSetupRequest(p)) => {
            p.item_out
                .iter()
                .filter_map(|i| i.item_detail.as_ref())
                .try_for_each(item_detail)?;
        }
        Some(RequestBody::InvoiceDetailRequest(inv)) => {
            nonempty(
                &inv.invoice_detail_order,
                "InvoiceDetailRequest/InvoiceDetailOrder",
            )?;
            inv.invoice_detail_order
                .iter()
                .try_for_each(|o| nonempty(&o.item, "InvoiceDetailOrder/InvoiceDetailItem"))?;
        }
        Some(RequestBody::ConfirmationRequest(c)) => {
            c.item
                .iter()
                .try_for_each(|i| nonempty(&i.status, "ConfirmationItem/ConfirmationStatus"))?;
        }
        _ => {}
    }
    if let Some(MessageBody::PunchOutOrderMessage(m)) = doc.message.as_ref().map(|m| &m.body) {
        m.item_in
            .iter()
            .try_for_each(|i| item_detail(&i.item_detail))?;
    }
    if let Some(crate::envelope::ResponseBody::ProfileResponse(p)) =
        doc.response.as_ref().and_then(|r| r.body.as_ref())
    {
        nonempty(&p.transaction, "ProfileResponse/Transaction")?;
    }
    Ok(())
}

fn item_detail(d: &ItemDetail) -> Result<(), WriteError> {
    nonempty(&d.description, "ItemDetail/Description")?;
    nonempty(&d.classification, "ItemDetail/Classification")
}

fn nonempty<T>(v: &[T], what: &'static str) -> Result<(), WriteError> {
    if v.is_empty() {
        Err(WriteError::MissingRequired(what))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod version_tests {
    use super::DtdVersion;

    #[test]
    fn only_1_2_xxx_versions_parse() {
        assert_eq!(
            DtdVersion::parse("1.2.014").map(|v| v.as_str().to_owned()),
            Some("1.2.014".into())
        );
        for bad in ["1.2.14", "1.1.010", "1.2.0140", "1.2.01a", "", "1.2."] {
            assert!(DtdVersion::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn declared_versions_take_the_1_1_line_too() {
        for good in ["1.1.010", "1.2.008", "1.2.071"] {
            let parsed = DtdVersion::parse_declared(good).map(|v| v.as_str().to_owned());
            assert_eq!(parsed.as_deref(), Some(good));
        }
        for bad in ["1.1.10", "1.0.010", "2.0", "1.1.", ""] {
            assert!(DtdVersion::parse_declared(bad).is_none(), "{bad}");
        }
    }
}
