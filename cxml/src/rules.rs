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

use std::borrow::Cow;

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
    /// One line telling how to fix it: mostly the rule's own, shared by all
    /// its findings (a long document may have thousands).
    pub hint: Cow<'static, str>,
}

impl Finding {
    /// A finding at `el` with the rule's catalogue severity and hint. The
    /// path is left empty: [`check`] fills in the paths of all findings in
    /// one walk (see [`Document::paths_at`]).
    pub(crate) fn at(rule: RuleId, el: Element<'_>, message: impl Into<String>) -> Self {
        let info = rule.info();
        Self {
            rule,
            severity: info.severity,
            path: String::new(),
            line: el.line(),
            column: el.column(),
            message: message.into(),
            hint: Cow::Borrowed(info.hint),
        }
    }

    /// Where the element it points at starts.
    pub fn position(&self) -> Position {
        Position {
            line: self.line,
            column: self.column,
        }
    }

    /// Replaces the catalogue hint with a more specific one.
    pub fn with_hint(mut self, hint: impl Into<Cow<'static, str>>) -> Self {
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
    let index: Index<'_> = doc.index();
    let mut out = Vec::new();
    first_half(doc, &index, ctx, &mut out);
    second_half(doc, &index, ctx, &mut out);
    in_order_with_paths(doc, out)
}

/// One of two halves of the rule families, of about equal cost on a long
/// order or invoice: a large document is checked on two threads, a half on
/// each ([`check_half`], then [`merge_halves`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half {
    First,
    Second,
}

/// The findings of one half of the rules, in document order, with paths.
pub fn check_half(doc: &Document, ctx: &RuleContext, half: Half) -> Vec<Finding> {
    let index: Index<'_> = doc.index();
    let mut out = Vec::new();
    match half {
        Half::First => first_half(doc, &index, ctx, &mut out),
        Half::Second => second_half(doc, &index, ctx, &mut out),
    }
    in_order_with_paths(doc, out)
}

/// Both halves' findings, as [`check`] gives them.
pub fn merge_halves(mut first: Vec<Finding>, second: Vec<Finding>) -> Vec<Finding> {
    first.extend(second);
    // Two sorted runs: the sort merges them in one pass.
    first.sort_by_key(|f| (f.line, f.column, f.rule));
    first
}

/// The envelope, the punchout rules and the line items' own rules.
fn first_half(doc: &Document, index: &Index<'_>, ctx: &RuleContext, out: &mut Vec<Finding>) {
    envelope::check(doc, out);
    punchout::check(index, ctx, out);
    items::check(index, out);
}

/// Totals, the wire, orders and invoices.
fn second_half(doc: &Document, index: &Index<'_>, ctx: &RuleContext, out: &mut Vec<Finding>) {
    totals::check(index, out);
    wire::check(doc, ctx, out);
    order::check(index, out);
    invoice::check(index, ctx, out);
}

/// The findings in document order, each with its path.
fn in_order_with_paths(doc: &Document, mut out: Vec<Finding>) -> Vec<Finding> {
    out.sort_by_key(|f| (f.line, f.column, f.rule));
    fill_paths(doc, &mut out);
    out
}

/// Sets the path of every finding that has none, from its position, in one
/// walk of the tree; `findings` are in document order.
fn fill_paths(doc: &Document, findings: &mut [Finding]) {
    let mut positions: Vec<Position> = findings
        .iter()
        .filter(|f| f.path.is_empty())
        .map(Finding::position)
        .collect();
    if positions.is_empty() {
        return;
    }
    positions.dedup();
    let mut paths = doc.paths_in_order(&positions).into_iter().peekable();
    // The finding that took the path last: later ones at its position
    // share it.
    let mut previous: Option<usize> = None;
    for i in 0..findings.len() {
        if !findings[i].path.is_empty() {
            continue;
        }
        let at = findings[i].position();
        if let Some(p) = previous.filter(|&p| findings[p].position() == at) {
            findings[i].path = findings[p].path.clone();
            continue;
        }
        while paths.next_if(|(p, _)| *p < at).is_some() {}
        if let Some((_, path)) = paths.next_if(|(p, _)| *p == at) {
            findings[i].path = path;
            previous = Some(i);
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
