//! The Mailpit v1 API subset: search, read one, raw, delete, errors.

use jiff::SignedDuration;
use serde_json::{Value, json};
use service_kit::Storage;

use crate::support::{Mail, message};

async fn mailbox_with_three() -> Mail {
    let mail = Mail::start(Storage::Memory).await;
    for (from, to, subject, body) in [
        (
            "shop@market.test",
            "ann@buyer.test",
            "Agreement created",
            "PO 4500012345",
        ),
        (
            "billing@market.test",
            "ann@buyer.test",
            "Invoice ready",
            "Amount due",
        ),
        (
            "shop@market.test",
            "bob@buyer.test",
            "Offer expired",
            "Sorry, the offer",
        ),
    ] {
        let data = message(from, to, subject, body);
        assert_eq!(mail.send(from, &[to], &data).await, 250);
        mail.clock
            .advance(SignedDuration::from_mins(1))
            .expect("the simulated clock moves forward");
    }
    mail
}

fn subjects(list: &Value) -> Vec<&str> {
    list["messages"]
        .as_array()
        .expect("the message list has a messages array")
        .iter()
        .map(|m| {
            m["Subject"]
                .as_str()
                .expect("every listed message has a Subject string")
        })
        .collect()
}

#[tokio::test]
async fn lists_newest_first_with_paging() {
    let mail = mailbox_with_three().await;
    let list = mail.messages().await;
    assert_eq!(
        subjects(&list),
        ["Offer expired", "Invoice ready", "Agreement created"]
    );
    assert_eq!(list["messages"][2]["Created"], crate::support::START);
    assert_eq!(list["messages"][0]["Created"], "2026-01-05T09:02:00Z");
    let page = mail.json("/api/v1/messages?start=1&limit=1").await;
    assert_eq!(subjects(&page), ["Invoice ready"]);
    assert_eq!(page["start"], 1);
    assert_eq!(page["count"], 1);
    assert_eq!(page["total"], 3);
    assert_eq!(page["tags"], json!([]));
    let huge = mail
        .json("/api/v1/messages?start=18446744073709551615&limit=18446744073709551615")
        .await;
    assert_eq!(huge["messages"], json!([]));
    assert_eq!(huge["total"], 3);
    mail.stop().await;
}

#[tokio::test]
async fn search_by_words_subject_and_from() {
    let mail = mailbox_with_three().await;
    let by_subject = mail.json("/api/v1/search?query=subject:invoice").await;
    assert_eq!(subjects(&by_subject), ["Invoice ready"]);
    assert_eq!(by_subject["messages_count"], 1);
    assert_eq!(by_subject["total"], 3);

    let by_from = mail
        .json("/api/v1/search?query=from:shop@market.test")
        .await;
    assert_eq!(subjects(&by_from), ["Offer expired", "Agreement created"]);

    let by_to = mail.json("/api/v1/search?query=to:bob").await;
    assert_eq!(subjects(&by_to), ["Offer expired"]);

    // Plain words match the body too, and every term must match.
    let words = mail.json("/api/v1/search?query=4500012345").await;
    assert_eq!(subjects(&words), ["Agreement created"]);
    let both = mail
        .json("/api/v1/search?query=from%3Ashop%20-expired")
        .await;
    assert_eq!(subjects(&both), ["Agreement created"]);
    let none = mail.json("/api/v1/search?query=nothing-like-this").await;
    assert_eq!(none["messages_count"], 0);

    let empty = mail.get("/api/v1/search?query=%20").await;
    assert_eq!(empty.status(), 400);
    mail.stop().await;
}

#[tokio::test]
async fn reading_a_message_returns_its_bodies_and_marks_it_read() {
    let mail = mailbox_with_three().await;
    let list = mail.messages().await;
    assert_eq!(list["unread"], 3);
    let id = list["messages"][1]["ID"].as_str().unwrap().to_owned();

    let message = mail.json(&format!("/api/v1/message/{id}")).await;
    assert_eq!(message["ID"], id.as_str());
    assert_eq!(message["Subject"], "Invoice ready");
    assert_eq!(message["From"]["Address"], "billing@market.test");
    assert_eq!(message["ReturnPath"], "billing@market.test");
    assert_eq!(message["MessageID"], "13@test");
    assert_eq!(message["Text"].as_str().unwrap().trim_end(), "Amount due");
    assert_eq!(message["HTML"], "");
    assert_eq!(message["Attachments"], json!([]));

    let list = mail.messages().await;
    assert_eq!(list["unread"], 2);
    assert_eq!(list["messages"][1]["Read"], true);
    assert_eq!(list["messages"][0]["Read"], false);
    let unread = mail.json("/api/v1/search?query=is:unread").await;
    assert_eq!(unread["messages_count"], 2);
    mail.stop().await;
}

#[tokio::test]
async fn raw_returns_the_exact_bytes_received() {
    let mail = Mail::start(Storage::Memory).await;
    let data = "Subject: =?UTF-8?B?w6nDqA==?=\r\nX-Odd:   spaced  \r\n\r\nbody \u{e9}\r\n";
    assert_eq!(mail.send("a@x.test", &["b@x.test"], data).await, 250);
    let list = mail.messages().await;
    assert_eq!(list["messages"][0]["Subject"], "éè");
    let id = list["messages"][0]["ID"].as_str().unwrap();
    let raw = mail.get(&format!("/api/v1/message/{id}/raw")).await;
    assert_eq!(raw.status(), 200);
    assert_eq!(raw.bytes().await.unwrap(), data.as_bytes());
    mail.stop().await;
}

#[tokio::test]
async fn unknown_ids_are_404_with_a_json_error() {
    let mail = Mail::start(Storage::Memory).await;
    for path in ["/api/v1/message/nope", "/api/v1/message/nope/raw"] {
        let reply = mail.get(path).await;
        assert_eq!(reply.status(), 404, "{path}");
        let body: Value = reply.json().await.unwrap();
        assert_eq!(body["Error"], "message not found");
    }
    mail.stop().await;
}

#[tokio::test]
async fn delete_some_then_all() {
    let mail = mailbox_with_three().await;
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/messages", mail.web);
    let id = mail.messages().await["messages"][0]["ID"]
        .as_str()
        .unwrap()
        .to_owned();

    let reply = client
        .delete(&url)
        .json(&json!({ "IDs": [id] }))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.text().await.unwrap(), "ok");
    assert_eq!(
        subjects(&mail.messages().await),
        ["Invoice ready", "Agreement created"]
    );

    let refused = client.delete(&url).body("not json").send().await.unwrap();
    assert_eq!(refused.status(), 400);
    assert_eq!(mail.messages().await["total"], 2, "nothing deleted");

    let reply = client.delete(&url).send().await.unwrap();
    assert_eq!(reply.status(), 200);
    let list = mail.messages().await;
    assert_eq!(list["total"], 0);
    assert_eq!(list["messages"], json!([]));
    mail.stop().await;
}
