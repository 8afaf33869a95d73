//! Secret masking on arbitrary bytes: a secret the masker knows never
//! survives `Masker::mask` in any form it travels as (as written,
//! XML-escaped, UTF-16 of either byte order), wherever the input puts it;
//! `mask_secrets` never panics; and a secret right after a `<SharedSecret>`
//! tag that nothing before it can swallow is always masked, in UTF-8 and in
//! UTF-16.
//!
//! Input layout (short inputs are skipped):
//! - byte 0: secret length `6 + b % 27`; bit 7 picks the alphabet
//!   (ASCII alphanumeric, or any printable ASCII including `&<>"'`);
//! - that many bytes: the secret, each byte mapped into the alphabet;
//! - 2 bytes: where the secret goes in the body (little-endian, modulo);
//! - 1 byte: how it goes there (see [`Mode`]);
//! - the rest: the body.
#![no_main]

use std::cell::RefCell;
use std::collections::HashMap;

use cxml::mask::{MASK, Masker, mask_secrets};
use libfuzzer_sys::fuzz_target;

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// XML-escaped (`&amp;` …), as a writer puts it in text or attributes.
    Escaped,
}

struct Mode {
    encoding: Encoding,
    /// Placed as the content of `<SharedSecret>`.
    in_element: bool,
    /// …with no closing tag after it.
    unclosed: bool,
    /// The masker also knows a suffix of the secret (longest-first order).
    know_suffix: bool,
    /// The masker also knows an unrelated second secret, placed at the end.
    know_other: bool,
}

