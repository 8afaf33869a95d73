//! The whole check that `procsim validate` (and certification) runs on one
//! document, in order: the size limit (CX005), decoding (CX054 for another
//! encoding than UTF-8), declared entities expanded within limits (CX006;
//! CX053 for declaring them at all), well-formedness (CX001, with line and
//! column), validity against the official DTD chosen by document type
//! (CX002), then, on a well-formed document only, the single-document rules
//! of CONFORMANCE.md. Verdicts follow XML as libxml2 applies it;
//! docs/validate-vs-libxml2.md lists where they knowingly differ.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Arc, Mutex, OnceLock, PoisonError, mpsc},
};

use dtd::{Dtd, Encoding, EntityLimits, ExpandError, Expanded, Verdict};
use serde::Serialize;

use crate::{
    envelope::DocumentKind,
    rules::{self, Finding, RuleContext, RuleId, Severity},
    tree::{self, DeclaredDtd, Element, TreeLimits, parser::parse_expanded},
};

/// The official DTDs of one cXML version, compiled on first use and shared.
#[derive(Debug)]
pub struct DtdCatalog {
    dir: PathBuf,
    compiled: Mutex<HashMap<String, Arc<CompiledSlot>>>,
}

/// One file's DTD once compiled, behind a lock of its own that the thread
/// compiling it holds, so that a second thread asking for it meanwhile
/// waits rather than compiles it again.
type CompiledSlot = Mutex<Option<Arc<Dtd>>>;

/// A DTD the catalog needed but could not load: a setup problem of the
/// caller's, never a verdict on the document.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("cannot load the DTD {}: {message}", path.display())]
    Load { path: PathBuf, message: String },
}

impl DtdCatalog {
    /// A catalog over `dir` (e.g. `shared/cxml-dtd/1.2.071`). Nothing is read
    /// until a document needs a DTD.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        DtdCatalog {
            dir: dir.into(),
            compiled: Mutex::new(HashMap::new()),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The compiled DTD named `file` (`cXML.dtd`, `InvoiceDetail.dtd`, ...).
    /// A DTD that could not be loaded is tried again at the next call.
    pub fn get(&self, file: &str) -> Result<Arc<Dtd>, CatalogError> {
        let slot = {
            let mut files = lock(&self.compiled);
            match files.get(file) {
                Some(slot) => Arc::clone(slot),
                None => Arc::clone(files.entry(file.to_owned()).or_default()),
            }
        };
        // Only this file's lock is held while it compiles: a large DTD
        // takes milliseconds and another thread may want another one.
        let mut compiled = lock(&slot);
        if let Some(dtd) = &*compiled {
            return Ok(Arc::clone(dtd));
        }
        let path = self.dir.join(file);
        let dtd = Arc::new(Dtd::from_file(&path).map_err(|err| CatalogError::Load {
            path: path.clone(),
            message: err.to_string(),
        })?);
        *compiled = Some(Arc::clone(&dtd));
        Ok(dtd)
    }
}

/// A lock's guard, even when another thread panicked holding it: what it
/// guards is a cache, whole or empty at every step.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The DTD file a document's first elements name, told from its first
/// bytes only (`None` when they do not tell): a caller that reads a large
/// document can have the DTD compiled ([`DtdCatalog::get`]) while it reads
/// the rest.
pub fn dtd_of_head(first_bytes: &[u8]) -> Option<(Option<DeclaredDtd>, &'static str)> {
    // The bytes may end inside a character.
    let text = match std::str::from_utf8(first_bytes) {
        Ok(text) => text,
        Err(err) => std::str::from_utf8(first_bytes.get(..err.valid_up_to())?).ok()?,
    };
    let head = tree::read_head(text.strip_prefix('\u{feff}').unwrap_or(text))?;
    let file = dtd_file(&head.root, &head.document_type, head.declared.as_ref());
    Some((head.declared, file))
}

