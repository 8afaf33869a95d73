//! `procsim up` as a process, started and stopped as a person or a
//! service manager does: its URLs read from what it prints, stopped with
//! SIGTERM, killed with SIGKILL, its resident memory read from `/proc`.
//! For what only a whole process shows: shutdown, crashes, memory.

use std::{
    collections::BTreeMap,
    io::{BufRead, BufReader},
    path::Path,
    process::{Child, ChildStdout, Command, ExitStatus, Stdio},
    time::{Duration, Instant},
};

use super::browser::Result;

/// A running `procsim up`.
pub struct Process {
    child: Child,
    lines: std::io::Lines<BufReader<ChildStdout>>,
    /// Each service's base URL by name, as printed.
    urls: BTreeMap<String, String>,
}

impl Process {
    /// Starts `binary up --port-base 0` with `extra` arguments and
    /// returns once it printed that it is up (every service then answers).
    pub fn up(binary: &Path, extra: &[&str]) -> Result<Process> {
        let mut process = Process::spawn(binary, extra)?;
        process.wait_for_line("procsim is up")?;
        // One line per service, then mail's SMTP listener last.
        loop {
            let line = process.next_line()?;
            let mut words = line.split_whitespace();
            let (Some(name), Some(url)) = (words.next(), words.next()) else {
                continue;
            };
            process.urls.insert(name.to_owned(), url.to_owned());
            if url.starts_with("smtp://") {
                return Ok(process);
            }
        }
    }

    /// Starts `binary up --port-base 0` with `extra` arguments and returns
    /// at once (it may not be listening yet).
    pub fn spawn(binary: &Path, extra: &[&str]) -> Result<Process> {
        let child = Command::new(binary)
            .args(["up", "--port-base", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        Process::from_child(child)
    }

    fn from_child(mut child: Child) -> Result<Process> {
        let stdout = child.stdout.take().ok_or("no stdout")?;
        Ok(Process {
            child,
            lines: BufReader::new(stdout).lines(),
            urls: BTreeMap::new(),
        })
    }

    /// The next line it prints.
    pub fn next_line(&mut self) -> Result<String> {
        match self.lines.next() {
            Some(line) => line.map_err(|e| e.to_string()),
            None => Err("procsim closed its output".to_owned()),
        }
    }

    /// Reads lines until one contains `text`.
    pub fn wait_for_line(&mut self, text: &str) -> Result<String> {
        loop {
            let line = self.next_line()?;
            if line.contains(text) {
                return Ok(line);
            }
        }
    }

    /// The base URL it printed for `service`.
    pub fn url(&self, service: &str) -> Result<&str> {
        self.urls
            .get(service)
            .map(String::as_str)
            .ok_or_else(|| format!("procsim printed no URL for {service}"))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `signal` (`TERM`, `KILL`, `INT`).
    pub fn signal(&self, signal: &str) -> Result<()> {
        let status = Command::new("kill")
            .args([format!("-{signal}"), self.pid().to_string()])
            .status()
            .map_err(|e| format!("kill: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("kill -{signal} {} failed: {status}", self.pid()))
        }
    }

    /// Waits up to `limit` for it to exit.
    pub fn wait_exit(&mut self, limit: Duration) -> Result<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().map_err(|e| e.to_string())? {
                return Ok(status);
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                return Err(format!("procsim did not exit within {limit:?}"));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// `kill -9` and reap it: a crash.
    pub fn crash(mut self) -> Result<()> {
        self.signal("KILL")?;
        self.child.wait().map_err(|e| e.to_string())?;
        Ok(())
    }

    /// Resident memory now, in kB (`VmRSS`).
    pub fn resident_kb(&self) -> Result<u64> {
        resident_kb(self.pid())
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `VmRSS` of process `pid`, in kB.
pub fn resident_kb(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("/proc/{pid}/status: {e}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
        .ok_or_else(|| "no VmRSS".to_owned())
}
