//! `procsim validate FILE...` (`-` reads standard input): well-formedness,
//! DTD validity and the CX rules for each file, as text for people, JSON
//! for machines (schema in docs/validate-report.md), JUnit XML or SARIF
//! 2.1.0 for CI.
//!
//! A file is valid when it is well-formed and valid against the official
//! DTD — the verdict libxml2's `xmllint --dtdvalid` gives; the CX rules are
//! reported beside it at their severity. With `--strict` an error from a
//! CX rule makes the file invalid too. Without any DTD (see
//! `procsim::dtd_store::locate`) the rest is still checked and the report
//! says the DTD was not.
//!
//! Exit status: 0 when every file is valid (warnings allowed); 1 when any
//! file is invalid; 2 on a usage or I/O error (unreadable file, a
//! `--dtd-dir` without DTDs), or when no file is invalid but the DTD could
//! not be checked.

mod junit;
mod outcome;
mod sarif;
mod text;

use std::{
    io::{Read, Write},
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::{Args, ValueEnum};
use cxml::{DtdShelf, RuleContext, rules::Platform, validate};
use outcome::FileOutcome;
use procsim::dtd_store::{self, FETCH_HINT};

/// The name a document read from standard input is reported under.
const STDIN_NAME: &str = "<stdin>";

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The cXML documents to check; `-` reads one from standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Directory holding the official cXML DTDs of one version (cXML.dtd,
    /// InvoiceDetail.dtd, Fulfill.dtd, ...) or version folders. Defaults to
    /// $PROCSIM_DTD_DIR, then the versions `procsim dtd fetch` installed.
    #[arg(long, value_name = "DIR")]
    dtd_dir: Option<PathBuf>,
    /// Output for people (text), machines (json: an array with one object
    /// per file), or CI (junit: one testcase per file; sarif: SARIF 2.1.0).
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
    Junit,
    Sarif,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Receiver {
    Coupa,
    Ariba,
}

pub fn run(args: ValidateArgs) -> ExitCode {
    let shelf = match dtd_store::locate(args.dtd_dir.clone()) {
        Ok(shelf) => shelf,
        Err(message) => {
            eprintln!("procsim validate: {message}");
            return ExitCode::from(2);
        }
    };
    if shelf.is_none() {
        eprintln!(
            "procsim validate: no cXML DTDs found (--dtd-dir, ${}, or the cache): \
             the DTD is not checked, only well-formedness and the CX rules. \
             To check it, run: {FETCH_HINT}",
            dtd_store::DTD_DIR_ENV
        );
    }
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
        .map(|file| check_file(file, shelf.as_ref(), &ctx, args.strict))
        .collect();
    // Buffered: standard output alone flushes at every line, a write call
    // per line of a report that may run to thousands of findings; a large
    // buffer makes a report of a megabyte a handful of writes.
    let mut out = std::io::BufWriter::with_capacity(256 * 1024, std::io::stdout().lock());
    let printed = match args.format {
        Format::Text => text::write(&mut out, &outcomes),
        Format::Json => serde_json::to_writer_pretty(&mut out, &outcomes)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
        Format::Junit => junit::write(&mut out, &outcomes),
        Format::Sarif => sarif::write(&mut out, &outcomes),
    };
    if let Err(err) = printed.and_then(|()| out.flush()) {
        eprintln!("procsim validate: cannot write the report: {err}");
        return ExitCode::from(2);
    }
    let code = exit_code(&outcomes);
    // The process ends here and its memory goes back whole: the outcomes
    // (thousands of findings for a large document) are not freed one by
    // one first.
    std::mem::forget(outcomes);
    code
}

/// How much of a large file is read before the rest, to tell its DTD.
const FIRST_BYTES: u64 = 64 * 1024;

/// Reads one input, stopping one byte past the size limit: a larger
/// document is reported (CX005) without being read into memory. A large
/// file's first bytes are handed to `first` before the rest is read.
fn read_input(file: &Path, first: impl FnOnce(&[u8])) -> Result<(String, Vec<u8>), String> {
    let limit = u64::try_from(validate::MAX_DOCUMENT_BYTES).unwrap_or(u64::MAX) + 1;
    let mut bytes = Vec::new();
    if file.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|err| format!("cannot read standard input: {err}"))?;
        return Ok((STDIN_NAME.to_owned(), bytes));
    }
    let name = file.display().to_string();
    std::fs::File::open(file)
        .and_then(|f| {
            // Made once at the file's size (one byte more, to see a file
            // that grows past the limit): grown by doubling, the buffer
            // was copied and touched twice over.
            let size = f.metadata().map_or(0, |m| m.len()).min(limit);
            bytes.reserve_exact(usize::try_from(size).unwrap_or(0).saturating_add(1));
            let mut f = f.take(limit);
            if size >= u64::try_from(validate::PARALLEL_FROM_BYTES).unwrap_or(u64::MAX) {
                f.by_ref().take(FIRST_BYTES).read_to_end(&mut bytes)?;
                first(&bytes);
            }
            f.read_to_end(&mut bytes)
        })
        .map_err(|err| format!("cannot read {name}: {err}"))?;
    Ok((name, bytes))
}