/// What was found in one document.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The document type: the body element (`OrderRequest`, `Status`, ...)
    /// or, for a stand-alone catalog document, its root (`Index`).
    pub document_type: Option<String>,
    /// The official DTD the document was validated against.
    pub dtd: Option<&'static str>,
    /// Whether the document is well-formed XML; `None` when a limit
    /// refused it unread (CX005 over the size limit, CX006 entities
    /// expanding beyond the limits), so nobody can say.
    pub well_formed: Option<bool>,
    /// The DTD verdict alone, comparable with `xmllint --dtdvalid`; absent
    /// when the document is not well-formed.
    pub dtd_valid: Option<bool>,
    /// Every finding, in document order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Strictly valid: no finding of severity error — well-formed,
    /// DTD-valid and breaking no error rule. Warnings (advisories) are
    /// allowed.
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Valid as libxml2 judges it (`xmllint --dtdvalid`): well-formed and
    /// valid against the official DTD, whatever the CX rules say.
    pub fn is_dtd_valid(&self) -> bool {
        self.well_formed == Some(true) && self.dtd_valid == Some(true)
    }

    /// How many error findings come from the CX rules rather than from
    /// well-formedness or the DTD.
    pub fn rule_errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| {
                f.severity == Severity::Error && !matches!(f.rule.as_str(), "CX001" | "CX002")
            })
            .count()
    }
}

/// What can be found in one document without its DTD: well-formedness
/// (CX001, with line and column), then the single-document rules. For
/// services that journal what they receive and keep no DTD at hand.
pub fn check_without_dtd(bytes: &[u8], ctx: &RuleContext) -> Vec<Finding> {
    match tree::parse(bytes) {
        Ok(doc) => rules::check(&doc, ctx),
        Err(err) => vec![finding(
            RuleId::Cx001,
            String::new(),
            err.line,
            err.column,
            err.message,
        )],
    }
}

/// Checks one document. Errors are only about the catalog (a DTD that could
/// not be loaded); everything wrong with the document is in the report.
pub fn validate(
    bytes: &[u8],
    catalog: &DtdCatalog,
    ctx: &RuleContext,
) -> Result<Report, CatalogError> {
    validate_choosing(bytes, ctx, |_| Some(catalog))
}

/// The largest document `validate` reads (and every procsim service
/// accepts): larger ones get CX005 and are not read.
pub const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;

/// Checks one document against the catalog `choose` picks, given the DTD
/// the document declares in its DOCTYPE (version and file), so a caller
/// holding several versions can honour the declaration. When `choose`
/// gives none, no DTD is at hand: the report has well-formedness and the
/// rules, `dtd` and `dtd_valid` stay absent.
///
/// The steps, each able to end the check: the size limit (CX005); decoding
/// (UTF-8, ISO-8859-1, UTF-16; another encoding than UTF-8 is CX054);
/// expanding the entities the document declares, within limits (CX006;
/// declaring any is CX053, as platforms refuse internal subsets); reading
/// the tree; then well-formedness as XML defines it and the DTD in one
/// strict pass. The CX rules run only on a well-formed document.
pub fn validate_choosing<'c>(
    bytes: &[u8],
    ctx: &RuleContext,
    choose: impl FnOnce(Option<&DeclaredDtd>) -> Option<&'c DtdCatalog>,
) -> Result<Report, CatalogError> {
    validate_choosing_with(bytes, ctx, choose, PARALLEL_FROM_BYTES)
}

