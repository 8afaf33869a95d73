//! What the certify tests share: a target for a URL, a run with an
//! in-memory journal, and assertions on a report.
#![allow(dead_code)]

use buyer_kit::{Identity, Profile};
use certify::{CartMode, CheckId, CheckStatus, Report, SupplierTarget};
use cxml::SharedSecret;
use service_kit::{
    Clock, Storage,
    journal::{Dtds, Journal},
};

pub fn target(
    setup_url: &str,
    profile: &str,
    from: &str,
    to: &str,
    secret: &str,
) -> SupplierTarget {
    SupplierTarget {
        setup_url: setup_url.to_owned(),
        order_url: None,
        from: Identity::new("NetworkID", from),
        to: Identity::new("NetworkID", to),
        sender: None,
        secret: SharedSecret::new(secret),
        profile: Profile::builtin(profile).expect("the platform has a built-in profile"),
        cart: CartMode::None,
        invoices: None,
        dtds: Default::default(),
    }
}

/// The target of the marketplace's seeded Coupa buyer at `cxml_url`.
pub fn seeded_coupa(cxml_url: &str) -> SupplierTarget {
    target(
        cxml_url,
        "coupa",
        "coupa-acme",
        "procsim-marketplace",
        "coupa-shared-secret",
    )
}

/// The target of the marketplace's seeded Ariba buyer (Globex) at
/// `cxml_url`.
pub fn seeded_ariba(cxml_url: &str) -> SupplierTarget {
    target(
        cxml_url,
        "ariba",
        "AN01000000001",
        "AN01000000999",
        "ariba-supplier-secret",
    )
}

pub async fn run(target: SupplierTarget) -> Report {
    run_journaled(target).await.0
}

/// [`run`], with the run's journal to read its exchanges from.
pub async fn run_journaled(target: SupplierTarget) -> (Report, Journal) {
    let clock = Clock::starting_at(jiff::Timestamp::now());
    let journal = Journal::open(&Storage::Memory, "certify", clock.clone())
        .expect("an in-memory journal opens");
    let report = certify::certify_supplier(target, journal.clone(), clock).await;
    (report, journal)
}

/// The journal row `check`'s evidence links to, which must be a StartPage
/// GET of the run's flow: outbound, to a StartPage URL, no cXML about it
/// and nothing judged (a page is not a cXML document).
pub async fn start_page_row(
    report: &Report,
    journal: &Journal,
    check: CheckId,
) -> service_kit::journal::ExchangeDetail {
    let result = report.check(check).expect("every run reports every check");
    let id = result
        .evidence
        .journal_id
        .unwrap_or_else(|| panic!("{check} links no journal entry: {result:?}"));
    let row = journal
        .get(id)
        .await
        .expect("the journal reads")
        .unwrap_or_else(|| panic!("{check}'s journal entry #{id} is there"));
    assert_eq!(
        row.document_type.as_deref(),
        Some("StartPage (GET)"),
        "{row:?}"
    );
    assert_eq!(row.direction, service_kit::journal::Direction::Outbound);
    assert_eq!(row.flow_id, report.flow, "the GET is in the run's flow");
    assert_eq!(row.http_status, result.evidence.http_status, "{row:?}");
    assert_eq!((row.payload_id.as_deref(), row.cxml_status), (None, None));
    assert_eq!(row.raw, format!("GET {}\n", row.peer), "the request line");
    assert!(
        row.findings.is_empty() && row.response_findings.is_empty() && row.finding_count == 0,
        "an HTML page is not judged as cXML: {row:?}"
    );
    let headers = row.headers.as_ref().expect("the GET's headers are kept");
    assert!(
        headers
            .request
            .iter()
            .any(|(name, value)| name == "accept" && value.starts_with("text/html")),
        "{headers:?}"
    );
    row
}

/// Every check that ran passed, except those in `failing` (with their
/// expected status); the cart and order checks were skipped.
pub fn assert_only(report: &Report, failing: &[(CheckId, CheckStatus)]) {
    let shown = certify::render::text(report);
    for check in &report.checks {
        let expected = failing
            .iter()
            .find(|(id, _)| *id == check.id)
            .map(|(_, status)| *status);
        match expected {
            Some(status) => assert_eq!(check.status, status, "{}\n{shown}", check.id),
            None => assert!(
                matches!(check.status, CheckStatus::Passed | CheckStatus::Skipped),
                "{} should pass or be skipped\n{shown}",
                check.id
            ),
        }
    }
    for (id, _) in failing {
        assert!(report.check(*id).is_some(), "{id} missing\n{shown}");
    }
}

