//! The SMTP conversation of one client as a pure state machine (RFC 5321,
//! receiving side only): lines in, replies out, no sockets, so every rule
//! is unit-tested directly. The server in `server.rs` feeds it lines and
//! stores a message when it says [`Step::Deliver`].
//!
//! Supported: EHLO/HELO, MAIL FROM (with SIZE and BODY parameters), RCPT
//! TO, DATA (dot-unstuffing), RSET, NOOP, VRFY (252), HELP, QUIT; SIZE,
//! 8BITMIME and PIPELINING are advertised. No AUTH or STARTTLS: procsim's
//! mail sink accepts everything it is sent on loopback.

use super::reply::Reply;
use crate::envelope::Envelope;

/// Bounds that protect the sink from a runaway client.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest message accepted, in bytes after dot-unstuffing.
    pub max_message_bytes: usize,
    /// Most recipients in one transaction.
    pub max_recipients: usize,
    /// Longest command line (RFC 5321 says 512 octets; we allow more).
    pub max_command_line: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message_bytes: 10 * 1024 * 1024,
            max_recipients: 100,
            max_command_line: 4096,
        }
    }
}

/// What the server must do after feeding one line.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    Reply(Reply),
    /// Inside DATA: nothing to answer until the end marker.
    Silent,
    /// The message is complete: store it durably, then answer 250 (or 451
    /// if storing failed). The session is ready for the next transaction.
    Deliver(Envelope),
    /// Answer, then close the connection.
    Close(Reply),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Connected, no HELO/EHLO yet.
    Fresh,
    /// Greeted, no transaction open.
    Idle,
    /// MAIL FROM accepted, no recipient yet.
    Mail,
    /// At least one RCPT TO accepted.
    Rcpt,
    /// Between DATA's 354 and the end marker.
    Data,
}

#[derive(Debug)]
pub struct Session {
    hostname: String,
    limits: Limits,
    state: State,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
    /// Set when DATA outgrew a limit; the rest is read and dropped.
    data_error: Option<Reply>,
}

impl Session {
    pub fn new(hostname: impl Into<String>, limits: Limits) -> Self {
        Session {
            hostname: hostname.into(),
            limits,
            state: State::Fresh,
            from: String::new(),
            to: Vec::new(),
            data: Vec::new(),
            data_error: None,
        }
    }

    /// The banner sent when a client connects.
    pub fn greeting(&self) -> Reply {
        Reply::new(220, format!("{} ESMTP procsim mail sink", self.hostname))
    }

    /// The longest line the server should buffer in the current state.
    pub fn max_line(&self) -> usize {
        if self.state == State::Data {
            self.limits.max_message_bytes
        } else {
            self.limits.max_command_line
        }
    }

    /// Feeds one line, without its line ending.
    pub fn line(&mut self, line: &[u8]) -> Step {
        if self.state == State::Data {
            return self.data_line(line);
        }
        let Ok(line) = std::str::from_utf8(line) else {
            return Step::Reply(Reply::new(500, "5.5.2 Command line is not UTF-8"));
        };
        let (verb, args) = match line.split_once(' ') {
            Some((verb, args)) => (verb, args.trim()),
            None => (line.trim(), ""),
        };
        Step::Reply(match verb.to_ascii_uppercase().as_str() {
            "EHLO" => self.hello(args, true),
            "HELO" => self.hello(args, false),
            "MAIL" => self.mail(args),
            "RCPT" => self.rcpt(args),
            "DATA" => return self.start_data(args),
            "RSET" => {
                self.reset();
                Reply::ok("2.0.0 Reset")
            }
            "NOOP" => Reply::ok("2.0.0 OK"),
            "VRFY" => Reply::new(252, "2.5.0 Cannot VRFY user, but will accept the message"),
            "HELP" => Reply::new(214, "2.0.0 procsim mail sink: see RFC 5321"),
            "QUIT" => return Step::Close(Reply::new(221, "2.0.0 Bye")),
            "EXPN" | "STARTTLS" | "AUTH" | "BDAT" | "ETRN" | "TURN" | "ATRN" => {
                Reply::new(502, "5.5.1 Command not implemented")
            }
            _ => Reply::new(500, "5.5.2 Command unrecognized"),
        })
    }

    /// Feeds the news that a line exceeded [`Session::max_line`].
    pub fn line_too_long(&mut self) -> Step {
        if self.state == State::Data {
            self.data.clear();
            self.data_error
                .get_or_insert_with(|| Reply::new(552, "5.3.4 Message too big"));
            Step::Silent
        } else {
            Step::Reply(Reply::new(500, "5.5.2 Line too long"))
        }
    }