/// [`validate_choosing`], with the text size from which the DTD pass runs
/// beside the reading as a parameter (the tests try both ways on every
/// document).
fn validate_choosing_with<'c>(
    bytes: &[u8],
    ctx: &RuleContext,
    choose: impl FnOnce(Option<&DeclaredDtd>) -> Option<&'c DtdCatalog>,
    parallel_from: usize,
) -> Result<Report, CatalogError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Ok(Report::refused(too_large(bytes.len())));
    }
    let decoded = match dtd::decode(bytes) {
        Ok(decoded) => decoded,
        Err(err) => return Ok(Report::refused(not_well_formed(&err))),
    };
    let mut notes: Vec<Finding> = encoding_finding(&decoded).into_iter().collect();
    let entity_limits = EntityLimits::default();
    let expanded = match dtd::expand(&decoded.text, None, &entity_limits) {
        Ok(expanded) => expanded,
        Err(err) => return Ok(Report::not_well_formed(notes, expansion_failure(err))),
    };
    notes.extend(internal_subset_finding(&expanded));
    // A large document's DTD pass starts at once, on a second thread, when
    // its first elements tell which DTD it needs.
    let head = (expanded.text.len() >= parallel_from)
        .then(|| tree::read_head(&expanded.text))
        .flatten();
    let choice = match head {
        Some(head) => {
            let catalog = choose(head.declared.as_ref());
            let early = catalog.map(|catalog| {
                read_beside_dtd_pass(&expanded, &head, catalog, ctx, decoded.utf8_bom)
            });
            match early {
                Some(Early::Done(judged, rules)) => {
                    return assemble(&expanded, notes, judged, rules);
                }
                Some(Early::NotWellFormed(failure)) => {
                    return Ok(Report::not_well_formed(notes, failure));
                }
                Some(Early::Differs) | None => Choice::Made(catalog),
            }
        }
        None => Choice::Later(choose),
    };
    let parsed = match parse_expanded(&expanded.text, &TreeLimits::default()) {
        Ok(parsed) => parsed,
        Err(err) => return Ok(Report::not_well_formed(notes, read_failure(&expanded, err))),
    };
    let mut doc = parsed.document;
    doc.bom = decoded.utf8_bom;
    let document_type = document_type(doc.root());
    let declared = doc.doctype.as_ref().and_then(|d| d.declared_dtd());
    let Some(catalog) = choice.make(declared.as_ref()) else {
        if let Some(failure) = strict_failure(&expanded) {
            return Ok(Report::not_well_formed(notes, failure));
        }
        let mut findings = rules::check(&doc, ctx);
        restore_columns(&expanded, &mut findings);
        notes.extend(findings);
        return Ok(Report::checked(document_type, None, None, notes));
    };
    let dtd_file = dtd_file(doc.root().name(), &document_type, declared.as_ref());
    // Entities the DTD declares (cXML's `&cxml.version;`) are known only
    // once the DTD is chosen: then the DTD is needed before reading again.
    let (expanded, doc, dtd) = if parsed.undeclared_entities {
        let dtd = catalog.get(dtd_file)?;
        match dtd::expand(&decoded.text, Some(&dtd), &entity_limits) {
            Ok(again) => match parse_expanded(&again.text, &TreeLimits::default()) {
                Ok(reparsed) => {
                    let mut doc = reparsed.document;
                    doc.bom = decoded.utf8_bom;
                    (again, doc, Some(dtd))
                }
                Err(err) => return Ok(Report::not_well_formed(notes, read_failure(&again, err))),
            },
            Err(err) => return Ok(Report::not_well_formed(notes, expansion_failure(err))),
        }
    } else {
        (expanded, doc, None)
    };
    let load = || match &dtd {
        Some(dtd) => Ok(Arc::clone(dtd)),
        None => catalog.get(dtd_file),
    };
    let verdict = load().map(|dtd| dtd.validate_expanded(&expanded.text, &dtd::Limits::default()));
    let rules = rules_if_well_formed(&verdict, &doc, ctx);
    let verdict = verdict.map(|v| (dtd_file, document_type, v));
    assemble(&expanded, notes, verdict, rules)
}

/// The catalog, chosen already (from the document's head) or to be chosen
/// from the DOCTYPE the tree reads.
enum Choice<'c, F> {
    Made(Option<&'c DtdCatalog>),
    Later(F),
}

