//! Where `procsim validate` finds the official DTDs, in order: `--dtd-dir`,
//! `$PROCSIM_DTD_DIR`, then every version in the user's cache (`procsim
//! dtd fetch`). A document is judged by the version its DOCTYPE declares
//! when that one is at hand, else by the newest, with an advisory naming
//! the substitution.

use std::path::{Path, PathBuf};

use cxml::{DtdCatalog, tree::DeclaredDtd};
use procsim::dtd_store::{self, DtdStore};

/// Environment variable naming the DTD directory when `--dtd-dir` is absent.
pub const DTD_DIR_ENV: &str = "PROCSIM_DTD_DIR";

/// The one command that makes DTDs available.
pub const FETCH_HINT: &str = "procsim dtd fetch 1.2.071";

/// The DTD versions at hand, oldest first; never empty.
#[derive(Debug)]
pub struct DtdShelf {
    versions: Vec<Shelved>,
}

#[derive(Debug)]
struct Shelved {
    /// `None` for a `--dtd-dir` whose name is not a version.
    version: Option<String>,
    catalog: DtdCatalog,
}

/// The catalog chosen for one document.
pub struct Choice<'s> {
    pub catalog: &'s DtdCatalog,
    pub version: Option<&'s str>,
    /// Set when the declared version is not the one used.
    pub advisory: Option<String>,
}

/// The DTDs named by `--dtd-dir` or `$PROCSIM_DTD_DIR`, else the cache's.
/// `Ok(None)`: none anywhere. `Err`: a named directory that holds none.
pub fn locate(flag: Option<PathBuf>) -> Result<Option<DtdShelf>, String> {
    let named = flag.or_else(|| std::env::var_os(DTD_DIR_ENV).map(PathBuf::from));
    if let Some(dir) = named {
        return from_dir(&dir).map(Some);
    }
    let cached = DtdStore::user_cache()
        .map(|store| store.installed())
        .unwrap_or_default();
    Ok(shelf(
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
    if dir.join("cXML.dtd").is_file() {
        let version = dir
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| dtd_store::is_version(n))
            .map(str::to_owned);
        return Ok(DtdShelf {
            versions: vec![Shelved {
                version,
                catalog: DtdCatalog::new(dir),
            }],
        });
    }
    let versions = DtdStore::at(dir)
        .installed()
        .into_iter()
        .map(|i| (Some(i.version), DtdCatalog::new(i.dir)))
        .collect();
    shelf(versions).ok_or_else(|| {
        format!(
            "DTD directory {} holds no cXML.dtd (nor version folders holding one)",
            dir.display()
        )
    })
}

fn shelf(versions: Vec<(Option<String>, DtdCatalog)>) -> Option<DtdShelf> {
    (!versions.is_empty()).then(|| DtdShelf {
        versions: versions
            .into_iter()
            .map(|(version, catalog)| Shelved { version, catalog })
            .collect(),
    })
}

impl DtdShelf {
    /// The newest version's folder: what a run that validates everything
    /// against one version (`procsim certify`) uses.
    pub fn newest_dir(&self) -> Option<PathBuf> {
        self.versions.last().map(|s| s.catalog.dir().to_owned())
    }

    /// The declared version when at hand, else the newest (`None` only
    /// for an empty shelf, which `locate` never makes).
    pub fn choose(&self, declared: Option<&DeclaredDtd>) -> Option<Choice<'_>> {
        let wanted = declared.map(|d| d.version.as_str());
        let exact = self
            .versions
            .iter()
            .find(|s| wanted.is_some() && s.version.as_deref() == wanted);
        let chosen = exact.or_else(|| self.versions.last())?;
        let advisory = match (wanted, exact, chosen.version.as_deref()) {
            (Some(wanted), None, Some(used)) => Some(format!(
                "the document declares cXML {wanted}, which is not installed; \
                 checked against {used}, the newest installed"
            )),
            _ => None,
        };
        Some(Choice {
            catalog: &chosen.catalog,
            version: chosen.version.as_deref(),
            advisory,
        })
    }
}
