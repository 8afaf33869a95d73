//! Unit tests of the SMTP state machine, one conversation per test.

use super::*;

fn session() -> Session {
    Session::new("mail.test", Limits::default())
}

fn code(step: Step) -> u16 {
    match step {
        Step::Reply(reply) | Step::Close(reply) => reply.code(),
        other => panic!("expected a reply, got {other:?}"),
    }
}

/// Feeds `lines` and returns the code of the last reply.
fn say(session: &mut Session, lines: &[&str]) -> u16 {
    let mut last = 0;
    for line in lines {
        match session.line(line.as_bytes()) {
            Step::Silent => {}
            step => last = code(step),
        }
    }
    last
}

fn deliver(session: &mut Session, body: &[&str]) -> Envelope {
    assert_eq!(code(session.line(b"DATA")), 354);
    for line in body {
        assert_eq!(session.line(line.as_bytes()), Step::Silent, "{line}");
    }
    match session.line(b".") {
        Step::Deliver(envelope) => envelope,
        other => panic!("expected delivery, got {other:?}"),
    }
}

#[test]
fn ehlo_advertises_size_8bitmime_and_pipelining() {
    let mut session = session();
    assert_eq!(session.greeting().code(), 220);
    let Step::Reply(reply) = session.line(b"EHLO client.test") else {
        panic!("EHLO must be answered");
    };
    let text = String::from_utf8(reply.to_bytes()).expect("ascii");
    assert!(
        text.starts_with("250-mail.test greets client.test\r\n"),
        "{text}"
    );
    assert!(text.contains("250-SIZE 10485760\r\n"), "{text}");
    assert!(text.contains("8BITMIME"), "{text}");
    assert!(text.contains("PIPELINING"), "{text}");
}

#[test]
fn a_full_transaction_delivers_the_envelope_and_data() {
    let mut session = session();
    assert_eq!(
        say(
            &mut session,
            &[
                "EHLO c",
                "MAIL FROM:<shop@market.test> SIZE=120 BODY=8BITMIME",
                "RCPT TO:<a@buyer.test>",
                "rcpt to: <b@buyer.test>",
            ]
        ),
        250
    );
    let envelope = deliver(&mut session, &["Subject: hi", "", "body"]);
    assert_eq!(envelope.from, "shop@market.test");
    assert_eq!(envelope.to, ["a@buyer.test", "b@buyer.test"]);
    assert_eq!(envelope.data, b"Subject: hi\r\n\r\nbody\r\n");
    // The session is ready for the next message without a new EHLO.
    assert_eq!(say(&mut session, &["MAIL FROM:<>", "RCPT TO:<c@x>"]), 250);
}

#[test]
fn data_lines_are_dot_unstuffed() {
    let mut session = session();
    say(
        &mut session,
        &["HELO c", "MAIL FROM:<a@b>", "RCPT TO:<c@d>"],
    );
    let envelope = deliver(&mut session, &["..", "..leading dot", "...", "a.b"]);
    assert_eq!(envelope.data, b".\r\n.leading dot\r\n..\r\na.b\r\n");
}

#[test]
fn commands_out_of_order_get_503() {
    let mut session = session();
    assert_eq!(say(&mut session, &["MAIL FROM:<a@b>"]), 503);
    assert_eq!(say(&mut session, &["RCPT TO:<a@b>"]), 503);
    assert_eq!(say(&mut session, &["DATA"]), 503);
    assert_eq!(say(&mut session, &["EHLO c", "RCPT TO:<a@b>"]), 503);
    assert_eq!(say(&mut session, &["DATA"]), 503);
    assert_eq!(say(&mut session, &["MAIL FROM:<a@b>", "DATA"]), 503);
    assert_eq!(say(&mut session, &["MAIL FROM:<a@b>"]), 503, "nested MAIL");
}

#[test]
fn rset_drops_the_transaction_but_keeps_the_greeting() {
    let mut session = session();
    say(
        &mut session,
        &["EHLO c", "MAIL FROM:<a@b>", "RCPT TO:<c@d>"],
    );
    assert_eq!(say(&mut session, &["RSET"]), 250);
    assert_eq!(say(&mut session, &["DATA"]), 503);
    assert_eq!(say(&mut session, &["MAIL FROM:<x@y>"]), 250);
}

