//! Open Buy search latency percentiles over the default 10,000-listing
//! catalog: criterion reports means and medians, SPEC section 6 asks for
//! p99 (under 5 ms). Runs 20,000 mixed one-to-three-word queries, drawn
//! with a fixed seed from words of the catalog itself, and prints p50, p90,
//! p99 and the maximum.
//!
//! `cargo run --release -p sim-marketplace --example search_latency`

use std::{sync::Arc, time::Instant};

use sim_marketplace::{
    catalog::{Catalog, CatalogConfig, CatalogSize},
    search::{Filters, SearchIndex, SearchQuery, terms},
};

const QUERIES: usize = 20_000;

fn main() {
    let started = Instant::now();
    let catalog = Catalog::generate(&CatalogConfig {
        seed: 1,
        size: CatalogSize::default(),
        epoch: jiff::Timestamp::UNIX_EPOCH,
    })
    .expect("the default catalog generates");
    let generated = started.elapsed();
    let catalog = Arc::new(catalog);
    let index = SearchIndex::build(Arc::clone(&catalog));
    let indexed = started.elapsed() - generated;

    let texts = queries(&catalog);
    let mut micros = Vec::with_capacity(texts.len());
    let mut matched = 0usize;
    for text in &texts {
        let query = SearchQuery {
            text,
            filters: Filters::default(),
            limit: 20,
            offset: 0,
        };
        let start = Instant::now();
        matched += index.search(&query).total;
        micros.push(start.elapsed().as_secs_f64() * 1e6);
    }
    micros.sort_by(f64::total_cmp);
    let at = |p: f64| micros[((micros.len() - 1) as f64 * p).round() as usize];
    println!(
        "catalog: {} listings, {} terms indexed",
        catalog.listings().len(),
        index.term_count()
    );
    println!(
        "generate {:.1} ms, index {:.1} ms",
        generated.as_secs_f64() * 1e3,
        indexed.as_secs_f64() * 1e3
    );
    println!(
        "{} queries, {:.1} matches on average",
        texts.len(),
        matched as f64 / texts.len() as f64
    );
    println!(
        "p50 {:.1} µs, p90 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        at(0.50),
        at(0.90),
        at(0.99),
        at(1.0)
    );
}

/// One-to-three consecutive words of a random listing's name or
/// description, so that most queries match something; every fourth one
/// ends mid-word, as when typing. A small LCG keeps the mix fixed.
fn queries(catalog: &Catalog) -> Vec<String> {
    let listings = catalog.listings();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % bound.max(1)
    };
    (0..QUERIES)
        .map(|n| {
            let listing = &listings[next(listings.len())];
            let source = if n % 3 == 0 {
                &listing.short_description
            } else {
                &listing.name
            };
            let words: Vec<String> = terms(source).collect();
            let count = (1 + next(3)).min(words.len());
            let from = next(words.len() - count + 1);
            let mut text: Vec<String> = words[from..from + count].to_vec();
            if let Some(last) = text.last_mut().filter(|_| n % 4 == 0) {
                let keep = last.chars().count().div_ceil(2);
                *last = last.chars().take(keep).collect();
            }
            text.join(" ")
        })
        .collect()
}
