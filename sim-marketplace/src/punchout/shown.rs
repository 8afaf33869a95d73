//! What a punchout flow's storefront showed that no document records:
//! which unsupported products (SPEC F11), a product page with no "Request
//! approval", saying why; and whether it showed only the account's
//! Private Marketplace (SPEC F13), a page restricted to the listings the
//! account's admin approved. The dashboard's F11 and F13 walkthroughs
//! read it here (`GET /api/punchout/unsupported-shown?flow=`, `GET
//! /api/punchout/private-marketplace-shown?flow=`) for the person's own
//! flow.
//!
//! Kept past the session's end (a person looks, then cancels the
//! punchout), yet bounded whatever people do: at most [`MAX_FLOWS`]
//! flows, the oldest forgotten first, and [`PER_FLOW`] products each, so
//! opening pages again and again adds nothing.

use std::collections::{HashMap, VecDeque};

use crate::catalog::ListingId;

/// The most flows remembered: as many as sessions may be open at once
/// (`session` checks that the two agree).
pub const MAX_FLOWS: usize = 10_000;
/// The most products remembered per flow; the first shown are kept.
pub const PER_FLOW: usize = 8;

/// What each flow showed, and the flows in the order they first showed
/// something (always the same flows as the map's keys).
#[derive(Debug, Default)]
pub(super) struct Shown {
    by_flow: HashMap<String, FlowShown>,
    order: VecDeque<String>,
    /// How many times something new was remembered: a count that only
    /// grows, so a watcher (the dashboard's live updates) sees a change.
    news: u64,
}

/// What one flow's storefront showed.
#[derive(Debug, Default)]
struct FlowShown {
    unsupported: Vec<ListingId>,
    private_marketplace: bool,
}

impl Shown {
    /// `flow`'s storefront showed `listing`, which cannot be bought
    /// through a procurement system.
    pub(super) fn record(&mut self, flow: &str, listing: ListingId) {
        let listings = &mut self.entry(flow).unsupported;
        if listings.len() < PER_FLOW && !listings.contains(&listing) {
            listings.push(listing);
            self.news += 1;
        }
    }

    /// `flow`'s storefront showed only its account's Private Marketplace.
    pub(super) fn record_private_marketplace(&mut self, flow: &str) {
        let shown = self.entry(flow);
        if !shown.private_marketplace {
            shown.private_marketplace = true;
            self.news += 1;
        }
    }

    /// How many times something new was remembered.
    pub(super) fn news(&self) -> u64 {
        self.news
    }

    /// The record of `flow`, made room for if it is new.
    fn entry(&mut self, flow: &str) -> &mut FlowShown {
        if !self.by_flow.contains_key(flow) {
            while self.by_flow.len() >= MAX_FLOWS {
                let Some(oldest) = self.order.pop_front() else {
                    break;
                };
                self.by_flow.remove(&oldest);
            }
            self.order.push_back(flow.to_owned());
        }
        self.by_flow.entry(flow.to_owned()).or_default()
    }

    /// The unsupported products `flow`'s storefront showed, first shown
    /// first.
    pub(super) fn of(&self, flow: &str) -> Vec<ListingId> {
        self.by_flow
            .get(flow)
            .map(|shown| shown.unsupported.clone())
            .unwrap_or_default()
    }

    /// Whether `flow`'s storefront showed only its account's Private
    /// Marketplace.
    pub(super) fn private_marketplace(&self, flow: &str) -> bool {
        self.by_flow
            .get(flow)
            .is_some_and(|shown| shown.private_marketplace)
    }

    #[cfg(test)]
    fn flows(&self) -> (usize, usize) {
        (self.by_flow.len(), self.order.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(n: u32) -> ListingId {
        ListingId::from_raw(n)
    }

    #[test]
    fn each_flow_keeps_its_own_products_once_each() {
        let mut shown = Shown::default();
        shown.record("flow-a", listing(1));
        shown.record("flow-a", listing(1));
        shown.record("flow-a", listing(2));
        shown.record("flow-b", listing(3));
        assert_eq!(shown.of("flow-a"), [listing(1), listing(2)]);
        assert_eq!(shown.of("flow-b"), [listing(3)]);
        assert!(shown.of("flow-c").is_empty());
    }

    #[test]
    fn a_flow_keeps_at_most_its_first_products() {
        let mut shown = Shown::default();
        for n in 0..100 {
            shown.record("flow", listing(n));
        }
        let kept = shown.of("flow");
        assert_eq!(kept.len(), PER_FLOW);
        assert_eq!(kept.first(), Some(&listing(0)));
    }

    #[test]
    fn a_private_marketplace_is_remembered_for_its_flow_only() {
        let mut shown = Shown::default();
        shown.record("flow-a", listing(1));
        shown.record_private_marketplace("flow-b");
        shown.record_private_marketplace("flow-b");
        assert!(!shown.private_marketplace("flow-a"));
        assert!(shown.private_marketplace("flow-b"));
        // Each new thing once: the listing, the private marketplace.
        assert_eq!(shown.news(), 2);
        assert!(shown.of("flow-b").is_empty());
        assert_eq!(shown.of("flow-a"), [listing(1)]);
        assert_eq!(shown.flows(), (2, 2));
    }

    #[test]
    fn beyond_the_cap_the_oldest_flows_go_first() {
        let mut shown = Shown::default();
        for n in 0..MAX_FLOWS + 10 {
            shown.record(&format!("flow-{n}"), listing(1));
        }
        assert_eq!(shown.flows(), (MAX_FLOWS, MAX_FLOWS));
        assert!(shown.of("flow-0").is_empty() && shown.of("flow-9").is_empty());
        assert_eq!(shown.of("flow-10"), [listing(1)]);
        assert_eq!(shown.of(&format!("flow-{}", MAX_FLOWS + 9)), [listing(1)]);
    }
}
