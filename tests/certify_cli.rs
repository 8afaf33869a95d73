//! `procsim certify supplier --cart script` as a user runs it: the example
//! recipe certifies the marketplace `procsim up` starts (the default
//! catalog and seed, in process here) in headless Chromium, exit 0; a
//! recipe that does not parse, a missing recipe file or a missing Chromium
//! is a usage error (exit 2) that says where or what to install, and so is
//! an `--out` that cannot be written, said before anything is sent.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

use procsim::{Ecosystem, EcosystemConfig};

fn example_recipe() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/certify-marketplace.recipe.toml")
}

/// `procsim certify supplier` for Coupa's seeded connection at
/// `setup_url`, with `extra` arguments.
fn certify(setup_url: &str, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_procsim"));
    command
        .args(["certify", "supplier", "--setup-url", setup_url])
        .args(["--order-url", setup_url, "--from", "coupa-acme"])
        .args([
            "--to",
            "procsim-marketplace",
            "--secret",
            "coupa-shared-secret",
        ])
        .args(["--platform", "coupa"])
        .args(extra);
    command
}

fn said(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Nothing listens here: a usage error must come before any exchange.
const NOWHERE: &str = "http://127.0.0.1:9/cxml";

#[test]
fn a_recipe_that_does_not_parse_is_a_usage_error_at_its_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let recipe = dir.path().join("shop.toml");
    std::fs::write(
        &recipe,
        "[[step]]\nclick = \"a\"\n\n[[step]]\nclick = \"b\"\ngoto = \"/\"\ntimout = 3\n",
    )
    .expect("written");
    let recipe = recipe.to_str().expect("a UTF-8 path");
    let out = certify(NOWHERE, &["--cart", "script", recipe])
        .output()
        .expect("procsim runs");
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{recipe}: line 7, column 1: unknown field `timout`"
        )),
        "{}",
        said(&out)
    );
    assert!(out.stdout.is_empty(), "{}", said(&out));
}

