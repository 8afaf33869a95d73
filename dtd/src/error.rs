//! The crate's public outcomes: DTD compilation errors and validation
//! verdicts.

use std::fmt;

/// A DTD that could not be read or compiled.
///
/// `line` and `column` are 1-based positions in the DTD text; both are 0 when
/// the error has no position (the file could not be read). An error inside
/// the replacement text of a parameter entity is reported at the reference
/// in the DTD text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct DtdError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl DtdError {
    fn describe(&self) -> String {
        if self.line == 0 {
            self.message.clone()
        } else {
            format!(
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )
        }
    }
}

/// The outcome of validating one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Well-formed and valid against the DTD.
    Valid,
    /// Not well-formed XML, refused (internal-subset entities, undeclared
    /// entities) or over a [`Limits`](crate::Limits) bound; validation stopped.
    NotWellFormed(WellFormednessError),
    /// Well-formed but not valid: the first errors in libxml2's order
    /// (document order of the elements they concern, ID references last).
    Invalid(Vec<ValidityError>),
}

impl Verdict {
    /// True for [`Verdict::Valid`].
    pub fn is_valid(&self) -> bool {
        matches!(self, Verdict::Valid)
    }
}

/// Why a document is not well-formed (or was refused), and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct WellFormednessError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    pub message: String,
}

/// One way in which a well-formed document breaks the DTD.
///
/// The position is where libxml2 reports it: the end of the start tag of the
/// element concerned (its `>`, or the `/` of `/>`), which for a one-line tag
/// is the line of the tag itself. Attribute and ID errors are reported on
/// their element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidityError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// The element's path from the root, names as written, e.g.
    /// `/cXML/Request/OrderRequest`.
    pub path: String,
    /// The element's name as libxml2 prints it: as written, except that a
    /// namespace prefix bound in the document is dropped.
    pub element: String,
    /// libxml2's wording, e.g. `Element Sender content does not follow the
    /// DTD, expecting (Credential+ , UserAgent), got (Credential )`.
    pub message: String,
    /// The element's content model as libxml2 prints it, for content errors.
    pub expected: Option<String>,
}

impl fmt::Display for ValidityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: element {}: {}",
            self.line, self.column, self.element, self.message
        )
    }
}

impl std::error::Error for ValidityError {}
