//! With a data dir, what was acknowledged survives a restart.

use service_kit::Storage;

use crate::support::{Mail, message};

#[tokio::test]
async fn messages_survive_a_restart_with_a_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::Dir(dir.path().to_path_buf());

    let mail = Mail::start(storage.clone()).await;
    let data = message("shop@market.test", "ann@buyer.test", "Kept", "still here");
    assert_eq!(
        mail.send("shop@market.test", &["ann@buyer.test"], &data)
            .await,
        250
    );
    let id = mail.messages().await["messages"][0]["ID"]
        .as_str()
        .unwrap()
        .to_owned();
    mail.stop().await;
    assert!(dir.path().join("mail.sqlite").is_file());

    let mail = Mail::start(storage).await;
    let list = mail.messages().await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["messages"][0]["ID"], id.as_str());
    assert_eq!(list["messages"][0]["Subject"], "Kept");
    let raw = mail.get(&format!("/api/v1/message/{id}/raw")).await;
    assert_eq!(raw.text().await.unwrap(), data);
    mail.stop().await;
}

#[tokio::test]
async fn without_a_data_dir_each_start_is_empty() {
    let mail = Mail::start(Storage::Memory).await;
    let data = message("a@x.test", "b@x.test", "Gone", "x");
    assert_eq!(mail.send("a@x.test", &["b@x.test"], &data).await, 250);
    mail.stop().await;
    let mail = Mail::start(Storage::Memory).await;
    assert_eq!(mail.messages().await["total"], 0);
    mail.stop().await;
}