#[test]
fn a_missing_recipe_or_chromium_is_a_usage_error_saying_so() {
    let out = certify(NOWHERE, &["--cart", "script", "no-such-recipe.toml"])
        .output()
        .expect("procsim runs");
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot read the recipe no-such-recipe.toml"),
        "{}",
        said(&out)
    );

    let recipe = example_recipe();
    let out = certify(NOWHERE, &["--cart", "script"])
        .arg(&recipe)
        .env("PROCSIM_CHROMIUM", "/nonexistent/chromium")
        .output()
        .expect("procsim runs");
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/nonexistent/chromium")
            && stderr.contains("apt-get install -y chromium chromium-driver")
            && stderr.contains("PROCSIM_CHROMIUM"),
        "{}",
        said(&out)
    );

    let out = certify(NOWHERE, &["--cart", "script"])
        .output()
        .expect("procsim runs");
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--cart script FILE"),
        "{}",
        said(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_recipe_certifies_the_marketplace_procsim_up_starts() {
    let (ecosystem, setup_url, _) = marketplace_and_dashboard().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.json");
    let mut command = certify(&setup_url, &["--cart", "script"]);
    command
        .arg(example_recipe())
        .args(["--format", "json", "--out"])
        .arg(&report);
    let out = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("joined")
        .expect("procsim runs");
    ecosystem.stop().await.expect("stopped");
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("headless Chromium opens the StartPage"),
        "{stderr}"
    );
    assert!(stderr.contains("step 5 of 5: click"), "{stderr}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("the report")).expect("JSON");
    assert_eq!(json["verdict"], "passed", "{json:#}");
    let failed_or_skipped: Vec<_> = json["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["status"] != "passed")
        .map(|c| c["id"].as_str().unwrap_or_default())
        .collect();
    // Coupa sends no delete; the invoice checks need --invoices; every
    // other check ran on the cart and passed.
    let (invoice, other): (Vec<_>, Vec<_>) = failed_or_skipped
        .into_iter()
        .partition(|id| id.starts_with("CERT-INV-"));
    assert_eq!(other, ["CERT-ORDER-004"], "{json:#}");
    assert_eq!(invoice.len(), 7, "{json:#}");
}

/// `--dashboard URL` hands the finished run to `procsim up`'s dashboard:
/// the run is listed there with its verdict, the JSON report links to the
/// run page and names the dashboard's journal ids, each of which opens the
/// exchange the check judged (the same payloadID as the run's own journal
/// row), and the text report prints the links.
#[tokio::test(flavor = "multi_thread")]
async fn a_run_handed_to_the_dashboard_is_listed_there_and_its_report_links_to_it() {
    let (ecosystem, setup_url, dashboard) = marketplace_and_dashboard().await;
    let mut command = certify(&setup_url, &["--dashboard", &dashboard, "--format", "json"]);
    let out = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("joined")
        .expect("procsim runs");
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let run = json["dashboard"]["run"].as_str().expect("a run link");
    assert!(
        run.starts_with(&format!("{dashboard}/certify/runs/")),
        "{run}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(run),
        "{}",
        said(&out)
    );
    let http = reqwest::Client::new();
    let page = http.get(run).send().await.expect("the run page");
    assert_eq!(page.status(), 200);
    let page = page.text().await.expect("text");
    assert!(page.contains("CERT-SETUP-001"), "{page}");
    let list = text_of(&http, format!("{dashboard}/certify"), "the list").await;
    let id = run.rsplit('/').next().expect("an id");
    assert!(list.contains(&format!("/certify/runs/{id}")), "{list}");
    let journal = json["dashboard"]["journal"]
        .as_str()
        .expect("a journal link");
    let (mut linked, mut page_shown) = (0, false);
    for check in json["checks"].as_array().expect("checks") {
        let Some(entry) = check["evidence"]["journal_id"].as_i64() else {
            continue;
        };
        let exchange = http
            .get(format!("{journal}{entry}"))
            .send()
            .await
            .expect("the exchange page");
        assert_eq!(exchange.status(), 200, "{}", check["id"]);
        let detail: serde_json::Value = http
            .get(format!("{dashboard}/certify/api/journal/{entry}"))
            .send()
            .await
            .expect("the exchange")
            .json()
            .await
            .expect("JSON");
        assert_eq!(detail["flow_id"], json["flow"], "{}", check["id"]);
        if check["id"] == "CERT-SETUP-005" {
            // The StartPage as the marketplace served it: an HTML page,
            // shown escaped as text, never laid out or run.
            assert_eq!(detail["document_type"], "StartPage (GET)", "{detail:#}");
            let served = detail["response_raw"].as_str().expect("the page is kept");
            assert!(served.contains("<html"), "{served}");
            let shown = exchange.text().await.expect("the exchange page's text");
            assert!(shown.contains("an HTML page, shown as text"), "{shown}");
            assert!(shown.contains("&lt;html"), "{shown}");
            assert!(!shown.contains("class=\"x-tag\""), "{shown}");
            page_shown = true;
        }
        linked += 1;
    }
    assert!(
        linked >= 5,
        "only {linked} checks link to an exchange: {json:#}"
    );
    assert!(page_shown, "CERT-SETUP-005 links its StartPage: {json:#}");
    // The text report says where the run is, and links each exchange.
    let mut command = certify(&setup_url, &["--dashboard", &dashboard]);
    let out = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("joined")
        .expect("procsim runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("on the dashboard: "), "{text}");
    assert!(
        text.contains(&format!("{dashboard}/journal/certify/")),
        "{text}"
    );
    ecosystem.stop().await.expect("stopped");
}

/// `--cart manual --dashboard`: the run is on the dashboard from its
/// start, its page shows the StartPage to shop at and the countdown while
/// procsim waits, and the finished run is that same run (none is added).
#[tokio::test(flavor = "multi_thread")]
async fn a_manual_run_is_followed_on_the_dashboard_while_it_waits() {
    use tokio::io::{AsyncBufReadExt, BufReader};

    let (ecosystem, setup_url, dashboard) = marketplace_and_dashboard().await;
    let command = certify(
        &setup_url,
        &[
            "--cart",
            "manual",
            "--cart-timeout",
            "4",
            "--dashboard",
            &dashboard,
        ],
    );
    let mut child = tokio::process::Command::from(command)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("procsim runs");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let (mut run, mut start_page) = (None, None);
    while let Some(line) = stderr.next_line().await.expect("stderr reads") {
        if let Some(page) = line.split("follow the run on the dashboard: ").nth(1) {
            run = Some(page.trim().to_owned());
        }
        if line.trim_start().starts_with("http") && run.is_some() {
            start_page = Some(line.trim().to_owned());
            break;
        }
    }
    let run = run.expect("the run's dashboard page is said at the start");
    let start_page = start_page.expect("the StartPage is said");
    let http = reqwest::Client::new();
    // The person is told first, the dashboard just after.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let page = loop {
        let page = text_of(&http, &run, "the run page").await;
        if page.contains("Your turn") || std::time::Instant::now() > deadline {
            break page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(
        page.contains("Your turn: shop and return the cart"),
        "{page}"
    );
    // The page escapes the URL's slashes; its last segment is the token.
    let token = start_page.rsplit('/').next().expect("a token");
    assert!(
        page.contains(&format!("&#x2F;{token}\" target=\"_blank\"")),
        "the StartPage {start_page} is linked: {page}"
    );
    assert!(page.contains("procsim waits <strong>"), "{page}");
    // Nobody shops: the wait runs out and the run finishes, not certified.
    while stderr.next_line().await.expect("stderr reads").is_some() {}
    let out = child.wait_with_output().await.expect("procsim ends");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("on the dashboard: {run}")), "{text}");
    let page = text_of(&http, &run, "the run page").await;
    assert!(!page.contains("Your turn"), "{page}");
    assert!(page.contains("CERT-CART-001"), "{page}");
    let list = text_of(&http, format!("{dashboard}/certify"), "the list").await;
    assert_eq!(
        list.matches("/certify/runs/").count(),
        1,
        "one run, begun live and finished: {list}"
    );
    ecosystem.stop().await.expect("stopped");
}

/// An ecosystem as `procsim up` starts it, the URL its marketplace takes
/// cXML at, and its dashboard's URL.
async fn marketplace_and_dashboard() -> (Ecosystem, String, String) {
    let ecosystem = Ecosystem::start(EcosystemConfig::ephemeral())
        .await
        .expect("the ecosystem starts");
    let setup_url = format!(
        "{}/cxml",
        ecosystem.url("marketplace").expect("a marketplace")
    );
    let dashboard = ecosystem.url("dashboard").expect("a dashboard");
    (ecosystem, setup_url, dashboard)
}

/// The text of the page at `url`, `what` naming it if it cannot be had.
async fn text_of(http: &reqwest::Client, url: impl reqwest::IntoUrl, what: &str) -> String {
    http.get(url)
        .send()
        .await
        .expect(what)
        .text()
        .await
        .expect("text")
}

/// A dashboard that cannot be reached costs the links, not the verdict.
#[test]
fn an_unreachable_dashboard_is_said_and_the_verdict_stands() {
    let out = certify(NOWHERE, &["--dashboard", "http://127.0.0.1:9"])
        .output()
        .expect("procsim runs");
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "--dashboard: cannot reach the dashboard at http://127.0.0.1:9/certify/api/runs"
        ),
        "{}",
        said(&out)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("NOT CERTIFIED"),
        "{}",
        said(&out)
    );
}

