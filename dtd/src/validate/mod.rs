//! Document validation: limits, and the steps before the walk (decoding,
//! entity expansion).
//!
//! The streaming pass itself is in [`walker`]; content rules per open
//! element in [`content`], attributes and IDs in [`attrs`], character-level
//! well-formedness in [`text`] and error collection in [`report`].

mod attrs;
mod content;
mod naming;
pub(crate) mod prolog;
mod report;
mod text;
mod walker;

use crate::error::{Verdict, WellFormednessError};
use crate::schema::Schema;

/// Bounds on the work one document may cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Documents larger than this are refused before parsing.
    pub max_bytes: usize,
    /// Elements may nest at most this deep (the root is depth 1).
    pub max_depth: usize,
    /// A start tag may carry at most this many attributes: looking for
    /// repeats grows with the square of their number.
    pub max_attributes: usize,
    /// At most this many validity errors are returned (at least one): the
    /// first ones in libxml2's order.
    pub max_errors: usize,
}

impl Default for Limits {
    /// 64 MiB, depth 256 (libxml2's default bound), 256 attributes on a
    /// tag, 100 errors.
    fn default() -> Self {
        Limits {
            max_bytes: 64 << 20,
            max_depth: 256,
            max_attributes: 256,
            max_errors: 100,
        }
    }
}

/// Validates `xml` against `schema`: decoded, its declared entities
/// expanded (with the default [`crate::EntityLimits`]), then walked.
pub(crate) fn validate(dtd: &crate::Dtd, xml: &[u8], limits: &Limits) -> Verdict {
    if xml.len() > limits.max_bytes {
        return not_well_formed(format!(
            "document is {} bytes, over the limit of {} bytes",
            xml.len(),
            limits.max_bytes
        ));
    }
    let decoded = match crate::decode::decode(xml) {
        Ok(decoded) => decoded,
        Err(error) => return Verdict::NotWellFormed(error),
    };
    let expanded =
        match crate::entities::expand(&decoded.text, Some(dtd), &crate::EntityLimits::default()) {
            Ok(expanded) => expanded,
            Err(
                crate::ExpandError::NotWellFormed(error) | crate::ExpandError::OverLimit(error),
            ) => return Verdict::NotWellFormed(error),
        };
    let mut verdict = walker::run(&dtd.schema, &expanded.text, limits);
    match &mut verdict {
        Verdict::Valid => {}
        Verdict::NotWellFormed(e) => e.column = expanded.original_column(e.line, e.column),
        Verdict::Invalid(errors) => {
            for e in errors {
                e.column = expanded.original_column(e.line, e.column);
            }
        }
    }
    verdict
}

/// Walks text that is already decoded and expanded.
pub(crate) fn validate_text(schema: &Schema, text: &str, limits: &Limits) -> Verdict {
    walker::run(schema, text, limits)
}

fn not_well_formed(message: String) -> Verdict {
    Verdict::NotWellFormed(WellFormednessError {
        line: 1,
        column: 1,
        message,
    })
}
