//! `procsim up`: start every service and serve until Ctrl-C.

use std::{net::IpAddr, path::PathBuf, process::ExitCode};

use anyhow::{Context, Result};
use clap::Args;
use procsim::{Ecosystem, EcosystemConfig, ProcsimConfig, dtd_store};
use service_kit::journal::{Dtds, JournalLimits};

#[derive(Debug, Args)]
pub struct UpArgs {
    /// First port: dashboard N, marketplace N+1, coupa N+2, ariba N+3,
    /// mail web N+4, mail SMTP N+5. 0 picks free ports and prints them.
    #[arg(long, default_value_t = 7700)]
    port_base: u16,
    /// Address to bind every service on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Keep state in files under DIR so it survives a restart; without it,
    /// state lives in memory.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// TOML file with the connections' identities, shared secrets and peer
    /// URLs (see ARCHITECTURE.md, `src/config.rs`); defaults without it.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Seed of the generated marketplace catalog: the same seed gives the
    /// same listings and private offers.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The most exchanges each service's journal keeps; the oldest go
    /// first (the dashboard says how many).
    #[arg(long, value_name = "N", default_value_t = JournalLimits::default().max_rows)]
    journal_rows: u64,
    /// The most megabytes of documents each service's journal keeps.
    #[arg(long, value_name = "MB", default_value_t = JournalLimits::default().max_bytes / MB)]
    journal_mb: u64,
    /// Keep the simulated clock still until it is advanced (as tests do),
    /// instead of letting it run at wall-clock speed; the dashboard can
    /// resume it.
    #[arg(long)]
    paused_clock: bool,
    /// The official cXML DTDs every journal checks documents against:
    /// one version's folder or a folder of version folders (default:
    /// $PROCSIM_DTD_DIR, else the versions `procsim dtd fetch` installed).
    #[arg(long, value_name = "DIR")]
    dtd_dir: Option<PathBuf>,
}

const MB: u64 = 1024 * 1024;

/// The journal's limits from the flags; one body may take at most a
/// quarter of the bytes, so a small journal still keeps several.
fn journal_limits(rows: u64, mb: u64) -> JournalLimits {
    let max_bytes = mb.max(1).saturating_mul(MB);
    let default = JournalLimits::default();
    JournalLimits {
        max_rows: rows.max(1),
        max_bytes,
        body_cap: default
            .body_cap
            .min(usize::try_from(max_bytes / 4).unwrap_or(usize::MAX)),
    }
}

pub fn run(args: UpArgs) -> ExitCode {
    init_logging();
    match serve(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("procsim up: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: UpArgs) -> Result<()> {
    if let Some(dir) = &args.data_dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    }
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        // Listened for before anything starts: a SIGTERM while the services
        // are still starting stops procsim cleanly instead of killing it.
        let stop = stop_requested()?;
        tokio::pin!(stop);
        println!("procsim is starting...");
        let dtds = dtds(args.dtd_dir.clone())?;
        let connections = match &args.config {
            Some(path) => ProcsimConfig::load(path)?,
            None => ProcsimConfig::default(),
        };
        let config = EcosystemConfig {
            port_base: args.port_base,
            bind_ip: args.bind,
            // The simulated clock starts at the moment a person starts
            // procsim and, unless asked not to, runs on with the wall clock.
            clock_start: jiff::Timestamp::now(),
            clock_runs: !args.paused_clock,
            data_dir: args.data_dir,
            connections,
            seed: args.seed,
            catalog_size: None,
            journal_limits: journal_limits(args.journal_rows, args.journal_mb),
            dtds,
            connect_ariba: true,
        };
        let ecosystem = tokio::select! {
            started = Ecosystem::start(config) => started?,
            stopped = &mut stop => {
                // What was started is dropped: every listener closes and
                // every open transaction rolls back.
                println!("stopped before procsim was up");
                return stopped;
            }
        };
        println!("procsim is up (Ctrl-C stops it):");
        for endpoint in ecosystem.endpoints() {
            println!("  {:<12} {}", endpoint.name, endpoint.url());
        }
        stop.await?;
        println!("stopping...");
        ecosystem.stop().await
    })
}

/// The DTDs the journals check against, and a line saying which (or how
/// to get them).
fn dtds(flag: Option<PathBuf>) -> Result<Dtds> {
    let shelf = dtd_store::locate(flag).map_err(anyhow::Error::msg)?;
    match shelf.as_ref().and_then(|shelf| shelf.newest_dir()) {
        Some(dir) => println!(
            "documents are checked against the cXML DTDs in {} (newest)",
            dir.display()
        ),
        None => println!(
            "no cXML DTDs installed: documents are checked without them \
             (CX rules only); to check them too, run: {}",
            dtd_store::FETCH_HINT
        ),
    }
    Ok(Dtds::new(shelf))
}

/// Listens for Ctrl-C, or SIGTERM where there is one (service managers
/// and `timeout` send that), from the moment it is called; the future
/// resolves when one arrives, so both stop procsim gracefully.
#[cfg(unix)]
fn stop_requested() -> Result<impl std::future::Future<Output = Result<()>>> {
    use tokio::signal::unix::{SignalKind, signal};
    // Both handlers are installed here, not at the first poll.
    let mut term = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot listen for Ctrl-C")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => Ok(()),
            _ = term.recv() => Ok(()),
        }
    })
}

#[cfg(not(unix))]
fn stop_requested() -> Result<impl std::future::Future<Output = Result<()>>> {
    Ok(async {
        tokio::signal::ctrl_c()
            .await
            .context("cannot listen for Ctrl-C")
    })
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PROCSIM_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
}
