//! The DTD validator on arbitrary documents against the real cXML DTD:
//! any input ends in a verdict, never a panic or unbounded work. Needs
//! PROCSIM_DTD_DIR (e.g. ../shared/cxml-dtd/1.2.071).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn dtd() -> &'static dtd::Dtd {
    static DTD: OnceLock<dtd::Dtd> = OnceLock::new();
    DTD.get_or_init(|| {
        let dir = std::env::var_os("PROCSIM_DTD_DIR").expect("set PROCSIM_DTD_DIR to the cXML DTD directory");
        dtd::Dtd::from_file(&std::path::Path::new(&dir).join("cXML.dtd")).expect("cXML.dtd compiles")
    })
}

fuzz_target!(|data: &[u8]| {
    let _ = dtd().validate(data);
});
