//! Whether Coupa reads past a supplier's deviating setup answer (a Header
//! beside the Response, which the DTD does not allow) is its profile's
//! `reply_envelope`: the built-in profile reads it leniently, so the
//! person lands on the StartPage and the journal row holds the CX003
//! finding; a profile saying `strict` refuses it with a page naming the
//! reason and where it is.

use axum::{Router, http::header, routing::post};
use buyer_kit::{
    exchange::ReplyEnvelope,
    testing::{Browser, clock_at, header_beside_response, loopback, run, serve},
};
use service_kit::Shutdown;
use sim_coupa::CoupaConfig;

const START_PAGE: &str = "http://supplier.test/start/abc";

/// A supplier whose setup answer says success and holds a StartPage, with
/// a Header beside the Response.
fn deviating_supplier(shutdown: &Shutdown) -> String {
    let answer = header_beside_response(START_PAGE);
    let listener = loopback();
    let url = format!(
        "http://{}",
        listener
            .local_addr()
            .expect("a bound listener has a local address")
    );
    let app = Router::new().route(
        "/cxml",
        post(move || {
            let answer = answer.clone();
            async move { ([(header::CONTENT_TYPE, "text/xml")], answer) }
        }),
    );
    serve(listener, app, shutdown);
    url
}

/// Coupa on `supplier`, its profile changed by `change`; Jane's browser.
fn coupa(supplier: &str, shutdown: &Shutdown, change: impl FnOnce(&mut CoupaConfig)) -> Browser {
    let mut config = CoupaConfig::seeded(supplier);
    change(&mut config);
    let service = sim_coupa::build(loopback(), config, clock_at("2026-01-05T17:00:00Z"))
        .expect("coupa builds on a loopback listener");
    let url = run(service, shutdown);
    Browser::new(&url, "coupa_user", "jane@acme.test")
}

#[tokio::test]
async fn the_built_in_profile_reads_past_a_header_beside_the_response() {
    let shutdown = Shutdown::new();
    let supplier = deviating_supplier(&shutdown);
    let jane = coupa(&supplier, &shutdown, |_| {});
    let page = jane.get("/punchout/marketplace").await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(page.location, START_PAGE);
    shutdown.trigger();
}

#[tokio::test]
async fn a_strict_profile_refuses_it_naming_the_reason_and_where() {
    let shutdown = Shutdown::new();
    let supplier = deviating_supplier(&shutdown);
    let jane = coupa(&supplier, &shutdown, |config| {
        config.profile.reply_envelope = ReplyEnvelope::Strict;
    });
    let page = jane.get("/punchout/marketplace").await;
    assert_ne!(page.status, 303, "{}", page.body);
    assert!(page.body.contains("CX003"), "{}", page.body);
    assert!(
        page.body.contains("CX003 at line 2, column 1"),
        "{}",
        page.body
    );
    shutdown.trigger();
}
