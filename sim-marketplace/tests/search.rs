//! Open Buy search relevance (SPEC F3, F13): exact names first, name
//! matches above description matches, filters, paging, prefix matching.

use std::{collections::HashSet, sync::Arc};

use sim_marketplace::{
    catalog::{Catalog, CatalogConfig, CatalogSize, Listing, ListingId, ProductFamily},
    search::{Filters, SearchIndex, SearchQuery, terms},
};

fn index() -> SearchIndex {
    let catalog = Catalog::generate(&CatalogConfig {
        seed: 11,
        size: CatalogSize {
            listings: 2_000,
            categories: 20,
            sellers: 200,
        },
        epoch: jiff::Timestamp::UNIX_EPOCH,
    })
    .expect("the catalog generates from seed 11");
    SearchIndex::build(Arc::new(catalog))
}

fn query(text: &str) -> SearchQuery<'_> {
    SearchQuery {
        text,
        filters: Filters::default(),
        limit: 10_000,
        offset: 0,
    }
}

fn words(text: &str) -> HashSet<String> {
    terms(text).collect()
}

/// The words a listing's kind is found by: family and pricing, as the
/// storefront names them and by their short names.
fn kind_words(listing: &Listing) -> HashSet<String> {
    let family = listing.product_type.family();
    let mut found = words(family.title());
    found.extend(words(family.slug()));
    found.extend(words(listing.pricing.words()));
    found.extend(words(listing.pricing.model_name()));
    if listing.free_trial {
        found.insert("trial".to_owned());
    }
    found
}

fn normalised(text: &str) -> String {
    terms(text).collect::<Vec<_>>().join(" ")
}

#[test]
fn an_exact_name_comes_first_with_the_smallest_id_among_twins() {
    let index = index();
    let listings = index.catalog().listings();
    for listing in [&listings[0], &listings[777], &listings[1_999]] {
        let page = index.search(&query(&listing.name));
        let first = page.hits[0];
        let twins: Vec<&Listing> = listings
            .iter()
            .filter(|l| normalised(&l.name) == normalised(&listing.name))
            .collect();
        assert_eq!(first.id, twins[0].id, "query {:?}", listing.name);
        let ids: Vec<ListingId> = page.hits.iter().take(twins.len()).map(|l| l.id).collect();
        let twin_ids: Vec<ListingId> = twins.iter().map(|l| l.id).collect();
        assert_eq!(ids, twin_ids, "identical names rank by id");
    }
}

#[test]
fn name_matches_rank_above_description_only_matches() {
    let index = index();
    let word = terms(&index.catalog().listings()[0].name).next().unwrap();
    let page = index.search(&query(&format!("{word} ")));
    let in_name: Vec<bool> = page
        .hits
        .iter()
        .map(|l| words(&l.name).contains(&word))
        .collect();
    assert!(
        in_name.iter().any(|&b| b) && in_name.iter().any(|&b| !b),
        "{word}"
    );
    let first_other = in_name.iter().position(|&b| !b).unwrap();
    assert!(
        in_name[first_other..].iter().all(|&b| !b),
        "every name match ranks before any other match for {word:?}"
    );
}

#[test]
fn every_word_must_match_and_the_last_may_be_a_prefix() {
    let index = index();
    let listing = &index.catalog().listings()[42];
    let name_words: Vec<String> = terms(&listing.name).collect();
    let typed = format!("{} {}", name_words[0], &name_words[1][..3]);
    let page = index.search(&query(&typed));
    assert!(page.hits.iter().any(|l| l.id == listing.id), "{typed:?}");
    for hit in &page.hits {
        let catalog = index.catalog();
        let mut text = words(&hit.name);
        text.extend(words(&hit.short_description));
        text.extend(words(&catalog.category(hit.category).unwrap().name));
        text.extend(words(&catalog.seller(hit.seller).unwrap().name));
        text.extend(kind_words(hit));
        assert!(text.contains(&name_words[0]), "{hit:?}");
        assert!(
            text.iter().any(|w| w.starts_with(&name_words[1][..3])),
            "{hit:?}"
        );
    }
    let strict = index.search(&query(&format!("{typed} ")));
    assert!(
        strict.total <= page.total,
        "a finished word is not a prefix"
    );
    assert_eq!(index.search(&query("zzqxj")).total, 0);
}

