//! Helpers shared by the integration tests: finding the shared reference
//! folder (DTDs and samples) beside the repository.

#![allow(dead_code)]

use std::path::PathBuf;

/// The shared folder: `$PROCSIM_SHARED_DIR` if set, else the first ancestor
/// of this crate that has `shared/cxml-dtd` in it.
pub fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PROCSIM_SHARED_DIR") {
        return PathBuf::from(dir);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|a| a.join("shared"))
        .find(|s| s.join("cxml-dtd").is_dir())
        .expect("no shared/cxml-dtd beside the repository (set PROCSIM_SHARED_DIR)")
}

/// The folder of the official cXML 1.2.071 DTDs.
pub fn dtd_dir() -> PathBuf {
    shared_dir().join("cxml-dtd").join("1.2.071")
}

/// Compiles one of the official DTDs by file name.
pub fn load_dtd(name: &str) -> dtd::Dtd {
    let path = dtd_dir().join(name);
    dtd::Dtd::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
