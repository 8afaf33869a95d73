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

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::{Element, Position};

/// Parents with more children than this count names with a map rather than
/// by comparing every pair (a cart may hold thousands of `ItemIn`).
const LINEAR_COUNT_LIMIT: usize = 16;

/// The paths of the elements whose start tags sit at `wanted`.
pub(crate) fn paths_at(root: &Element, wanted: &HashSet<Position>) -> HashMap<Position, String> {
    let mut found = HashMap::new();
    let mut path = format!("/{}", root.name);
    if wanted.contains(&root.position()) {
        found.insert(root.position(), path.clone());
    }
    walk(root, &mut path, wanted, &mut found);
    found
}

fn walk(
    parent: &Element,
    path: &mut String,
    wanted: &HashSet<Position>,
    found: &mut HashMap<Position, String>,
) {
    let children = &parent.children;
    // Only a long list of children pays for a table of indexes; short ones
    // (nearly all) are counted in place without allocating.
    let table = (children.len() > LINEAR_COUNT_LIMIT).then(|| indexes_by_map(children));
    for (i, child) in children.iter().enumerate() {
        if found.len() == wanted.len() {
            return;
        }
        let index = match &table {
            Some(table) => table.get(i).copied().flatten(),
            None => index_by_scan(children, i),
        };
        let len = path.len();
        path.push('/');
        path.push_str(&child.name);
        if let Some(n) = index {
            // Writing to a String cannot fail.
            let _ = write!(path, "[{n}]");
        }
        if wanted.contains(&child.position()) {
            found.insert(child.position(), path.clone());
        }
        walk(child, path, wanted, found);
        path.truncate(len);
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
