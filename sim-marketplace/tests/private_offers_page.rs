//! "Your private offers" and the header's account links, over a real
//! socket (issue 14 B3): the signed-in account's page lists each offer
//! with its product, total, expiry (and "expired" on the simulated clock),
//! revision and flexible payment schedule; another account's user is
//! refused, nobody signed in goes to sign-in; the header links the
//! account's agreements, invoices and private offers outside a punchout
//! session only.

mod support;

use serde_json::{Value, json};
use sim_marketplace::money::group_thousands;
use support::*;

const PAGE: &str = "/accounts/acct-coupa-001/private-offers";
const COUPA_USER: &str = "procsim_user=jane@acme.test";
const ARIBA_USER: &str = "procsim_user=admin@globex.test";

/// `path` as a browser with `cookie` gets it: status, Location and body.
async fn get(market: &Running, path: &str, cookie: &str) -> (u16, String, String) {
    let mut request = no_redirects().get(format!("{}{path}", market.url));
    if !cookie.is_empty() {
        request = request.header("cookie", cookie);
    }
    answer(request).await
}

/// Text as Tera's autoescape writes it.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2F;")
}

/// The page's section for offer `id`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!(r#"<section class="offer" id="{id}">"#))
        .unwrap_or_else(|| panic!("no section for {id} in {html}"));
    let rest = &html[start..];
    &rest[..rest
        .find("</section>")
        .expect("the offer's section is closed")]
}

async fn offers(market: &Running) -> Vec<Value> {
    market.json("/api/offers?account=acct-coupa-001").await["offers"]
        .as_array()
        .expect("the offers API lists an offers array")
        .clone()
}

