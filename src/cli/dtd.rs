//! `procsim dtd fetch [VERSION...]` and `procsim dtd list`: install the
//! official cXML DTDs into the user's cache (see `procsim::dtd_store`) and
//! show what is there.
//!
//! Exit status: 0 when done, 1 when a download or a checksum failed
//! (nothing of that version is installed), 2 on a usage error (a version
//! procsim has no sums for, no cache directory).

use std::{io::Write, path::PathBuf, process::ExitCode, time::Duration};

use clap::{Args, Subcommand};
use procsim::dtd_store::{self, DtdStore, PinnedVersion};

/// Overrides cxml.org's address (a mirror, or a test server).
pub const BASE_URL_ENV: &str = "PROCSIM_DTD_BASE_URL";

#[derive(Debug, Args)]
pub struct DtdArgs {
    #[command(subcommand)]
    command: DtdCommand,
}

#[derive(Debug, Subcommand)]
enum DtdCommand {
    /// Download a version's DTDs, check their SHA-256 sums and install them
    /// in the user's cache. Without VERSION: every version procsim knows.
    Fetch(FetchArgs),
    /// Show the installed versions and whether their files are intact.
    List,
}

#[derive(Debug, Args)]
struct FetchArgs {
    /// cXML versions, e.g. 1.2.071.
    #[arg(value_name = "VERSION")]
    versions: Vec<String>,
    /// Install from a local copy of the files (same checks) instead of
    /// downloading.
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// Where the versions are published. Defaults to $PROCSIM_DTD_BASE_URL,
    /// else http://xml.cxml.org/schemas/cXML.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

pub fn run(args: DtdArgs) -> ExitCode {
    let Some(store) = DtdStore::user_cache() else {
        return usage("no cache directory: set XDG_CACHE_HOME or HOME");
    };
    match args.command {
        DtdCommand::Fetch(fetch) => run_fetch(&store, fetch),
        DtdCommand::List => run_list(&store),
    }
}

fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("procsim dtd: {message}");
    ExitCode::from(2)
}

fn run_fetch(store: &DtdStore, args: FetchArgs) -> ExitCode {
    let versions: Vec<String> = if args.versions.is_empty() {
        dtd_store::known_versions().map(str::to_owned).collect()
    } else {
        args.versions
    };
    let mut pinned = Vec::new();
    for version in &versions {
        match dtd_store::pinned(version) {
            Some(p) => pinned.push(p),
            None => {
                let known: Vec<_> = dtd_store::known_versions().collect();
                return usage(format!(
                    "unknown cXML version {version}: procsim has no pinned checksums for it \
                     (it can fetch {})",
                    known.join(", ")
                ));
            }
        }
    }
    let mut failed = false;
    for version in pinned {
        let files = match &args.from {
            Some(dir) => dtd_store::read_folder(dir, version).map_err(|e| e.to_string()),
            None => download(version, args.base_url.as_deref()),
        };
        let installed = files.and_then(|f| store.install(version, &f).map_err(|e| e.to_string()));
        match installed {
            Ok(dir) => println!("installed cXML {} in {}", version.version, dir.display()),
            Err(err) => {
                eprintln!("procsim dtd fetch: {err}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn download(
    version: &PinnedVersion,
    base_url: Option<&str>,
) -> Result<Vec<(&'static str, Vec<u8>)>, String> {
    let base = base_url
        .map(str::to_owned)
        .or_else(|| std::env::var(BASE_URL_ENV).ok())
        .unwrap_or_else(|| dtd_store::DEFAULT_BASE_URL.to_owned());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| format!("cannot start the async runtime: {err}"))?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|err| format!("cannot build the HTTP client: {err}"))?;
    eprintln!("procsim dtd fetch: cXML {} from {base}", version.version);
    runtime
        .block_on(dtd_store::download(&client, &base, version, |p| {
            eprintln!(
                "  [{}/{}] {} ({} KiB)",
                p.index,
                p.total,
                p.file,
                p.bytes.div_ceil(1024)
            );
        }))
        .map_err(|err| err.to_string())
}

fn run_list(store: &DtdStore) -> ExitCode {
    let installed = store.installed();
    let mut out = std::io::stdout().lock();
    let listed = (|| -> std::io::Result<()> {
        writeln!(out, "cXML DTDs in {}:", store.root().display())?;
        if installed.is_empty() {
            writeln!(out, "  none installed; run `procsim dtd fetch 1.2.071`")?;
        }
        for version in &installed {
            writeln!(out, "  {}  {}", version.version, integrity(version))?;
        }
        let known: Vec<_> = dtd_store::known_versions().collect();
        writeln!(out, "procsim can fetch: {}", known.join(", "))
    })();
    match listed {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => usage(format!("cannot write the list: {err}")),
    }
}

/// Whether an installed version still matches its pinned sums.
fn integrity(installed: &dtd_store::Installed) -> String {
    let Some(pinned) = dtd_store::pinned(&installed.version) else {
        return "not a version procsim knows (no checksums to compare)".to_owned();
    };
    match dtd_store::read_folder(&installed.dir, pinned).map(|files| {
        files
            .iter()
            .zip(pinned.files)
            .filter(|((_, bytes), f)| dtd_store::sha256_hex(bytes) != f.sha256)
            .map(|((name, _), _)| *name)
            .collect::<Vec<_>>()
    }) {
        Ok(changed) if changed.is_empty() => {
            format!("{} files, checksums match", pinned.files.len())
        }
        Ok(changed) => format!(
            "CHANGED: {} (run `procsim dtd fetch {}` again)",
            changed.join(", "),
            installed.version
        ),
        Err(err) => format!("INCOMPLETE: {err}"),
    }
}
