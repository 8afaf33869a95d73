//! Every page renders for the users who may see it; admin is admin-only and
//! never shows the shared secret.

mod support;

use support::*;

#[tokio::test]
async fn pages_render_and_admin_is_guarded() {
    let world = World::start().await;
    let anonymous = world.browser("nobody@acme.test");
    let home = anonymous.get("/").await;
    assert_eq!((home.status, home.location.as_str()), (303, "/signin"));
    let signin = anonymous.get("/signin").await;
    assert!(signin.body.contains("jane@acme.test") && signin.body.contains("admin@acme.test"));

    let jane = world.browser("jane@acme.test");
    assert!(jane.get("/").await.body.contains("/punchout/marketplace"));
    for path in ["/cart", "/requisitions", "/orders"] {
        assert_eq!(jane.get(path).await.status, 200, "{path}");
    }
    // The invoice inbox is open to every signed-in user, and the top
    // navigation says so.
    let home = jane.get("/").await.body;
    assert!(
        home.contains(r#"<a href="/invoices">Invoices</a>"#),
        "{home}"
    );
    assert_eq!(jane.get("/invoices").await.status, 200);
    assert_eq!(jane.get("/admin").await.status, 403);
    assert_eq!(jane.get("/approvals").await.status, 403);
    assert_eq!(
        world
            .browser("mia@acme.test")
            .get("/approvals")
            .await
            .status,
        200
    );

    let admin = world.browser("admin@acme.test").get("/admin").await;
    assert_eq!(admin.status, 200, "{}", admin.body);
    assert!(admin.body.contains("coupa-acme"));
    assert!(admin.body.contains("5000.00"));
    assert!(
        !admin.body.contains("coupa-shared-secret"),
        "the secret is masked"
    );
    let css = jane.get("/static/coupa.css").await;
    assert_eq!(css.status, 200);
}
