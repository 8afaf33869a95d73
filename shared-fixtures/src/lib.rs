//! How every test finds the reference material procsim does not ship: the
//! official cXML DTDs and the public sample documents of `../shared`.
//!
//! Order: `$PROCSIM_SHARED_DIR`, then the first ancestor of the workspace
//! holding a `shared/` folder with `cxml-dtd` or `cxml-samples`, then (for
//! DTDs only) the user's DTD cache that `procsim dtd fetch` fills. When
//! nothing is found the test says on standard error what it skips and why,
//! and the caller returns — unless `PROCSIM_REQUIRE_SHARED=1` (set by
//! `.ci/run`), which turns the skip into a failure so CI cannot pass by
//! skipping.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

/// The DTD version the tests are written against.
pub const DTD_VERSION: &str = "1.2.071";

/// Set to `1` to fail instead of skip when the material is missing.
pub const REQUIRE_ENV: &str = "PROCSIM_REQUIRE_SHARED";

/// Points at a shared folder elsewhere.
pub const SHARED_ENV: &str = "PROCSIM_SHARED_DIR";

/// The shared folder, or `None` after saying what the current test skips.
pub fn shared_dir() -> Option<PathBuf> {
    find_shared().or_else(|| skip("the shared reference folder"))
}

/// `shared/cxml-samples`, or `None` after saying what the current test skips.
pub fn samples_dir() -> Option<PathBuf> {
    find_samples().or_else(|| skip("the public cXML samples (shared/cxml-samples)"))
}

/// The official DTDs of [`DTD_VERSION`]: `shared/cxml-dtd/<version>`, else
/// the DTD cache; `None` after saying what the current test skips.
pub fn dtd_dir() -> Option<PathBuf> {
    find_dtd_dir().or_else(|| skip("the official cXML DTDs 1.2.071"))
}

/// [`samples_dir`] without a word when it is missing, for tests that
/// check what they can and skip one part.
pub fn find_samples() -> Option<PathBuf> {
    Some(find_shared()?.join("cxml-samples")).filter(|d| d.is_dir())
}

/// [`dtd_dir`] without a word when it is missing.
pub fn find_dtd_dir() -> Option<PathBuf> {
    let shared = find_shared().map(|s| s.join("cxml-dtd").join(DTD_VERSION));
    shared
        .into_iter()
        .chain(cached_dtd_dir(DTD_VERSION))
        .find(|d| d.join("cXML.dtd").is_file())
}

/// Where `procsim dtd fetch` installs `version`: `$XDG_CACHE_HOME` (when
/// absolute) or `~/.cache`, then `procsim/cxml-dtd/<version>`. The procsim
/// crate's `dtd_store` owns this layout; a test there keeps the two equal.
pub fn cached_dtd_dir(version: &str) -> Option<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))?;
    Some(cache.join("procsim").join("cxml-dtd").join(version))
}

/// `$PROCSIM_SHARED_DIR`, else the first ancestor's `shared/` with DTDs or samples.
pub fn find_shared() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(SHARED_ENV) {
        return Some(PathBuf::from(dir));
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared"))
        .find(|s| s.join("cxml-dtd").is_dir() || s.join("cxml-samples").is_dir())
}

/// Whether missing material must fail the test (`PROCSIM_REQUIRE_SHARED=1`).
pub fn required() -> bool {
    std::env::var(REQUIRE_ENV).is_ok_and(|v| v == "1")
}

/// Says plainly what is skipped, or panics when the material is required.
/// Written straight to standard error, which the test harness does not
/// capture, so a skip is seen even when the test passes.
fn skip<T>(what: &str) -> Option<T> {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("this test");
    let why = format!(
        "{what} not found: set {SHARED_ENV}, put shared/ beside the clone, \
         or (for the DTDs) run `procsim dtd fetch {DTD_VERSION}`"
    );
    if required() {
        panic!("{test}: {why} ({REQUIRE_ENV}=1 forbids skipping)");
    }
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
    None
}

/// `let dir = shared_fixtures::or_skip!(shared_fixtures::samples_dir());`:
/// the folder, or return from the calling test (which has said why).
#[macro_export]
macro_rules! or_skip {
    ($found:expr) => {
        match $found {
            Some(dir) => dir,
            None => return,
        }
    };
}

/// Returns from the calling test, having said why, when the public
/// samples are missing. Helpers may then use [`find_samples`] freely.
#[macro_export]
macro_rules! skip_without_samples {
    () => {
        if $crate::samples_dir().is_none() {
            return;
        }
    };
}

/// Returns from the calling test, having said why, when the official DTDs
/// are missing. Helpers may then use [`find_dtd_dir`] freely.
#[macro_export]
macro_rules! skip_without_dtds {
    () => {
        if $crate::dtd_dir().is_none() {
            return;
        }
    };
}

/// [`find_samples`] for helpers called after [`skip_without_samples!`].
pub fn samples() -> PathBuf {
    find_samples().expect("the test starts with skip_without_samples!()")
}

/// [`find_dtd_dir`] for helpers called after [`skip_without_dtds!`].
pub fn dtds() -> PathBuf {
    find_dtd_dir().expect("the test starts with skip_without_dtds!()")
}
