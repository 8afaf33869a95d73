//! Collecting validity errors in libxml2's order, within the error cap.
//!
//! A streaming pass learns about a content-model error only when the element
//! closes, after the errors of its descendants; libxml2 walks a finished
//! tree and reports an element's own errors before its children's. Each
//! error therefore carries a key (the element's start order, a phase within
//! the element, emission order) and the report keeps the smallest
//! `max_errors` keys in a heap, so the result is exactly libxml2's first
//! errors however the document is shaped. Keys are compared before any
//! message is formatted, so errors beyond the cap cost almost nothing.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::error::ValidityError;
use crate::position::positions_of;

/// Where an error sorts among the errors of its element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Phase {
    /// The element's declaration and content.
    Content,
    /// Missing `#REQUIRED` attributes.
    Required,
    /// The attributes present, in document order.
    Attribute,
    /// Namespace declarations (`xmlns`, `xmlns:p`), which libxml2 checks last.
    Namespace,
}

/// Sort key: element start order, phase, emission order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Key(u32, Phase, u32);

/// Element order used for ID-reference errors, which libxml2 reports after
/// walking the whole tree.
pub(crate) const AFTER_ALL: u32 = u32::MAX;

/// An error whose position is still a byte offset.
#[derive(Debug)]
pub(crate) struct Pending {
    key: Key,
    pub(crate) offset: usize,
    pub(crate) path: String,
    pub(crate) element: String,
    pub(crate) message: String,
    pub(crate) expected: Option<String>,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Pending {}

impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Pending {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key.cmp(&other.key)
    }
}

/// The errors kept so far.
pub(crate) struct Report {
    max: usize,
    kept: BinaryHeap<Pending>,
    emitted: u32,
}

impl Report {
    pub(crate) fn new(max_errors: usize) -> Self {
        Report {
            max: max_errors.max(1),
            kept: BinaryHeap::new(),
            emitted: 0,
        }
    }

    /// The key the next error of `element`/`phase` would get, if it would
    /// be kept. Call before formatting the message.
    pub(crate) fn slot(&mut self, element: u32, phase: Phase) -> Option<Key> {
        let key = Key(element, phase, self.emitted);
        self.emitted = self.emitted.saturating_add(1);
        let full = self.kept.len() >= self.max;
        match self.kept.peek() {
            Some(worst) if full && worst.key < key => None,
            _ => Some(key),
        }
    }

    /// Records an error obtained through [`Report::slot`].
    pub(crate) fn push(
        &mut self,
        key: Key,
        offset: usize,
        path: String,
        element: String,
        message: String,
        expected: Option<String>,
    ) {
        self.kept.push(Pending {
            key,
            offset,
            path,
            element,
            message,
            expected,
        });
        if self.kept.len() > self.max {
            self.kept.pop();
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// The errors in order, with line and column computed in one pass.
    pub(crate) fn finish(self, text: &[u8]) -> Vec<ValidityError> {
        let sorted = self.kept.into_sorted_vec();
        let offsets: Vec<usize> = sorted.iter().map(|p| p.offset).collect();
        let positions = positions_of(text, &offsets);
        sorted
            .into_iter()
            .zip(positions)
            .map(|(p, pos)| ValidityError {
                line: pos.line,
                column: pos.column,
                path: p.path,
                element: p.element,
                message: p.message,
                expected: p.expected,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(report: &mut Report, element: u32, phase: Phase, message: &str) {
        if let Some(key) = report.slot(element, phase) {
            report.push(
                key,
                0,
                String::new(),
                String::new(),
                message.to_owned(),
                None,
            );
        }
    }

    #[test]
    fn keeps_the_first_errors_in_element_order() {
        let mut report = Report::new(2);
        add(&mut report, 3, Phase::Attribute, "child attribute");
        add(&mut report, 5, Phase::Content, "later element");
        add(
            &mut report,
            1,
            Phase::Content,
            "parent content, found at close",
        );
        add(&mut report, 1, Phase::Required, "parent required");
        let messages: Vec<String> = report.finish(b"").into_iter().map(|e| e.message).collect();
        assert_eq!(
            messages,
            ["parent content, found at close", "parent required"]
        );
    }

    #[test]
    fn refuses_slots_beyond_the_cap() {
        let mut report = Report::new(1);
        add(&mut report, 1, Phase::Content, "first");
        assert!(report.slot(2, Phase::Content).is_none());
        assert!(report.slot(0, Phase::Content).is_some());
    }
}
