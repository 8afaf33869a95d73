//! All-or-nothing installation of one version: every file is checked
//! against its pinned sum before anything is written; the files go to a
//! hidden folder beside the destination, which is then renamed into place,
//! so a reader never sees half a version and a failure leaves nothing.

use std::{
    fmt::Write as _,
    io,
    path::{Path, PathBuf},
};

use sha2::{Digest, Sha256};

use super::{DtdStore, PinnedVersion};

/// Why a version was not installed. Nothing of it is kept.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error(
        "checksum mismatch for {file} of cXML {version}: expected sha256 {expected}, \
         got {actual}; nothing was installed"
    )]
    Checksum {
        version: &'static str,
        file: &'static str,
        expected: &'static str,
        actual: String,
    },
    #[error("{file} of cXML {version} is missing from {}", dir.display())]
    Missing {
        version: &'static str,
        file: &'static str,
        dir: PathBuf,
    },
    #[error("cannot write {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> InstallError + '_ {
    move |source| InstallError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Reads every file of `pinned` from a local copy (`procsim dtd fetch
/// --from DIR`); the sums are checked on install.
pub fn read_folder(
    dir: &Path,
    pinned: &PinnedVersion,
) -> Result<Vec<(&'static str, Vec<u8>)>, InstallError> {
    pinned
        .files
        .iter()
        .map(|f| match std::fs::read(dir.join(f.name)) {
            Ok(bytes) => Ok((f.name, bytes)),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Err(InstallError::Missing {
                version: pinned.version,
                file: f.name,
                dir: dir.to_owned(),
            }),
            Err(source) => Err(InstallError::Io {
                path: dir.join(f.name),
                source,
            }),
        })
        .collect()
}

pub(super) fn install(
    store: &DtdStore,
    pinned: &PinnedVersion,
    files: &[(&'static str, Vec<u8>)],
) -> Result<PathBuf, InstallError> {
    verify(pinned, files)?;
    let root = store.root();
    std::fs::create_dir_all(root).map_err(io_at(root))?;
    let pid = std::process::id();
    let partial = root.join(format!(".partial-{}-{pid}", pinned.version));
    let written = write_all(&partial, files);
    let dest = store.version_dir(pinned.version);
    let placed = written.and_then(|()| replace(&partial, &dest, pid));
    if placed.is_err() {
        // Best effort: the error being reported matters more.
        let _ = std::fs::remove_dir_all(&partial);
    }
    placed.map(|()| dest)
}

/// Every pinned file present, each with its pinned sum.
fn verify(pinned: &PinnedVersion, files: &[(&'static str, Vec<u8>)]) -> Result<(), InstallError> {
    for expected in pinned.files {
        let Some((_, bytes)) = files.iter().find(|(name, _)| *name == expected.name) else {
            return Err(InstallError::Missing {
                version: pinned.version,
                file: expected.name,
                dir: PathBuf::from("the download"),
            });
        };
        let actual = sha256_hex(bytes);
        if actual != expected.sha256 {
            return Err(InstallError::Checksum {
                version: pinned.version,
                file: expected.name,
                expected: expected.sha256,
                actual,
            });
        }
    }
    Ok(())
}

fn write_all(dir: &Path, files: &[(&'static str, Vec<u8>)]) -> Result<(), InstallError> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(io_at(dir))?;
    }
    std::fs::create_dir(dir).map_err(io_at(dir))?;
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(io_at(&path))?;
    }
    Ok(())
}

/// Renames `partial` to `dest`, moving an earlier `dest` aside first and
/// removing it after, so `dest` is always either the old or the new copy.
fn replace(partial: &Path, dest: &Path, pid: u32) -> Result<(), InstallError> {
    if !dest.exists() {
        return std::fs::rename(partial, dest).map_err(io_at(dest));
    }
    let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("old");
    let old = dest.with_file_name(format!(".old-{name}-{pid}"));
    std::fs::rename(dest, &old).map_err(io_at(dest))?;
    if let Err(err) = std::fs::rename(partial, dest) {
        let _ = std::fs::rename(&old, dest);
        return Err(io_at(dest)(err));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Lowercase hex SHA-256, as the pinned sums are written.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtd_store::PinnedFile;

    static TINY: PinnedVersion = PinnedVersion {
        version: "9.9.9",
        files: &[PinnedFile {
            name: "cXML.dtd",
            // A sum no file has.
            sha256: "0000000000000000000000000000000000000000000000000000000000000000",
        }],
    };

    #[test]
    fn a_mismatch_installs_nothing_and_says_which_file() {
        let root = std::env::temp_dir().join(format!("procsim-install-{}", std::process::id()));
        let store = DtdStore::at(&root);
        let err = store
            .install(&TINY, &[("cXML.dtd", b"<!ELEMENT cXML EMPTY>".to_vec())])
            .expect_err("the sum cannot match");
        assert!(
            matches!(
                err,
                InstallError::Checksum {
                    file: "cXML.dtd",
                    ..
                }
            ),
            "{err}"
        );
        assert!(!root.exists(), "nothing written before verification");
    }
}