/// A one-letter secret is masked wherever it occurs, which garbles the
/// report; the command says so before it runs.
#[test]
fn a_short_secret_is_warned_about() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_procsim"));
    command.args([
        "certify",
        "supplier",
        "--setup-url",
        NOWHERE,
        "--from",
        "b",
        "--to",
        "s",
        "--secret",
        "s",
        "--platform",
        "coupa",
    ]);
    let out = command.output().expect("procsim runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the shared secret is 1 character(s) long"),
        "{}",
        said(&out)
    );
}

/// An `--out` that cannot be written is a usage error said before the run
/// (a run a person shops in must not end in a report nobody can read):
/// nothing reaches the supplier, and `certify buyer` starts no
/// marketplace.
#[test]
fn an_unwritable_out_is_a_usage_error_before_anything_is_sent() {
    let supplier = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port binds");
    supplier
        .set_nonblocking(true)
        .expect("the listener can be non-blocking");
    let setup_url = format!(
        "http://{}/cxml",
        supplier
            .local_addr()
            .expect("a bound listener has an address")
    );
    let dir = tempfile::tempdir().expect("a temporary directory");
    let missing = dir.path().join("no-such-dir").join("report.json");
    for (out, why) in [
        (&missing, "No such file or directory"),
        (&dir.path().to_path_buf(), "it is a directory"),
    ] {
        let shown = out.to_str().expect("the temporary path is UTF-8");
        let run = certify(&setup_url, &["--out", shown])
            .output()
            .expect("procsim runs");
        assert_eq!(run.status.code(), Some(2), "{}", said(&run));
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            stderr.contains(&format!(
                "procsim certify supplier: --out: cannot write the report to {shown}: {why}"
            )),
            "{}",
            said(&run)
        );
        assert!(run.stdout.is_empty(), "{}", said(&run));
    }
    assert!(
        matches!(supplier.accept(), Err(err) if err.kind() == std::io::ErrorKind::WouldBlock),
        "nothing was sent to the supplier"
    );
    assert!(!missing.exists());

    let shown = missing.to_str().expect("the temporary path is UTF-8");
    let run = Command::new(env!("CARGO_BIN_EXE_procsim"))
        .args([
            "certify",
            "buyer",
            "--platform",
            "coupa",
            "--from",
            "coupa-acme",
        ])
        .args([
            "--to",
            "procsim-marketplace",
            "--secret",
            "coupa-shared-secret",
        ])
        .args(["--timeout", "1", "--out", shown])
        .output()
        .expect("procsim runs");
    assert_eq!(run.status.code(), Some(2), "{}", said(&run));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains(&format!(
            "procsim certify buyer: --out: cannot write the report to {shown}"
        )),
        "{}",
        said(&run)
    );
    assert!(
        !stderr.contains("waiting up to"),
        "the marketplace was not started: {}",
        said(&run)
    );
}
