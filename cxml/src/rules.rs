//! The conformance rules of CONFORMANCE.md that can be checked on one
//! document, run over the positional [`tree`](crate::tree).
//!
//! Each family of rules lives in its own module and appends [`Finding`]s;
//! [`check`] runs them all and returns the findings in document order. Facts
//! the document cannot tell about itself (how it travelled, who receives it)
//! come in a [`RuleContext`]; rules that need them stay silent without them.
//! Rules that compare two documents (CX031, CX033, CX034) are exposed as
//! pure helpers in [`cross`]; CX001/CX002 belong to the parser and the DTD
//! validator; CX061 needs the supplier's cart history and is not here.

mod catalogue;
pub mod cross;
mod decimal;
mod envelope;
mod invoice;
mod items;
mod order;
mod punchout;
mod timestamp;
mod totals;
mod units;
mod wire;

use serde::{Deserialize, Serialize};

use crate::transport::FormEncoding;
use crate::tree::{Document, Element, Index, Position};

pub use catalogue::{RuleId, RuleInfo, catalogue};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document is wrong.
    Error,
    /// Valid, but a real platform will reject, truncate or misread it.
    Warning,
}

/// One rule violation, located in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    /// Element path, e.g. `/cXML/Request/OrderRequest/ItemOut[2]/ItemDetail`.
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// One line telling how to fix it.
    pub hint: String,
}

impl Finding {
    /// A finding at `el` with the rule's catalogue severity and hint. The
    /// path is left empty: [`check`] fills in the paths of all findings in
    /// one walk (see [`Document::paths_at`]).
    pub(crate) fn at(rule: RuleId, el: &Element, message: impl Into<String>) -> Self {
        let info = rule.info();
        Self {
            rule,
            severity: info.severity,
            path: String::new(),
            line: el.line,
            column: el.column,
            message: message.into(),
            hint: info.hint.to_owned(),
        }
    }

    /// Replaces the catalogue hint with a more specific one.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }
}

/// How the document reached its receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arrival {
    /// Through the browser, in a BrowserFormPost form field.
    Form(FormEncoding),
    /// An HTTP POST of `text/xml`.
    Post,
}

/// The procurement platform on the receiving end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Coupa,
    Ariba,
}

/// The `operation` of the PunchOutSetupRequest that opened the session a
/// cart answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionOperation {
    Create,
    Edit,
    Inspect,
}

/// Facts from outside the document. The default knows nothing, and rules
/// that depend on a fact are then skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleContext {
    pub arrival: Option<Arrival>,
    pub receiver: Option<Platform>,
    /// The transport found the form field URL-encoded twice (CX051).
    pub double_url_encoded: bool,
    pub session_operation: Option<SessionOperation>,
}

impl RuleContext {
    /// The facts a BrowserFormPost payload carries.
    pub fn from_form(payload: &crate::transport::FormPayload) -> Self {
        Self {
            arrival: Some(Arrival::Form(payload.encoding)),
            double_url_encoded: payload.double_encoded,
            ..Self::default()
        }
    }
}

/// Runs every single-document rule; findings come in document order.
pub fn check(doc: &Document, ctx: &RuleContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let index: Index<'_> = doc.index();
    envelope::check(doc, &mut out);
    punchout::check(&index, ctx, &mut out);
    items::check(&index, &mut out);
    totals::check(&index, &mut out);
    wire::check(doc, ctx, &mut out);
    order::check(&index, &mut out);
    invoice::check(&index, ctx, &mut out);
    out.sort_by_key(|f| (f.line, f.column, f.rule));
    fill_paths(doc, &mut out);
    out
}

/// Sets the path of every finding that has none, from its position.
fn fill_paths(doc: &Document, findings: &mut [Finding]) {
    let positions: Vec<Position> = findings
        .iter()
        .filter(|f| f.path.is_empty())
        .map(|f| Position {
            line: f.line,
            column: f.column,
        })
        .collect();
    if positions.is_empty() {
        return;
    }
    let paths = doc.paths_at(&positions);
    for f in findings.iter_mut().filter(|f| f.path.is_empty()) {
        let at = Position {
            line: f.line,
            column: f.column,
        };
        if let Some(path) = paths.get(&at) {
            f.path.clone_from(path);
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Helpers shared by the rule families' unit tests.

    use super::*;

    /// Parses `xml` (which must be well-formed) and runs every rule.
    pub(crate) fn run(xml: &str, ctx: &RuleContext) -> Vec<Finding> {
        match crate::tree::parse(xml.as_bytes()) {
            Ok(doc) => check(&doc, ctx),
            Err(e) => panic!("test document is not well-formed: {e}"),
        }
    }

    /// The findings of one rule.
    pub(crate) fn only(xml: &str, ctx: &RuleContext, rule: RuleId) -> Vec<Finding> {
        run(xml, ctx)
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    /// A well-formed envelope around `body` (the children of `cXML`).
    pub(crate) fn envelope(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n\
             <!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd\">\n\
             <cXML payloadID=\"1@test\" timestamp=\"2025-01-02T03:04:05+01:00\">\n{body}\n</cXML>"
        )
    }
}