/// Every check passed, but those the profile does not use and, in a run
/// without `--invoices`, the invoice checks (skipped, saying so); the
/// report is printed.
pub fn every_check_passes(report: &Report) {
    let shown = certify::render::text(report);
    println!("{shown}");
    for check in &report.checks {
        let detail = &check.evidence.detail;
        let skipped_by_profile = check.status == CheckStatus::Skipped
            && (detail.contains("profile does not") || detail.starts_with("--invoices not given"));
        assert!(
            check.status == CheckStatus::Passed || skipped_by_profile,
            "{}\n{shown}",
            check.id
        );
    }
    assert!(report.passed(), "{shown}");
}

/// The checks this slice runs (not skipped for want of a cart).
pub const RUN: &[CheckId] = &[
    CheckId::Profile001,
    CheckId::Setup001,
    CheckId::Setup002,
    CheckId::Setup003,
    CheckId::Setup004,
    CheckId::Setup005,
    CheckId::Setup008,
    CheckId::Auth001,
    CheckId::Auth002,
    CheckId::Auth003,
    CheckId::Req001,
    CheckId::Req002,
];

/// The setup tolerance checks (CERT-TOL-*) both built-in profiles run.
pub const TOLERANCE: &[CheckId] = &[
    CheckId::Tol001,
    CheckId::Tol002,
    CheckId::Tol003,
    CheckId::Tol004,
    CheckId::Tol005,
    CheckId::Tol007,
];

/// The checks a run without a cart runs with the built-in `platform`:
/// [`RUN`], [`TOLERANCE`] and, for coupa, whose setup requests carry no
/// deploymentMode, CERT-TOL-006.
pub fn ran_for(platform: &str) -> Vec<CheckId> {
    let mut ran = [RUN, TOLERANCE].concat();
    if platform == "coupa" {
        ran.push(CheckId::Tol006);
    }
    ran
}

/// procsim's marketplace on 127.0.0.1:0, with the catalogue it sells
/// from (the same seed), stopped when dropped.
pub struct Marketplace {
    pub url: String,
    pub cxml_url: String,
    pub catalog: sim_marketplace::catalog::Catalog,
    shutdown: service_kit::Shutdown,
    // Held so the marketplace's SMTP address is a listening port; the
    // mail it sends is not read.
    _smtp: std::net::TcpListener,
}

impl Drop for Marketplace {
    fn drop(&mut self) {
        self.shutdown.trigger();
    }
}

const SIZE: sim_marketplace::catalog::CatalogSize = sim_marketplace::catalog::CatalogSize {
    listings: 100,
    categories: 4,
    sellers: 10,
};

pub async fn marketplace() -> Marketplace {
    marketplace_seeded(sim_marketplace::accounts::MarketplaceSeed::default()).await
}

/// The marketplace with `seed`'s accounts (e.g. a Coupa connection whose
/// invoices go to certify's invoice inbox).
pub async fn marketplace_seeded(seed: sim_marketplace::accounts::MarketplaceSeed) -> Marketplace {
    use sim_marketplace::{
        MarketplaceConfig,
        catalog::{Catalog, CatalogConfig},
    };
    let smtp = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free loopback port for SMTP can be bound");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("the marketplace binds a loopback port");
    let url = format!(
        "http://{}",
        listener
            .local_addr()
            .expect("a bound listener has a local address")
    );
    let config = MarketplaceConfig {
        catalog_size: SIZE,
        seed_accounts: seed,
        ..MarketplaceConfig::new(
            url.clone(),
            smtp.local_addr()
                .expect("a bound listener has a local address"),
        )
    };
    let catalog = Catalog::generate(&CatalogConfig {
        seed: config.seed,
        size: SIZE,
        epoch: jiff::Timestamp::UNIX_EPOCH,
    })
    .expect("the catalog generates from the marketplace's seed");
    let clock = Clock::starting_at(jiff::Timestamp::UNIX_EPOCH);
    let service = sim_marketplace::build(listener, config, clock)
        .expect("the marketplace builds on its listener");
    let shutdown = service_kit::Shutdown::new();
    tokio::spawn(service.run_until(shutdown.wait()));
    Marketplace {
        cxml_url: format!("{url}/cxml"),
        url,
        catalog,
        shutdown,
        _smtp: smtp,
    }
}

