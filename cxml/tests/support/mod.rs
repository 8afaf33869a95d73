//! Shared test helpers: locating `../shared` (through the shared-fixtures
//! crate), DTD validity checks and document fixtures.
#![allow(dead_code)]

pub mod fixtures;

use std::path::PathBuf;
use std::sync::OnceLock;

/// The official DTDs (`../shared`, `PROCSIM_SHARED_DIR` or the DTD cache:
/// see the shared-fixtures crate). The test starts with
/// `shared_fixtures::skip_without_dtds!()`.
pub fn dtd_dir() -> PathBuf {
    shared_fixtures::dtds()
}

/// The public samples. The test starts with
/// `shared_fixtures::skip_without_samples!()`.
pub fn samples_dir() -> PathBuf {
    shared_fixtures::samples()
}

/// The official DTDs, compiled once per test binary by procsim's own
/// validator (whose verdicts are tested against libxml2's in
/// `validate_samples.rs`). The test starts with `skip_without_dtds!()`.
pub fn catalog() -> &'static cxml::DtdCatalog {
    found_catalog().expect("the test starts with skip_without_dtds!()")
}

fn found_catalog() -> Option<&'static cxml::DtdCatalog> {
    static CATALOG: OnceLock<Option<cxml::DtdCatalog>> = OnceLock::new();
    CATALOG
        .get_or_init(|| shared_fixtures::find_dtd_dir().map(cxml::DtdCatalog::new))
        .as_ref()
}

/// Asserts that `xml` is valid against `dtd_file` (e.g. `cXML.dtd`); without
/// the official DTDs this one check is skipped (said once per test binary)
/// and the rest of the test goes on.
pub fn assert_dtd_valid(xml: &str, dtd_file: &str) {
    static SAID: std::sync::Once = std::sync::Once::new();
    let Some(catalog) = found_catalog() else {
        SAID.call_once(|| {
            let _ = shared_fixtures::dtd_dir();
        });
        return;
    };
    let dtd = catalog.get(dtd_file).expect("official DTD compiles");
    match dtd.validate(xml.as_bytes()) {
        dtd::Verdict::Valid => {}
        other => panic!("not valid against {dtd_file}: {other:?}\n--- document ---\n{xml}"),
    }
}
