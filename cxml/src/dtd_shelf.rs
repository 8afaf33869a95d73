//! The official DTD versions at hand, and which one judges a document: the
//! version its DOCTYPE declares when that one is on the shelf, else the
//! newest, with an advisory naming the substitution. `procsim validate`
//! and `procsim certify` choose with it, and a service that journals what
//! it receives checks each document against it when DTDs are installed.

use std::path::PathBuf;

use crate::{
    DtdCatalog, Finding, RuleContext, RuleId,
    tree::DeclaredDtd,
    validate::{self, check_without_dtd},
};

/// The DTD versions at hand, oldest first; never empty.
#[derive(Debug)]
pub struct DtdShelf {
    versions: Vec<Shelved>,
}

#[derive(Debug)]
struct Shelved {
    /// `None` for a folder whose name is not a version.
    version: Option<String>,
    catalog: DtdCatalog,
}

/// The catalog chosen for one document.
pub struct Choice<'s> {
    pub catalog: &'s DtdCatalog,
    pub version: Option<&'s str>,
    /// Set when the declared version is not the one used.
    pub advisory: Option<String>,
}

impl DtdShelf {
    /// A shelf of `versions`, oldest first (`None` for no versions).
    pub fn new(versions: Vec<(Option<String>, DtdCatalog)>) -> Option<Self> {
        (!versions.is_empty()).then(|| DtdShelf {
            versions: versions
                .into_iter()
                .map(|(version, catalog)| Shelved { version, catalog })
                .collect(),
        })
    }

    /// The newest version's folder: what a run that validates everything
    /// against one version (`procsim certify`) uses.
    pub fn newest_dir(&self) -> Option<PathBuf> {
        self.versions.last().map(|s| s.catalog.dir().to_owned())
    }

    /// The declared version when at hand, else the newest.
    pub fn choose(&self, declared: Option<&DeclaredDtd>) -> Option<Choice<'_>> {
        let wanted = declared.map(|d| d.version.as_str());
        let exact = self
            .versions
            .iter()
            .find(|s| wanted.is_some() && s.version.as_deref() == wanted);
        let chosen = exact.or_else(|| self.versions.last())?;
        let advisory = match (wanted, exact, chosen.version.as_deref()) {
            (Some(wanted), None, Some(used)) => Some(format!(
                "the document declares cXML {wanted}, which is not installed; \
                 checked against {used}, the newest installed"
            )),
            _ => None,
        };
        Some(Choice {
            catalog: &chosen.catalog,
            version: chosen.version.as_deref(),
            advisory,
        })
    }

    /// Compiles every version's `cXML.dtd`, so a folder whose DTDs do not
    /// load is found when it is named, not by documents judged without
    /// it later.
    pub fn verify(&self) -> Result<(), validate::CatalogError> {
        for shelved in &self.versions {
            shelved.catalog.get("cXML.dtd")?;
        }
        Ok(())
    }

    /// Everything `procsim validate` finds in `raw` with this shelf: the
    /// limits, decoding, well-formedness, the DTD (CX002) and the CX rules.
    /// A DTD file that cannot be loaded is the shelf's fault, not the
    /// document's: the document is then judged without its DTD. When the
    /// version the document declares is not on the shelf, each DTD finding
    /// names the version that judged it.
    pub fn findings(&self, raw: &[u8], ctx: &RuleContext) -> Vec<Finding> {
        let mut substituted = None;
        let report = validate::validate_choosing(raw, ctx, |declared| {
            let choice = self.choose(declared)?;
            substituted = choice.advisory;
            Some(choice.catalog)
        });
        match report {
            Ok(mut report) => {
                if let Some(advisory) = substituted {
                    for finding in &mut report.findings {
                        if finding.rule == RuleId::Cx002 {
                            finding.message = format!("{} ({advisory})", finding.message);
                        }
                    }
                }
                report.findings
            }
            Err(_) => check_without_dtd(raw, ctx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shelf(versions: &[&str]) -> DtdShelf {
        DtdShelf::new(
            versions
                .iter()
                .map(|v| (Some((*v).to_owned()), DtdCatalog::new(format!("/none/{v}"))))
                .collect(),
        )
        .expect("versions")
    }

    fn declared(version: &str) -> DeclaredDtd {
        DeclaredDtd {
            version: version.to_owned(),
            file: "cXML.dtd".to_owned(),
        }
    }

    #[test]
    fn the_declared_version_judges_when_it_is_at_hand() {
        let shelf = shelf(&["1.2.014", "1.2.071"]);
        let choice = shelf.choose(Some(&declared("1.2.014"))).expect("a choice");
        assert_eq!(choice.version, Some("1.2.014"));
        assert!(choice.advisory.is_none());
    }

    #[test]
    fn another_version_is_judged_by_the_newest_and_says_so() {
        let shelf = shelf(&["1.2.014", "1.2.071"]);
        let choice = shelf.choose(Some(&declared("1.2.050"))).expect("a choice");
        assert_eq!(choice.version, Some("1.2.071"));
        let advisory = choice.advisory.expect("an advisory");
        assert!(advisory.contains("1.2.050") && advisory.contains("1.2.071"));
    }

    #[test]
    fn a_dtd_finding_names_the_version_that_stood_in() {
        let dir =
            std::env::temp_dir().join(format!("procsim-shelf-{}-{}", std::process::id(), line!()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        std::fs::write(
            dir.join("cXML.dtd"),
            "<!ELEMENT cXML (Request)>\n\
             <!ATTLIST cXML payloadID CDATA #REQUIRED timestamp CDATA #REQUIRED>\n\
             <!ELEMENT Request EMPTY>\n",
        )
        .expect("a DTD written");
        let shelf = DtdShelf::new(vec![(Some("1.2.071".to_owned()), DtdCatalog::new(&dir))])
            .expect("one version");
        let doc = br#"<?xml version="1.0"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
<cXML payloadID="1@x" timestamp="2026-01-01T00:00:00+00:00"><Request><Stray/></Request></cXML>"#;
        let findings = shelf.findings(doc, &RuleContext::default());
        let _ = std::fs::remove_dir_all(&dir);
        let dtd: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.rule == RuleId::Cx002)
            .collect();
        assert!(!dtd.is_empty(), "{findings:?}");
        for finding in dtd {
            assert!(
                finding.message.contains("declares cXML 1.2.014")
                    && finding.message.contains("checked against 1.2.071"),
                "{}",
                finding.message
            );
        }
    }

    #[test]
    fn no_versions_make_no_shelf() {
        assert!(DtdShelf::new(Vec::new()).is_none());
    }

    #[test]
    fn a_dtd_that_cannot_load_leaves_the_rules_to_judge() {
        // Well-formed, so the check gets as far as asking for the DTD;
        // the rules still see the Request without a body.
        let doc = br#"<?xml version="1.0"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.071/cXML.dtd">
<cXML payloadID="1@x" timestamp="2026-01-01T00:00:00Z"><Request/></cXML>"#;
        let shelf = shelf(&["1.2.071"]);
        assert!(
            shelf.verify().is_err(),
            "the catalog's folder does not exist"
        );
        let findings = shelf.findings(doc, &RuleContext::default());
        let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        assert!(
            !rules.contains(&"CX001") && !rules.contains(&"CX002"),
            "{rules:?}"
        );
        assert_eq!(findings, check_without_dtd(doc, &RuleContext::default()));
        assert!(!findings.is_empty(), "the rules judged it");
    }
}
