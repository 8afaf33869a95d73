//! The official cXML DTDs installed on this machine. procsim may not ship
//! them (they are cxml.org's), so `procsim dtd fetch` installs a version
//! into the user's cache: `$XDG_CACHE_HOME/procsim/cxml-dtd/<version>/`
//! (`~/.cache` without XDG). This module owns that layout, the versions
//! procsim knows with their pinned SHA-256 sums (`pinned`), all-or-nothing
//! installation (`install`) and the download (`fetch`). Which installed
//! version judges a document is the caller's choice.

mod fetch;
mod install;
mod located;
mod pinned;

use std::{
    cmp::Ordering,
    path::{Path, PathBuf},
};

pub use fetch::{DEFAULT_BASE_URL, FetchError, Progress, download};
pub use install::{InstallError, read_folder, sha256_hex};
pub use located::{DTD_DIR_ENV, FETCH_HINT, locate};
pub use pinned::{PinnedFile, PinnedVersion, known_versions, pinned};

/// A folder of installed DTD versions, one subfolder per version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DtdStore {
    root: PathBuf,
}

/// One installed version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    pub version: String,
    pub dir: PathBuf,
}

impl DtdStore {
    /// A store rooted at `root` (which need not exist yet).
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The user's cache: `$XDG_CACHE_HOME` when it is an absolute path (the
    /// XDG rule), else `$HOME/.cache`; `None` without either.
    pub fn user_cache() -> Option<Self> {
        let cache = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))?;
        Some(Self::at(cache.join("procsim").join("cxml-dtd")))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where `version` lives once installed.
    pub fn version_dir(&self, version: &str) -> PathBuf {
        self.root.join(version)
    }

    /// The installed versions, oldest first. A folder counts when its name
    /// is a version and it holds `cXML.dtd`; leftovers of an interrupted
    /// install (dot folders) never do.
    pub fn installed(&self) -> Vec<Installed> {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return Vec::new();
        };
        let mut found: Vec<Installed> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let version = e.file_name().into_string().ok()?;
                let dir = e.path();
                (is_version(&version) && dir.join("cXML.dtd").is_file())
                    .then_some(Installed { version, dir })
            })
            .collect();
        found.sort_by(|a, b| compare_versions(&a.version, &b.version));
        found
    }

    /// Checks `files` against the sums pinned for `pinned.version` and
    /// installs them, replacing an earlier copy; nothing is kept unless
    /// every file matches.
    pub fn install(
        &self,
        pinned: &PinnedVersion,
        files: &[(&'static str, Vec<u8>)],
    ) -> Result<PathBuf, InstallError> {
        install::install(self, pinned, files)
    }
}

/// `1.2.071`: digits separated by single dots.
pub fn is_version(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// Orders versions by their numbers (`1.2.9` < `1.2.071`), not as text.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let key = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    key(a).cmp(&key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_number() {
        assert_eq!(compare_versions("1.2.9", "1.2.071"), Ordering::Less);
        assert_eq!(compare_versions("1.2.071", "1.2.071"), Ordering::Equal);
        assert!(is_version("1.2.071"));
        assert!(!is_version(".partial-1.2.071"));
        assert!(!is_version("1..2"));
    }
}