impl Marketplace {
    /// A SaaS listing sold on an upfront contract, and its first option.
    pub fn saas_upfront(&self) -> (String, String) {
        use sim_marketplace::catalog::{Pricing, ProductType};
        let listing = self
            .catalog
            .listings()
            .iter()
            .find(|l| {
                matches!(l.product_type, ProductType::Saas(_))
                    && matches!(l.pricing, Pricing::UpfrontContract { .. })
            })
            .expect("the catalog has a SaaS listing on an upfront contract");
        let Pricing::UpfrontContract { dimensions } = &listing.pricing else {
            unreachable!()
        };
        (listing.id.to_string(), dimensions[0].key())
    }
}

pub fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client without redirects builds")
}

/// The action and the hidden fields of an auto-submit page, as a browser
/// reads them.
pub fn form_of(html: &str) -> (String, Vec<(String, String)>) {
    fn attr(tag: &str, name: &str) -> Option<String> {
        let marker = format!("{name}=\"");
        let start = tag.find(&marker)? + marker.len();
        let end = start + tag[start..].find('"')?;
        Some(
            tag[start..end]
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        )
    }
    let form = &html[html.find("<form").expect("the page has a form")..];
    let action = attr(
        &form[..form.find('>').expect("the form tag is closed")],
        "action",
    )
    .expect("the form has an action");
    let fields = form
        .split("<input")
        .skip(1)
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>')?];
            Some((attr(tag, "name")?, attr(tag, "value")?))
        })
        .collect();
    (action, fields)
}

/// The person at the marketplace: opens `start_page` (303 and a session
/// cookie) and requests approval for `listing` with `option`; returns the
/// auto-submit form that carries the cart (its action and fields).
pub async fn request_approval(
    start_page: &str,
    market_url: &str,
    listing: &str,
    option: &str,
) -> (String, Vec<(String, String)>) {
    let client = no_redirects();
    let opened = client
        .get(start_page)
        .send()
        .await
        .expect("the marketplace answers the StartPage");
    assert_eq!(opened.status(), 303, "{start_page}");
    let cookie = opened.headers()["set-cookie"]
        .to_str()
        .expect("the session cookie is ASCII");
    let session = cookie
        .split(';')
        .next()
        .expect("splitting always yields a first part")
        .to_owned();
    let page = client
        .post(format!("{market_url}/punchout/request-approval"))
        .header("cookie", session)
        .form(&[("listing", listing), ("option", option)])
        .send()
        .await
        .expect("the marketplace answers the approval request")
        .text()
        .await
        .expect("the approval page has a text body");
    form_of(&page)
}

/// Plays the person against the marketplace: opens the StartPage the
/// prompt names (303 and a session cookie), requests approval for
/// `listing` with `option`, and posts the auto-submit form's fields where
/// its action says, as a browser would. Returns the page certify's
/// listener answered with.
pub async fn shop_at_marketplace(
    mut prompts: tokio::sync::mpsc::UnboundedReceiver<certify::CartPrompt>,
    market_url: String,
    listing: String,
    option: String,
) -> String {
    while let Some(prompt) = prompts.recv().await {
        let certify::CartPrompt::Shop {
            start_page,
            browser_form_post,
            ..
        } = prompt
        else {
            continue;
        };
        let (action, fields) = request_approval(&start_page, &market_url, &listing, &option).await;
        assert_eq!(action, browser_form_post);
        let answer = no_redirects()
            .post(&action)
            .form(&fields)
            .send()
            .await
            .expect("certify's BrowserFormPost URL answers the cart");
        assert_eq!(answer.status(), 200);
        return answer
            .text()
            .await
            .expect("certify's answer has a text body");
    }
    panic!("certify never said where to shop")
}

/// The official DTDs when the checkout has them beside it (or the DTD
/// cache does); none otherwise, and the DTD checks say they did not run.
pub fn official_dtds() -> Dtds {
    shared_fixtures::find_dtd_dir()
        .map(|dir| Dtds::of_version(shared_fixtures::DTD_VERSION, dir))
        .unwrap_or_default()
}