fn check_file(
    file: &Path,
    shelf: Option<&DtdShelf>,
    ctx: &RuleContext,
    strict: bool,
) -> FileOutcome {
    // The scope outlives the validation: the DTD compiled early is waited
    // for only by the validation's own DTD pass.
    std::thread::scope(|scope| {
        let first = |bytes: &[u8]| compile_dtd_early(scope, shelf, bytes);
        match read_input(file, first) {
            Ok((name, bytes)) => check_bytes(name, &bytes, shelf, ctx, strict),
            Err(error) => FileOutcome::unreadable(file.display().to_string(), error),
        }
    })
}

/// Has the DTD that a large document's first bytes name compiled on
/// another thread while the rest of the document is read; the validation
/// then finds it compiled (or waits for it), and reports any error
/// loading it.
fn compile_dtd_early<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    shelf: Option<&'scope DtdShelf>,
    first_bytes: &[u8],
) {
    let Some(shelf) = shelf else {
        return;
    };
    let Some((declared, dtd)) = validate::dtd_of_head(first_bytes) else {
        return;
    };
    if let Some(choice) = shelf.choose(declared.as_ref()) {
        let catalog = choice.catalog;
        // A thread that cannot start leaves the compiling to the validation.
        let _ = std::thread::Builder::new().spawn_scoped(scope, move || catalog.get(dtd));
    }
}

fn check_bytes(
    name: String,
    bytes: &[u8],
    shelf: Option<&DtdShelf>,
    ctx: &RuleContext,
    strict: bool,
) -> FileOutcome {
    let mut version = None;
    let mut advisories = Vec::new();
    let checked = validate::validate_choosing(bytes, ctx, |declared| {
        let choice = shelf?.choose(declared)?;
        version = choice.version.map(str::to_owned);
        advisories.extend(choice.advisory);
        Some(choice.catalog)
    });
    match checked {
        Ok(report) => {
            if report.well_formed == Some(true) && report.dtd_valid.is_none() {
                advisories.push(format!(
                    "DTD not checked: no cXML DTDs found; run {FETCH_HINT}"
                ));
            }
            FileOutcome::checked(name, report, version, advisories, strict)
        }
        Err(err) => FileOutcome::unreadable(name, err.to_string()),
    }
}

fn exit_code(outcomes: &[FileOutcome]) -> ExitCode {
    if outcomes.iter().any(|o| o.error.is_some()) {
        ExitCode::from(2)
    } else if outcomes.iter().any(|o| o.valid == Some(false)) {
        ExitCode::from(1)
    } else if outcomes.iter().any(|o| o.valid.is_none()) {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
