//! `procsim up` stops when asked, whatever its clients do: a client that
//! sent half a request does not hold it up beyond the shutdown deadline,
//! and a SIGTERM that arrives while the services are still starting is a
//! clean stop, not a death by signal (issue 10, defect 6).

use std::{
    io::Write,
    net::TcpStream,
    path::Path,
    time::{Duration, Instant},
};

use scenarios::support::{browser::Result, process::Process};

const PROCSIM: &str = env!("CARGO_BIN_EXE_procsim");

#[test]
fn a_stalled_client_does_not_hold_up_the_stop() -> Result<()> {
    let procsim = Process::up(Path::new(PROCSIM), &[])?;
    let mut stalled = Vec::new();
    for service in ["dashboard", "marketplace", "coupa"] {
        let address = procsim
            .url(service)?
            .trim_start_matches("http://")
            .to_owned();
        let mut stream = TcpStream::connect(&address).map_err(|e| e.to_string())?;
        // Headers begun, never finished.
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            .map_err(|e| e.to_string())?;
        stalled.push(stream);
    }
    // And a request whose body never comes.
    let address = procsim
        .url("marketplace")?
        .trim_start_matches("http://")
        .to_owned();
    let mut stream = TcpStream::connect(&address).map_err(|e| e.to_string())?;
    stream
        .write_all(b"POST /cxml HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<cXML")
        .map_err(|e| e.to_string())?;
    stalled.push(stream);

    let mut procsim = procsim;
    let asked = Instant::now();
    procsim.signal("TERM")?;
    let status = procsim.wait_exit(Duration::from_secs(30))?;
    let took = asked.elapsed();
    assert!(status.success(), "{status}");
    // Five seconds for open requests, then the connections are dropped.
    assert!(took < Duration::from_secs(12), "stopping took {took:?}");
    drop(stalled);
    Ok(())
}

#[test]
fn a_sigterm_while_starting_is_a_clean_stop() -> Result<()> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let data_dir = dir.path().to_string_lossy().into_owned();
    let mut procsim = Process::spawn(Path::new(PROCSIM), &["--data-dir", &data_dir])?;
    procsim.wait_for_line("procsim is starting")?;
    procsim.signal("TERM")?;
    let status = procsim.wait_exit(Duration::from_secs(30))?;
    assert!(status.success(), "stopped by {status}, not cleanly");
    Ok(())
}
