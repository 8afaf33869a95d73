//! `procsim validate` against libxml2, on mutants of every whole public
//! sample: the verdict (valid, invalid, not well-formed) and the line of
//! the first error must agree with `xmllint --noout --nonet --dtdvalid`,
//! except for the intended differences listed in [`INTENDED`] (and in
//! docs/validate-vs-libxml2.md).
//!
//! The generator (`differential/mutate.rs`) is seeded: `PROCSIM_DIFF_SEED`
//! and `PROCSIM_DIFF_COUNT` (default 2,000 mutants) choose the run, e.g.
//! `PROCSIM_DIFF_COUNT=50000 cargo test --release --test validate_differential`
//! for the long run. Without xmllint (Debian: `libxml2-utils`) the test
//! says so and skips, unless `PROCSIM_REQUIRE_SHARED=1` (CI), where it fails.

#[path = "differential/mutate.rs"]
mod mutate;

use std::{
    collections::BTreeMap,
    io::Write,
    path::{Path, PathBuf},
    process::Command,
    sync::Mutex,
};

use cxml::{RuleContext, validate::DtdCatalog};
use mutate::{KINDS, Rng, mutate};

const DEFAULT_COUNT: usize = 2_000;
const DEFAULT_SEED: u64 = 13;

/// Mutation kinds where procsim knowingly differs from libxml2, and why.
/// A kind listed here is still run and counted; only its differences are
/// forgiven, in the way the second field says.
const INTENDED: &[(&str, Forgive, &str)] = &[
    (
        "crlf-line-ends",
        Forgive::Line,
        "none in fact: kept to show CR LF counts as one line on both sides",
    ),
    (
        "undeclared-entity",
        Forgive::Nothing,
        "libxml2 prints \"Entity 'x' not defined\" (a validity error when an external subset \
         could declare it) but exits 0; the oracle reads that message as invalid",
    ),
    (
        "entity-with-markup",
        Forgive::Verdict,
        "procsim validates the elements an entity's replacement text brings into content, as \
         XML says; libxml2 without --noent keeps them under an entity reference node that \
         validation does not look into, and passes content the DTD does not allow",
    ),
    (
        "cxml-version-entity",
        Forgive::Verdict,
        "cXML.dtd declares &cxml.version;, and procsim expands it from the DTD it validates \
         against; xmllint --dtdvalid reads the DTD only after parsing, so it calls the entity \
         undeclared (valid by its exit status, with an error message)",
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Forgive {
    /// Nothing: the kind is listed only to explain how it is compared.
    Nothing,
    /// The first error line may differ.
    Line,
    /// The verdict may differ.
    Verdict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    Valid,
    Invalid,
    NotWellFormed,
}

/// A verdict with the line of its first error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Outcome {
    verdict: Verdict,
    line: Option<u32>,
}

fn xmllint_available() -> bool {
    Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// libxml2's verdict: exit 1 not well-formed, 3 or 4 invalid, 0 valid
/// unless it printed an undeclared entity (a validity error it reports
/// without counting it). The line is the first error's.
fn xmllint(dtd: &Path, file: &Path) -> Outcome {
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--dtdvalid"])
        .arg(dtd)
        .arg(file)
        .output()
        .expect("xmllint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let prefix = format!("{}:", file.display());
    let errors: Vec<(u32, &str)> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .filter_map(|l| {
            let (line, rest) = l.split_once(':')?;
            let error = rest.contains("parser error") || rest.contains("validity error");
            error
                .then(|| (line.parse().ok(), rest))
                .and_then(|(n, r)| Some((n?, r)))
        })
        .collect();
    let entity = errors
        .iter()
        .find(|(_, r)| r.contains("parser error : Entity '") && r.ends_with("not defined"));
    let verdict = match out.status.code() {
        Some(0) if entity.is_some() => Verdict::Invalid,
        Some(0) => Verdict::Valid,
        Some(3 | 4) => Verdict::Invalid,
        _ => Verdict::NotWellFormed,
    };
    let line = match verdict {
        Verdict::Valid => None,
        Verdict::NotWellFormed => errors.iter().find(|(_, r)| r.contains("parser error")),
        Verdict::Invalid => errors.iter().min_by_key(|(n, _)| *n),
    }
    .map(|(n, _)| *n);
    Outcome { verdict, line }
}

/// procsim's verdict, from the library `procsim validate` calls.
fn procsim(bytes: &[u8], catalog: &DtdCatalog) -> (Outcome, Option<&'static str>) {
    let report = cxml::validate::validate(bytes, catalog, &RuleContext::default())
        .expect("validation of a sample's mutant gives a report");
    let first = |rule: &str| {
        report
            .findings
            .iter()
            .filter(|f| f.rule.as_str() == rule)
            .map(|f| f.line)
            .min()
    };
    // A document a limit left unread (CX005, CX006; `well_formed` is
    // null) is compared as not well-formed: libxml2 stops on those with a
    // fatal error too.
    let outcome = if report.well_formed != Some(true) {
        let failure = report
            .findings
            .iter()
            .find(|f| matches!(f.rule.as_str(), "CX001" | "CX005" | "CX006"));
        Outcome {
            verdict: Verdict::NotWellFormed,
            line: failure.map(|f| f.line),
        }
    } else if report.dtd_valid == Some(true) {
        Outcome {
            verdict: Verdict::Valid,
            line: None,
        }
    } else {
        Outcome {
            verdict: Verdict::Invalid,
            line: first("CX002"),
        }
    };
    (outcome, report.dtd)
}

struct Sample {
    name: String,
    text: String,
    dtd: String,
}

/// Every whole sample (VERDICTS.tsv marks the fragments).
fn samples(dir: &Path) -> Vec<Sample> {
    let table = std::fs::read_to_string(dir.join("VERDICTS.tsv"))
        .expect("the samples folder has a readable VERDICTS.tsv");
    table
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|cols| cols[1] != "fragment")
        .map(|cols| Sample {
            name: cols[0].to_owned(),
            text: std::fs::read_to_string(dir.join(cols[0]))
                .expect("every sample named in VERDICTS.tsv is readable"),
            dtd: cols[2].to_owned(),
        })
        .collect()
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[derive(Default)]
struct Tally {
    agreed: usize,
    intended: usize,
    by_kind: BTreeMap<&'static str, (usize, usize)>,
    disagreements: Vec<String>,
}

#[test]
fn procsim_agrees_with_libxml2_on_mutants_of_every_sample() {
    let dtds = shared_fixtures::or_skip!(shared_fixtures::dtd_dir());
    let samples_dir = shared_fixtures::or_skip!(shared_fixtures::samples_dir());
    if !xmllint_available() {
        let why = "xmllint not found: install libxml2-utils (Debian) to compare with libxml2";
        assert!(
            !shared_fixtures::required(),
            "{why} ({}=1 forbids skipping)",
            shared_fixtures::REQUIRE_ENV
        );
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED procsim_agrees_with_libxml2_on_mutants_of_every_sample: {why}"
        );
        return;
    }
    let seed = env_or("PROCSIM_DIFF_SEED", DEFAULT_SEED);
    let count = env_or("PROCSIM_DIFF_COUNT", DEFAULT_COUNT);
    let samples = samples(&samples_dir);
    let catalog = DtdCatalog::new(&dtds);
    let scratch = tempfile::tempdir().unwrap();
    let tally = Mutex::new(Tally::default());
    let workers = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .min(4);
    std::thread::scope(|scope| {
        for worker in 0..workers {
            let (samples, catalog, tally, dtds) = (&samples, &catalog, &tally, &dtds);
            let file = scratch.path().join(format!("mutant-{worker}.xml"));
            scope.spawn(move || {
                for index in (worker..count).step_by(workers) {
                    let mut rng =
                        Rng::new(seed ^ (index as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
                    let sample = rng.pick(samples);
                    let kind = *rng.pick(KINDS);
                    let mutant = mutate(&sample.text, kind, &mut rng);
                    std::fs::write(&file, &mutant.bytes).unwrap();
                    let (ours, chosen) = procsim(&mutant.bytes, catalog);
                    let dtd = dtds.join(chosen.unwrap_or(&sample.dtd));
                    let theirs = xmllint(&dtd, &file);
                    record(tally, index, sample, &mutant, ours, theirs, &file);
                }
            });
        }
    });
    let tally = tally.into_inner().unwrap();
    let mut report = String::new();
    for (kind, (n, agreed)) in &tally.by_kind {
        report.push_str(&format!("  {kind:32} {agreed:>6} of {n:>6}\n"));
    }
    let _ = writeln!(
        std::io::stderr(),
        "differential (seed {seed}): {count} mutants of {} samples, {} agree, {} intended differences, {} disagreements\n{report}",
        samples.len(),
        tally.agreed,
        tally.intended,
        tally.disagreements.len()
    );
    assert!(
        tally.disagreements.is_empty(),
        "{} disagreements with libxml2 (seed {seed}; rerun with PROCSIM_DIFF_SEED/PROCSIM_DIFF_COUNT):\n{}",
        tally.disagreements.len(),
        tally
            .disagreements
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn record(
    tally: &Mutex<Tally>,
    index: usize,
    sample: &Sample,
    mutant: &mutate::Mutant,
    ours: Outcome,
    theirs: Outcome,
    file: &Path,
) {
    let forgive = INTENDED
        .iter()
        .find(|(k, _, _)| *k == mutant.kind)
        .map(|(_, f, _)| *f);
    let same_verdict = ours.verdict == theirs.verdict;
    let same_line = ours.line == theirs.line;
    let mut tally = tally
        .lock()
        .expect("no thread panicked while holding the tally");
    let entry = tally.by_kind.entry(mutant.kind).or_default();
    entry.0 += 1;
    if same_verdict && same_line {
        entry.1 += 1;
        tally.agreed += 1;
    } else if forgive == Some(Forgive::Verdict) || (same_verdict && forgive == Some(Forgive::Line))
    {
        tally.intended += 1;
    } else {
        let kept = keep(file, index);
        tally.disagreements.push(format!(
            "#{index} {} of {}: procsim {ours:?}, libxml2 {theirs:?} (kept as {})",
            mutant.kind,
            sample.name,
            kept.display()
        ));
    }
}

/// Keeps a disagreeing mutant where a person can look at it.
fn keep(file: &Path, index: usize) -> PathBuf {
    let dir = std::env::temp_dir().join("procsim-differential");
    let _ = std::fs::create_dir_all(&dir);
    let kept = dir.join(format!("{index}.xml"));
    let _ = std::fs::copy(file, &kept);
    kept
}
