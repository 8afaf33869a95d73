//! The whole check that `procsim validate` (and, later, certification) runs
//! on one document, in order: well-formedness (CX001, with line and
//! column), validity against the official DTD chosen by document type
//! (CX002), then the single-document rules of CONFORMANCE.md.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Arc, Mutex, PoisonError},
};

use dtd::{Dtd, Verdict};
use serde::Serialize;

use crate::{
    envelope::DocumentKind,
    rules::{self, Finding, RuleContext, RuleId, Severity},
    tree::{self, DeclaredDtd, Element},
};

/// The official DTDs of one cXML version, compiled on first use and shared.
#[derive(Debug)]
pub struct DtdCatalog {
    dir: PathBuf,
    compiled: Mutex<HashMap<String, Arc<Dtd>>>,
}

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
    pub fn get(&self, file: &str) -> Result<Arc<Dtd>, CatalogError> {
        if let Some(dtd) = self.lock().get(file) {
            return Ok(Arc::clone(dtd));
        }
        // Compiled outside the lock: a large DTD takes milliseconds and
        // another thread may want a different one meanwhile.
        let path = self.dir.join(file);
        let dtd = Dtd::from_file(&path).map_err(|err| CatalogError::Load {
            path: path.clone(),
            message: err.to_string(),
        })?;
        Ok(Arc::clone(
            self.lock().entry(file.to_owned()).or_insert(Arc::new(dtd)),
        ))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Dtd>>> {
        self.compiled.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What was found in one document.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The document type: the body element (`OrderRequest`, `Status`, ...)
    /// or, for a stand-alone catalog document, its root (`Index`).
    pub document_type: Option<String>,
    /// The official DTD the document was validated against.
    pub dtd: Option<&'static str>,
    pub well_formed: bool,
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
        self.well_formed && self.dtd_valid == Some(true)
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

/// Checks one document against the catalog `choose` picks, given the DTD
/// the document declares in its DOCTYPE (version and file), so a caller
/// holding several versions can honour the declaration. When `choose`
/// gives none, no DTD is at hand: the report has well-formedness and the
/// rules, `dtd` and `dtd_valid` stay absent.
pub fn validate_choosing<'c>(
    bytes: &[u8],
    ctx: &RuleContext,
    choose: impl FnOnce(Option<&DeclaredDtd>) -> Option<&'c DtdCatalog>,
) -> Result<Report, CatalogError> {
    let doc = match tree::parse(bytes) {
        Ok(doc) => doc,
        Err(err) => {
            let finding = finding(
                RuleId::Cx001,
                String::new(),
                err.line,
                err.column,
                err.message,
            );
            return Ok(Report {
                document_type: None,
                dtd: None,
                well_formed: false,
                dtd_valid: None,
                findings: vec![finding],
            });
        }
    };
    let document_type = document_type(&doc.root);
    let declared = doc.doctype.as_ref().and_then(|d| d.declared_dtd());
    let Some(catalog) = choose(declared.as_ref()) else {
        return Ok(Report {
            document_type: Some(document_type),
            dtd: None,
            well_formed: true,
            dtd_valid: None,
            findings: rules::check(&doc, ctx),
        });
    };
    let dtd_file = DocumentKind::from_element_name(&document_type).dtd_file();
    let mut findings = dtd_findings(&*catalog.get(dtd_file)?, bytes);
    let dtd_valid = findings.is_empty();
    findings.extend(rules::check(&doc, ctx));
    findings.sort_by_key(|f| (f.line, f.column));
    Ok(Report {
        document_type: Some(document_type),
        dtd: Some(dtd_file),
        well_formed: true,
        dtd_valid: Some(dtd_valid),
        findings,
    })
}

/// The element that says what the document is: the first element inside
/// Request or Message, the element after Status in a Response (or Status
/// itself), or the root of a stand-alone document. The root's case is
/// forgiven here (real carts say `cxml`); CX003 reports it.
fn document_type(root: &Element) -> String {
    if !root.name.eq_ignore_ascii_case("cXML") {
        return root.name.clone();
    }
    let body = root
        .children
        .iter()
        .find(|c| matches!(c.name.as_str(), "Request" | "Message" | "Response"));
    let Some(body) = body else {
        return root.name.clone();
    };
    let mut inner = body.children.iter().filter(|c| c.name != "Status");
    match (body.name.as_str(), inner.next()) {
        (_, Some(first)) => first.name.clone(),
        ("Response", None) => "Status".to_owned(),
        (_, None) => body.name.clone(),
    }
}

fn dtd_findings(dtd: &Dtd, bytes: &[u8]) -> Vec<Finding> {
    match dtd.validate(bytes) {
        Verdict::Valid => Vec::new(),
        Verdict::NotWellFormed(err) => {
            vec![finding(
                RuleId::Cx001,
                String::new(),
                err.line,
                err.column,
                err.message,
            )]
        }
        Verdict::Invalid(errors) => errors
            .into_iter()
            .map(|err| {
                let mut f = finding(RuleId::Cx002, err.path, err.line, err.column, err.message);
                if let Some(expected) = err.expected {
                    f.hint = format!("the DTD expects <{}> to hold {expected}", err.element);
                }
                f
            })
            .collect(),
    }
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
        hint: info.hint.to_owned(),
    }
}
