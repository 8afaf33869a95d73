//! Every reader procsim exposes to partners must turn any byte string into
//! a value or a clean error: the typed reader, the positional tree with the
//! CX rules, the browser form decoder and secret masking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = cxml::read::read(data) {
        // What was read must be writable or refused cleanly, never panic.
        let _ = cxml::write::to_bytes(&parsed.doc);
    }
    if let Ok(doc) = cxml::tree::parse(data) {
        let _ = cxml::rules::check(&doc, &cxml::RuleContext::default());
    }
    let _ = cxml::transport::decode_form(data);
    let masked = cxml::mask::mask_secrets(data);
    assert!(masked.len() <= data.len() + 3 * data.len().max(1));
});