#[tokio::test]
async fn the_page_lists_each_offer_with_its_expiry_revision_and_schedule() {
    let market = start().await;
    let offers = offers(&market).await;
    let (status, _, html) = get(&market, PAGE, COUPA_USER).await;
    assert_eq!(status, 200, "{html}");
    let mut schedules = 0;
    for offer in &offers {
        let id = offer["id"].as_str().unwrap();
        let part = section(&html, id);
        let listing = offer["listing"].to_string();
        let listing = listing.trim_matches('"');
        assert!(
            part.contains(&format!(r#"href="/products/{listing}""#)),
            "{part}"
        );
        assert!(
            part.contains(&escaped(offer["listing_name"].as_str().unwrap())),
            "{part}"
        );
        assert!(
            part.contains(&escaped(offer["seller"]["name"].as_str().unwrap())),
            "{part}"
        );
        // Amounts are shown for people: thousands grouped.
        let total = group_thousands(offer["total"]["amount"].as_str().unwrap());
        assert!(part.contains(&format!("{total} USD")), "{part}");
        let expiry: jiff::Timestamp = offer["expires_at"].as_str().unwrap().parse().unwrap();
        let shown = expiry.strftime("%a %-d %b %Y, %H:%M:%S UTC").to_string();
        assert!(part.contains(&shown), "{shown} in {part}");
        assert!(!part.contains("expired</strong>"), "{part}");
        assert!(part.contains("<dt>Revision</dt><dd>1 "), "{part}");
        if offer["terms"]["kind"] == "fps" {
            schedules += 1;
            assert!(part.contains("Payment schedule"), "{part}");
            for installment in offer["terms"]["installments"].as_array().unwrap() {
                let due: jiff::Timestamp = installment["due"].as_str().unwrap().parse().unwrap();
                let due = due.strftime("%a %-d %b %Y");
                let amount = group_thousands(installment["amount"]["amount"].as_str().unwrap());
                assert!(
                    part.contains(&format!("<td>{due}</td><td>{amount} USD</td>")),
                    "{part}"
                );
            }
        } else {
            assert!(part.contains("Upfront contract, 12 months"), "{part}");
            assert!(!part.contains("Payment schedule"), "{part}");
        }
    }
    assert!(
        schedules > 0,
        "the seeded offers include a flexible schedule"
    );
    // The other account's offers are not on this page.
    let theirs = market.json("/api/offers?account=acct-ariba-001").await;
    for offer in theirs["offers"].as_array().unwrap() {
        assert!(!html.contains(offer["id"].as_str().unwrap()));
    }
}

#[tokio::test]
async fn a_revised_offer_past_its_expiry_shows_expired_and_its_new_revision() {
    let market = start().await;
    let id = offers(&market).await[0]["id"].as_str().unwrap().to_owned();
    let reply = reqwest::Client::new()
        .post(format!("{}/api/offers/{id}", market.url))
        .json(&json!({ "expires_at": "1970-01-01T00:00:00Z" }))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    let (_, _, html) = get(&market, PAGE, COUPA_USER).await;
    let part = section(&html, &id);
    assert!(part.contains("Thu 1 Jan 1970, 00:00:00 UTC"), "{part}");
    assert!(
        part.contains(r#"<strong class="expired">expired</strong>"#),
        "{part}"
    );
    assert!(part.contains("<dt>Revision</dt><dd>2 "), "{part}");
}

#[tokio::test]
async fn only_the_accounts_own_users_may_see_its_offers() {
    let market = start().await;
    let id = offers(&market).await[0]["id"].as_str().unwrap().to_owned();
    let (status, _, html) = get(&market, PAGE, ARIBA_USER).await;
    assert_eq!(status, 403);
    assert!(html.contains("Sign in as a user of this account"), "{html}");
    assert!(!html.contains(&id), "{html}");
    // Nobody signed in: sign in, then back to this page.
    let (status, location, _) = get(&market, PAGE, "").await;
    assert_eq!(
        (status, location.as_str()),
        (
            303,
            "/signin?next=%2Faccounts%2Facct-coupa-001%2Fprivate-offers"
        )
    );
    let (status, _, _) = get(&market, "/accounts/acct-nobody/private-offers", COUPA_USER).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_header_links_the_signed_in_accounts_pages_outside_a_punchout_only() {
    let market = start().await;
    let links = [
        r#"<a href="/accounts/acct-coupa-001/agreements">Agreements</a>"#,
        r#"<a href="/accounts/acct-coupa-001/invoices">Invoices</a>"#,
        r#"<a href="/accounts/acct-coupa-001/private-offers">Private offers</a>"#,
    ];
    let (listing, _) = market.saas_upfront();
    let product = format!("/products/{}", listing.id);
    for path in [
        "/",
        "/search?q=cloud",
        product.as_str(),
        "/accounts/acct-coupa-001/agreements",
        "/accounts/acct-coupa-001/invoices",
        PAGE,
    ] {
        let (status, _, html) = get(&market, path, COUPA_USER).await;
        assert_eq!(status, 200, "{path}");
        for link in links {
            assert!(html.contains(link), "{path} lacks {link}");
        }
    }
    let (_, _, html) = get(&market, "/", "").await;
    assert!(!html.contains("/private-offers"), "nobody is signed in");

    // Inside a punchout session the header stays as it was.
    let start = start_url(&market.post_cxml(&setup_request(COUPA_SECRET, "c-1")).await);
    let session = market.open_start_page(&start).await;
    let both = format!("{session}; {COUPA_USER}");
    let (status, _, html) = get(&market, "/", &both).await;
    assert_eq!(status, 200);
    assert!(html.contains("Punchout session"), "{html}");
    assert!(!html.contains("/private-offers"), "{html}");
}

#[tokio::test]
async fn a_search_for_private_offers_points_to_the_page_and_stays_escaped() {
    let market = start().await;
    let query = "/search?q=private+offer+%3Cscript%3E";
    let (status, _, html) = get(&market, query, COUPA_USER).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(
            r#"<a href="/accounts/acct-coupa-001/private-offers">see your private offers</a>"#
        ),
        "{html}"
    );
    assert!(
        !html.contains("<script>") && html.contains("&lt;script&gt;"),
        "{html}"
    );
    // Signing in from the hint comes back to the search.
    let (_, _, html) = get(&market, query, "").await;
    let back = escaped("/signin?next=%2Fsearch%3Fq%3Dprivate%2Boffer%2B%253Cscript%253E");
    assert!(
        html.contains(r#"id="private-offers-hint""#)
            && html.contains(&format!(r#"<a href="{back}">sign in</a>"#)),
        "{html}"
    );
}

/// A punchout session's cookie at `market` (Coupa's seeded account).
async fn punchout_session(market: &Running) -> String {
    let start = start_url(&market.post_cxml(&setup_request(COUPA_SECRET, "c-1")).await);
    market.open_start_page(&start).await
}

/// How a page shows `offer`'s expiry and, for an FPS offer, each
/// installment (a table row of its date and grouped amount).
fn shown_facts(offer: &Value) -> Vec<String> {
    let instant = |field: &Value| -> jiff::Timestamp {
        field
            .as_str()
            .expect("the offer's time field is a string")
            .parse()
            .expect("the offer's time field is an RFC 3339 time")
    };
    let mut facts = vec![service_kit::look::human_time(instant(&offer["expires_at"]))];
    for installment in offer["terms"]["installments"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let due = service_kit::look::human_date(instant(&installment["due"]));
        let amount = group_thousands(
            installment["amount"]["amount"]
                .as_str()
                .expect("an installment's amount is a string"),
        );
        facts.push(format!("<td>{due}</td><td>{amount} USD</td>"));
    }
    facts
}

#[tokio::test]
async fn in_a_punchout_a_search_for_private_offers_lists_the_sessions_offers() {
    let market = start().await;
    let session = punchout_session(&market).await;
    let (status, _, html) = get(&market, "/search?q=private+offer", &session).await;
    assert_eq!(status, 200, "{html}");
    // Nobody signs in inside a punchout: no sign-in link, the offers.
    assert!(!html.contains("signin"), "{html}");
    let offers = offers(&market).await;
    assert!(!offers.is_empty());
    for offer in &offers {
        let id = offer["id"].as_str().unwrap();
        let start = html
            .find(&format!(r#"<li id="{id}">"#))
            .unwrap_or_else(|| panic!("{id} is not listed: {html}"));
        let item = &html[start..start + html[start..].find("</li>").unwrap()];
        let listing = offer["listing"].as_str().unwrap();
        let name = escaped(offer["listing_name"].as_str().unwrap());
        assert!(
            item.contains(&format!(r#"<a href="/products/{listing}">{name}</a>"#)),
            "{item}"
        );
        let expiry = &shown_facts(offer)[0];
        assert!(item.contains(&format!("expires {expiry}")), "{item}");
    }
    // Another account's offers are not listed.
    let theirs = market.json("/api/offers?account=acct-ariba-001").await;
    for offer in theirs["offers"].as_array().unwrap() {
        assert!(!html.contains(offer["id"].as_str().unwrap()), "{html}");
    }
}

#[tokio::test]
async fn the_product_page_shows_an_offers_expiry_and_schedule_in_a_punchout_and_signed_in() {
    let market = start().await;
    let offers = offers(&market).await;
    let fps = offers
        .iter()
        .find(|o| o["terms"]["kind"] == "fps")
        .expect("a seeded FPS offer");
    let product = format!("/products/{}", fps["listing"].as_str().unwrap());
    let session = punchout_session(&market).await;
    for cookie in [session.as_str(), COUPA_USER] {
        let (status, _, html) = get(&market, &product, cookie).await;
        assert_eq!(status, 200, "{html}");
        let id = fps["id"].as_str().unwrap();
        let start = html
            .find(&format!(r#"id="facts-{id}""#))
            .unwrap_or_else(|| panic!("{cookie}: no facts for {id}: {html}"));
        let facts = &html[start..start + html[start..].find("</div>").unwrap()];
        assert!(facts.contains("Payment schedule"), "{facts}");
        for fact in shown_facts(fps) {
            assert!(facts.contains(&fact), "{cookie}: {fact} not in {facts}");
        }
    }
    // Nobody signed in and no session: no offer is shown.
    let (_, _, html) = get(&market, &product, "").await;
    assert!(!html.contains("offer-facts"), "{html}");
}

#[tokio::test]
async fn a_listing_with_a_live_offer_carries_a_badge_for_the_account_only() {
    let market = start().await;
    let offer = offers(&market).await.into_iter().next().unwrap();
    let name = offer["listing_name"].as_str().unwrap();
    let search = format!("/search?q={}", name.replace(' ', "+"));
    let card = |html: &str| -> String {
        let listing = offer["listing"].as_str().unwrap();
        let start = html
            .find(&format!(r#"href="/products/{listing}""#))
            .unwrap_or_else(|| panic!("no card for {listing} in {html}"));
        let rest = &html[start..];
        rest[..rest.find("</li>").unwrap()].to_owned()
    };
    let (status, _, html) = get(&market, &search, COUPA_USER).await;
    assert_eq!(status, 200);
    assert!(card(&html).contains("Private offer for you"), "{html}");
    // Nobody signed in, or another account's user: no badge.
    for cookie in ["", ARIBA_USER] {
        let (_, _, html) = get(&market, &search, cookie).await;
        assert!(!card(&html).contains("Private offer"), "{cookie}: {html}");
    }
}