impl Mode {
    fn from_byte(b: u8) -> Self {
        Self {
            encoding: match b & 3 {
                0 => Encoding::Utf8,
                1 => Encoding::Utf16Le,
                2 => Encoding::Utf16Be,
                _ => Encoding::Escaped,
            },
            in_element: b & 4 != 0,
            unclosed: b & 8 != 0,
            know_suffix: b & 16 != 0,
            know_other: b & 32 != 0,
        }
    }
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn utf16be(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

fn xml_escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn encode(s: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => s.as_bytes().to_vec(),
        Encoding::Utf16Le => utf16le(s),
        Encoding::Utf16Be => utf16be(s),
        Encoding::Escaped => xml_escaped(s).into_bytes(),
    }
}

/// Every byte pattern of `secret` that must not survive masking.
fn forms(secret: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for form in [secret.to_owned(), xml_escaped(secret)] {
        out.push(form.as_bytes().to_vec());
        out.push(utf16le(&form));
        out.push(utf16be(&form));
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// The most maskers [`masker_knowing`] keeps before it starts afresh.
const MASKERS_KEPT: usize = 4096;

thread_local! {
    /// Maskers already built, by the secrets they were told (in order).
    static MASKERS: RefCell<HashMap<Vec<String>, Masker>> = RefCell::new(HashMap::new());
}

/// A masker told `secrets`, in that order. Each `know` builds an
/// Aho-Corasick automaton, which costs far more than masking a short
/// input, and most inputs the fuzzer tries change only the body: so a
/// masker built for the same secrets is used again. A masker's state is a
/// function of what it was told, so this is the masker a fresh
/// `Masker::default()` + `know`s would be (and is, the first time).
fn masker_knowing(secrets: &[String]) -> Masker {
    MASKERS.with_borrow_mut(|maskers| {
        if let Some(masker) = maskers.get(secrets) {
            return masker.clone();
        }
        if maskers.len() >= MASKERS_KEPT {
            maskers.clear();
        }
        let mut masker = Masker::default();
        for secret in secrets {
            masker.know(secret);
        }
        maskers.insert(secrets.to_vec(), masker.clone());
        masker
    })
}

fn show(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}

fn secret_from(len_byte: u8, raw: &[u8]) -> String {
    if len_byte & 0x80 == 0 {
        raw.iter()
            .map(|&b| char::from(ALNUM[usize::from(b) % ALNUM.len()]))
            .collect()
    } else {
        // Printable ASCII, '!'..='~'.
        raw.iter().map(|&b| char::from(b'!' + b % 94)).collect()
    }
}

fuzz_target!(|data: &[u8]| {
    // `mask_secrets` is total on anything, and output stays linear.
    let plain = mask_secrets(data);
    assert!(plain.len() <= data.len() + 3 * data.len().max(1));

    let Some((&len_byte, rest)) = data.split_first() else {
        return;
    };
    let len = 6 + usize::from(len_byte & 0x7f) % 27;
    if rest.len() < len + 3 {
        return;
    }
    let (raw_secret, rest) = rest.split_at(len);
    let secret = secret_from(len_byte, raw_secret);
    let at = usize::from(u16::from_le_bytes([rest[0], rest[1]]));
    let mode = Mode::from_byte(rest[2]);
    let body = &rest[3..];
    let at = at % (body.len() + 1);
    let encoding = if mode.encoding == Encoding::Escaped && len_byte & 0x80 == 0 {
        // Escaping changes nothing in an alphanumeric secret.
        Encoding::Utf8
    } else {
        mode.encoding
    };

    // 1. Known secrets never survive, wherever they stand.
    let mut known = vec![secret.clone()];
    if mode.know_suffix {
        known.push(secret[1..].to_owned());
    }
    let other = "Other-Known-Secret-42";
    if mode.know_other {
        known.push(other.to_owned());
    }
    let masker = masker_knowing(&known);
    let wrap = |inner: &[u8]| -> Vec<u8> {
        let mut v = Vec::new();
        if mode.in_element {
            v.extend(encode("<SharedSecret>", encoding));
        }
        v.extend_from_slice(inner);
        if mode.in_element && !mode.unclosed {
            v.extend(encode("</SharedSecret>", encoding));
        }
        v
    };
    let mut input = body[..at].to_vec();
    input.extend(wrap(&encode(&secret, encoding)));
    input.extend_from_slice(&body[at..]);
    if mode.know_other {
        input.extend(encode(other, encoding));
    }
    let out = masker.mask(&input);
    for secret in &known {
        for form in forms(secret) {
            assert!(
                !contains(&out, &form),
                "known secret {:?} survives as {:?}\ninput:  {}\noutput: {}",
                secret,
                show(&form),
                show(&input),
                show(&out)
            );
        }
    }
    let _ = mask_secrets(&input);

    // 2. Structural masking of an unknown secret: `<SharedSecret>` + secret
    // + (end of input | `</SharedSecret>` + the rest of the body), after
    // bytes with no `<`, `"` or `'` (nothing that can open a tag, comment,
    // CDATA section or quoted value that swallows the opening tag).
    if len_byte & 0x80 != 0 {
        return; // the structural property is stated for plain secrets
    }
    let prefix: Vec<u8> = body[..at]
        .iter()
        .copied()
        .filter(|b| !matches!(b, b'<' | b'"' | b'\''))
        .collect();
    let tail = &body[at..];
    let encoding = match mode.encoding {
        Encoding::Utf16Le => Encoding::Utf16Le,
        Encoding::Utf16Be => Encoding::Utf16Be,
        _ => Encoding::Utf8,
    };
    let open = encode("<SharedSecret>", encoding);
    let hidden = encode(&secret, encoding);
    let mut doc = prefix.clone();
    doc.extend_from_slice(&open);
    doc.extend_from_slice(&hidden);
    if !mode.unclosed {
        doc.extend(encode("</SharedSecret>", encoding));
        doc.extend_from_slice(tail);
    }
    let out = mask_secrets(&doc);
    let head = [prefix.as_slice(), open.as_slice()].concat();
    assert!(
        out.starts_with(&head),
        "bytes before the secret changed\ninput:  {}\noutput: {}",
        show(&doc),
        show(&out)
    );
    let after_tag = &out[head.len()..];
    if encoding == Encoding::Utf8 {
        // Exactly what was promised: the content becomes the mask.
        assert!(
            after_tag.starts_with(MASK.as_bytes()),
            "secret content not masked\ninput:  {}\noutput: {}",
            show(&doc),
            show(&out)
        );
    }
    assert!(
        !after_tag.starts_with(&hidden),
        "secret leaks after <SharedSecret>\ninput:  {}\noutput: {}",
        show(&doc),
        show(&out)
    );
    // Unless the surrounding bytes carry the secret themselves, it is
    // nowhere in the output.
    // (Cut by one byte too: a UTF-16 mask's NUL can complete a form that
    // the surroundings almost spell, e.g. a secret `Secret` next to a
    // cut-off `<SharedSecret` in the other byte order.)
    let elsewhere = forms(&secret).iter().any(|f| {
        [&f[..], &f[1..], &f[..f.len() - 1]]
            .iter()
            .any(|f| contains(&prefix, f) || (!mode.unclosed && contains(tail, f)))
    });
    if !elsewhere {
        assert!(
            !contains(&out, &hidden),
            "unknown secret survives structural masking\ninput:  {}\noutput: {}",
            show(&doc),
            show(&out)
        );
    }
});
