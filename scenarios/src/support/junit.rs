//! Where a scenario target writes its JUnit XML report (`PROCSIM_JUNIT`).
//!
//! A value ending in `.xml` is one file, for a run of one target
//! (`cargo test -p scenarios --test features`). Anything else is a folder:
//! each target writes `<target>.xml` in it, so a workspace run that runs
//! both `features` and `certify` keeps both reports.

use std::{
    fs::File,
    path::{Path, PathBuf},
};

/// The report file for `target`, created; `None` when `PROCSIM_JUNIT` is
/// not set. Panics with the path when it cannot be created: a report that
/// was asked for and silently not written would be worse.
pub fn report_file(target: &str) -> Option<File> {
    let asked = std::env::var_os("PROCSIM_JUNIT")?;
    let path = report_path(Path::new(&asked), target);
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .unwrap_or_else(|err| panic!("PROCSIM_JUNIT: {}: {err}", folder.display()));
    }
    Some(
        File::create(&path)
            .unwrap_or_else(|err| panic!("PROCSIM_JUNIT: {}: {err}", path.display())),
    )
}

fn report_path(asked: &Path, target: &str) -> PathBuf {
    if asked
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("xml"))
    {
        asked.to_owned()
    } else {
        asked.join(format!("{target}.xml"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_kept_and_a_folder_gets_one_file_per_target() {
        assert_eq!(
            report_path(Path::new("out/report.xml"), "certify"),
            PathBuf::from("out/report.xml")
        );
        assert_eq!(
            report_path(Path::new("out/junit"), "certify"),
            PathBuf::from("out/junit/certify.xml")
        );
        assert_eq!(
            report_path(Path::new("junit/"), "features"),
            PathBuf::from("junit/features.xml")
        );
    }
}
