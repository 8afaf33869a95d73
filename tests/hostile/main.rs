//! The hostile-input matrix (issue 10): every case of `cases` against one
//! running ecosystem, each answered as the table says, every service still
//! healthy, nothing changed and no secret journaled; and the table in
//! `docs/hostile-matrix.md` is the one this test runs.

mod cases;
mod fixture;

use std::path::Path;

use scenarios::support::browser::Result;

use cases::{Case, Probe};
use fixture::Fixture;

const DOC: &str = "docs/hostile-matrix.md";

#[tokio::test]
async fn every_hostile_input_is_refused_healthily_and_changes_nothing() -> Result<()> {
    let fixture = Fixture::start().await?;
    let cases = cases::all();
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(why) = run(&fixture, case).await {
            failures.push(format!("{}: {why}", case.name));
        }
    }
    fixture.sim.stop().await?;
    if !failures.is_empty() {
        return Err(format!(
            "{} cases failed:\n{}",
            failures.len(),
            failures.join("\n")
        ));
    }
    Ok(())
}

#[test]
fn the_documented_matrix_is_the_one_that_runs() -> Result<()> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DOC);
    let table = cases::markdown(&cases::all());
    if std::env::var_os("PROCSIM_WRITE_DOCS").is_some() {
        return std::fs::write(&path, table).map_err(|e| e.to_string());
    }
    let written = std::fs::read_to_string(&path).map_err(|e| format!("{DOC}: {e}"))?;
    if written != table {
        return Err(format!(
            "{DOC} is not the matrix tests/hostile runs; rewrite it with \
             PROCSIM_WRITE_DOCS=1 cargo test --test hostile"
        ));
    }
    Ok(())
}

async fn run(fixture: &Fixture, case: &Case) -> Result<()> {
    let before = fixture.state().await?;
    let probe = (case.probe)(fixture);
    let service = probe.service;
    let (status, headers, body) = send(fixture, probe).await?;
    let expect = &case.expect;
    if status != expect.http {
        return Err(format!(
            "HTTP {status}, not {}: {}",
            expect.http,
            excerpt(&body)
        ));
    }
    match expect.cxml {
        Some(code) => {
            let answer = cxml::read::read(&body)
                .map_err(|e| format!("the answer is not cXML ({e}): {}", excerpt(&body)))?;
            let status = answer.doc.response.map(|r| r.status).ok_or("no Status")?;
            if status.code.trim() != code.to_string() || !status.text.contains(expect.says) {
                return Err(format!(
                    "Status {} {:?}, not {code} saying {:?}",
                    status.code, status.text, expect.says
                ));
            }
        }
        None => {
            let text = String::from_utf8_lossy(&body);
            if !text.contains(expect.says) {
                return Err(format!(
                    "the answer does not say {:?}: {}",
                    expect.says,
                    excerpt(&body)
                ));
            }
        }
    }
    if let Some((name, start)) = expect.header {
        let value = headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !value.starts_with(start) {
            return Err(format!("{name}: {value:?}, not {start:?}…"));
        }
    }
    fixture.healthy().await?;
    let after = fixture.state().await?;
    if after != before {
        let changed: Vec<&String> = before
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(name, value)| after.get(name.as_str()) != Some(value))
            .map(|(name, _)| name)
            .collect();
        return Err(format!("it changed {changed:?}"));
    }
    if let Some(secret) = expect.hides
        && fixture.newest_exchange_shows(service, secret).await?
    {
        return Err(format!("{service}'s journal shows the secret {secret:?}"));
    }
    Ok(())
}

async fn send(
    fixture: &Fixture,
    probe: Probe,
) -> Result<(u16, reqwest::header::HeaderMap, Vec<u8>)> {
    let url = format!("{}{}", fixture.sim.url(probe.service), probe.path);
    let mut request = fixture
        .sim
        .http
        .request(probe.method, &url)
        .body(probe.body);
    for (name, value) in probe.headers {
        request = request.header(name, value);
    }
    let reply = request.send().await.map_err(|e| format!("{url}: {e}"))?;
    let status = reply.status().as_u16();
    let headers = reply.headers().clone();
    let body = reply.bytes().await.map_err(|e| e.to_string())?.to_vec();
    Ok((status, headers, body))
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    text.chars().take(300).collect()
}
