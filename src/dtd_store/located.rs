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

/// The DTDs named by `flag` or `$PROCSIM_DTD_DIR`, else the cache's.
/// `Ok(None)`: none anywhere. `Err`: a named directory that holds none.
pub fn locate(flag: Option<PathBuf>) -> Result<Option<DtdShelf>, String> {
    let named = flag.or_else(|| std::env::var_os(DTD_DIR_ENV).map(PathBuf::from));
    if let Some(dir) = named {
        return from_dir(&dir).map(Some);
    }
    let cached = DtdStore::user_cache()
        .map(|store| store.installed())
        .unwrap_or_default();
    Ok(DtdShelf::new(
        cached
            .into_iter()
            .map(|i| (Some(i.version), DtdCatalog::new(i.dir)))
            .collect(),
    ))
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
