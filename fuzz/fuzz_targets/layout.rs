//! The dashboard's document layout on arbitrary text: never a panic, never
//! more lines than asked, output linear in the input, and asking for fewer
//! lines gives a prefix of the whole layout (with `complete` telling
//! exactly whether it is all of it).
//!
//! Input: byte 0 is `max_lines` (0..=255), the rest is the document (UTF-8,
//! invalid sequences replaced).
#![no_main]

use cxml::pretty::{Layout, layout};
use libfuzzer_sys::fuzz_target;

fn text_len(layout: &Layout) -> usize {
    layout
        .lines
        .iter()
        .flat_map(|l| &l.tokens)
        .map(|t| t.text.len())
        .sum()
}

fn check_shape(raw: &str, layout: &Layout, max_lines: usize) {
    assert!(
        layout.lines.len() <= max_lines,
        "{} lines for max {max_lines}",
        layout.lines.len()
    );
    // Every piece is cut from the source; only the punctuation around
    // attributes (` `, `="`, `"`) may be written where the source had
    // something shorter, and an attribute takes at least `a=""` (4 bytes).
    let out = text_len(layout);
    assert!(
        out <= 2 * raw.len() + 8,
        "{out} bytes of tokens for {} bytes of input",
        raw.len()
    );
    for (i, line) in layout.lines.iter().enumerate() {
        assert!(!line.tokens.is_empty(), "line {i} is empty");
        // Each line opens at most one more level than the line before.
        assert!(line.depth <= i, "line {i} at depth {}", line.depth);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let max_lines = usize::from(first);
    let raw = String::from_utf8_lossy(rest);

    let some = layout(&raw, max_lines);
    if let Some(some) = &some {
        check_shape(&raw, some, max_lines);
    }
    let whole = layout(&raw, usize::MAX);
    if let Some(whole) = &whole {
        check_shape(&raw, whole, usize::MAX);
        assert!(whole.complete, "an unbounded layout is always complete");
        // What was well-formed in whole was well-formed in part.
        let some = some.as_ref().expect("a well-formed document lays out for any max_lines");
        assert!(
            whole.lines.starts_with(&some.lines),
            "the first {max_lines} lines differ from the whole layout's\n\
             part:  {:?}\nwhole: {:?}",
            some.lines,
            whole.lines
        );
        assert_eq!(
            some.complete,
            some.lines.len() == whole.lines.len(),
            "`complete` is wrong for {} of {} lines",
            some.lines.len(),
            whole.lines.len()
        );
    }
});
