//! Splits the bytes an SMTP client sends into lines, whatever the read
//! boundaries: a line (or the DATA end marker) split across two reads is
//! reassembled, and an over-long line is reported once and skipped, so a
//! client cannot make us buffer without bound.

/// What [`LineBuffer::next_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum LineEvent {
    /// One line without its `\r\n` (or bare `\n`) terminator.
    Line(Vec<u8>),
    /// A line longer than the limit; its bytes are dropped up to and
    /// including its terminator.
    TooLong,
}

#[derive(Debug, Default)]
pub struct LineBuffer {
    buf: Vec<u8>,
    /// Bytes before this offset are consumed; compacted lazily.
    start: usize,
    /// Bytes in `buf[start..start + scanned]` are known to hold no `\n`.
    scanned: usize,
    /// Inside an over-long line already reported: drop up to the next `\n`.
    discarding: bool,
}

impl LineBuffer {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 && self.start >= self.buf.len() / 2 {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete line, if the buffer holds one. `max` bounds a
    /// line's length without its terminator.
    pub fn next_line(&mut self, max: usize) -> Option<LineEvent> {
        loop {
            let pending = &self.buf[self.start..];
            let newline = pending[self.scanned..]
                .iter()
                .position(|&b| b == b'\n')
                .map(|at| self.scanned + at);
            let Some(end) = newline else {
                self.scanned = pending.len();
                if self.discarding {
                    self.consume(pending.len());
                    return None;
                }
                if pending.len() > max {
                    self.consume(pending.len());
                    self.discarding = true;
                    return Some(LineEvent::TooLong);
                }
                return None;
            };
            let mut line_end = end;
            if line_end > 0 && pending[line_end - 1] == b'\r' {
                line_end -= 1;
            }
            let line = pending[..line_end].to_vec();
            self.consume(end + 1);
            if self.discarding {
                self.discarding = false;
                continue;
            }
            return Some(if line.len() > max {
                LineEvent::TooLong
            } else {
                LineEvent::Line(line)
            });
        }
    }

    fn consume(&mut self, count: usize) {
        self.start += count;
        self.scanned = 0;
        if self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(buffer: &mut LineBuffer, max: usize) -> Vec<LineEvent> {
        std::iter::from_fn(|| buffer.next_line(max)).collect()
    }

    fn line(text: &str) -> LineEvent {
        LineEvent::Line(text.as_bytes().to_vec())
    }

    #[test]
    fn splits_crlf_and_bare_lf_lines() {
        let mut buffer = LineBuffer::new();
        buffer.push(b"EHLO a\r\nNOOP\nRSET\r\npartial");
        assert_eq!(
            lines(&mut buffer, 100),
            [line("EHLO a"), line("NOOP"), line("RSET")]
        );
        buffer.push(b" line\r\n");
        assert_eq!(lines(&mut buffer, 100), [line("partial line")]);
    }

    #[test]
    fn the_end_marker_split_across_reads_is_one_line() {
        let mut buffer = LineBuffer::new();
        for chunk in [&b"body\r"[..], b"\n.", b"\r", b"\nQUIT\r\n"] {
            buffer.push(chunk);
        }
        assert_eq!(
            lines(&mut buffer, 100),
            [line("body"), line("."), line("QUIT")]
        );
    }

    #[test]
    fn every_split_point_yields_the_same_lines() {
        let input = b"MAIL FROM:<a@b>\r\nDATA\r\n..dot\r\n.\r\n";
        for split in 0..=input.len() {
            let mut buffer = LineBuffer::new();
            buffer.push(&input[..split]);
            let mut got = lines(&mut buffer, 100);
            buffer.push(&input[split..]);
            got.extend(lines(&mut buffer, 100));
            assert_eq!(
                got,
                [
                    line("MAIL FROM:<a@b>"),
                    line("DATA"),
                    line("..dot"),
                    line(".")
                ],
                "split at {split}"
            );
        }
    }

    #[test]
    fn an_over_long_line_is_reported_once_and_skipped() {
        let mut buffer = LineBuffer::new();
        buffer.push(&[b'x'; 30]);
        assert_eq!(buffer.next_line(10), Some(LineEvent::TooLong));
        buffer.push(&[b'x'; 30]);
        assert_eq!(buffer.next_line(10), None, "still inside the long line");
        buffer.push(b"xx\r\nNOOP\r\n");
        assert_eq!(lines(&mut buffer, 10), [line("NOOP")]);
        buffer.push(b"0123456789AB\r\nok\r\n");
        assert_eq!(lines(&mut buffer, 10), [LineEvent::TooLong, line("ok")]);
    }
}