impl<'c, F: FnOnce(Option<&DeclaredDtd>) -> Option<&'c DtdCatalog>> Choice<'c, F> {
    fn make(self, declared: Option<&DeclaredDtd>) -> Option<&'c DtdCatalog> {
        match self {
            Choice::Made(catalog) => catalog,
            Choice::Later(choose) => choose(declared),
        }
    }
}

/// The DTD verdict (with the DTD file and the document type), or why the
/// DTD could not be loaded.
type Judged = Result<(&'static str, String, Verdict), CatalogError>;

/// How reading beside an early DTD pass ended.
enum Early {
    Done(Judged, Vec<Finding>),
    NotWellFormed(Finding),
    /// The tree says something else than the head did (or needs the DTD
    /// to be read at all): read again, in order.
    Differs,
}

/// Reads the tree and runs the rules while the DTD pass the head chose runs
/// on a second thread; that thread, its pass done, shares the rules with
/// this one once the tree is read.
fn read_beside_dtd_pass(
    expanded: &Expanded<'_>,
    head: &tree::Head,
    catalog: &DtdCatalog,
    ctx: &RuleContext,
    bom: bool,
) -> Early {
    let dtd_file = dtd_file(&head.root, &head.document_type, head.declared.as_ref());
    // The tree outlives both threads, so the second can borrow it.
    let tree: OnceLock<tree::Document> = OnceLock::new();
    let (hand_over, receive) = mpsc::sync_channel::<&tree::Document>(1);
    let share = rules::Share::default();
    let share = &share;
    let beside = move || {
        let verdict = catalog
            .get(dtd_file)
            .map(|dtd| dtd.validate_expanded(&expanded.text, &dtd::Limits::default()));
        // No tree comes when the reading failed or found another document
        // than the head: the sender is gone and `recv` says so.
        let shared = match &verdict {
            Ok(Verdict::Valid | Verdict::Invalid(_)) => receive
                .recv()
                .map(|doc| share.check(doc, ctx))
                .unwrap_or_default(),
            Ok(Verdict::NotWellFormed(_)) | Err(_) => Vec::new(),
        };
        (verdict, shared)
    };
    std::thread::scope(|scope| {
        let Ok(pass) = std::thread::Builder::new().spawn_scoped(scope, beside) else {
            return Early::Differs;
        };
        let parsed = match parse_expanded(&expanded.text, &TreeLimits::default()) {
            Ok(parsed) => parsed,
            Err(err) => return Early::NotWellFormed(read_failure(expanded, err)),
        };
        let mut doc = parsed.document;
        doc.bom = bom;
        let declared = doc.doctype.as_ref().and_then(|d| d.declared_dtd());
        let document_type = document_type(doc.root());
        if parsed.undeclared_entities
            || *doc.root().name() != head.root
            || document_type != head.document_type
            || declared != head.declared
        {
            return Early::Differs;
        }
        let doc = tree.get_or_init(|| doc);
        // The other thread takes it only when the DTD pass found the
        // document well-formed; a refused send is no loss.
        let _ = hand_over.send(doc);
        drop(hand_over);
        let mine = share.check(doc, ctx);
        let (verdict, theirs) = pass
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let rules = match &verdict {
            Ok(Verdict::Valid | Verdict::Invalid(_)) => rules::merge(mine, theirs),
            Ok(Verdict::NotWellFormed(_)) | Err(_) => Vec::new(),
        };
        Early::Done(verdict.map(|v| (dtd_file, document_type, v)), rules)
    })
}

/// The report from the DTD verdict and the rules' findings.
fn assemble(
    expanded: &Expanded<'_>,
    mut notes: Vec<Finding>,
    judged: Judged,
    rule_findings: Vec<Finding>,
) -> Result<Report, CatalogError> {
    let (dtd_file, document_type, verdict) = judged?;
    let mut findings = match verdict {
        Verdict::NotWellFormed(err) => {
            let mut failure = not_well_formed(&err);
            failure.column = expanded.original_column(err.line, err.column);
            return Ok(Report::not_well_formed(notes, failure));
        }
        Verdict::Valid => Vec::new(),
        Verdict::Invalid(errors) => dtd_findings(errors),
    };
    let dtd_valid = findings.is_empty();
    findings.extend(rule_findings);
    restore_columns(expanded, &mut findings);
    notes.extend(findings);
    Ok(Report::checked(
        document_type,
        Some(dtd_file),
        Some(dtd_valid),
        notes,
    ))
}

/// Texts from this size on are checked on two threads; below it, starting
/// a thread costs more than it saves.
pub const PARALLEL_FROM_BYTES: usize = 256 * 1024;

fn rules_if_well_formed(
    verdict: &Result<Verdict, CatalogError>,
    doc: &tree::Document,
    ctx: &RuleContext,
) -> Vec<Finding> {
    match verdict {
        Ok(Verdict::Valid | Verdict::Invalid(_)) => rules::check(doc, ctx),
        Ok(Verdict::NotWellFormed(_)) | Err(_) => Vec::new(),
    }
}

impl Report {
    /// A document not read at all (too large, or not decodable).
    fn refused(finding: Finding) -> Self {
        Self::not_well_formed(Vec::new(), finding)
    }

    /// A document that is not well-formed, or was refused unread by a
    /// limit (then whether it is well-formed is unknown): what was found
    /// before, then why; no rule runs on it.
    fn not_well_formed(mut findings: Vec<Finding>, failure: Finding) -> Self {
        let refused_unread = matches!(failure.rule, RuleId::Cx005 | RuleId::Cx006);
        findings.push(failure);
        findings.sort_by_key(|f| (f.line, f.column));
        Report {
            document_type: None,
            dtd: None,
            well_formed: (!refused_unread).then_some(false),
            dtd_valid: None,
            findings,
        }
    }

    fn checked(
        document_type: String,
        dtd: Option<&'static str>,
        dtd_valid: Option<bool>,
        mut findings: Vec<Finding>,
    ) -> Self {
        findings.sort_by_key(|f| (f.line, f.column));
        Report {
            document_type: Some(document_type),
            dtd,
            well_formed: Some(true),
            dtd_valid,
            findings,
        }
    }
}

/// The strict well-formedness check (the DTD validator's reader, without a
/// DTD), for a document the tree reader accepted or refused.
fn strict_failure(expanded: &Expanded<'_>) -> Option<Finding> {
    let err = dtd::check_well_formed(&expanded.text, &dtd::Limits::default()).err()?;
    let mut failure = not_well_formed(&err);
    failure.column = expanded.original_column(err.line, err.column);
    Some(failure)
}

/// Why the tree reader refused the text: in the strict reader's words when
/// it refuses it too (they are libxml2's), else the tree reader's.
fn read_failure(expanded: &Expanded<'_>, err: tree::WellFormedness) -> Finding {
    strict_failure(expanded).unwrap_or_else(|| {
        finding(
            RuleId::Cx001,
            String::new(),
            err.line,
            err.column,
            err.message,
        )
    })
}

/// Positions found in the expanded text, moved back to the document's own
/// columns (lines are the same).
fn restore_columns(expanded: &Expanded<'_>, findings: &mut [Finding]) {
    for f in findings {
        f.column = expanded.original_column(f.line, f.column);
    }
}

fn too_large(len: usize) -> Finding {
    finding(
        RuleId::Cx005,
        String::new(),
        1,
        1,
        format!(
            "the document is over {} bytes ({len} or more); it was not read",
            MAX_DOCUMENT_BYTES
        ),
    )
}

fn not_well_formed(err: &dtd::WellFormednessError) -> Finding {
    finding(
        RuleId::Cx001,
        String::new(),
        err.line,
        err.column,
        err.message.clone(),
    )
}

fn expansion_failure(err: ExpandError) -> Finding {
    match err {
        ExpandError::NotWellFormed(err) => not_well_formed(&err),
        ExpandError::OverLimit(err) => finding(
            RuleId::Cx006,
            String::new(),
            err.line,
            err.column,
            format!("{}; the document was not read further", err.message),
        ),
    }
}

fn encoding_finding(decoded: &dtd::Decoded<'_>) -> Option<Finding> {
    let name = match decoded.encoding {
        Encoding::Utf8 => return None,
        Encoding::Latin1 => "ISO-8859-1",
        Encoding::Utf16Le => "UTF-16 (little endian)",
        Encoding::Utf16Be => "UTF-16 (big endian)",
        Encoding::AsciiCompatible => decoded.declared.as_deref().unwrap_or("a legacy encoding"),
    };
    Some(finding(
        RuleId::Cx054,
        String::new(),
        1,
        1,
        format!("the document is encoded in {name}; procurement platforms expect UTF-8"),
    ))
}

fn internal_subset_finding(expanded: &Expanded<'_>) -> Option<Finding> {
    let first = expanded.internal_entities.first()?;
    let (line, column) = expanded.doctype.unwrap_or((1, 1));
    let more = expanded.internal_entities.len() - 1;
    let others = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some(finding(
        RuleId::Cx053,
        String::new(),
        line,
        column,
        format!(
            "the DOCTYPE's internal subset declares entity `{first}`{others}; procurement \
             platforms refuse documents with an internal subset (procsim's services too), \
             whatever XML allows"
        ),
    ))
}

/// The DTD file that governs the document: by its type when the root is
/// cXML (or a known stand-alone root); for another root, the official file
/// its DOCTYPE names, when it names one.
fn dtd_file(root: &str, document_type: &str, declared: Option<&DeclaredDtd>) -> &'static str {
    let by_type = DocumentKind::from_element_name(document_type).dtd_file();
    if root.eq_ignore_ascii_case("cXML") {
        return by_type;
    }
    declared
        .and_then(|d| {
            OFFICIAL_FILES
                .iter()
                .find(|f| f.eq_ignore_ascii_case(&d.file))
        })
        .copied()
        .unwrap_or(by_type)
}

