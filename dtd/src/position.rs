//! Byte offsets to 1-based line and column numbers.
//!
//! The validator records byte offsets only (free on the hot path) and turns
//! them into positions once, at the end, walking the text forward a single
//! time over the sorted offsets. Line breaks are `\n`, `\r\n` and a lone `\r`
//! (XML end-of-line handling); columns count characters, not bytes.

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    pub(crate) line: u32,
    pub(crate) column: u32,
}

/// Walks forward through a text, counting line breaks incrementally.
pub(crate) struct LineCursor<'a> {
    text: &'a [u8],
    offset: usize,
    line: u32,
    line_start: usize,
}

impl<'a> LineCursor<'a> {
    pub(crate) fn new(text: &'a [u8]) -> Self {
        LineCursor {
            text,
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The position of `offset`, which must not be before the previous
    /// offset asked for (earlier offsets are clamped to it).
    pub(crate) fn position(&mut self, offset: usize) -> Position {
        let target = offset.min(self.text.len()).max(self.offset);
        for i in self.offset..target {
            match self.text[i] {
                b'\n' => {
                    if i == 0 || self.text[i - 1] != b'\r' {
                        self.line += 1;
                    }
                    self.line_start = i + 1;
                }
                b'\r' => {
                    self.line += 1;
                    self.line_start = i + 1;
                }
                _ => {}
            }
        }
        self.offset = target;
        let chars = self.text[self.line_start..target]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        Position {
            line: self.line,
            column: u32::try_from(chars + 1).unwrap_or(u32::MAX),
        }
    }
}

/// The position of one offset (scans from the start: for single errors).
pub(crate) fn position_of(text: &[u8], offset: usize) -> Position {
    LineCursor::new(text).position(offset)
}

/// Positions for many offsets in one forward pass, returned in input order.
pub(crate) fn positions_of(text: &[u8], offsets: &[usize]) -> Vec<Position> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut cursor = LineCursor::new(text);
    let mut out = vec![Position { line: 1, column: 1 }; offsets.len()];
    for i in order {
        out[i] = cursor.position(offsets[i]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_all_line_break_styles() {
        let text = b"a\nb\r\nc\rd\xC3\xA9x";
        assert_eq!(position_of(text, 0), Position { line: 1, column: 1 });
        assert_eq!(position_of(text, 2), Position { line: 2, column: 1 });
        assert_eq!(position_of(text, 5), Position { line: 3, column: 1 });
        assert_eq!(position_of(text, 7), Position { line: 4, column: 1 });
        // The two-byte "é" counts as one column.
        assert_eq!(position_of(text, 10), Position { line: 4, column: 3 });
    }

    #[test]
    fn many_offsets_in_any_order() {
        let text = b"ab\ncd\nef";
        let got = positions_of(text, &[7, 1, 4]);
        assert_eq!(got[0], Position { line: 3, column: 2 });
        assert_eq!(got[1], Position { line: 1, column: 2 });
        assert_eq!(got[2], Position { line: 2, column: 2 });
    }
}
