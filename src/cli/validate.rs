//! `procsim validate FILE...`: well-formedness, DTD validity and the CX
//! rules for each file, as text for people or JSON for machines.
//!
//! A file is valid when it is well-formed and valid against the official
//! DTD — the verdict libxml2's `xmllint --dtdvalid` gives; the CX rules are
//! reported beside it at their severity. With `--strict` an error from a
//! CX rule makes the file invalid too.
//!
//! Exit status: 0 when every file is valid (warnings allowed), 1 when any
//! file is invalid, 2 on a usage or I/O error (unreadable file, no DTDs).

use std::{
    io::Write,
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::{Args, ValueEnum};
use cxml::{
    DtdCatalog, Report, RuleContext,
    rules::Platform,
    validate::{self, CatalogError},
};
use serde::Serialize;

/// Environment variable naming the DTD directory when `--dtd-dir` is absent.
const DTD_DIR_ENV: &str = "PROCSIM_DTD_DIR";

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The cXML documents to check.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Directory holding the official cXML DTDs (cXML.dtd, InvoiceDetail.dtd,
    /// Fulfill.dtd, ...). Defaults to $PROCSIM_DTD_DIR.
    #[arg(long, value_name = "DIR")]
    dtd_dir: Option<PathBuf>,
    /// Output for people (text) or machines (json: an array with one object
    /// per file).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Also apply the receiving platform's rules (e.g. CX071 for Coupa).
    #[arg(long, value_enum, value_name = "PLATFORM")]
    receiver: Option<Receiver>,
    /// Count errors from the CX rules (totals that do not add up, dates
    /// that are not dates, ...) as invalid too, not only well-formedness
    /// and DTD errors.
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Receiver {
    Coupa,
    Ariba,
}

/// The outcome for one file: a report, or why there is none.
#[derive(Debug, Serialize)]
struct FileOutcome {
    file: String,
    /// Absent when the file could not be checked at all.
    valid: Option<bool>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    report: Option<Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

pub fn run(args: ValidateArgs) -> ExitCode {
    let Some(dtd_dir) = args
        .dtd_dir
        .clone()
        .or_else(|| std::env::var_os(DTD_DIR_ENV).map(PathBuf::from))
    else {
        eprintln!("procsim validate: no DTD directory: pass --dtd-dir DIR or set {DTD_DIR_ENV}");
        return ExitCode::from(2);
    };
    if !dtd_dir.is_dir() {
        eprintln!(
            "procsim validate: DTD directory {} does not exist",
            dtd_dir.display()
        );
        return ExitCode::from(2);
    }
    let catalog = DtdCatalog::new(dtd_dir);
    let ctx = RuleContext {
        receiver: args.receiver.map(|r| match r {
            Receiver::Coupa => Platform::Coupa,
            Receiver::Ariba => Platform::Ariba,
        }),
        ..RuleContext::default()
    };
    let outcomes: Vec<_> = args
        .files
        .iter()
        .map(|file| check_file(file, &catalog, &ctx, args.strict))
        .collect();
    let printed = match args.format {
        Format::Text => print_text(&outcomes),
        Format::Json => print_json(&outcomes),
    };
    if let Err(err) = printed {
        eprintln!("procsim validate: cannot write the report: {err}");
        return ExitCode::from(2);
    }
    exit_code(&outcomes)
}

fn check_file(file: &Path, catalog: &DtdCatalog, ctx: &RuleContext, strict: bool) -> FileOutcome {
    let name = file.display().to_string();
    let checked = std::fs::read(file)
        .map_err(|err| format!("cannot read {name}: {err}"))
        .and_then(|bytes| {
            validate::validate(&bytes, catalog, ctx).map_err(|err: CatalogError| err.to_string())
        });
    match checked {
        Ok(report) => FileOutcome {
            file: name,
            valid: Some(if strict {
                report.is_valid()
            } else {
                report.is_dtd_valid()
            }),
            report: Some(report),
            error: None,
        },
        Err(error) => FileOutcome {
            file: name,
            valid: None,
            report: None,
            error: Some(error),
        },
    }
}

fn exit_code(outcomes: &[FileOutcome]) -> ExitCode {
    if outcomes.iter().any(|o| o.error.is_some()) {
        ExitCode::from(2)
    } else if outcomes.iter().any(|o| o.valid == Some(false)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_json(outcomes: &[FileOutcome]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, outcomes)?;
    writeln!(out)
}

fn print_text(outcomes: &[FileOutcome]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for outcome in outcomes {
        match (&outcome.report, &outcome.error) {
            (Some(report), _) => {
                write_report(&mut out, &outcome.file, report, outcome.valid == Some(true))?
            }
            (None, Some(error)) => {
                eprintln!("{}: error: {error}", outcome.file);
            }
            (None, None) => {}
        }
    }
    Ok(())
}

fn write_report(
    out: &mut impl Write,
    file: &str,
    report: &Report,
    valid: bool,
) -> std::io::Result<()> {
    let verdict = if valid { "valid" } else { "invalid" };
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == cxml::Severity::Error)
        .count();
    let warnings = report.findings.len() - errors;
    let what = match (&report.document_type, report.dtd) {
        (Some(doc), Some(dtd)) => {
            let dtd_verdict = match report.dtd_valid {
                Some(true) => "valid",
                _ => "invalid",
            };
            format!("{doc}, {dtd} {dtd_verdict}")
        }
        _ => "not well-formed".to_owned(),
    };
    writeln!(
        out,
        "{file}: {verdict} ({what}; {errors} error(s), {warnings} warning(s))"
    )?;
    if valid && report.rule_errors() > 0 {
        // Only without --strict can a file with rule errors be valid.
        writeln!(
            out,
            "  note: valid by the DTD, as xmllint --dtdvalid judges it; its rule errors \
             make it invalid with --strict"
        )?;
    }
    for f in &report.findings {
        let severity = match f.severity {
            cxml::Severity::Error => "error",
            cxml::Severity::Warning => "warning",
        };
        let at = if f.path.is_empty() {
            ""
        } else {
            f.path.as_str()
        };
        writeln!(
            out,
            "  {file}:{}:{}: {severity} {} {at}\n      {}\n      hint: {}",
            f.line, f.column, f.rule, f.message, f.hint
        )?;
    }
    Ok(())
}
