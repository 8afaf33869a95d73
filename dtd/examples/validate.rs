//! Validates documents against a DTD and prints the errors in xmllint's
//! format (`file:line: element X: validity error : message`), which makes
//! cross-checking against `xmllint --noout --nonet --dtdvalid` a `diff`.
//!
//! Usage: `cargo run -p dtd --example validate -- FILE.dtd DOC.xml...`

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((dtd_path, docs)) = args.split_first() else {
        eprintln!("usage: validate FILE.dtd DOC.xml...");
        return ExitCode::from(2);
    };
    let dtd = match dtd::Dtd::from_file(Path::new(dtd_path)) {
        Ok(dtd) => dtd,
        Err(e) => {
            eprintln!("{dtd_path}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut all_valid = true;
    for doc in docs {
        let bytes = match std::fs::read(doc) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("{doc}: {e}");
                all_valid = false;
                continue;
            }
        };
        match dtd.validate(&bytes) {
            dtd::Verdict::Valid => {}
            dtd::Verdict::NotWellFormed(e) => {
                all_valid = false;
                eprintln!("{doc}:{}: parser error : {}", e.line, e.message);
            }
            dtd::Verdict::Invalid(errors) => {
                all_valid = false;
                for e in errors {
                    eprintln!(
                        "{doc}:{}: element {}: validity error : {}",
                        e.line, e.element, e.message
                    );
                }
                eprintln!("Document {doc} does not validate against {dtd_path}");
            }
        }
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    }
}
