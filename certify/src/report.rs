//! A run's outcome: one [`CheckResult`] per catalogued check, each with
//! its status, the evidence and the fix, and the verdict (exit 0 when no
//! error-level check failed).

use std::time::Duration;

use serde::Serialize;

use crate::catalogue::{CheckId, Severity};

/// What became of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Passed,
    /// Failed at error severity: certification fails.
    Failed,
    /// Failed at warning or advisory severity.
    Warning,
    /// Not run; `evidence.detail` says why.
    Skipped,
}

impl CheckStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "failed",
            Self::Warning => "warning",
            Self::Skipped => "skipped",
        }
    }
}

/// A place in a document the supplier sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Located {
    /// The CX rule it breaks, if one does (`CX003`).
    pub rule: Option<String>,
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl std::fmt::Display for Located {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)?;
        if let Some(rule) = &self.rule {
            write!(f, " {rule}")?;
        }
        if !self.path.is_empty() {
            write!(f, " {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// What a check saw.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub http_status: Option<u16>,
    pub cxml_status: Option<u16>,
    /// `Status@text`, as sent.
    pub cxml_text: Option<String>,
    pub elapsed_ms: Option<u64>,
    /// The offending element, with line and column.
    pub element: Option<Located>,
    /// What happened, in a sentence.
    pub detail: String,
    /// The journal entry of the exchange the check judged.
    pub journal_id: Option<i64>,
}

impl Evidence {
    pub fn said(detail: impl Into<String>) -> Self {
        Self {
            detail: detail.into(),
            ..Self::default()
        }
    }

    pub fn elapsed(mut self, elapsed: Duration) -> Self {
        self.elapsed_ms = Some(u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX));
        self
    }
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    pub id: CheckId,
    /// The severity a failure had in this run (the profile may lower it).
    pub severity: Severity,
    pub status: CheckStatus,
    pub title: &'static str,
    pub evidence: Evidence,
    pub fix: &'static str,
    pub source: &'static str,
}

impl CheckResult {
    /// `id` judged: `passed`, or a failure at `severity` (an error-level
    /// failure is `failed`, a lesser one `warning`).
    pub fn judged(id: CheckId, passed: bool, severity: Severity, evidence: Evidence) -> Self {
        let status = match (passed, severity) {
            (true, _) => CheckStatus::Passed,
            (false, Severity::Error) => CheckStatus::Failed,
            (false, _) => CheckStatus::Warning,
        };
        Self::with_status(id, status, severity, evidence)
    }

    pub fn pass(id: CheckId, evidence: Evidence) -> Self {
        Self::judged(id, true, id.info().severity, evidence)
    }

    pub fn fail(id: CheckId, evidence: Evidence) -> Self {
        Self::judged(id, false, id.info().severity, evidence)
    }

    pub fn skipped(id: CheckId, why: impl Into<String>) -> Self {
        Self::with_status(
            id,
            CheckStatus::Skipped,
            id.info().severity,
            Evidence::said(why),
        )
    }

    fn with_status(
        id: CheckId,
        status: CheckStatus,
        severity: Severity,
        evidence: Evidence,
    ) -> Self {
        let info = id.info();
        Self {
            id,
            severity,
            status,
            title: info.title,
            evidence,
            fix: info.fix,
            source: info.source,
        }
    }
}

/// How many checks ended how.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    pub warning: usize,
    pub skipped: usize,
}

/// A whole run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `supplier`: procsim played the buyer.
    pub kind: &'static str,
    /// The profile's name.
    pub platform: String,
    pub setup_url: String,
    pub order_url: Option<String>,
    /// Wall-clock start, RFC 3339.
    pub started_at: String,
    /// The journal flow every exchange of the run carries (its sequence
    /// diagram on the dashboard is `/flows/{flow}`).
    pub flow: Option<String>,
    /// `passed` when no error-level check failed, else `failed`.
    pub verdict: &'static str,
    pub summary: Summary,
    pub checks: Vec<CheckResult>,
    /// Where the run can be seen, once handed to a running dashboard
    /// (`--dashboard URL`); every `evidence.journal_id` is then the
    /// dashboard's certify journal's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dashboard: Option<DashboardLinks>,
}