#[test]
fn vrfy_noop_help_quit_and_unknown_commands() {
    let mut session = session();
    assert_eq!(say(&mut session, &["VRFY someone"]), 252);
    assert_eq!(say(&mut session, &["NOOP"]), 250);
    assert_eq!(say(&mut session, &["HELP"]), 214);
    assert_eq!(say(&mut session, &["STARTTLS"]), 502);
    assert_eq!(say(&mut session, &["AUTH PLAIN xyz"]), 502);
    assert_eq!(say(&mut session, &["FROBNICATE"]), 500);
    assert_eq!(say(&mut session, &[""]), 500);
    assert_eq!(code(session.line(&[0xff, 0xfe])), 500);
    assert!(matches!(session.line(b"quit"), Step::Close(reply) if reply.code() == 221));
}

#[test]
fn malformed_arguments_get_501_or_555() {
    let mut session = session();
    assert_eq!(say(&mut session, &["EHLO"]), 501);
    assert_eq!(say(&mut session, &["EHLO c", "MAIL TO:<a@b>"]), 501);
    assert_eq!(say(&mut session, &["MAIL FROM:<a@b> SIZE=lots"]), 501);
    assert_eq!(say(&mut session, &["MAIL FROM:<a@b> AUTH=<>"]), 555);
    assert_eq!(
        say(&mut session, &["MAIL FROM:a@b"]),
        250,
        "bare path tolerated"
    );
    assert_eq!(say(&mut session, &["RCPT TO:<>"]), 501);
    assert_eq!(say(&mut session, &["RCPT TO:<c@d>", "DATA now"]), 501);
}

#[test]
fn a_declared_size_over_the_limit_is_refused_at_mail_from() {
    let mut session = session();
    say(&mut session, &["EHLO c"]);
    assert_eq!(say(&mut session, &["MAIL FROM:<a@b> SIZE=10485761"]), 552);
    assert_eq!(say(&mut session, &["RCPT TO:<c@d>"]), 503, "no transaction");
}

#[test]
fn data_over_the_limit_is_read_to_the_end_then_refused_with_552() {
    let limits = Limits {
        max_message_bytes: 20,
        ..Limits::default()
    };
    let mut session = Session::new("mail.test", limits);
    say(
        &mut session,
        &["EHLO c", "MAIL FROM:<a@b>", "RCPT TO:<c@d>", "DATA"],
    );
    for line in ["0123456789", "0123456789", "more"] {
        assert_eq!(session.line(line.as_bytes()), Step::Silent);
    }
    assert_eq!(code(session.line(b".")), 552);
    // Nothing lingers: a new transaction starts clean and delivers.
    say(&mut session, &["MAIL FROM:<a@b>", "RCPT TO:<c@d>"]);
    assert_eq!(deliver(&mut session, &["small"]).data, b"small\r\n");
}

#[test]
fn an_over_long_line_is_500_in_commands_and_552_in_data() {
    let mut session = session();
    assert_eq!(code(session.line_too_long()), 500);
    say(
        &mut session,
        &["EHLO c", "MAIL FROM:<a@b>", "RCPT TO:<c@d>", "DATA"],
    );
    assert_eq!(session.max_line(), Limits::default().max_message_bytes);
    assert_eq!(session.line_too_long(), Step::Silent);
    assert_eq!(code(session.line(b".")), 552);
    assert_eq!(session.max_line(), Limits::default().max_command_line);
}

#[test]
fn too_many_recipients_get_452() {
    let limits = Limits {
        max_recipients: 2,
        ..Limits::default()
    };
    let mut session = Session::new("mail.test", limits);
    say(
        &mut session,
        &["EHLO c", "MAIL FROM:<a@b>", "RCPT TO:<1@x>"],
    );
    assert_eq!(say(&mut session, &["RCPT TO:<2@x>"]), 250);
    assert_eq!(say(&mut session, &["RCPT TO:<3@x>"]), 452);
    assert_eq!(deliver(&mut session, &["x"]).to, ["1@x", "2@x"]);
}
