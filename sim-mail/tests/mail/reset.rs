//! `POST /api/reset`: every message gone, GET refused, delivery works on.

use service_kit::Storage;

use crate::support::{Mail, message};

#[tokio::test]
async fn a_reset_deletes_every_message_and_only_post_reaches_it() {
    let mail = Mail::start(Storage::Memory).await;
    let data = message("shop@market.test", "ann@buyer.test", "Agreement", "PO 1");
    assert_eq!(
        mail.send("shop@market.test", &["ann@buyer.test"], &data)
            .await,
        250
    );
    assert_eq!(mail.messages().await["total"], 1);

    assert_eq!(mail.get("/api/reset").await.status(), 405);
    assert_eq!(mail.messages().await["total"], 1, "GET changed nothing");
    let reply = reqwest::Client::new()
        .post(format!("{}/api/reset", mail.web))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    assert_eq!(mail.messages().await["total"], 0);

    let again = message("shop@market.test", "bob@buyer.test", "Again", "PO 2");
    assert_eq!(
        mail.send("shop@market.test", &["bob@buyer.test"], &again)
            .await,
        250
    );
    assert_eq!(mail.messages().await["total"], 1);
    mail.stop().await;
}
