//! Turns byte offsets into 1-based line and column numbers.
//!
//! Offsets arrive in increasing order while parsing, so the tracker only
//! scans the bytes between the previous offset and the new one: the whole
//! document is scanned once however many elements it has, which matters for
//! multi-megabyte carts minified onto a single line.

use super::Position;

pub(crate) struct LineTracker<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u32,
    column: u32,
}

impl<'a> LineTracker<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    /// The position of byte `offset`. Offsets behind the last one asked for
    /// restart the scan from the top (only error paths do that).
    pub(crate) fn at(&mut self, offset: usize) -> Position {
        let target = offset.min(self.bytes.len());
        if target < self.offset {
            *self = Self::new(self.bytes);
        }
        let segment = &self.bytes[self.offset..target];
        if segment.len() < SHORT_SEGMENT {
            self.step_through(segment);
        } else {
            self.jump_over(segment);
        }
        self.offset = target;
        Position {
            line: self.line,
            column: self.column,
        }
    }
}

/// Segments shorter than this (the gap between two tags, mostly) are
/// stepped through byte by byte; longer ones are counted in whole-slice
/// passes, which the compiler vectorises.
const SHORT_SEGMENT: usize = 64;

impl LineTracker<'_> {
    /// Eight bytes at a time: a word with no newline adds its characters
    /// to the column at once (every byte but the continuation bytes of
    /// multi-byte characters); a word with one is stepped byte by byte.
    fn step_through(&mut self, segment: &[u8]) {
        let mut words = segment.chunks_exact(8);
        for chunk in &mut words {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(chunk);
            let word = u64::from_le_bytes(bytes);
            if has_newline(word) {
                self.step_bytes(chunk);
            } else {
                self.column = self.column.saturating_add(8 - continuation_bytes(word));
            }
        }
        self.step_bytes(words.remainder());
    }

    fn step_bytes(&mut self, segment: &[u8]) {
        for &b in segment {
            if b == b'\n' {
                self.line = self.line.saturating_add(1);
                self.column = 1;
            } else if (b & 0xC0) != 0x80 {
                self.column = self.column.saturating_add(1);
            }
        }
    }

    fn jump_over(&mut self, segment: &[u8]) {
        match memchr::memrchr(b'\n', segment) {
            Some(last) => {
                let newlines = memchr::memchr_iter(b'\n', &segment[..=last]).count();
                self.line = self.line.saturating_add(saturating_u32(newlines));
                self.column = 1 + saturating_u32(char_count(&segment[last + 1..]));
            }
            None => {
                self.column = self
                    .column
                    .saturating_add(saturating_u32(char_count(segment)));
            }
        }
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Whether one of the word's eight bytes is `\n`.
fn has_newline(word: u64) -> bool {
    let x = word ^ (ONES * u64::from(b'\n'));
    (x.wrapping_sub(ONES) & !x & HIGH_BITS) != 0
}

/// How many of the word's bytes are UTF-8 continuation bytes (`10xxxxxx`):
/// the top bit set and the next one clear, which a shift by one brings
/// under the top bit of the same byte.
fn continuation_bytes(word: u64) -> u32 {
    (word & !(word << 1) & HIGH_BITS).count_ones()
}

/// Characters in UTF-8 bytes: every byte that is not a continuation byte.
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

fn saturating_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracks_lines_and_character_columns() {
        let text = "ab\ncé\n\nxyz".as_bytes();
        let mut t = LineTracker::new(text);
        assert_eq!(t.at(0), Position { line: 1, column: 1 });
        assert_eq!(t.at(2), Position { line: 1, column: 3 });
        assert_eq!(t.at(3), Position { line: 2, column: 1 });
        // "é" is two bytes but one column.
        assert_eq!(t.at(6), Position { line: 2, column: 3 });
        assert_eq!(t.at(8), Position { line: 4, column: 1 });
        assert_eq!(t.at(10), Position { line: 4, column: 3 });
        // Going backwards restarts cleanly.
        assert_eq!(t.at(1), Position { line: 1, column: 2 });
    }

    #[test]
    fn word_tests_agree_with_byte_tests() {
        // Every byte value at every place of a word, beside bytes of each
        // kind: ASCII, newline, lead byte, continuation byte.
        for fill in [b'a', b'\n', 0xC3, 0xA9] {
            for place in 0..8 {
                for b in 0..=255u8 {
                    let mut bytes = [fill; 8];
                    bytes[place] = b;
                    let word = u64::from_le_bytes(bytes);
                    assert_eq!(has_newline(word), bytes.contains(&b'\n'), "{bytes:?}");
                    let continuation = bytes.iter().filter(|&&c| c & 0xC0 == 0x80).count();
                    assert_eq!(continuation_bytes(word) as usize, continuation, "{bytes:?}");
                }
            }
        }
    }

    /// Line and column of `offset`, a byte at a time.
    fn counted(bytes: &[u8], offset: usize) -> Position {
        let (mut line, mut column) = (1, 1);
        for &b in &bytes[..offset] {
            if b == b'\n' {
                (line, column) = (line + 1, 1);
            } else if b & 0xC0 != 0x80 {
                column += 1;
            }
        }
        Position { line, column }
    }

    #[test]
    fn every_step_agrees_with_counting_byte_by_byte() {
        let text = "a\n\nbé\n€x\n\n\n\n\n\n\n\n\nyz\u{10348}\u{10348}\u{10348}q\r\nend\n";
        let bytes = text.as_bytes();
        let boundaries: Vec<usize> = (0..=bytes.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (n, &from) in boundaries.iter().enumerate() {
            for &to in &boundaries[n..] {
                let mut tracker = LineTracker::new(bytes);
                assert_eq!(tracker.at(from), counted(bytes, from), "at {from}");
                assert_eq!(tracker.at(to), counted(bytes, to), "from {from} to {to}");
            }
        }
    }

    #[test]
    fn long_and_short_steps_agree() {
        let line = "<Description>héllo wörld, a long line of text</Description>";
        let text = format!("{line}\n{}\n\n{line}", line.repeat(5));
        let bytes = text.as_bytes();
        let boundaries: Vec<usize> = (0..=bytes.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut one_by_one = LineTracker::new(bytes);
        let expected: Vec<Position> = boundaries.iter().map(|&i| one_by_one.at(i)).collect();
        for stride in [7, 63, 64, 65, 200, 1000] {
            let mut tracker = LineTracker::new(bytes);
            for (n, &i) in boundaries.iter().enumerate().step_by(stride) {
                assert_eq!(tracker.at(i), expected[n], "offset {i}, stride {stride}");
            }
        }
    }
}
