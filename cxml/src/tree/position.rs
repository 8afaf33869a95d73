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
        let newlines = segment.iter().filter(|&&b| b == b'\n').count();
        match segment.iter().rposition(|&b| b == b'\n') {
            Some(last) => {
                self.line = self.line.saturating_add(saturating_u32(newlines));
                self.column = 1 + saturating_u32(char_count(&segment[last + 1..]));
            }
            None => {
                self.column = self
                    .column
                    .saturating_add(saturating_u32(char_count(segment)));
            }
        }
        self.offset = target;
        Position {
            line: self.line,
            column: self.column,
        }
    }
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
}
