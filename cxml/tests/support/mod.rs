//! Shared test helpers: locating `../shared`, DTD validity checks and
//! document fixtures.
#![allow(dead_code, clippy::unwrap_used)]

pub mod fixtures;

use std::path::PathBuf;
use std::sync::OnceLock;

/// The shared reference folder: `$PROCSIM_SHARED_DIR`, or the first ancestor
/// of this crate that has `shared/cxml-dtd`.
pub fn shared_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        if let Some(dir) = std::env::var_os("PROCSIM_SHARED_DIR") {
            return PathBuf::from(dir);
        }
        let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        manifest
            .ancestors()
            .map(|a| a.join("shared"))
            .find(|s| s.join("cxml-dtd").is_dir())
            .expect("no ancestor of the crate has shared/cxml-dtd; set PROCSIM_SHARED_DIR")
    })
    .clone()
}

pub fn dtd_dir() -> PathBuf {
    shared_dir().join("cxml-dtd").join("1.2.071")
}

pub fn samples_dir() -> PathBuf {
    shared_dir().join("cxml-samples")
}

/// The official DTDs, compiled once per test binary by procsim's own
/// validator (whose verdicts are tested against libxml2's in
/// `validate_samples.rs`).
pub fn catalog() -> &'static cxml::DtdCatalog {
    static CATALOG: OnceLock<cxml::DtdCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| cxml::DtdCatalog::new(dtd_dir()))
}

/// Asserts that `xml` is valid against `dtd_file` (e.g. `cXML.dtd`).
pub fn assert_dtd_valid(xml: &str, dtd_file: &str) {
    let dtd = catalog().get(dtd_file).expect("official DTD compiles");
    match dtd.validate(xml.as_bytes()) {
        dtd::Verdict::Valid => {}
        other => panic!("not valid against {dtd_file}: {other:?}\n--- document ---\n{xml}"),
    }
}
