//! An SMTP reply: a code and one or more text lines, written as RFC 5321
//! section 4.2 says (`250-first`, ..., `250 last`).

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    code: u16,
    lines: Vec<String>,
}

impl Reply {
    pub fn new(code: u16, text: impl Into<String>) -> Self {
        Reply {
            code,
            lines: vec![text.into()],
        }
    }

    pub fn ok(text: impl Into<String>) -> Self {
        Reply::new(250, text)
    }

    /// A multi-line reply; an empty `lines` is sent as one empty line.
    pub fn multi(code: u16, lines: Vec<String>) -> Self {
        Reply { code, lines }
    }

    #[cfg(test)]
    pub fn code(&self) -> u16 {
        self.code
    }

    /// The reply as sent on the wire, every line ending CRLF.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let last = self.lines.len().saturating_sub(1);
        if self.lines.is_empty() {
            out.extend_from_slice(format!("{} \r\n", self.code).as_bytes());
        }
        for (index, line) in self.lines.iter().enumerate() {
            let separator = if index == last { ' ' } else { '-' };
            // A reply line never carries a line break of its own.
            let line = line.replace(['\r', '\n'], " ");
            out.extend_from_slice(format!("{}{separator}{line}\r\n", self.code).as_bytes());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_replies_use_dashes_until_the_last_line() {
        let reply = Reply::multi(250, vec!["hi".into(), "SIZE 10".into(), "8BITMIME".into()]);
        assert_eq!(
            reply.to_bytes(),
            b"250-hi\r\n250-SIZE 10\r\n250 8BITMIME\r\n"
        );
        assert_eq!(Reply::new(354, "go").to_bytes(), b"354 go\r\n");
    }

    #[test]
    fn text_cannot_inject_a_line() {
        assert_eq!(Reply::new(250, "a\r\nb").to_bytes(), b"250 a  b\r\n");
    }
}
