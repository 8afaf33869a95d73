//! Open Buy search over the default 10,000-listing catalog (SPEC section 6:
//! p99 under 5 ms), and what generating and indexing that catalog costs.
//! Criterion gives medians; `examples/search_latency.rs` gives p50/p99.

use std::{collections::HashSet, hint::black_box, sync::Arc};

use criterion::{Criterion, criterion_group, criterion_main};
use sim_marketplace::{
    catalog::{Catalog, CatalogConfig, CatalogSize, ListingId},
    search::{Filters, SearchIndex, SearchQuery},
};

fn config() -> CatalogConfig {
    CatalogConfig {
        seed: 1,
        size: CatalogSize::default(),
        epoch: jiff::Timestamp::UNIX_EPOCH,
    }
}

fn query(text: &str) -> SearchQuery<'_> {
    SearchQuery {
        text,
        filters: Filters::default(),
        limit: 20,
        offset: 0,
    }
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("catalog");
    group.sample_size(10);
    group.bench_function("generate_10k", |b| {
        b.iter(|| Catalog::generate(black_box(&config())))
    });
    let catalog = Arc::new(Catalog::generate(&config()).expect("catalog"));
    group.bench_function("index_10k", |b| {
        b.iter(|| SearchIndex::build(Arc::clone(&catalog)))
    });
    group.finish();
}

fn search(c: &mut Criterion) {
    let catalog = Arc::new(Catalog::generate(&config()).expect("catalog"));
    let exact_name = catalog.listings()[1234].name.clone();
    let category = catalog.categories()[7].id;
    let approved: HashSet<ListingId> = catalog
        .listings()
        .iter()
        .step_by(40)
        .map(|l| l.id)
        .collect();
    let index = SearchIndex::build(catalog);

    let mut group = c.benchmark_group("search_10k");
    let shapes = [
        ("one_word", "security".to_owned()),
        ("two_words", "robust middleware".to_owned()),
        ("three_words_prefix", "adaptive encryption pla".to_owned()),
        ("one_letter_prefix", "s".to_owned()),
        ("exact_name", exact_name),
        ("no_match", "zzqxj".to_owned()),
        ("empty", String::new()),
    ];
    for (name, text) in &shapes {
        group.bench_function(*name, |b| {
            b.iter(|| index.search(black_box(&query(text))).total)
        });
    }
    group.bench_function("word_in_category", |b| {
        let mut filtered = query("cloud");
        filtered.filters.category = Some(category);
        b.iter(|| index.search(black_box(&filtered)).total)
    });
    group.bench_function("private_marketplace", |b| {
        let mut private = query("platform");
        private.filters.only_ids = Some(&approved);
        b.iter(|| index.search(black_box(&private)).total)
    });
    group.finish();
}

criterion_group!(benches, build, search);
criterion_main!(benches);
