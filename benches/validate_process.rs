//! `procsim validate` on one large document as the user runs it — a whole
//! process: start, DTD, reading, well-formedness, DTD validity, every CX
//! rule, the report — beside `xmllint --noout --nonet --dtdvalid` on the
//! same file, in the same run (issue 13: at least 2x faster than xmllint,
//! in no more peak memory).
//!
//! The documents are generated from real samples (cxml's
//! `benches/support/large_documents.rs`): a 5,000-line OrderRequest
//! (2.42 MB) and a 5,500-line InvoiceDetailRequest (2.19 MB). Rounds are
//! interleaved, the order of the two programs alternating, so the noise of
//! a shared machine falls on both; the figures are medians and their
//! ratio. Peak resident memory comes from GNU time's `%M` (maximum RSS,
//! from `wait4`'s rusage) when `/usr/bin/time` is GNU time (Debian package
//! `time`); without it memory is not measured and the bench says so.
//!
//! `cargo bench -p procsim --bench validate_process` measures (the release
//! binary; with `PROCSIM_BENCH_OUT=DIR` the documents are kept in DIR); `cargo test --bench validate_process` runs each program once
//! on a small document and judges nothing; without xmllint (Debian:
//! `libxml2-utils`) it checks procsim alone and says so. `--bench` exits 1
//! when the target is missed.

#[path = "../cxml/benches/support/large_documents.rs"]
mod large_documents;

use scenarios::support::bench::{measuring, scaled};
use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

const PROCSIM: &str = env!("CARGO_BIN_EXE_procsim");
const GNU_TIME: &str = "/usr/bin/time";
/// A folder to write the documents to and keep them (for profiling);
/// otherwise a temporary one.
const OUT_ENV: &str = "PROCSIM_BENCH_OUT";
/// Timed rounds (each runs both programs once) after the warm-up rounds.
const ROUNDS: usize = 41;
const WARM_UP: usize = 3;
/// Runs of each program under GNU time for the peak resident memory.
const MEMORY_RUNS: usize = 5;
/// procsim must take at most this share of xmllint's time...
const TARGET_RATIO: f64 = 0.5;

type Result<T> = std::result::Result<T, String>;

/// One generated document and the DTD file xmllint is given for it.
struct Case {
    name: &'static str,
    path: PathBuf,
    dtd_file: &'static str,
}

fn main() {
    shared_fixtures::skip_without_samples!();
    shared_fixtures::skip_without_dtds!();
    if let Err(err) = run() {
        eprintln!("validate_process: {err}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let temporary = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = std::env::var_os(OUT_ENV).map_or_else(|| temporary.path().to_owned(), PathBuf::from);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let cases = write_documents(&dir)?;
    let dtd_dir = shared_fixtures::dtds();
    let xmllint = xmllint_available();
    if !xmllint {
        println!("xmllint is not installed (Debian: libxml2-utils): procsim alone is run");
    }
    let mut missed = Vec::new();
    for case in &cases {
        let procsim = procsim_command(&dtd_dir, &case.path);
        let reference = xmllint.then(|| xmllint_command(&dtd_dir.join(case.dtd_file), &case.path));
        expect_valid(&procsim)?;
        if let Some(reference) = &reference {
            expect_valid(reference)?;
        }
        let Some(reference) = reference else {
            continue;
        };
        let ratio = compare(case, &procsim, &reference)?;
        if ratio > TARGET_RATIO {
            missed.push(format!("{}: {ratio:.2} of xmllint's time", case.name));
        }
    }
    if !measuring() || missed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "missed the target (at most {TARGET_RATIO} of xmllint's time): {}",
            missed.join("; ")
        ))
    }
}

/// The two documents, full size when measuring, small when testing.
fn write_documents(dir: &Path) -> Result<Vec<Case>> {
    // 600 lines (290 kB) in a test: large enough for the DTD pass to take
    // its own thread, as it does on the measured documents.
    let order_lines = scaled(5_000, 600);
    let invoice_lines = scaled(5_500, 20);
    let documents = [
        (
            "OrderRequest",
            "order_request.xml",
            "cXML.dtd",
            large_documents::order_request(order_lines),
            order_lines,
        ),
        (
            "InvoiceDetailRequest",
            "invoice.xml",
            "InvoiceDetail.dtd",
            large_documents::invoice(invoice_lines),
            invoice_lines,
        ),
    ];
    let mut cases = Vec::new();
    for (name, file, dtd_file, bytes, lines) in documents {
        let path = dir.join(file);
        std::fs::write(&path, &bytes).map_err(|e| format!("cannot write {file}: {e}"))?;
        println!(
            "{name}: {lines} lines, {:.2} MB ({})",
            bytes.len() as f64 / 1e6,
            path.display()
        );
        cases.push(Case {
            name,
            path,
            dtd_file,
        });
    }
    Ok(cases)
}

