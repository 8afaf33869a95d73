//! A link to one private offer survives sign-in (issue 14, B3): it asks
//! for the offer in the query (`?offer=offer-…`), which a browser sends
//! and the sign-in's `next` keeps, where a `#offer-…` fragment would be
//! lost (never sent, and the sign-in page may run no script); signed in,
//! the page answers with itself at `#offer-…`. The product page's link
//! asks the same way.

mod support;

use support::*;

const PAGE: &str = "/accounts/acct-coupa-001/private-offers";
const JANE: &str = "procsim_user=jane@acme.test";

/// `path` as a browser with `cookie` gets it: status, Location and body.
async fn get(market: &Running, path: &str, cookie: &str) -> (u16, String, String) {
    let mut request = no_redirects().get(format!("{}{path}", market.url));
    if !cookie.is_empty() {
        request = request.header("cookie", cookie);
    }
    answer(request).await
}

/// The id and listing of one of the account's private offers.
async fn an_offer(market: &Running) -> (String, String) {
    let offers = market.json("/api/offers?account=acct-coupa-001").await;
    let offer = &offers["offers"][0];
    let field = |name: &str| {
        offer[name]
            .as_str()
            .unwrap_or_else(|| panic!("the offer has a {name}: {offers}"))
            .to_owned()
    };
    (field("id"), field("listing"))
}

#[tokio::test]
async fn the_offer_asked_for_comes_back_from_sign_in_as_the_pages_anchor() {
    let market = start().await;
    let (offer, _) = an_offer(&market).await;
    let asked = format!("{PAGE}?offer={offer}");

    // Nobody signed in: sign in, keeping the offer in `next`.
    let (status, location, _) = get(&market, &asked, "").await;
    let next = format!("%2Faccounts%2Facct-coupa-001%2Fprivate-offers%3Foffer%3D{offer}");
    assert_eq!(
        (status, location.as_str()),
        (303, &*format!("/signin?next={next}"))
    );
    let (status, _, picker) = get(&market, &location, "").await;
    assert_eq!(status, 200);
    let field = format!(
        r#"<input type="hidden" name="next" value="&#x2F;accounts&#x2F;acct-coupa-001&#x2F;private-offers?offer={offer}">"#
    );
    assert!(picker.contains(&field), "{picker}");
    let (status, back, _) = answer(
        no_redirects()
            .post(format!("{}/signin", market.url))
            .form(&[("email", "jane@acme.test"), ("next", asked.as_str())]),
    )
    .await;
    assert_eq!((status, back.as_str()), (303, asked.as_str()));

    // Signed in, the page sends the browser to itself at the offer.
    let (status, at, _) = get(&market, &back, JANE).await;
    assert_eq!((status, at), (303, format!("{PAGE}#{offer}")));
    let (status, _, html) = get(&market, PAGE, JANE).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!(r#"<section class="offer" id="{offer}">"#)),
        "{html}"
    );
}

#[tokio::test]
async fn anything_but_an_offer_id_is_not_followed() {
    let market = start().await;
    for query in [
        "?offer=nope",
        "?offer=offer-1234",
        "?offer=%2F%2Fevil.test",
        "?offer=",
        "?other=1",
    ] {
        let (status, location, html) = get(&market, &format!("{PAGE}{query}"), JANE).await;
        assert_eq!((status, location.as_str()), (200, ""), "{query}");
        assert!(html.contains("Your private offers"), "{query}: {html}");
    }
}

#[tokio::test]
async fn the_product_page_links_to_its_offer_in_the_query() {
    let market = start().await;
    let (offer, listing) = an_offer(&market).await;
    let html = market.page_as(&format!("/products/{listing}"), JANE).await;
    assert!(
        html.contains(&format!(r#"href="{PAGE}?offer={offer}""#)),
        "{html}"
    );
    assert!(!html.contains("/private-offers#"), "{html}");
}
