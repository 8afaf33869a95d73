//! `procsim up` from process start to every service healthy, and its
//! resident memory then (SPEC section 6: healthy in under 1 s; under
//! 100 MB resident with the default catalog).
//!
//! Each run starts the release `procsim up --port-base 0` (default catalog,
//! memory storage), reads the URLs it prints, asks every web service's
//! `GET /healthz` until all answer 200, reads `VmRSS` from `/proc`, and
//! stops it with SIGTERM. The baseline, in the same run, is the same
//! binary started as `procsim --version` until it exits: what starting
//! any process costs here.
//!
//! `cargo bench -p procsim --bench startup`; `cargo test --bench startup`
//! starts it once and judges nothing (a debug build is neither as quick
//! nor as small).

use scenarios::support::bench::{measuring, scaled};
use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

const RUNS: usize = 11;
const PROCSIM: &str = env!("CARGO_BIN_EXE_procsim");
/// Every service healthy within this (SPEC's start-up target)...
const HEALTHY_TARGET: Duration = Duration::from_secs(1);
/// ...in less resident memory than this.
const RESIDENT_TARGET_KB: u64 = 100 * 1024;

type Result<T> = std::result::Result<T, String>;

fn main() {
    if let Err(err) = run() {
        eprintln!("startup: {err}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let mut healthy = Vec::new();
    let mut resident = Vec::new();
    let mut baseline = Vec::new();
    let runs = scaled(RUNS, 1);
    for run in 1..=runs {
        baseline.push(version()?);
        let (took, rss_kb) = up()?;
        println!(
            "run {run:>2}: healthy after {:>6.1} ms, {:>5.1} MB resident; \
             `procsim --version` {:>5.1} ms",
            ms(took),
            rss_kb as f64 / 1024.0,
            ms(baseline[run - 1])
        );
        healthy.push(took);
        resident.push(rss_kb);
    }
    let healthy = median(healthy);
    let baseline = median(baseline);
    let resident_kb = median(resident);
    println!(
        "medians over {runs} runs: every service healthy after {:.1} ms (target under 1,000 ms), \
         {:.1} MB resident (target under 100 MB); process start and exit {:.1} ms; ratio {:.0}x",
        ms(healthy),
        resident_kb as f64 / 1024.0,
        ms(baseline),
        healthy.as_secs_f64() / baseline.as_secs_f64()
    );
    let mut missed = Vec::new();
    if !measuring() {
        return Ok(());
    }
    if healthy >= HEALTHY_TARGET {
        missed.push(format!("healthy after {:.1} ms", ms(healthy)));
    }
    if resident_kb >= RESIDENT_TARGET_KB {
        missed.push(format!("{:.1} MB resident", resident_kb as f64 / 1024.0));
    }
    if missed.is_empty() {
        Ok(())
    } else {
        Err(format!("missed the target: {}", missed.join(", ")))
    }
}

/// `procsim --version`, from spawn to exit.
fn version() -> Result<Duration> {
    let started = Instant::now();
    let status = Command::new(PROCSIM)
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("cannot start {PROCSIM}: {e}"))?;
    let took = started.elapsed();
    if status.success() {
        Ok(took)
    } else {
        Err(format!("`procsim --version` exited with {status}"))
    }
}

/// One `procsim up`: time to every service healthy, and VmRSS then (kB).
fn up() -> Result<(Duration, u64)> {
    let started = Instant::now();
    let mut child = Command::new(PROCSIM)
        .args(["up", "--port-base", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {PROCSIM}: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let mut urls = Vec::new();
    // The banner, then one line per endpoint; mail's SMTP line is last.
    for line in lines.by_ref() {
        let line = line.map_err(|e| e.to_string())?;
        let Some(url) = line.split_whitespace().nth(1) else {
            continue;
        };
        if let Some(address) = url.strip_prefix("http://") {
            urls.push(address.to_owned());
        }
        if url.starts_with("smtp://") {
            break;
        }
    }
    if urls.len() != 5 {
        let _ = child.kill();
        return Err(format!("expected five web services, read {urls:?}"));
    }
    for address in &urls {
        while !healthz(address) {
            if started.elapsed() > Duration::from_secs(30) {
                let _ = child.kill();
                return Err(format!("{address} never became healthy"));
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    let took = started.elapsed();
    let rss_kb = resident_kb(child.id())?;
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .map_err(|e| format!("cannot stop procsim: {e}"))?;
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("procsim up stopped with {status}"));
    }
    Ok((took, rss_kb))
}

/// Whether `GET /healthz` at `address` answers 200.
fn healthz(address: &str) -> bool {
    let Ok(mut stream) = TcpStream::connect(address) else {
        return false;
    };
    let request = format!("GET /healthz HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    reply.starts_with("HTTP/1.1 200")
}

fn resident_kb(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("cannot read /proc/{pid}/status: {e}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
        .ok_or_else(|| "no VmRSS".to_owned())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn median<T: Ord + Copy>(mut values: Vec<T>) -> T {
    values.sort_unstable();
    values[values.len() / 2]
}
