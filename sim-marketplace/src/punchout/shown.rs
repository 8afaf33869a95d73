//! Which unsupported products (SPEC F11) a punchout flow's storefront
//! showed: a product page with no "Request approval", saying why. No
//! document records that, so the dashboard's F11 walkthrough reads it
//! here (`GET /api/punchout/unsupported-shown?flow=`) for the person's
//! own flow.
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

/// The products shown per flow, and the flows in the order they first
/// showed one (always the same flows as the map's keys).
#[derive(Debug, Default)]
pub(super) struct Shown {
    by_flow: HashMap<String, Vec<ListingId>>,
    order: VecDeque<String>,
}

impl Shown {
    /// `flow`'s storefront showed `listing`, which cannot be bought
    /// through a procurement system.
    pub(super) fn record(&mut self, flow: &str, listing: ListingId) {
        if let Some(listings) = self.by_flow.get_mut(flow) {
            if listings.len() < PER_FLOW && !listings.contains(&listing) {
                listings.push(listing);
            }
            return;
        }
        while self.by_flow.len() >= MAX_FLOWS {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            self.by_flow.remove(&oldest);
        }
        self.by_flow.insert(flow.to_owned(), vec![listing]);
        self.order.push_back(flow.to_owned());
    }

    /// What `flow`'s storefront showed, first shown first.
    pub(super) fn of(&self, flow: &str) -> Vec<ListingId> {
        self.by_flow.get(flow).cloned().unwrap_or_default()
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
