//! `--format text`: one verdict line per file, then each finding with its
//! location, rule, message and hint, for people.

use std::io::{self, Write};

use cxml::{Report, RuleId, Severity};

use super::outcome::FileOutcome;

pub fn write(out: &mut impl Write, outcomes: &[FileOutcome]) -> io::Result<()> {
    for outcome in outcomes {
        match (&outcome.report, &outcome.error) {
            (Some(report), _) => write_report(out, outcome, report)?,
            (None, Some(error)) => {
                // What came before reaches the terminal first.
                out.flush()?;
                eprintln!("{}: error: {error}", outcome.file);
            }
            (None, None) => {}
        }
    }
    Ok(())
}

fn write_report(out: &mut impl Write, outcome: &FileOutcome, report: &Report) -> io::Result<()> {
    let file = &outcome.file;
    let verdict = match outcome.valid {
        Some(true) => "valid",
        Some(false) => "invalid",
        None => "not judged",
    };
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = report.findings.len() - errors;
    let what = match (&report.document_type, report.dtd, report.well_formed) {
        (_, _, None) if report.findings.iter().any(|f| f.rule == RuleId::Cx005) => {
            "not read: over the size limit".to_owned()
        }
        (_, _, None) => "not read: its entities expand beyond the limits".to_owned(),
        (_, _, Some(false)) => "not well-formed".to_owned(),
        (Some(doc), Some(dtd), Some(true)) => {
            let dtd_verdict = match report.dtd_valid {
                Some(true) => "valid",
                _ => "invalid",
            };
            format!("{doc}, {dtd} {dtd_verdict}")
        }
        (doc, None, Some(true)) => format!("{}, DTD not checked", doc.as_deref().unwrap_or("?")),
        (None, Some(_), Some(true)) => "unknown document".to_owned(),
    };
    writeln!(
        out,
        "{file}: {verdict} ({what}; {errors} error(s), {warnings} warning(s))"
    )?;
    for advisory in &outcome.advisories {
        writeln!(out, "  advisory: {advisory}")?;
    }
    if outcome.valid == Some(true) && report.rule_errors() > 0 {
        // Only without --strict can a file with rule errors be valid.
        writeln!(
            out,
            "  note: valid by the DTD, as xmllint --dtdvalid judges it; its rule errors \
             make it invalid with --strict"
        )?;
    }
    for f in &report.findings {
        let severity = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Three lines a finding, written as pieces: a large document has
        // thousands of findings, and formatting every piece of them
        // through `writeln!` took longer than writing them.
        out.write_all(b"  ")?;
        out.write_all(file.as_bytes())?;
        write!(out, ":{}:{}: ", f.line, f.column)?;
        let pieces: [&str; 10] = [
            severity,
            " ",
            f.rule.as_str(),
            " ",
            &f.path,
            "\n      ",
            &f.message,
            "\n      hint: ",
            &f.hint,
            "\n",
        ];
        for piece in pieces {
            out.write_all(piece.as_bytes())?;
        }
    }
    Ok(())
}
