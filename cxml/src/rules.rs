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
use std::cmp::Ordering as Order;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::transport::FormEncoding;
use crate::tree::{Document, Element, Index, Position};

pub use catalogue::{RuleId, RuleInfo, catalogue};

/// Whether `code` is a UN/CEFACT Recommendation 20 unit of measure, as
/// CX045 judges it (upper case, as buyers compare units as sent).
pub fn is_un_cefact_unit(code: &str) -> bool {
    units::is_rec20(code)
}

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

    /// Document order: by position, then rule, then the words, so that
    /// findings at one place come in the same order however the rule
    /// families were shared out (see [`Share`]).
    fn in_order(a: &Self, b: &Self) -> Order {
        (a.line, a.column, a.rule, &a.message, &a.hint)
            .cmp(&(b.line, b.column, b.rule, &b.message, &b.hint))
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
    Share::default().check(doc, ctx)
}

/// One family of rules: appends what it finds.
type Family = fn(&Document, &Index<'_>, &RuleContext, &mut Vec<Finding>);

/// Every family, those that can cost most on a long order or invoice (one
/// look, and perhaps a finding, per line) first, so that two threads
/// sharing them end close together.
const FAMILIES: [Family; 12] = [
    |_, index, ctx, out| invoice::check(index, ctx, out),
    |_, index, _, out| items::unspsc(index, out),
    |_, index, _, out| totals::check(index, out),
    |doc, _, _, out| envelope::check(doc, out),
    |_, index, _, out| items::units_of_measure(index, out),
    |_, index, _, out| items::part_ids(index, out),
    |_, index, _, out| items::descriptions(index, out),
    |_, index, _, out| items::unit_prices(index, out),
    |_, index, _, out| items::quantities(index, out),
    |_, index, ctx, out| punchout::check(index, ctx, out),
    |doc, _, ctx, out| wire::check(doc, ctx, out),
    |_, index, _, out| order::check(index, out),
];

/// The rule families shared out between the threads that check one
/// document: each caller of [`Share::check`] takes the next family nobody
/// has taken until none is left, so a thread that comes late (its DTD pass
/// still running) takes fewer. [`merge`] joins what the callers found.
#[derive(Debug, Default)]
pub struct Share {
    next: AtomicUsize,
}

impl Share {
    /// The findings of the families this caller took, in document order,
    /// with paths.
    pub fn check(&self, doc: &Document, ctx: &RuleContext) -> Vec<Finding> {
        let taken = std::iter::from_fn(|| FAMILIES.get(self.next.fetch_add(1, Ordering::Relaxed)));
        check_families(doc, ctx, taken)
    }
}

fn check_families<'f>(
    doc: &Document,
    ctx: &RuleContext,
    families: impl Iterator<Item = &'f Family>,
) -> Vec<Finding> {
    let index: Index<'_> = doc.index();
    let mut out = Vec::new();
    for family in families {
        family(doc, &index, ctx, &mut out);
    }
    in_order_with_paths(doc, out)
}

/// The findings of two callers of one [`Share`], as [`check`] gives them:
/// in document order, whichever thread took which family.
pub fn merge(mut first: Vec<Finding>, second: Vec<Finding>) -> Vec<Finding> {
    first.extend(second);
    // Two sorted runs: the sort merges them in one pass.
    first.sort_by(Finding::in_order);
    first
}

/// The findings in document order, each with its path.
fn in_order_with_paths(doc: &Document, mut out: Vec<Finding>) -> Vec<Finding> {
    out.sort_by(Finding::in_order);
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

#[cfg(test)]
mod tests {
    use super::test_support::envelope;
    use super::*;

    /// A cart that breaks rules of several families, some on one element.
    fn faulty_cart() -> String {
        let line = |quantity: &str, unspsc: &str, uom: &str| {
            format!(
                "<ItemIn quantity=\"{quantity}\"><ItemID><SupplierPartID>P?1</SupplierPartID></ItemID>\
                 <ItemDetail><UnitPrice><Money currency=\"USD\">1.123456</Money></UnitPrice>\
                 <Description xml:lang=\"en\">d</Description><UnitOfMeasure>{uom}</UnitOfMeasure>\
                 <Classification domain=\"UNSPSC\">{unspsc}</Classification></ItemDetail></ItemIn>"
            )
        };
        envelope(&format!(
            "<Header><From/><To/><Sender><Credential domain=\"d\"><Identity>i</Identity>\
             <SharedSecret>s</SharedSecret></Credential></Sender></Header>\
             <Message><PunchOutOrderMessage orderDate=\"2025-01-02\"><BuyerCookie>c</BuyerCookie>\
             <SharedSecret>leak</SharedSecret>\
             <PunchOutOrderMessageHeader operationAllowed=\"edit\"><Total><Money currency=\"USD\">9</Money></Total>\
             </PunchOutOrderMessageHeader>{}{}{}</PunchOutOrderMessage></Message>",
            line("0", "123", "ea"),
            line("-1", "1234567", "PCE"),
            line("2", "abc", "EA"),
        ))
    }

    #[test]
    fn any_sharing_of_the_families_finds_what_one_caller_finds() {
        let doc = crate::tree::parse(faulty_cart().as_bytes()).unwrap();
        let ctx = RuleContext::default();
        let all = check(&doc, &ctx);
        let rules: std::collections::BTreeSet<RuleId> = all.iter().map(|f| f.rule).collect();
        assert!(rules.len() >= 6, "too few rules broken: {rules:?}");
        for split in 0..=FAMILIES.len() {
            let (first, second) = FAMILIES.split_at(split);
            // Either thread may hold either part.
            for (a, b) in [(first, second), (second, first)] {
                let merged = merge(
                    check_families(&doc, &ctx, a.iter()),
                    check_families(&doc, &ctx, b.iter()),
                );
                assert_eq!(merged, all, "families split at {split}");
            }
        }
    }
}