    fn hello(&mut self, domain: &str, extended: bool) -> Reply {
        if domain.is_empty() {
            return Reply::new(501, "5.5.4 A domain or address literal is required");
        }
        self.reset();
        self.state = State::Idle;
        let greeting = format!("{} greets {domain}", self.hostname);
        if !extended {
            return Reply::ok(greeting);
        }
        Reply::multi(
            250,
            vec![
                greeting,
                format!("SIZE {}", self.limits.max_message_bytes),
                "8BITMIME".to_owned(),
                "PIPELINING".to_owned(),
                "ENHANCEDSTATUSCODES".to_owned(),
            ],
        )
    }

    fn mail(&mut self, args: &str) -> Reply {
        match self.state {
            State::Fresh => return Reply::new(503, "5.5.1 Send HELO or EHLO first"),
            State::Mail | State::Rcpt => {
                return Reply::new(503, "5.5.1 A transaction is already open");
            }
            State::Idle | State::Data => {}
        }
        let Some((path, params)) = parse_path(args, "FROM:") else {
            return Reply::new(501, "5.5.4 Syntax: MAIL FROM:<address>");
        };
        for param in params.split_whitespace() {
            let (key, value) = param.split_once('=').unwrap_or((param, ""));
            match key.to_ascii_uppercase().as_str() {
                "SIZE" => match value.parse::<usize>() {
                    Ok(size) if size > self.limits.max_message_bytes => {
                        return Reply::new(552, "5.3.4 Message size exceeds the fixed limit");
                    }
                    Ok(_) => {}
                    Err(_) => return Reply::new(501, "5.5.4 Bad SIZE parameter"),
                },
                "BODY" if ["7BIT", "8BITMIME"].contains(&value.to_ascii_uppercase().as_str()) => {}
                _ => return Reply::new(555, "5.5.4 Unsupported MAIL parameter"),
            }
        }
        self.from = path.to_owned();
        self.state = State::Mail;
        Reply::ok("2.1.0 Sender OK")
    }

    fn rcpt(&mut self, args: &str) -> Reply {
        if !matches!(self.state, State::Mail | State::Rcpt) {
            return Reply::new(503, "5.5.1 Send MAIL FROM first");
        }
        let Some((path, _params)) = parse_path(args, "TO:") else {
            return Reply::new(501, "5.5.4 Syntax: RCPT TO:<address>");
        };
        if path.is_empty() {
            return Reply::new(501, "5.1.3 An empty recipient is not allowed");
        }
        if self.to.len() >= self.limits.max_recipients {
            return Reply::new(452, "4.5.3 Too many recipients");
        }
        self.to.push(path.to_owned());
        self.state = State::Rcpt;
        Reply::ok("2.1.5 Recipient OK")
    }

    fn start_data(&mut self, args: &str) -> Step {
        if self.state != State::Rcpt {
            return Step::Reply(Reply::new(503, "5.5.1 Send RCPT TO first"));
        }
        if !args.is_empty() {
            return Step::Reply(Reply::new(501, "5.5.4 DATA takes no arguments"));
        }
        self.state = State::Data;
        self.data.clear();
        self.data_error = None;
        Step::Reply(Reply::new(354, "End data with <CR><LF>.<CR><LF>"))
    }

    fn data_line(&mut self, line: &[u8]) -> Step {
        if line == b"." {
            let error = self.data_error.take();
            let envelope = Envelope {
                from: std::mem::take(&mut self.from),
                to: std::mem::take(&mut self.to),
                data: std::mem::take(&mut self.data),
            };
            self.reset();
            return match error {
                Some(reply) => Step::Reply(reply),
                None => Step::Deliver(envelope),
            };
        }
        if self.data_error.is_some() {
            return Step::Silent;
        }
        // RFC 5321 4.5.2: a leading dot was doubled by the client.
        let line = line.strip_prefix(b".").unwrap_or(line);
        if self.data.len() + line.len() + 2 > self.limits.max_message_bytes {
            return self.line_too_long();
        }
        self.data.extend_from_slice(line);
        self.data.extend_from_slice(b"\r\n");
        Step::Silent
    }

    /// Drops the open transaction, keeping the greeting.
    fn reset(&mut self) {
        self.from.clear();
        self.to.clear();
        self.data.clear();
        self.data_error = None;
        if self.state != State::Fresh {
            self.state = State::Idle;
        }
    }
}

/// Parses `FROM:<path> params` (or `TO:`), tolerating a space after the
/// colon and a path without angle brackets, as many clients send.
fn parse_path<'a>(args: &'a str, keyword: &str) -> Option<(&'a str, &'a str)> {
    let head = args.get(..keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = args[keyword.len()..].trim_start();
    if let Some(inner) = rest.strip_prefix('<') {
        let (path, params) = inner.split_once('>')?;
        Some((path.trim(), params.trim()))
    } else {
        let (path, params) = rest.split_once(' ').unwrap_or((rest, ""));
        (!path.is_empty()).then_some((path, params.trim()))
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
