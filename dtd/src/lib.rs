//! Validation of XML documents against an external DTD subset, in pure Rust.
//!
//! The design has three rules:
//!
//! - **Compile once.** [`Dtd::parse`] reads the DTD (parameter entities,
//!   conditional sections and all), interns every element name to a dense
//!   id, compiles each element-only content model to a deterministic
//!   automaton (Glushkov construction) and indexes attribute declarations per
//!   element. A [`Dtd`] is immutable, `Send + Sync`, and meant to be shared
//!   in an `Arc`.
//! - **Stream once.** [`Dtd::validate`] reads the document in a single
//!   quick-xml pass, keeping only a stack of open elements with their
//!   automaton states: no tree is built, and a child costs one table step.
//!   Errors are recorded as byte offsets and turned into lines and columns
//!   at the end.
//! - **Never fetch; expand within limits.** Nothing is ever loaded from a
//!   system identifier: neither the document's DOCTYPE, nor external
//!   entities, nor external parameter entities in the DTD (a reference to
//!   one is a [`DtdError`]). The internal entities a document declares in
//!   its internal subset, and those the DTD declares, are expanded before
//!   the walk ([`expand`]) within [`EntityLimits`] on references, nesting
//!   and total size: billion-laughs documents are refused quickly, and
//!   external (XXE) entities expand to nothing. A reference to an
//!   undeclared entity is a validity error when the document names an
//!   external subset (which could have declared it) and is not standalone,
//!   and a well-formedness error otherwise, as XML says.
//!
//! Verdicts and messages follow libxml2 (`xmllint --dtdvalid`), the
//! reference: any declared root is accepted, errors are listed in its order
//! (by element in document order, ID references last) and worded as it
//! words them, on the line it reports (the end of the element's start tag).
//! Content models print as libxml2 prints them, with its normalisations.
//!
//! Where this crate knowingly differs from libxml2:
//!
//! - Errors libxml2 reports without a position (ENTITY and NOTATION values,
//!   non-deterministic content models) carry the element's position, and
//!   ID-reference errors come in document order rather than hash order.
//! - Names are matched as written (`ds:Signature` matches a declaration of
//!   `ds:Signature`); libxml2's namespace-specific checks and its fallback
//!   to the local name's declaration are not reproduced.
//! - Well-formedness messages are our own where quick-xml detects the
//!   problem; limits ([`Limits`], [`EntityLimits`]) are reported as not
//!   well-formed, as libxml2 reports its own. Documents must be UTF-8,
//!   US-ASCII, ISO-8859-1 or UTF-16 with a byte-order mark ([`decode`]);
//!   other single-byte encodings only if pure ASCII.
//! - Parameter-entity references in a document's internal subset are read
//!   as in an external subset (libxml2 allows them only between
//!   declarations there).
//!
//! ```
//! let dtd = dtd::Dtd::parse(r#"
//!     <!ELEMENT note (to, body)>
//!     <!ELEMENT to (#PCDATA)>
//!     <!ELEMENT body (#PCDATA)>
//! "#).expect("DTD compiles");
//! assert!(dtd.validate(b"<note><to>A</to><body>B</body></note>").is_valid());
//! let dtd::Verdict::Invalid(errors) = dtd.validate(b"<note><body>B</body></note>") else {
//!     panic!("expected validity errors");
//! };
//! assert_eq!(
//!     errors[0].message,
//!     "Element note content does not follow the DTD, expecting (to , body), got (body)"
//! );
//! ```

mod attr;
mod automaton;
mod decode;
mod entities;
mod error;
mod guess;
mod model;
mod names;
mod parse;
mod position;
mod schema;
mod validate;

use std::path::Path;

pub use decode::{Decoded, Encoding, decode};
pub use entities::{EntityLimits, ExpandError, Expanded, declared_entities, expand};
pub use error::{DtdError, ValidityError, Verdict, WellFormednessError};
pub use guess::Guesses;
pub use names::FxHasher;
pub use validate::Limits;

/// Checks that decoded and expanded text is well-formed XML, as strictly as
/// [`Dtd::validate`] does, without any DTD to validate against.
pub fn check_well_formed(text: &str, limits: &Limits) -> Result<(), WellFormednessError> {
    let empty = schema::Schema::default();
    let limits = Limits {
        max_errors: 1,
        ..limits.clone()
    };
    match validate::validate_text(&empty, text, &limits) {
        Verdict::NotWellFormed(error) => Err(error),
        Verdict::Valid | Verdict::Invalid(_) => Ok(()),
    }
}

/// A compiled DTD, ready to validate any number of documents concurrently.
#[derive(Debug)]
pub struct Dtd {
    schema: schema::Schema,
}

impl Dtd {
    /// Parses and compiles an external DTD subset (the text may start with
    /// a byte-order mark and an XML text declaration).
    pub fn parse(text: &str) -> Result<Dtd, DtdError> {
        Ok(Dtd {
            schema: parse::parse(text)?,
        })
    }

    /// Reads and compiles a DTD file (UTF-8).
    pub fn from_file(path: &Path) -> Result<Dtd, DtdError> {
        let text = std::fs::read_to_string(path).map_err(|e| DtdError {
            line: 0,
            column: 0,
            message: format!("cannot read {}: {e}", path.display()),
        })?;
        Dtd::parse(&text)
    }

    /// Validates a whole document in one streaming pass, with default
    /// [`Limits`].
    pub fn validate(&self, xml: &[u8]) -> Verdict {
        self.validate_with(xml, &Limits::default())
    }

    /// Validates a whole document in one streaming pass: decoded
    /// ([`decode`]), its declared entities expanded ([`expand`]), then
    /// walked.
    pub fn validate_with(&self, xml: &[u8], limits: &Limits) -> Verdict {
        validate::validate(self, xml, limits)
    }

    /// Validates a document already decoded and expanded (the `text` of an
    /// [`Expanded`]); positions are in that text.
    pub fn validate_expanded(&self, text: &str, limits: &Limits) -> Verdict {
        validate::validate_text(&self.schema, text, limits)
    }

    /// Number of element types declared with `<!ELEMENT>`.
    pub fn element_count(&self) -> usize {
        self.schema.declared_elements()
    }

    /// True if `name` is declared with `<!ELEMENT>`.
    pub fn declares(&self, name: &str) -> bool {
        self.schema
            .names
            .get(name.as_bytes())
            .and_then(|id| self.schema.element(id))
            .is_some_and(|e| e.content.is_some())
    }

    /// Names of elements whose content model is not deterministic (libxml2
    /// reports such an element as invalid wherever it occurs).
    pub fn ambiguous_models(&self) -> Vec<String> {
        self.schema
            .elements
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.content, Some(schema::Content::Children { dfa: None, .. })))
            .map(|(id, _)| {
                self.schema
                    .names
                    .name(u32::try_from(id).unwrap_or(u32::MAX))
                    .to_owned()
            })
            .collect()
    }
}
