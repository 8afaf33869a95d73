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

use super::{Arena, Children, Element, Position};

/// Parents with more children than this count names with a table rather
/// than by comparing every pair (a cart may hold thousands of `ItemIn`).
const LINEAR_COUNT_LIMIT: usize = 16;

/// The paths of the elements whose start tags sit at `wanted` (sorted,
/// without repeats), in document order.
///
/// Start tags come in document order, so a subtree can hold a wanted
/// position only if one lies between its own start and the next subtree's:
/// the walk enters no other subtree, and on a large document with few
/// findings it visits little more than the paths to them.
pub(crate) fn paths_in_order(root: Element<'_>, wanted: &[Position]) -> Vec<(Position, String)> {
    let mut walk = Walk {
        arena: root.arena,
        wanted,
        next: 0,
        found: Vec::new(),
        path: format!("/{}", root.name()),
    };
    walk.element(root.id);
    walk.found
}

/// [`paths_in_order`] as a map.
pub(crate) fn paths_at(root: Element<'_>, wanted: &[Position]) -> HashMap<Position, String> {
    paths_in_order(root, wanted).into_iter().collect()
}

struct Walk<'w> {
    arena: &'w Arena,
    wanted: &'w [Position],
    /// The first wanted position not yet passed.
    next: usize,
    found: Vec<(Position, String)>,
    path: String,
}

impl Walk<'_> {
    fn position(&self, id: u32) -> Option<Position> {
        self.arena.nodes.get(id as usize).map(|n| Position {
            line: n.line,
            column: n.column,
        })
    }

    /// Whether no wanted position is left before the element numbered `id`
    /// (the first one after a subtree; `None`: the document's end).
    fn none_before(&self, id: u32) -> bool {
        match (self.wanted.get(self.next), self.position(id)) {
            (None, _) => true,
            (Some(&first), Some(end)) => first >= end,
            (Some(_), None) => false,
        }
    }

    /// Visits element `id`; `self.path` is already its path.
    fn element(&mut self, id: u32) {
        let arena = self.arena;
        let node = &arena.nodes[id as usize];
        let at = Position {
            line: node.line,
            column: node.column,
        };
        while self.wanted.get(self.next).is_some_and(|&w| w < at) {
            self.next += 1;
        }
        if self.none_before(node.end) {
            return;
        }
        if self.wanted.get(self.next) == Some(&at) {
            self.found.push((at, self.path.clone()));
            self.next += 1;
        }
        let children = Element { arena, id }.children();
        // Only a long list of children pays for a table of counts; short
        // ones (nearly all) are counted in place without allocating.
        let long = children.clone().nth(LINEAR_COUNT_LIMIT).is_some();
        let table = long.then(|| indexes_by_table(arena, children.clone()));
        for (i, child) in children.clone().enumerate() {
            let child = child.id;
            if self.next >= self.wanted.len() {
                break;
            }
            let child_node = &arena.nodes[child as usize];
            if self.none_before(child_node.end) {
                continue;
            }
            let index = match &table {
                Some(table) => table.get(i).copied().flatten(),
                None => index_by_scan(children.clone(), i, child_node.name),
            };
            let len = self.path.len();
            self.path.push('/');
            self.path.push_str(&arena.names[child_node.name as usize]);
            if let Some(n) = index {
                // Writing to a String cannot fail.
                let _ = write!(self.path, "[{n}]");
            }
            self.element(child);
            self.path.truncate(len);
        }
    }
}

/// The 1-based position of child `i` (named `name`) among same-name
/// siblings, or `None` when its name occurs once.
fn index_by_scan(children: Children<'_>, i: usize, name: u32) -> Option<usize> {
    let (mut before, mut all) = (0, 0);
    for (n, c) in children.enumerate() {
        if c.node().name == name {
            all += 1;
            if n < i {
                before += 1;
            }
        }
    }
    (all > 1).then_some(before + 1)
}

/// [`index_by_scan`] for every child, through a table of counts by name.
fn indexes_by_table(arena: &Arena, children: Children<'_>) -> Vec<Option<usize>> {
    let mut totals = vec![0usize; arena.names.len()];
    for c in children.clone() {
        if let Some(total) = totals.get_mut(c.node().name as usize) {
            *total += 1;
        }
    }
    let mut seen = vec![0usize; arena.names.len()];
    children
        .map(|c| {
            let name = c.node().name as usize;
            if totals.get(name).copied().unwrap_or(1) < 2 {
                return None;
            }
            let n = seen.get_mut(name)?;
            *n += 1;
            Some(*n)
        })
        .collect()
}

/// See [`Element::find_all`].
pub(crate) fn find_all<'a>(start: Element<'a>, suffix: &str) -> Vec<Element<'a>> {
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
    el: Element<'a>,
    wanted: &[&str],
    anchored: bool,
    chain: &mut Vec<&'a str>,
    found: &mut Vec<Element<'a>>,
) {
    let name = el.name().as_str();
    chain.push(name);
    // The element's own name is the cheapest and most selective test.
    let matches = wanted.last() == Some(&name)
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
        for child in el.children() {
            visit(child, wanted, anchored, chain, found);
        }
    }
    chain.pop();
}
