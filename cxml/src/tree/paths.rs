//! Element paths and searches over the tree.
//!
//! A path shows `[n]` only where a parent has several children of the same
//! name, which keeps ordinary paths short (`/cXML/Header/From`) while still
//! pointing at the right line item (`.../ItemOut[2]/ItemDetail`).
//!
//! Paths are built on demand, in one walk for a whole batch of elements:
//! storing one per element made parsing a large cart several times slower,
//! while only the few elements a finding points at ever need one. Elements
//! are identified by the position of their start tag, unique in a document.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{Element, Position};

/// Parents with more children than this count names with a map rather than
/// by comparing every pair (a cart may hold thousands of `ItemIn`).
const LINEAR_COUNT_LIMIT: usize = 16;

/// The paths of the elements whose start tags sit at `wanted` (sorted,
/// without repeats).
///
/// Start tags come in document order, so a subtree can hold a wanted
/// position only if one lies between its own start and the next sibling's:
/// the walk enters no other subtree, and on a large document with few
/// findings it visits little more than the paths to them.
pub(crate) fn paths_at(root: &Element, wanted: &[Position]) -> HashMap<Position, String> {
    let mut walk = Walk {
        wanted,
        next: 0,
        found: HashMap::new(),
        path: format!("/{}", root.name),
    };
    walk.element(root, None);
    walk.found
}

struct Walk<'w> {
    wanted: &'w [Position],
    /// The first wanted position not yet passed.
    next: usize,
    found: HashMap<Position, String>,
    path: String,
}

impl Walk<'_> {
    /// Visits `el`, whose subtree ends before `end` (`None`: the document's
    /// end); `self.path` is already the element's path.
    fn element(&mut self, el: &Element, end: Option<Position>) {
        let at = el.position();
        while self.wanted.get(self.next).is_some_and(|&w| w < at) {
            self.next += 1;
        }
        let Some(&first) = self.wanted.get(self.next) else {
            return;
        };
        if end.is_some_and(|end| first >= end) {
            return;
        }
        if first == at {
            self.found.insert(at, self.path.clone());
            self.next += 1;
        }
        let children = &el.children;
        // Only a long list of children pays for a table of indexes; short
        // ones (nearly all) are counted in place without allocating.
        let table = (children.len() > LINEAR_COUNT_LIMIT).then(|| indexes_by_map(children));
        for (i, child) in children.iter().enumerate() {
            let child_end = children.get(i + 1).map(Element::position).or(end);
            if self.next >= self.wanted.len()
                || child_end.is_some_and(|e| self.wanted[self.next] >= e)
            {
                continue;
            }
            let index = match &table {
                Some(table) => table.get(i).copied().flatten(),
                None => index_by_scan(children, i),
            };
            let len = self.path.len();
            self.path.push('/');
            self.path.push_str(&child.name);
            if let Some(n) = index {
                // Writing to a String cannot fail.
                let _ = write!(self.path, "[{n}]");
            }
            self.element(child, child_end);
            self.path.truncate(len);
        }
    }
}

/// The 1-based position of child `i` among same-name siblings, or `None`
/// when its name occurs once.
fn index_by_scan(children: &[Element], i: usize) -> Option<usize> {
    let name = children[i].name.as_str();
    let before = children[..i].iter().filter(|c| c.name == name).count();
    let after = children[i + 1..].iter().filter(|c| c.name == name).count();
    (before + after > 0).then_some(before + 1)
}

/// [`index_by_scan`] for every child, through a map of name counts.
fn indexes_by_map(children: &[Element]) -> Vec<Option<usize>> {
    let mut totals: HashMap<&str, usize> = HashMap::new();
    for c in children {
        *totals.entry(c.name.as_str()).or_default() += 1;
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    children
        .iter()
        .map(|c| {
            let name = c.name.as_str();
            if totals.get(name).copied().unwrap_or(1) < 2 {
                return None;
            }
            let n = seen.entry(name).or_default();
            *n += 1;
            Some(*n)
        })
        .collect()
}

/// See [`Element::find_all`].
pub(crate) fn find_all<'a>(start: &'a Element, suffix: &str) -> Vec<&'a Element> {
    let anchored = suffix.starts_with('/');
    let wanted: Vec<&str> = suffix.split('/').filter(|s| !s.is_empty()).collect();
    let mut found = Vec::new();
    if wanted.is_empty() {
        return found;
    }
    let mut chain = Vec::new();
    visit(start, &wanted, anchored, &mut chain, &mut found);
    found
}

fn visit<'a>(
    el: &'a Element,
    wanted: &[&str],
    anchored: bool,
    chain: &mut Vec<&'a str>,
    found: &mut Vec<&'a Element>,
) {
    chain.push(el.name.as_str());
    // The element's own name is the cheapest and most selective test.
    let matches = wanted.last() == Some(&el.name.as_str())
        && if anchored {
            chain.as_slice() == wanted
        } else {
            chain.ends_with(wanted)
        };
    if matches {
        found.push(el);
    }
    // An anchored search can stop once the chain is as long as the pattern.
    if !anchored || chain.len() < wanted.len() {
        for child in &el.children {
            visit(child, wanted, anchored, chain, found);
        }
    }
    chain.pop();
}

/// Pre-order iterator over an element and all its descendants.
pub struct Descendants<'a> {
    stack: Vec<&'a Element>,
}

impl<'a> Descendants<'a> {
    pub(crate) fn new(start: &'a Element) -> Self {
        Self { stack: vec![start] }
    }
}

impl<'a> Iterator for Descendants<'a> {
    type Item = &'a Element;

    fn next(&mut self) -> Option<&'a Element> {
        let el = self.stack.pop()?;
        self.stack.extend(el.children.iter().rev());
        Some(el)
    }
}
