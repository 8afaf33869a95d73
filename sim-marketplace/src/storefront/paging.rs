//! Paging a category's or a search's results: the page a `page` parameter
//! asks for, and the "Showing 51–100 of 178" line with its Previous and
//! Next links, which keep the query and filters. A page that is not a
//! whole number from 1 to the last page is refused with a 400 page saying
//! which pages exist, not clamped: a person who typed the address learns
//! what went wrong instead of silently seeing another page.

use serde::Serialize;

use crate::http_face::{PageError, local_url};

/// Results shown per page.
pub(super) const PAGE_SIZE: usize = 50;

/// A page of results, numbered from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct PageNumber(usize);

impl PageNumber {
    /// The page `raw` names; no parameter is the first page.
    pub(super) fn parse(raw: Option<&str>) -> Result<Self, PageError> {
        let Some(raw) = raw else {
            return Ok(PageNumber(1));
        };
        raw.parse::<usize>()
            .ok()
            .filter(|n| *n >= 1 && raw.bytes().all(|b| b.is_ascii_digit()))
            .map(PageNumber)
            .ok_or_else(|| {
                let shown: String = raw.chars().take(20).collect();
                PageError::bad_request(
                    "No such page",
                    format!("“{shown}” is not a page number: pages are numbered 1, 2, 3…"),
                )
            })
    }

    /// How many results come before this page.
    pub(super) fn offset(self) -> usize {
        (self.0 - 1).saturating_mul(PAGE_SIZE)
    }

    /// This page of `total` results, linked to its neighbours at `path`
    /// with `params`; a 400 page if it lies past the last page.
    pub(super) fn of(
        self,
        total: usize,
        path: &str,
        params: &[(&str, &str)],
    ) -> Result<Paging, PageError> {
        let pages = total.div_ceil(PAGE_SIZE).max(1);
        if self.0 > pages {
            return Err(PageError::bad_request(
                "No such page",
                format!(
                    "There {} {pages} page{} of results, so page {} does not exist.",
                    if pages == 1 { "is" } else { "are" },
                    if pages == 1 { "" } else { "s" },
                    self.0
                ),
            ));
        }
        let link = |page: usize| {
            let page = page.to_string();
            let mut all = params.to_vec();
            all.push(("page", &page));
            local_url(path, &all)
        };
        Ok(Paging {
            page: self.0,
            pages,
            first: (self.offset() + 1).min(total),
            last: (self.offset() + PAGE_SIZE).min(total),
            total,
            previous: (self.0 > 1).then(|| link(self.0 - 1)),
            next: (self.0 < pages).then(|| link(self.0 + 1)),
        })
    }
}

/// What a list page says of its paging.
#[derive(Serialize, Debug)]
pub(super) struct Paging {
    page: usize,
    pages: usize,
    /// The first and last result shown, counted from 1.
    first: usize,
    last: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_parameter_is_a_whole_number_from_one() {
        assert_eq!(PageNumber::parse(None).ok(), Some(PageNumber(1)));
        assert_eq!(PageNumber::parse(Some("3")).ok(), Some(PageNumber(3)));
        for bad in ["0", "-1", "+2", "two", "", "1.5", "99999999999999999999999"] {
            assert!(PageNumber::parse(Some(bad)).is_err(), "{bad:?} was taken");
        }
    }

    #[test]
    fn a_middle_page_links_both_ways_and_keeps_the_query() {
        let paging = PageNumber(2)
            .of(178, "/search", &[("q", "cloud & data")])
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!((paging.first, paging.last), (51, 100));
        assert_eq!(
            paging.previous.as_deref(),
            Some("/search?q=cloud+%26+data&page=1")
        );
        assert_eq!(
            paging.next.as_deref(),
            Some("/search?q=cloud+%26+data&page=3")
        );
        let last = PageNumber(4)
            .of(178, "/browse/data", &[])
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!((last.first, last.last, last.next), (151, 178, None));
        assert!(PageNumber(5).of(178, "/browse/data", &[]).is_err());
        // No results: page 1 exists and is empty.
        let empty = PageNumber(1)
            .of(0, "/search", &[])
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(
            (empty.first, empty.last, empty.previous, empty.next),
            (0, 0, None, None)
        );
    }
}
