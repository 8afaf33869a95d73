//! The in-memory inverted index behind Open Buy search, built once when the
//! marketplace starts.
//!
//! Every term of a listing's name, description, category, seller and kind
//! (its product type and pricing in the storefront's words: "free",
//! "byol", "saas", "pay as you go") maps to a posting list of (listing
//! position, fields it occurs in). A query's terms must all match (the last
//! one may be a prefix, for search as you type); a listing scores by the
//! best field each term hits, name above category and kind above seller
//! above description, with a large bonus when the
//! whole query is the name or starts it. Ties go to the smaller id, which
//! is the smaller position because the catalog is sorted by id.

use std::{cmp::Reverse, collections::BTreeMap, sync::Arc};

use super::{SearchPage, SearchQuery, terms};
use crate::catalog::{Catalog, Listing};

const NAME: u8 = 1;
const CATEGORY: u8 = 2;
const SELLER: u8 = 4;
const DESCRIPTION: u8 = 8;
const KIND: u8 = 16;

/// Points for a term found in a field, whole word and as a prefix.
const FIELD_WEIGHTS: [(u8, u32, u32); 5] = [
    (NAME, 100, 60),
    (CATEGORY, 30, 18),
    (KIND, 30, 18),
    (SELLER, 20, 12),
    (DESCRIPTION, 10, 6),
];
const EXACT_NAME_BONUS: u32 = 1_000_000;
const NAME_PREFIX_BONUS: u32 = 100_000;
/// Words of a query beyond this many are ignored (bounds the work).
pub const MAX_QUERY_WORDS: usize = 16;

#[derive(Clone, Copy, Debug)]
struct Posting {
    doc: u32,
    fields: u8,
}

/// The search index over one catalog, which it keeps alive.
#[derive(Debug)]
pub struct SearchIndex {
    catalog: Arc<Catalog>,
    /// Sorted, distinct terms; `postings[i]` belongs to `terms[i]`.
    terms: Vec<Box<str>>,
    postings: Vec<Vec<Posting>>,
    /// Each listing's name as its terms joined by one space.
    names: Vec<Box<str>>,
}

impl SearchIndex {
    pub fn build(catalog: Arc<Catalog>) -> Self {
        let mut map: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
        let mut names = Vec::with_capacity(catalog.listings().len());
        for (doc, listing) in (0u32..).zip(catalog.listings()) {
            let mut add = |text: &str, field: u8| {
                for term in terms(text) {
                    let list = map.entry(term).or_default();
                    match list.last_mut() {
                        Some(last) if last.doc == doc => last.fields |= field,
                        _ => list.push(Posting { doc, fields: field }),
                    }
                }
            };
            add(&listing.name, NAME);
            add(&listing.short_description, DESCRIPTION);
            if let Some(category) = catalog.category(listing.category) {
                add(&category.name, CATEGORY);
            }
            if let Some(seller) = catalog.seller(listing.seller) {
                add(&seller.name, SELLER);
            }
            add(&kind_words(listing), KIND);
            names.push(terms(&listing.name).collect::<Vec<_>>().join(" ").into());
        }
        let (terms, postings) = map
            .into_iter()
            .map(|(term, mut list)| {
                list.shrink_to_fit();
                (term.into_boxed_str(), list)
            })
            .unzip();
        SearchIndex {
            catalog,
            terms,
            postings,
            names,
        }
    }

    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// Distinct terms indexed (for diagnostics and benchmarks).
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Runs `query`: every match counted, one page of them returned.
    pub fn search(&self, query: &SearchQuery<'_>) -> SearchPage<'_> {
        let words: Vec<String> = terms(query.text).take(MAX_QUERY_WORDS).collect();
        let listings = self.catalog.listings();
        let ranked: Vec<usize> = if words.is_empty() {
            (0..listings.len())
                .filter(|&doc| query.filters.admit(&listings[doc]))
                .collect()
        } else {
            let prefix_last = !query.text.ends_with(char::is_whitespace);
            self.ranked_matches(&words, prefix_last, |listing| query.filters.admit(listing))
        };
        SearchPage {
            total: ranked.len(),
            hits: ranked
                .into_iter()
                .skip(query.offset)
                .take(query.limit)
                .map(|doc| &listings[doc])
                .collect(),
        }
    }

    /// Positions of the listings that match every word and pass `admit`,
    /// best first.
    fn ranked_matches(
        &self,
        words: &[String],
        prefix_last: bool,
        admit: impl Fn(&Listing) -> bool,
    ) -> Vec<usize> {
        let count = self.names.len();
        let mut scores = vec![0u32; count];
        let mut matched = vec![0u16; count];
        let mut best = vec![0u32; count];
        let mut touched = Vec::new();
        let mut candidates = Vec::new();
        for (n, word) in words.iter().enumerate() {
            let as_prefix = prefix_last && n + 1 == words.len();
            for term in self.matching_terms(word, as_prefix) {
                let exact = *self.terms[term] == **word;
                for posting in &self.postings[term] {
                    let doc = posting.doc as usize;
                    let weight = field_weight(posting.fields, exact);
                    if best[doc] == 0 {
                        touched.push(doc);
                    }
                    best[doc] = best[doc].max(weight);
                }
            }
            for &doc in &touched {
                scores[doc] += best[doc];
                matched[doc] += 1;
                best[doc] = 0;
            }
            if n == 0 {
                // Every match must match the first word: these are all.
                candidates = std::mem::take(&mut touched);
            } else {
                touched.clear();
            }
        }
        let phrase = words.join(" ");
        let listings = self.catalog.listings();
        let mut ranked: Vec<(Reverse<u32>, usize)> = candidates
            .into_iter()
            .filter(|&doc| usize::from(matched[doc]) == words.len() && admit(&listings[doc]))
            .map(|doc| (Reverse(scores[doc] + self.name_bonus(doc, &phrase)), doc))
            .collect();
        ranked.sort_unstable();
        ranked.into_iter().map(|(_, doc)| doc).collect()
    }

    /// Indexes into `terms` equal to `word`, or starting with it.
    fn matching_terms(&self, word: &str, as_prefix: bool) -> std::ops::Range<usize> {
        let start = self.terms.partition_point(|term| **term < *word);
        if !as_prefix {
            let found = self.terms.get(start).is_some_and(|term| **term == *word);
            return start..start + usize::from(found);
        }
        let len = self.terms[start..].partition_point(|term| term.starts_with(word));
        start..start + len
    }

    fn name_bonus(&self, doc: usize, phrase: &str) -> u32 {
        let name = &*self.names[doc];
        if name == phrase {
            EXACT_NAME_BONUS
        } else if name.starts_with(phrase) {
            NAME_PREFIX_BONUS
        } else {
            0
        }
    }
}

/// What a person may type for a listing's kind: its product family as the
/// storefront names it and as its filter slug, its pricing in words and by
/// its short name ("payg", "byol"), and "trial" when it offers a free trial
/// (not "free", which means Free pricing).
fn kind_words(listing: &Listing) -> String {
    let family = listing.product_type.family();
    let pricing = &listing.pricing;
    let trial = if listing.free_trial { "trial" } else { "" };
    format!(
        "{} {} {} {} {trial}",
        family.title(),
        family.slug(),
        pricing.words(),
        pricing.model_name()
    )
}

fn field_weight(fields: u8, exact: bool) -> u32 {
    FIELD_WEIGHTS
        .iter()
        .filter(|(field, _, _)| fields & field != 0)
        .map(|&(_, whole, prefix)| if exact { whole } else { prefix })
        .max()
        .unwrap_or(0)
}
