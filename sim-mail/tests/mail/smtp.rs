//! SMTP conversations over a real socket, checked through the API.

use service_kit::Storage;

use crate::support::{Mail, SmtpClient, message};

#[tokio::test]
async fn a_delivered_message_is_listed_with_its_headers() {
    let mail = Mail::start(Storage::Memory).await;
    let data = message(
        "\"Market Place\" <noreply@market.test>",
        "Ann Buyer <ann@buyer.test>",
        "Agreement created",
        "Your agreement is live.",
    );
    assert_eq!(
        mail.send("noreply@market.test", &["ann@buyer.test"], &data)
            .await,
        250
    );

    let list = mail.messages().await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["unread"], 1);
    assert_eq!(list["messages_count"], 1);
    let summary = &list["messages"][0];
    assert_eq!(summary["From"]["Name"], "Market Place");
    assert_eq!(summary["From"]["Address"], "noreply@market.test");
    assert_eq!(summary["To"][0]["Name"], "Ann Buyer");
    assert_eq!(summary["To"][0]["Address"], "ann@buyer.test");
    assert_eq!(summary["Subject"], "Agreement created");
    assert_eq!(summary["Read"], false);
    assert_eq!(summary["Snippet"], "Your agreement is live.");
    assert_eq!(summary["Size"], data.len());
    // Received on the simulated clock, not the wall clock.
    assert_eq!(summary["Created"], crate::support::START);
    let id = summary["ID"].as_str().unwrap();
    assert_eq!(id.len(), 22);
    assert!(id.chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
    mail.stop().await;
}

#[tokio::test]
async fn one_message_to_several_recipients_is_stored_once_with_all_of_them() {
    let mail = Mail::start(Storage::Memory).await;
    let data = message(
        "shop@market.test",
        "a@buyer.test, b@buyer.test",
        "Hello all",
        "hi",
    );
    let code = mail
        .send(
            "shop@market.test",
            &["a@buyer.test", "b@buyer.test", "audit@market.test"],
            &data,
        )
        .await;
    assert_eq!(code, 250);
    let list = mail.messages().await;
    assert_eq!(list["total"], 1);
    let summary = &list["messages"][0];
    let to: Vec<_> = summary["To"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["Address"].as_str().unwrap())
        .collect();
    assert_eq!(to, ["a@buyer.test", "b@buyer.test"]);
    // A recipient named by no header is a blind copy, as Mailpit shows it.
    assert_eq!(summary["Bcc"][0]["Address"], "audit@market.test");
    mail.stop().await;
}

#[tokio::test]
async fn dot_stuffed_lines_are_stored_unstuffed() {
    let mail = Mail::start(Storage::Memory).await;
    let data = message("a@x.test", "b@x.test", "Dots", ".\r\n.hidden\r\n..two");
    assert_eq!(mail.send("a@x.test", &["b@x.test"], &data).await, 250);
    let id = mail.messages().await["messages"][0]["ID"]
        .as_str()
        .unwrap()
        .to_owned();
    let raw = mail.get(&format!("/api/v1/message/{id}/raw")).await;
    assert_eq!(raw.text().await.unwrap(), data);
    mail.stop().await;
}

#[tokio::test]
async fn a_message_over_the_size_limit_gets_552_and_nothing_is_stored() {
    let mail = Mail::start(Storage::Memory).await;
    let mut client = SmtpClient::connect(mail.smtp).await;
    assert_eq!(client.command("EHLO c").await, 250);
    assert!(
        client.last_reply.contains("SIZE 10485760"),
        "{}",
        client.last_reply
    );
    // Declared too big: refused before any data is sent.
    assert_eq!(
        client.command("MAIL FROM:<a@x.test> SIZE=20000000").await,
        552
    );
    // Undeclared and too big: read to the end marker, then refused.
    assert_eq!(client.command("MAIL FROM:<a@x.test>").await, 250);
    assert_eq!(client.command("RCPT TO:<b@x.test>").await, 250);
    assert_eq!(client.command("DATA").await, 354);
    let line = "x".repeat(998);
    let body = format!(
        "Subject: big\r\n\r\n{}",
        format!("{line}\r\n").repeat(11 * 1024)
    );
    assert_eq!(client.data(&body).await, 552);
    // The session is still usable afterwards.
    assert_eq!(client.command("NOOP").await, 250);
    assert_eq!(client.command("QUIT").await, 221);
    assert_eq!(mail.messages().await["total"], 0);
    mail.stop().await;
}

#[tokio::test]
async fn commands_out_of_sequence_get_503_and_store_nothing() {
    let mail = Mail::start(Storage::Memory).await;
    let mut client = SmtpClient::connect(mail.smtp).await;
    assert_eq!(client.command("MAIL FROM:<a@x.test>").await, 503);
    assert_eq!(client.command("HELO c").await, 250);
    assert_eq!(client.command("DATA").await, 503);
    assert_eq!(client.command("RCPT TO:<b@x.test>").await, 503);
    assert_eq!(client.command("VRFY b@x.test").await, 252);
    assert_eq!(client.command("XYZZY").await, 500);
    assert_eq!(client.command("QUIT").await, 221);
    assert_eq!(mail.messages().await["total"], 0);
    mail.stop().await;
}

#[tokio::test]
async fn pipelined_commands_in_one_write_are_answered_in_order() {
    let mail = Mail::start(Storage::Memory).await;
    let mut client = SmtpClient::connect(mail.smtp).await;
    assert_eq!(client.command("EHLO c").await, 250);
    assert!(client.last_reply.contains("PIPELINING"));
    client
        .write(b"MAIL FROM:<a@x.test>\r\nRCPT TO:<b@x.test>\r\nRCPT TO:<c@x.test>\r\nDATA\r\n")
        .await;
    for expected in [250, 250, 250, 354] {
        assert_eq!(client.reply().await, expected);
    }
    // The end marker arrives split across writes.
    client.write(b"Subject: piped\r\n\r\nbody\r\n.").await;
    client.write(b"\r\nQUIT\r\n").await;
    assert_eq!(client.reply().await, 250);
    assert!(
        client.last_reply.contains("queued as"),
        "{}",
        client.last_reply
    );
    assert_eq!(client.reply().await, 221);
    let list = mail.messages().await;
    assert_eq!(list["messages"][0]["Subject"], "piped");
    mail.stop().await;
}

#[tokio::test]
async fn shutdown_tells_an_idle_client_421() {
    let mail = Mail::start(Storage::Memory).await;
    let mut client = SmtpClient::connect(mail.smtp).await;
    assert_eq!(client.command("EHLO c").await, 250);
    mail.stop().await;
    assert_eq!(client.reply().await, 421);
}