/// A run's places on a dashboard, as absolute URLs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DashboardLinks {
    /// The run's page: its checks with their evidence.
    pub run: String,
    /// An exchange's page is this followed by its journal id.
    pub journal: String,
    /// The flow's sequence diagram, when the run has a flow.
    pub sequence: Option<String>,
}

impl DashboardLinks {
    /// The links of run `id` on the dashboard at `base`, whose certify
    /// journal holds the run's exchanges, in `flow`.
    pub fn new(base: &str, id: i64, flow: Option<&str>) -> Self {
        let base = base.trim_end_matches('/');
        Self {
            run: format!("{base}/certify/runs/{id}"),
            journal: format!("{base}/journal/certify/"),
            sequence: flow.map(|flow| format!("{base}/flows/{flow}")),
        }
    }

    /// The page of journal entry `id`.
    pub fn exchange(&self, id: i64) -> String {
        format!("{}{id}", self.journal)
    }
}

impl Report {
    pub fn new(
        platform: &str,
        setup_url: &str,
        order_url: Option<&str>,
        started_at: String,
        checks: Vec<CheckResult>,
    ) -> Self {
        let mut summary = Summary::default();
        for check in &checks {
            match check.status {
                CheckStatus::Passed => summary.passed += 1,
                CheckStatus::Failed => summary.failed += 1,
                CheckStatus::Warning => summary.warning += 1,
                CheckStatus::Skipped => summary.skipped += 1,
            }
        }
        Self {
            kind: "supplier",
            platform: platform.to_owned(),
            setup_url: setup_url.to_owned(),
            order_url: order_url.map(str::to_owned),
            started_at,
            flow: None,
            verdict: if summary.failed == 0 {
                "passed"
            } else {
                "failed"
            },
            summary,
            checks,
            dashboard: None,
        }
    }

    /// The report as the dashboard it was handed to numbers its journal:
    /// each evidence's journal id by `renumber` (the dashboard's answer;
    /// an id it did not take is dropped), with the dashboard's links.
    pub fn on_dashboard(
        mut self,
        links: DashboardLinks,
        renumber: &std::collections::BTreeMap<i64, i64>,
    ) -> Self {
        for check in &mut self.checks {
            if let Some(old) = check.evidence.journal_id {
                check.evidence.journal_id = renumber.get(&old).copied();
            }
            check.evidence.detail = renumber_journal_refs(&check.evidence.detail, renumber);
        }
        self.dashboard = Some(links);
        self
    }

    /// The same report, naming the journal flow of its exchanges.
    pub fn in_flow(mut self, flow: &str) -> Self {
        self.flow = Some(flow.to_owned());
        self
    }

    /// Whether certification passed: no error-level check failed.
    pub fn passed(&self) -> bool {
        self.summary.failed == 0
    }

    pub fn check(&self, id: CheckId) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.id == id)
    }
}

/// `text` with every `journal #N` it names (a check's detail names the
/// exchanges beside the one it links) numbered as `renumber` says: the
/// dashboard's journal numbers what it was handed anew. A number it did
/// not take is said to be the run's own, so it never points at another
/// exchange there.
pub fn renumber_journal_refs(
    text: &str,
    renumber: &std::collections::BTreeMap<i64, i64>,
) -> String {
    const MARK: &str = "journal #";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(MARK) {
        let (before, from) = rest.split_at(at + MARK.len());
        out.push_str(before);
        let digits = from.bytes().take_while(u8::is_ascii_digit).count();
        let (number, after) = from.split_at(digits);
        match number.parse::<i64>().ok() {
            Some(old) => match renumber.get(&old) {
                Some(new) => out.push_str(&new.to_string()),
                None => {
                    out.push_str(number);
                    out.push_str(" of the run, not handed over");
                }
            },
            None => out.push_str(number),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod renumber_tests {
    use super::renumber_journal_refs;
    use std::collections::BTreeMap;

    #[test]
    fn journal_references_in_text_follow_the_dashboard_numbers() {
        let map = BTreeMap::from([(3, 41), (4, 42)]);
        assert_eq!(
            renumber_journal_refs(
                "cXML 200 (journal #3); refused (journal #4), journal #9.",
                &map
            ),
            "cXML 200 (journal #41); refused (journal #42), journal #9 of the run, not handed over."
        );
        assert_eq!(
            renumber_journal_refs("no journal # here", &map),
            "no journal # here"
        );
        assert_eq!(renumber_journal_refs("", &map), "");
    }
}
