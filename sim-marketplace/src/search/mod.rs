//! Open Buy search (SPEC F3): what a query is, how text becomes terms, and
//! what a page of results holds. The inverted index lives in [`index`].

mod index;

use std::collections::HashSet;

pub use index::SearchIndex;

use crate::catalog::{CategoryId, Listing, ListingId, ProductFamily};

/// Words too common to tell listings apart; dropped from both listings and
/// queries, so a query that contains one still matches.
const STOP_WORDS: [&str; 12] = [
    "a", "an", "and", "by", "for", "in", "of", "on", "that", "the", "to", "with",
];

/// Lowercase alphanumeric words of `text`, stop words removed.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .filter(|word| !STOP_WORDS.contains(&word.as_str()))
}

/// Restrictions applied on top of the text match.
#[derive(Clone, Copy, Debug, Default)]
pub struct Filters<'a> {
    pub category: Option<CategoryId>,
    pub product_family: Option<ProductFamily>,
    /// Private Marketplace (SPEC F13): only these listings are visible.
    pub only_ids: Option<&'a HashSet<ListingId>>,
}

impl Filters<'_> {
    fn admit(&self, listing: &Listing) -> bool {
        self.category.is_none_or(|c| listing.category == c)
            && self
                .product_family
                .is_none_or(|f| listing.product_type.family() == f)
            && self.only_ids.is_none_or(|ids| ids.contains(&listing.id))
    }
}

/// One search: free text (empty matches everything), filters and a page.
#[derive(Clone, Copy, Debug)]
pub struct SearchQuery<'a> {
    pub text: &'a str,
    pub filters: Filters<'a>,
    pub limit: usize,
    pub offset: usize,
}

/// One page of results, best first; `total` counts every match.
#[derive(Clone, Debug)]
pub struct SearchPage<'c> {
    pub total: usize,
    pub hits: Vec<&'c Listing>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_lowercase_words_without_stop_words() {
        let found: Vec<_> = terms("Face to face  Data-Warehouse, for the 24/7 team!").collect();
        assert_eq!(
            found,
            ["face", "face", "data", "warehouse", "24", "7", "team"]
        );
    }
}
