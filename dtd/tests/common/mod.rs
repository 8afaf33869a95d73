//! Helpers shared by the integration tests: the shared reference folder
//! (DTDs and samples), found by the shared-fixtures crate. A test that
//! needs it starts with `skip_without_dtds!()` / `skip_without_samples!()`.

#![allow(dead_code)]

use std::path::PathBuf;

/// The public samples (`shared/cxml-samples`).
pub fn samples_dir() -> PathBuf {
    shared_fixtures::samples()
}

/// The folder of the official cXML 1.2.071 DTDs.
pub fn dtd_dir() -> PathBuf {
    shared_fixtures::dtds()
}

/// Compiles one of the official DTDs by file name.
pub fn load_dtd(name: &str) -> dtd::Dtd {
    let path = dtd_dir().join(name);
    dtd::Dtd::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
