//! The seeded generator of mutants: each mutant is one whole public sample
//! with one change of a known kind, chosen by a small deterministic random
//! source so that a seed and an index always give the same bytes.

/// SplitMix64: tiny, seedable, the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One of a few fixed strings.
fn one_of(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items[rng.below(items.len())]
}

/// One element of a sample: where its start tag and its whole span lie.
#[derive(Debug, Clone)]
struct Span {
    name: String,
    /// `<` of the start tag.
    start: usize,
    /// After the start tag's `>`.
    tag_end: usize,
    /// After the end tag's `>` (or the empty tag's).
    end: usize,
    empty: bool,
}

/// The elements of a well-formed sample, in document order.
fn elements(doc: &str) -> Vec<Span> {
    let b = doc.as_bytes();
    let mut out: Vec<Span> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while let Some(n) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + n;
        let rest = &doc[at..];
        let skip = |close: &str| rest.find(close).map(|e| at + e + close.len());
        let next = if rest.starts_with("<!--") {
            skip("-->")
        } else if rest.starts_with("<![CDATA[") {
            skip("]]>")
        } else if rest.starts_with("<?") {
            skip("?>")
        } else if rest.starts_with("<!") {
            doctype_end(doc, at)
        } else {
            let end = tag_end(b, at);
            if rest.starts_with("</") {
                if let (Some(index), Some(end)) = (open.pop(), end) {
                    out[index].end = end;
                }
            } else if let Some(end) = end {
                let name: String = rest[1..]
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
                    .collect();
                let empty = b[end - 2] == b'/';
                out.push(Span {
                    name,
                    start: at,
                    tag_end: end,
                    end,
                    empty,
                });
                if !empty {
                    open.push(out.len() - 1);
                }
            }
            end
        };
        let Some(next) = next else { break };
        i = next;
    }
    out
}

