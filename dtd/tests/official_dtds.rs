//! Every official cXML DTD compiles, with the expected shape.

mod common;

use std::fs;

#[test]
fn every_official_dtd_compiles() {
    shared_fixtures::skip_without_dtds!();
    let mut count = 0;
    for entry in fs::read_dir(common::dtd_dir()).expect("DTD folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "dtd") {
            continue;
        }
        let dtd = dtd::Dtd::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            dtd.element_count() > 500,
            "{}: {} elements",
            path.display(),
            dtd.element_count()
        );
        assert!(dtd.declares("cXML"), "{}", path.display());
        println!(
            "{}: {} elements, ambiguous: {:?}",
            path.display(),
            dtd.element_count(),
            dtd.ambiguous_models()
        );
        count += 1;
    }
    assert_eq!(count, 9);
}
