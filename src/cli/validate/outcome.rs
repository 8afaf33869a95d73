//! What `procsim validate` says about one file, in every format: the
//! report, the verdict under the chosen mode, the DTD version used and any
//! advisory about the check itself. Serialised as is for `--format json`
//! (docs/validate-report.md).

use cxml::Report;
use serde::Serialize;

/// The outcome for one file: a report, or why there is none.
#[derive(Debug, Serialize)]
pub struct FileOutcome {
    pub file: String,
    /// The verdict: absent when the file could not be read, or when it is
    /// well-formed but no DTD was at hand to judge it.
    pub valid: Option<bool>,
    /// The cXML version whose DTD judged the file, when known.
    pub dtd_version: Option<String>,
    /// Notes about the check itself (a substituted DTD version, a DTD not
    /// checked), never about the document.
    pub advisories: Vec<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl FileOutcome {
    pub fn checked(
        file: String,
        report: Report,
        dtd_version: Option<String>,
        advisories: Vec<String>,
        strict: bool,
    ) -> Self {
        let valid = if report.well_formed != Some(true) || (strict && report.rule_errors() > 0) {
            Some(false)
        } else {
            report.dtd_valid.map(
                |dtd_valid| {
                    if strict { report.is_valid() } else { dtd_valid }
                },
            )
        };
        Self {
            file,
            valid,
            dtd_version,
            advisories,
            report: Some(report),
            error: None,
        }
    }

    pub fn unreadable(file: String, error: String) -> Self {
        Self {
            file,
            valid: None,
            dtd_version: None,
            advisories: Vec::new(),
            report: None,
            error: Some(error),
        }
    }
}
