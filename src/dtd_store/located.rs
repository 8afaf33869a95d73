//! Where procsim finds the official DTDs, in order: a folder the caller
//! names (`--dtd-dir`), `$PROCSIM_DTD_DIR`, then every version in the
//! user's cache (`procsim dtd fetch`). `procsim validate`, `procsim
//! certify` and `procsim up` all look the same way.

use std::path::{Path, PathBuf};

use cxml::{DtdCatalog, DtdShelf};

use super::{DtdStore, is_version};

/// Environment variable naming the DTD directory when no flag names one.
pub const DTD_DIR_ENV: &str = "PROCSIM_DTD_DIR";

/// The one command that makes DTDs available.
pub const FETCH_HINT: &str = "procsim dtd fetch 1.2.071";

/// The DTDs named by `flag` or `$PROCSIM_DTD_DIR`, else the cache's,
/// each version's `cXML.dtd` compiled once to be sure it loads.
/// `Ok(None)`: none anywhere. `Err`: a named directory that holds none,
/// or DTDs that do not load (so nothing is judged later as if they had
/// been checked).
pub fn locate(flag: Option<PathBuf>) -> Result<Option<DtdShelf>, String> {
    let named = flag.or_else(|| std::env::var_os(DTD_DIR_ENV).map(PathBuf::from));
    let shelf = match named {
        Some(dir) => Some(from_dir(&dir)?),
        None => {
            let cached = DtdStore::user_cache()
                .map(|store| store.installed())
                .unwrap_or_default();
            DtdShelf::new(
                cached
                    .into_iter()
                    .map(|i| (Some(i.version), DtdCatalog::new(i.dir)))
                    .collect(),
            )
        }
    };
    if let Some(shelf) = &shelf {
        shelf
            .verify()
            .map_err(|err| format!("the cXML DTDs do not load: {err}"))?;
    }
    Ok(shelf)
}

/// One version's folder (its name, when it is a version, says which), or
/// a folder of version folders laid out like the cache.
fn from_dir(dir: &Path) -> Result<DtdShelf, String> {
    if !dir.is_dir() {
        return Err(format!("DTD directory {} does not exist", dir.display()));
    }
    let versions = if dir.join("cXML.dtd").is_file() {
        let version = dir
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| is_version(n))
            .map(str::to_owned);
        vec![(version, DtdCatalog::new(dir))]
    } else {
        DtdStore::at(dir)
            .installed()
            .into_iter()
            .map(|i| (Some(i.version), DtdCatalog::new(i.dir)))
            .collect()
    };
    DtdShelf::new(versions).ok_or_else(|| {
        format!(
            "DTD directory {} holds no cXML.dtd (nor version folders holding one)",
            dir.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_folder_whose_dtd_does_not_load_is_refused_at_once() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("cXML.dtd"), "<!ELEMENT cXML (").expect("written");
        let err = locate(Some(dir.path().to_owned())).expect_err("refused");
        assert!(err.contains("do not load"), "{err}");
    }

    #[test]
    fn a_named_folder_without_dtds_is_refused() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let err = locate(Some(dir.path().to_owned())).expect_err("refused");
        assert!(err.contains("holds no cXML.dtd"), "{err}");
    }
}