fn tag_end(b: &[u8], at: usize) -> Option<usize> {
    let mut quote = None;
    for (i, &c) in b.iter().enumerate().skip(at) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn doctype_end(doc: &str, at: usize) -> Option<usize> {
    let rest = &doc[at..];
    match (rest.find('['), rest.find('>')) {
        (Some(open), Some(close)) if open < close => rest.find("]>").map(|e| at + e + 2),
        (_, Some(close)) => Some(at + close + 1),
        _ => None,
    }
}

/// A mutant: its kind and bytes.
pub struct Mutant {
    pub kind: &'static str,
    pub bytes: Vec<u8>,
}

/// Every kind the generator knows, each a function of the sample text.
pub const KINDS: &[&str] = &[
    "delete-element",
    "duplicate-element",
    "swap-siblings",
    "rename-element",
    "rename-to-sibling",
    "delete-attribute",
    "unknown-attribute",
    "bad-enumeration",
    "duplicate-attribute",
    "id-attribute",
    "text-in-element-content",
    "cdata",
    "comment",
    "comment-double-hyphen",
    "pi",
    "pi-named-xml",
    "char-ref",
    "bad-char-ref",
    "nul-byte",
    "cdata-end-in-text",
    "lt-in-attribute",
    "no-space-between-attributes",
    "bare-ampersand",
    "mismatched-end-tag",
    "truncated",
    "no-xml-declaration",
    "version-2",
    "second-xml-declaration",
    "standalone-yes",
    "standalone-no",
    "no-doctype",
    "utf8-bom",
    "latin1",
    "utf16le",
    "utf16be",
    "internal-entity",
    "internal-entity-in-attribute",
    "entity-with-markup",
    "undeclared-entity",
    "cxml-version-entity",
    "entity-loop",
    "billion-laughs",
    "external-entity",
    "root-renamed",
    "crlf-line-ends",
];

/// One mutant of `doc` of the kind `kind`, with choices from `rng`.
pub fn mutate(doc: &str, kind: &'static str, rng: &mut Rng) -> Mutant {
    let els = elements(doc);
    let inner: Vec<&Span> = els.iter().skip(1).collect();
    let el = (*rng.pick(&inner)).clone();
    let root = &els[0];
    let text = |s: String| Mutant {
        kind,
        bytes: s.into_bytes(),
    };
    let insert = |at: usize, what: &str| text(format!("{}{what}{}", &doc[..at], &doc[at..]));
    let with_attr = |attr: &str| {
        let at = el.tag_end - if el.empty { 2 } else { 1 };
        insert(at, attr)
    };
    let doctype = doc.find("<!DOCTYPE").unwrap_or(0);
    let doctype_close = doctype_end(doc, doctype).unwrap_or(doctype);
    let subset = |decls: &str, use_at: usize, reference: &str| {
        let head = format!("{} [{decls}]>", &doc[doctype..doctype_close - 1]);
        text(format!(
            "{}{head}{}{reference}{}",
            &doc[..doctype],
            &doc[doctype_close..use_at],
            &doc[use_at..]
        ))
    };
    // A leaf's text: where text references make sense.
    let leaves: Vec<&Span> = els
        .iter()
        .filter(|e| !e.empty && !doc[e.tag_end..e.end].contains('<'))
        .collect();
    let leaf_at = if leaves.is_empty() {
        el.tag_end
    } else {
        rng.pick(&leaves).tag_end
    };
    match kind {
        "delete-element" => text(format!("{}{}", &doc[..el.start], &doc[el.end..])),
        "duplicate-element" => insert(el.end, &doc[el.start..el.end]),
        "swap-siblings" => {
            let next = els
                .iter()
                .find(|e| e.start > el.end && doc[el.end..e.start].trim().is_empty());
            match next {
                Some(n) => text(format!(
                    "{}{}{}{}{}",
                    &doc[..el.start],
                    &doc[n.start..n.end],
                    &doc[el.end..n.start],
                    &doc[el.start..el.end],
                    &doc[n.end..]
                )),
                None => text(format!("{}{}", &doc[..el.start], &doc[el.end..])),
            }
        }
        "rename-element" | "rename-to-sibling" => {
            let new = if kind == "rename-element" {
                format!("{}X", el.name)
            } else {
                rng.pick(&inner).name.clone()
            };
            let body = doc[el.start..el.end].replacen(&el.name, &new, 1);
            let body = if el.empty {
                body
            } else {
                let close = format!("</{}", el.name);
                match body.rfind(&close) {
                    Some(at) => format!("{}</{new}{}", &body[..at], &body[at + close.len()..]),
                    None => body,
                }
            };
            text(format!("{}{body}{}", &doc[..el.start], &doc[el.end..]))
        }
        "delete-attribute" => {
            let tag = &doc[el.start..el.tag_end];
            match tag
                .find('=')
                .and_then(|eq| tag[..eq].rfind(' ').map(|s| (s, eq)))
            {
                Some((space, eq)) => {
                    let q = tag.as_bytes()[eq + 1];
                    let close = tag[eq + 2..]
                        .find(char::from(q))
                        .map_or(eq + 2, |c| eq + 3 + c);
                    text(format!(
                        "{}{}{}",
                        &doc[..el.start + space],
                        &tag[close..],
                        &doc[el.tag_end..]
                    ))
                }
                None => with_attr(" unknownAttr=\"1\""),
            }
        }
        "unknown-attribute" => with_attr(" unknownAttr=\"1\""),
        "bad-enumeration" => {
            let tag = &doc[el.start..el.tag_end];
            match tag.find("=\"") {
                Some(eq) => {
                    let close = tag[eq + 2..].find('"').map_or(eq + 2, |c| eq + 2 + c);
                    let value = one_of(rng, &["", "not an option", "yes", "1.0 x"]);
                    text(format!(
                        "{}{}=\"{value}\"{}{}",
                        &doc[..el.start],
                        &tag[..eq],
                        &tag[close + 1..],
                        &doc[el.tag_end..]
                    ))
                }
                None => with_attr(" operation=\"maybe\""),
            }
        }
        "duplicate-attribute" => {
            let tag = &doc[el.start..el.tag_end];
            match tag.find(' ') {
                Some(sp) if tag.contains('=') => {
                    let end = tag_attr_end(tag, sp);
                    insert(el.start + end, &tag[sp..end])
                }
                _ => with_attr(" a=\"1\" a=\"2\""),
            }
        }
        "id-attribute" => with_attr(one_of(rng, &[" id=\"x1\"", " id=\"1x\"", " ID=\"x\""])),
        "text-in-element-content" => insert(el.tag_end, "stray text"),
        "cdata" => insert(leaf_at, one_of(rng, &["<![CDATA[a < b]]>", "<![CDATA[]]>"])),
        "comment" => insert(el.start, "<!-- a comment -->"),
        "comment-double-hyphen" => insert(el.start, "<!-- a -- b -->"),
        "pi" => insert(el.start, one_of(rng, &["<?procsim note?>", "<?a?>"])),
        "pi-named-xml" => insert(el.start, "<?xml-stylesheet href='a'?><?XmL x?>"),
        "char-ref" => insert(
            leaf_at,
            one_of(rng, &["&#233;", "&#x20AC;", "&#10;", "&#x1F600;"]),
        ),
        "bad-char-ref" => insert(
            leaf_at,
            one_of(rng, &["&#x1;", "&#0;", "&#xD800;", "&#xFFFE;", "&#12a;"]),
        ),
        "nul-byte" => insert(leaf_at, "\0"),
        "cdata-end-in-text" => insert(leaf_at, "]]>"),
        "lt-in-attribute" => with_attr(" note=\"a<b\""),
        "no-space-between-attributes" => {
            let tag = &doc[el.start..el.tag_end];
            match tag.find("\" ") {
                Some(q) if tag[q + 2..].contains('=') => text(format!(
                    "{}{}{}",
                    &doc[..el.start + q + 1],
                    &doc[el.start + q + 2..el.tag_end],
                    &doc[el.tag_end..]
                )),
                _ => with_attr(" a=\"1\"b=\"2\""),
            }
        }
        "bare-ampersand" => insert(leaf_at, one_of(rng, &["AT&T", "& ", "&amp"])),
        "mismatched-end-tag" => match doc[..el.end].rfind("</") {
            Some(at) if !el.empty && at > el.tag_end => {
                text(format!("{}</{}X>{}", &doc[..at], el.name, &doc[el.end..]))
            }
            _ => insert(el.tag_end, "</Unopened>"),
        },
        "truncated" => text(doc[..el.tag_end + rng.below(el.end - el.tag_end + 1)].to_owned()),
        "no-xml-declaration" => text(
            doc[doc.find("?>").map_or(0, |e| e + 2)..]
                .trim_start()
                .to_owned(),
        ),
        "version-2" => text(doc.replacen("version=\"1.0\"", "version=\"2.0\"", 1)),
        "second-xml-declaration" => insert(el.start, "<?xml version=\"1.0\"?>"),
        "standalone-yes" | "standalone-no" => {
            let value = if kind == "standalone-yes" {
                "yes"
            } else {
                "no"
            };
            match doc.find("?>") {
                Some(at) if doc.starts_with("<?xml") => {
                    insert(at, &format!(" standalone=\"{value}\""))
                }
                _ => text(format!(
                    "<?xml version=\"1.0\" standalone=\"{value}\"?>\n{doc}"
                )),
            }
        }
        "no-doctype" => text(format!("{}{}", &doc[..doctype], &doc[doctype_close..])),
        "utf8-bom" => text(format!("\u{feff}{doc}")),
        "latin1" => {
            let accented = format!("{}Caf\u{e9} {}", &doc[..leaf_at], &doc[leaf_at..]);
            let bytes = declare_encoding(&accented, "ISO-8859-1")
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
                .collect();
            Mutant { kind, bytes }
        }
        "utf16le" | "utf16be" => {
            let declared = declare_encoding(doc, "UTF-16");
            let le = kind == "utf16le";
            let mut bytes = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for unit in declared.encode_utf16() {
                bytes.extend(if le {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                });
            }
            Mutant { kind, bytes }
        }
        "internal-entity" => subset("<!ENTITY co \"ACME &amp; Co\">", leaf_at, "&co;"),
        "internal-entity-in-attribute" => {
            let at = el.tag_end - if el.empty { 2 } else { 1 };
            subset("<!ENTITY co \"ACME\">", at, " note=\"&co;\"")
        }
        "entity-with-markup" => subset("<!ENTITY m \"<Extra>x</Extra>\">", el.tag_end, "&m;"),
        "undeclared-entity" => insert(leaf_at, one_of(rng, &["&nbsp;", "&copy;", "&co;"])),
        "cxml-version-entity" => insert(leaf_at, "&cxml.version;"),
        "entity-loop" => subset("<!ENTITY a \"&b;\"><!ENTITY b \"x&a;\">", leaf_at, "&a;"),
        "billion-laughs" => {
            let mut decls = String::from("<!ENTITY l0 \"lol\">");
            for i in 1..10 {
                decls.push_str(&format!(
                    "<!ENTITY l{i} \"{}\">",
                    format!("&l{};", i - 1).repeat(10)
                ));
            }
            subset(&decls, leaf_at, "&l9;")
        }
        "external-entity" => subset(
            "<!ENTITY x SYSTEM \"file:///etc/hostname\">",
            leaf_at,
            "&x;",
        ),
        "root-renamed" => {
            let body = &doc[root.start..root.end];
            let renamed = body.replacen(&root.name, "Request", 1);
            let renamed = match renamed.rfind(&format!("</{}", root.name)) {
                Some(at) => format!("{}</Request>", &renamed[..at]),
                None => renamed,
            };
            text(format!(
                "{}{renamed}{}",
                &doc[..root.start],
                &doc[root.end..]
            ))
        }
        "crlf-line-ends" => text(doc.replace('\n', "\r\n")),
        other => panic!("unknown mutation kind {other}"),
    }
}

/// The end of the attribute starting at `from` (a space) in a tag.
fn tag_attr_end(tag: &str, from: usize) -> usize {
    let Some(eq) = tag[from..].find('=').map(|e| from + e) else {
        return from;
    };
    let q = tag.as_bytes().get(eq + 1).copied().unwrap_or(b'"');
    tag[eq + 2..]
        .find(char::from(q))
        .map_or(eq + 2, |c| eq + 3 + c)
}

/// The document with `encoding` in its XML declaration (one is added).
fn declare_encoding(doc: &str, encoding: &str) -> String {
    let body = match doc.find("?>") {
        Some(end) if doc.starts_with("<?xml") => &doc[end + 2..],
        _ => doc,
    };
    format!("<?xml version=\"1.0\" encoding=\"{encoding}\"?>{body}")
}
