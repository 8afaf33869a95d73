//! `procsim dtd fetch` and `procsim dtd list` as a user runs them, against
//! a local server standing in for xml.cxml.org (its base URL overridden),
//! and `procsim validate` finding what they installed. Each test has its
//! own cache folder (XDG_CACHE_HOME).

use std::{
    path::{Path, PathBuf},
    process::Output,
};

use procsim::dtd_store::{self, DtdStore};
use tokio::process::Command;
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

const VERSION: &str = "1.2.071";

/// A small DTD-valid document declaring `version`.
fn profile_request(version: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/{version}/cXML.dtd\">\n\
         <cXML payloadID=\"1@procsim.test\" timestamp=\"2025-01-01T00:00:00+00:00\">\
         <Header><From><Credential domain=\"NetworkID\"><Identity>A</Identity></Credential></From>\
         <To><Credential domain=\"NetworkID\"><Identity>B</Identity></Credential></To>\
         <Sender><Credential domain=\"NetworkID\"><Identity>A</Identity></Credential>\
         <UserAgent>test</UserAgent></Sender></Header>\
         <Request deploymentMode=\"test\"><ProfileRequest/></Request></cXML>\n"
    )
}

async fn procsim(cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_procsim"))
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        .env_remove("PROCSIM_DTD_DIR")
        .env_remove("PROCSIM_DTD_BASE_URL")
        .output()
        .await
        .expect("procsim runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file of the version, as the shared copy (or the cache) has it.
fn official_files() -> Vec<(&'static str, Vec<u8>)> {
    let pinned = dtd_store::pinned(VERSION).expect("pinned");
    dtd_store::read_folder(&shared_fixtures::dtds(), pinned).expect("official files")
}

/// Serves `files` as cxml.org lays them out; the base URL to pass.
async fn serve(files: &[(&'static str, Vec<u8>)]) -> (MockServer, String) {
    let server = MockServer::start().await;
    for (name, bytes) in files {
        Mock::given(method("GET"))
            .and(path(format!("/schemas/cXML/{VERSION}/{name}")))
            .respond_with(ResponseTemplate::new(200).set_body_bytes(bytes.clone()))
            .mount(&server)
            .await;
    }
    let base = format!("{}/schemas/cXML", server.uri());
    (server, base)
}

fn store_root(cache: &Path) -> PathBuf {
    cache.join("procsim").join("cxml-dtd")
}

/// What the store root holds, hidden leftovers included.
fn entries(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn fetch_downloads_verifies_and_installs_then_validate_finds_it() {
    shared_fixtures::skip_without_dtds!();
    let cache = tempfile::tempdir().expect("tempdir");
    let (server, base) = serve(&official_files()).await;

    let out = procsim(
        cache.path(),
        &["dtd", "fetch", VERSION, "--base-url", &base],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("[9/9]"),
        "progress: {}",
        text(&out.stderr)
    );
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(9));
    let dir = store_root(cache.path()).join(VERSION);
    for file in dtd_store::pinned(VERSION).expect("pinned").files {
        assert!(dir.join(file.name).is_file(), "{} installed", file.name);
    }
    assert_eq!(entries(&store_root(cache.path())), vec![VERSION.to_owned()]);

    let list = procsim(cache.path(), &["dtd", "list"]).await;
    assert_eq!(list.status.code(), Some(0));
    assert!(
        text(&list.stdout).contains("1.2.071  9 files, checksums match"),
        "{}",
        text(&list.stdout)
    );

    let doc = cache.path().join("profile.xml");
    std::fs::write(&doc, profile_request(VERSION)).expect("write");
    let doc = doc.to_string_lossy().into_owned();
    let out = procsim(cache.path(), &["validate", &doc]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("valid (ProfileRequest, cXML.dtd valid"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        !text(&out.stdout).contains("advisory"),
        "{}",
        text(&out.stdout)
    );
}

#[tokio::test]
async fn the_base_url_can_come_from_the_environment() {
    shared_fixtures::skip_without_dtds!();
    let cache = tempfile::tempdir().expect("tempdir");
    let (_server, base) = serve(&official_files()).await;
    let out = Command::new(env!("CARGO_BIN_EXE_procsim"))
        .args(["dtd", "fetch"])
        .env("XDG_CACHE_HOME", cache.path())
        .env("PROCSIM_DTD_BASE_URL", &base)
        .output()
        .await
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        store_root(cache.path())
            .join(VERSION)
            .join("cXML.dtd")
            .is_file()
    );
}

#[tokio::test]
async fn an_unknown_version_is_refused_before_any_download() {
    let cache = tempfile::tempdir().expect("tempdir");
    let server = MockServer::start().await;
    let base = format!("{}/schemas/cXML", server.uri());
    let out = procsim(
        cache.path(),
        &["dtd", "fetch", "1.2.014", "--base-url", &base],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown cXML version 1.2.014")
            && text(&out.stderr).contains("it can fetch 1.2.071"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(0));
    assert!(entries(&store_root(cache.path())).is_empty());
}

#[tokio::test]
async fn a_checksum_mismatch_installs_nothing() {
    shared_fixtures::skip_without_dtds!();
    let cache = tempfile::tempdir().expect("tempdir");
    let mut files = official_files();
    if let Some((_, bytes)) = files.iter_mut().find(|(name, _)| *name == "Fulfill.dtd") {
        bytes.extend_from_slice(b"\n<!-- changed -->\n");
    }
    let (server, base) = serve(&files).await;
    let out = procsim(
        cache.path(),
        &["dtd", "fetch", VERSION, "--base-url", &base],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("checksum mismatch for Fulfill.dtd of cXML 1.2.071"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(9));
    assert!(
        entries(&store_root(cache.path())).is_empty(),
        "nothing installed, no leftovers: {:?}",
        entries(&store_root(cache.path()))
    );
}

#[tokio::test]
async fn a_missing_file_on_the_server_installs_nothing() {
    shared_fixtures::skip_without_dtds!();
    let cache = tempfile::tempdir().expect("tempdir");
    let files: Vec<_> = official_files()
        .into_iter()
        .filter(|(name, _)| *name != "Quote.dtd")
        .collect();
    let (_server, base) = serve(&files).await;
    let out = procsim(
        cache.path(),
        &["dtd", "fetch", VERSION, "--base-url", &base],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("HTTP 404"),
        "{}",
        text(&out.stderr)
    );
    assert!(entries(&store_root(cache.path())).is_empty());
}

#[tokio::test]
async fn from_installs_a_local_copy_with_the_same_checks() {
    shared_fixtures::skip_without_dtds!();
    let cache = tempfile::tempdir().expect("tempdir");
    let copy = tempfile::tempdir().expect("tempdir");
    for (name, bytes) in official_files() {
        std::fs::write(copy.path().join(name), bytes).expect("copy");
    }
    let from = copy.path().to_string_lossy().into_owned();

    let out = procsim(cache.path(), &["dtd", "fetch", VERSION, "--from", &from]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        store_root(cache.path())
            .join(VERSION)
            .join("cXML.dtd")
            .is_file()
    );

    // A tampered copy replaces nothing: the good install stays.
    let other = tempfile::tempdir().expect("tempdir");
    std::fs::write(other.path().join("cXML.dtd"), "<!ELEMENT cXML ANY>").expect("write");
    for (name, bytes) in official_files()
        .into_iter()
        .filter(|(n, _)| *n != "cXML.dtd")
    {
        std::fs::write(other.path().join(name), bytes).expect("copy");
    }
    let other_dir = other.path().to_string_lossy().into_owned();
    let out = procsim(
        cache.path(),
        &["dtd", "fetch", VERSION, "--from", &other_dir],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("checksum mismatch for cXML.dtd"));
    assert_eq!(entries(&store_root(cache.path())), vec![VERSION.to_owned()]);
    let installed = std::fs::read(store_root(cache.path()).join(VERSION).join("cXML.dtd"))
        .expect("still installed");
    assert_ne!(installed, b"<!ELEMENT cXML ANY>");
}

#[tokio::test]
async fn a_declared_version_not_installed_is_judged_by_the_newest_with_an_advisory() {
    shared_fixtures::skip_without_dtds!();
    let cache = tempfile::tempdir().expect("tempdir");
    let from = shared_fixtures::dtds().to_string_lossy().into_owned();
    let out = procsim(cache.path(), &["dtd", "fetch", "--from", &from]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let doc = cache.path().join("old.xml");
    std::fs::write(&doc, profile_request("1.2.014")).expect("write");
    let doc = doc.to_string_lossy().into_owned();
    let out = procsim(cache.path(), &["validate", &doc]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains(
            "advisory: the document declares cXML 1.2.014, which is not installed; \
             checked against 1.2.071, the newest installed"
        ),
        "{}",
        text(&out.stdout)
    );
    let json = procsim(cache.path(), &["validate", "--format", "json", &doc]).await;
    let reports: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(reports[0]["dtd_version"], "1.2.071");
    assert_eq!(reports[0]["dtd_valid"], true);
}

#[tokio::test]
async fn without_dtds_validate_checks_the_rest_and_names_the_fix() {
    let cache = tempfile::tempdir().expect("tempdir");
    let good = cache.path().join("good.xml");
    std::fs::write(&good, profile_request(VERSION)).expect("write");
    let good = good.to_string_lossy().into_owned();
    let out = procsim(cache.path(), &["validate", &good]).await;
    assert_eq!(out.status.code(), Some(2), "not judged without the DTD");
    assert!(
        text(&out.stdout).contains("good.xml: not judged (ProfileRequest, DTD not checked"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stderr).contains("To check it, run: procsim dtd fetch 1.2.071"),
        "{}",
        text(&out.stderr)
    );

    let broken = cache.path().join("broken.xml");
    std::fs::write(&broken, "<cXML>\n  <Header>\n</cXML>\n").expect("write");
    let broken = broken.to_string_lossy().into_owned();
    let out = procsim(cache.path(), &["validate", "--format", "json", &broken]).await;
    assert_eq!(out.status.code(), Some(1), "not well-formed needs no DTD");
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(reports[0]["valid"], false);
    assert_eq!(reports[0]["well_formed"], false);
    assert_eq!(reports[0]["findings"][0]["rule"], "CX001");
}

#[test]
fn tests_and_procsim_agree_on_where_the_cache_is() {
    assert_eq!(
        DtdStore::user_cache().map(|s| s.version_dir(VERSION)),
        shared_fixtures::cached_dtd_dir(VERSION)
    );
}
