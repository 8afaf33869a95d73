//! The HTML inbox: lists, shows and never lets message content run.

use service_kit::Storage;

use crate::support::{Mail, message};

#[tokio::test]
async fn the_inbox_lists_messages_and_escapes_their_subjects() {
    let mail = Mail::start(Storage::Memory).await;
    let data = message(
        "Mallory <m@evil.test>",
        "ann@buyer.test",
        "<script>alert(1)</script> & more",
        "hello",
    );
    assert_eq!(
        mail.send("m@evil.test", &["ann@buyer.test"], &data).await,
        250
    );

    let page = mail.get("/").await;
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    let html = page.text().await.unwrap();
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt; &amp; more"),
        "{html}"
    );
    assert!(html.contains("Mallory &lt;m@evil.test&gt;"), "{html}");
    assert!(html.contains("Mon 5 Jan 2026, 09:00:00 UTC"), "{html}");
    assert!(html.contains("1 message, 1 unread"), "{html}");

    let css = mail.get("/static/mail.css").await;
    assert_eq!(css.status(), 200);
    assert!(css.text().await.unwrap().contains("table.inbox"));
    mail.stop().await;
}

#[tokio::test]
async fn a_message_page_shows_html_only_inside_a_sandboxed_frame() {
    let mail = Mail::start(Storage::Memory).await;
    let data = concat!(
        "From: shop@market.test\r\nTo: ann@buyer.test\r\nSubject: Styled\r\n",
        "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n",
        "--b\r\nContent-Type: text/plain\r\n\r\nPlain <b>text</b>\r\n",
        "--b\r\nContent-Type: text/html\r\n\r\n",
        "<p onclick=\"x()\">Rich</p><script>steal()</script>\r\n",
        "--b--\r\n",
    );
    assert_eq!(
        mail.send("shop@market.test", &["ann@buyer.test"], data)
            .await,
        250
    );
    let id = mail.messages().await["messages"][0]["ID"]
        .as_str()
        .unwrap()
        .to_owned();

    let page = mail.get(&format!("/messages/{id}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(!html.contains("<script>steal"), "{html}");
    assert!(!html.contains("<p onclick"), "{html}");
    assert!(
        html.contains(
            "<iframe class=\"html-body\" sandbox srcdoc=\"&lt;p onclick=&quot;x()&quot;&gt;Rich"
        ),
        "{html}"
    );
    // The HTML view is the default; the text part has its own view.
    assert!(!html.contains("Plain &lt;b&gt;"), "{html}");
    let text = mail
        .get(&format!("/messages/{id}?view=text"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("Plain &lt;b&gt;text&lt;&#x2F;b&gt;"),
        "{text}"
    );
    assert!(!text.contains("<iframe"), "{text}");
    // Viewing it in the browser reads it, as in Mailpit.
    assert_eq!(mail.messages().await["messages"][0]["Read"], true);
    mail.stop().await;
}

#[tokio::test]
async fn an_unknown_message_gets_an_html_404_page() {
    let mail = Mail::start(Storage::Memory).await;
    let page = mail.get("/messages/doesNotExist").await;
    assert_eq!(page.status(), 404);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(page.text().await.unwrap().contains("Message not found"));
    mail.stop().await;
}

#[tokio::test]
async fn the_inbox_search_box_filters() {
    let mail = Mail::start(Storage::Memory).await;
    for subject in ["Invoice 1", "Welcome"] {
        let data = message("a@x.test", "b@x.test", subject, "x");
        assert_eq!(mail.send("a@x.test", &["b@x.test"], &data).await, 250);
    }
    let html = mail
        .get("/?q=subject%3Ainvoice")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Invoice 1"), "{html}");
    assert!(!html.contains("Welcome"), "{html}");
    assert!(html.contains("1 of 2 messages match"), "{html}");
    mail.stop().await;
}

#[tokio::test]
async fn the_headers_view_lists_each_header_with_folded_lines_joined() {
    let mail = Mail::start(Storage::Memory).await;
    let data = concat!(
        "From: shop@market.test\r\nTo: ann@buyer.test\r\n",
        "Subject: A long\r\n subject <b>folded</b>\r\nX-Procsim-Flow: f-1\r\n\r\n",
        "Body: not a header\r\n",
    );
    assert_eq!(
        mail.send("shop@market.test", &["ann@buyer.test"], data)
            .await,
        250
    );
    let id = mail.messages().await["messages"][0]["ID"]
        .as_str()
        .unwrap()
        .to_owned();
    let html = mail
        .get(&format!("/messages/{id}?view=headers"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(
            "<th scope=\"row\">Subject</th><td>A long subject &lt;b&gt;folded&lt;&#x2F;b&gt;</td>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<th scope=\"row\">X-Procsim-Flow</th><td>f-1</td>"),
        "{html}"
    );
    assert!(!html.contains("Body"), "{html}");
    mail.stop().await;
}

#[tokio::test]
async fn a_person_deletes_one_message_or_all_of_them() {
    let mail = Mail::start(Storage::Memory).await;
    for subject in ["first", "second", "third"] {
        let data = message("shop@market.test", "ann@buyer.test", subject, "hi");
        assert_eq!(
            mail.send("shop@market.test", &["ann@buyer.test"], &data)
                .await,
            250
        );
    }
    let inbox = mail.get("/").await.text().await.unwrap();
    assert!(inbox.contains("action=\"/messages/delete\""), "{inbox}");
    let id = mail.messages().await["messages"][0]["ID"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = mail
        .get(&format!("/messages/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("action=\"/messages/{id}/delete\"")),
        "{page}"
    );

    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let deleted = http
        .post(format!("{}/messages/{id}/delete", mail.web))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 303);
    assert_eq!(deleted.headers()["location"], "/");
    assert_eq!(mail.messages().await["total"], 2);
    let again = http
        .post(format!("{}/messages/{id}/delete", mail.web))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);
    assert!(again.text().await.unwrap().contains("Message not found"));
    assert_eq!(mail.messages().await["total"], 2);

    let all = http
        .post(format!("{}/messages/delete", mail.web))
        .send()
        .await
        .unwrap();
    assert_eq!(all.status(), 303);
    assert_eq!(mail.messages().await["total"], 0);
    let empty = mail.get("/").await.text().await.unwrap();
    assert!(!empty.contains("Delete all messages"), "{empty}");
    assert!(empty.contains("No messages yet."), "{empty}");
    mail.stop().await;
}