/// The files of one version of the official DTDs.
const OFFICIAL_FILES: &[&str] = &[
    "cXML.dtd",
    "InvoiceDetail.dtd",
    "Fulfill.dtd",
    "Quote.dtd",
    "PaymentRemittance.dtd",
    "Contract.dtd",
    "Catalog.dtd",
    "Logistics.dtd",
    "Private.dtd",
];

/// The element that says what the document is: the first element inside
/// Request or Message, the element after Status in a Response (or Status
/// itself), or the root of a stand-alone document. The root's case is
/// forgiven here (real carts say `cxml`); CX003 reports it.
fn document_type(root: Element<'_>) -> String {
    if !root.name().eq_ignore_ascii_case("cXML") {
        return root.name().to_string();
    }
    let body = root
        .children()
        .find(|c| matches!(c.name().as_str(), "Request" | "Message" | "Response"));
    let Some(body) = body else {
        return root.name().to_string();
    };
    let mut inner = body.children().filter(|c| c.name() != "Status");
    match inner.next() {
        Some(first) => first.name().to_string(),
        None => tree::type_of_empty_body(body.name()),
    }
}

fn dtd_findings(errors: Vec<dtd::ValidityError>) -> Vec<Finding> {
    errors
        .into_iter()
        .map(|err| {
            let mut f = finding(RuleId::Cx002, err.path, err.line, err.column, err.message);
            if let Some(expected) = err.expected {
                f.hint = format!("the DTD expects <{}> to hold {expected}", err.element).into();
            }
            f
        })
        .collect()
}

fn finding(rule: RuleId, path: String, line: u32, column: u32, message: String) -> Finding {
    let info = rule.info();
    Finding {
        rule,
        severity: info.severity,
        path,
        line,
        column,
        message,
        hint: info.hint.into(),
    }
}

#[cfg(test)]
mod tests;