#[test]
fn the_empty_query_pages_through_everything_by_id() {
    let index = index();
    let all = index.search(&query("  "));
    assert_eq!(all.total, 2_000);
    assert!(all.hits.windows(2).all(|w| w[0].id < w[1].id));
    let mut paged = Vec::new();
    for offset in (0..2_000).step_by(300) {
        let page = index.search(&SearchQuery {
            limit: 300,
            offset,
            ..query("")
        });
        assert_eq!(page.total, 2_000);
        paged.extend(page.hits.iter().map(|l| l.id));
    }
    let ids: Vec<ListingId> = all.hits.iter().map(|l| l.id).collect();
    assert_eq!(paged, ids);
    let beyond = index.search(&SearchQuery {
        offset: 5_000,
        ..query("")
    });
    assert_eq!((beyond.total, beyond.hits.len()), (2_000, 0));
}

#[test]
fn category_and_product_type_filters_restrict_and_count() {
    let index = index();
    let catalog = index.catalog();
    let category = catalog.categories()[3].id;
    let in_category = catalog
        .listings()
        .iter()
        .filter(|l| l.category == category)
        .count();
    let mut filtered = query("");
    filtered.filters.category = Some(category);
    let page = index.search(&filtered);
    assert_eq!(page.total, in_category);
    assert!(page.hits.iter().all(|l| l.category == category));

    filtered.filters.product_family = Some(ProductFamily::Data);
    let page = index.search(&filtered);
    assert!(page.total > 0 && page.total < in_category);
    assert!(
        page.hits
            .iter()
            .all(|l| l.category == category && l.product_type.family() == ProductFamily::Data)
    );
}

#[test]
fn a_private_marketplace_sees_only_its_approved_listings() {
    let index = index();
    let listings = index.catalog().listings();
    let approved: HashSet<ListingId> = [5, 50, 500, 1_500].map(|i| listings[i].id).into();
    let mut private = query("");
    private.filters.only_ids = Some(&approved);
    let page = index.search(&private);
    assert_eq!(page.total, 4);
    assert!(page.hits.iter().all(|l| approved.contains(&l.id)));

    let elsewhere = &listings[6];
    private.text = &elsewhere.name;
    let page = index.search(&private);
    assert!(page.hits.iter().all(|l| approved.contains(&l.id)));
    assert!(!page.hits.iter().any(|l| l.id == elsewhere.id));
}

#[test]
fn a_pricing_or_product_type_word_finds_every_listing_of_that_kind() {
    let index = index();
    let listings = index.catalog().listings();
    for (typed, kind) in [
        ("free ", "free"),
        ("byol ", "byol"),
        ("payg ", "payg"),
        ("pay as you go ", "payg"),
        ("upfront contract ", "upfront_contract"),
    ] {
        let found: HashSet<ListingId> = index
            .search(&query(typed))
            .hits
            .iter()
            .map(|l| l.id)
            .collect();
        let of_kind: Vec<&Listing> = listings
            .iter()
            .filter(|l| l.pricing.model_name() == kind)
            .collect();
        assert!(!of_kind.is_empty(), "the catalog has no {kind} listing");
        for listing in of_kind {
            assert!(found.contains(&listing.id), "{typed:?} misses {listing:?}");
        }
    }
    let saas: HashSet<ListingId> = index
        .search(&query("saas "))
        .hits
        .iter()
        .map(|l| l.id)
        .collect();
    for listing in listings {
        if listing.product_type.family() == ProductFamily::Saas {
            assert!(saas.contains(&listing.id), "\"saas\" misses {listing:?}");
        }
    }
    // A free trial is not Free pricing: "free" finds it only by its text.
    let free = index.search(&query("free "));
    for hit in &free.hits {
        let mut text = words(&hit.name);
        text.extend(words(&hit.short_description));
        assert!(
            hit.pricing.model_name() == "free" || text.contains("free"),
            "{hit:?}"
        );
    }
}