fn procsim_command(dtd_dir: &Path, file: &Path) -> Command {
    let mut command = Command::new(PROCSIM);
    command
        .arg("validate")
        .arg("--dtd-dir")
        .arg(dtd_dir)
        .arg(file);
    command
}

fn xmllint_command(dtd: &Path, file: &Path) -> Command {
    let mut command = Command::new("xmllint");
    command
        .args(["--noout", "--nonet", "--dtdvalid"])
        .arg(dtd)
        .arg(file);
    command
}

fn xmllint_available() -> bool {
    Command::new("xmllint")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Both programs must call the document valid, or the race means nothing.
fn expect_valid(command: &Command) -> Result<()> {
    let output = Command::new(command.get_program())
        .args(command.get_args())
        .output()
        .map_err(|e| format!("cannot start {command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} exited with {}: {}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Interleaved timed rounds, then peak memory; prints the figures and
/// returns procsim's share of xmllint's time (ratio of medians).
fn compare(case: &Case, procsim: &Command, xmllint: &Command) -> Result<f64> {
    let rounds = scaled(ROUNDS, 1);
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for round in 0..scaled(WARM_UP, 0) + rounds {
        let (first, second) = if round % 2 == 0 {
            (procsim, xmllint)
        } else {
            (xmllint, procsim)
        };
        let a = timed(first)?;
        let b = timed(second)?;
        let (p, x) = if round % 2 == 0 { (a, b) } else { (b, a) };
        if round >= scaled(WARM_UP, 0) {
            ours.push(p);
            theirs.push(x);
        }
    }
    let (ours, theirs) = (median(ours), median(theirs));
    let ratio = ours.as_secs_f64() / theirs.as_secs_f64();
    println!(
        "{}: medians of {rounds} interleaved rounds: procsim validate {:.1} ms, \
         xmllint --dtdvalid {:.1} ms; procsim takes {ratio:.2} of xmllint's time",
        case.name,
        ms(ours),
        ms(theirs),
    );
    match (peak_kb(procsim)?, peak_kb(xmllint)?) {
        (Some(p), Some(x)) => println!(
            "{}: peak resident memory (median of {} runs): procsim {:.1} MB, xmllint {:.1} MB",
            case.name,
            scaled(MEMORY_RUNS, 1),
            p as f64 / 1024.0,
            x as f64 / 1024.0
        ),
        _ => println!(
            "{}: {GNU_TIME} is not GNU time: peak memory not measured",
            case.name
        ),
    }
    Ok(ratio)
}

/// Wall time of one run, from spawn to exit, its output discarded.
fn timed(command: &Command) -> Result<Duration> {
    let started = Instant::now();
    let status = Command::new(command.get_program())
        .args(command.get_args())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot start {command:?}: {e}"))?;
    let took = started.elapsed();
    if status.success() {
        Ok(took)
    } else {
        Err(format!("{command:?} exited with {status}"))
    }
}

/// The median peak resident memory (kB) of runs under GNU time, or
/// `None` when `/usr/bin/time` is missing or is not GNU time.
fn peak_kb(command: &Command) -> Result<Option<u64>> {
    let mut peaks = Vec::new();
    for _ in 0..scaled(MEMORY_RUNS, 1) {
        let Ok(output) = Command::new(GNU_TIME)
            .args(["-f", "peak %M"])
            .arg(command.get_program())
            .args(command.get_args())
            .stdout(Stdio::null())
            .output()
        else {
            return Ok(None);
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        let Some(kb) = stderr
            .lines()
            .filter_map(|line| line.strip_prefix("peak "))
            .find_map(|kb| kb.trim().parse().ok())
        else {
            return Ok(None);
        };
        if !output.status.success() {
            return Err(format!(
                "{command:?} under {GNU_TIME} exited with {}",
                output.status
            ));
        }
        peaks.push(kb);
    }
    Ok(Some(median(peaks)))
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn median<T: Ord + Copy>(mut values: Vec<T>) -> T {
    values.sort_unstable();
    values[values.len() / 2]
}
