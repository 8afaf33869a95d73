//! The storefront's list pages and sign-in, over a real socket (issue 14):
//! category and search results come 50 a page with Previous and Next links
//! that keep the query, a page that does not exist is a 400 page; signing
//! in returns to the page that asked for it, and only to a page of the
//! marketplace (no open redirect).

mod support;

use std::collections::{BTreeMap, HashSet};

use support::*;

const JANE: &str = "jane@acme.test";

/// `path`'s status, Location and body, redirects not followed.
async fn get(market: &Running, path: &str) -> (u16, String, String) {
    answer(no_redirects().get(format!("{}{path}", market.url))).await
}

/// The products a results page lists, in order.
fn products(html: &str) -> Vec<String> {
    html.split(r#"<a class="name" href="/products/"#)
        .skip(1)
        .map(|rest| {
            rest[..rest
                .find('"')
                .expect("a product link's href is closed by a quote")]
                .to_owned()
        })
        .collect()
}

/// A Previous or Next link as Tera's autoescape writes it.
fn link(rel: &str, href: &str) -> String {
    let href = href.replace('&', "&amp;").replace('/', "&#x2F;");
    format!(r#"<a rel="{rel}" href="{href}">"#)
}

#[tokio::test]
async fn search_results_come_fifty_a_page_with_previous_and_next() {
    let market = start().await;
    let total = SIZE.listings;
    let (status, _, first) = get(&market, "/search?q=").await;
    assert_eq!(status, 200, "{first}");
    assert!(
        first.contains(&format!("Showing 1–50 of {total} products.")),
        "{first}"
    );
    assert!(
        first.contains(&link("next", "/search?q=&page=2")),
        "{first}"
    );
    assert!(!first.contains(r#"rel="prev""#), "{first}");

    let (status, _, second) = get(&market, "/search?q=&page=2").await;
    assert_eq!(status, 200, "{second}");
    assert!(
        second.contains(&format!("Showing 51–100 of {total} products.")),
        "{second}"
    );
    assert!(
        second.contains(&link("prev", "/search?q=&page=1")),
        "{second}"
    );
    assert!(
        second.contains(&link("next", "/search?q=&page=3")),
        "{second}"
    );
    let (one, two) = (products(&first), products(&second));
    assert_eq!((one.len(), two.len()), (50, 50));
    let seen: HashSet<&String> = one.iter().collect();
    assert!(two.iter().all(|id| !seen.contains(id)), "a page repeats");

    // The last page: the rest, and no Next.
    let last = total.div_ceil(50);
    let (status, _, page) = get(&market, &format!("/search?q=&page={last}")).await;
    assert_eq!(status, 200);
    assert_eq!(products(&page).len(), total - (last - 1) * 50);
    assert!(!page.contains(r#"rel="next""#), "{page}");
}

#[tokio::test]
async fn a_category_pages_its_products_and_keeps_its_path() {
    let market = start().await;
    let mut sizes = BTreeMap::new();
    for listing in market.catalog.listings() {
        *sizes.entry(listing.category).or_insert(0_usize) += 1;
    }
    let (category, size) = sizes.into_iter().max_by_key(|(_, size)| *size).unwrap();
    assert!(size > 50, "the largest category has {size} products");
    let slug = &market.catalog.category(category).unwrap().slug;
    let (status, _, page) = get(&market, &format!("/browse/{slug}?page=2")).await;
    assert_eq!(status, 200, "{page}");
    let shown = (size - 50).min(50);
    assert!(
        page.contains(&format!("Showing 51–{} of {size} products.", 50 + shown)),
        "{page}"
    );
    assert_eq!(products(&page).len(), shown);
    assert!(
        page.contains(&link("prev", &format!("/browse/{slug}?page=1"))),
        "{page}"
    );
}

#[tokio::test]
async fn a_page_that_does_not_exist_is_a_400_page() {
    let market = start().await;
    let last = SIZE.listings.div_ceil(50);
    let beyond = format!("page {} does not exist", last + 1);
    for (path, says) in [
        ("/search?q=&page=0".to_owned(), "is not a page number"),
        ("/search?q=&page=two".to_owned(), "is not a page number"),
        ("/search?q=&page=-1".to_owned(), "is not a page number"),
        (format!("/search?q=&page={}", last + 1), beyond.as_str()),
    ] {
        let (status, _, html) = get(&market, &path).await;
        assert_eq!(status, 400, "{path}");
        assert!(
            html.contains("No such page") && html.contains(says),
            "{path}: {html}"
        );
    }
}

/// Signs in as `email` with the form's `next` field, if any: status and
/// Location.
async fn sign_in(market: &Running, email: &str, next: Option<&str>) -> (u16, String) {
    let mut fields = vec![("email", email)];
    fields.extend(next.map(|next| ("next", next)));
    let request = no_redirects()
        .post(format!("{}/signin", market.url))
        .form(&fields);
    let (status, location, _) = answer(request).await;
    (status, location)
}

#[tokio::test]
async fn signing_in_returns_to_the_page_that_asked_for_it() {
    let market = start().await;
    let offers = "/accounts/acct-coupa-001/private-offers";
    let (status, signin, _) = get(&market, offers).await;
    assert_eq!(status, 303);
    let (status, _, picker) = get(&market, &signin).await;
    assert_eq!(status, 200, "{picker}");
    let field = r#"<input type="hidden" name="next" value="&#x2F;accounts&#x2F;acct-coupa-001&#x2F;private-offers">"#;
    assert!(picker.contains(field), "{picker}");
    assert_eq!(
        sign_in(&market, JANE, Some(offers)).await,
        (303, offers.to_owned())
    );
    // With a query, too.
    let search = "/search?q=private+offer&page=1";
    assert_eq!(
        sign_in(&market, JANE, Some(search)).await,
        (303, search.to_owned())
    );
}

#[tokio::test]
async fn signing_in_never_sends_a_person_off_the_marketplace() {
    let market = start().await;
    // Jane is no administrator: without `next` she lands on the storefront.
    assert_eq!(sign_in(&market, JANE, None).await, (303, "/".to_owned()));
    for elsewhere in [
        "https://evil.test/",
        "//evil.test/offers",
        "/\\evil.test",
        "evil.test",
        "javascript:alert(1)",
        "/\nLocation: https://evil.test",
    ] {
        assert_eq!(
            sign_in(&market, JANE, Some(elsewhere)).await,
            (303, "/".to_owned()),
            "{elsewhere:?}"
        );
        let query =
            reqwest::Url::parse_with_params("http://x/signin", [("next", elsewhere)]).unwrap();
        let (status, _, picker) =
            get(&market, &format!("/signin?{}", query.query().unwrap())).await;
        assert_eq!(status, 200);
        assert!(
            !picker.contains(r#"name="next""#),
            "{elsewhere:?}: {picker}"
        );
    }
}
