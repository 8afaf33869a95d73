//! Every element of a document filed under the chain of names that leads
//! to it from the root, while the tree is read ([`ChainFiler`]).
//!
//! The rules ask a dozen questions of the form "every `UnitPrice/Money`";
//! answered by walking the tree, each costs a visit of every element, which
//! on a 50,000-element order is most of the time `procsim validate` spends.
//! A document has few distinct chains (a few hundred even when it has
//! thousands of lines), so the index answers each question by looking at
//! the chains alone. Filed as each element opens, the index costs no walk
//! of its own, and every thread checking the document shares it.

use super::{Arena, Chain, Document, Element};

/// See the module documentation. Built by [`Document::index`].
pub struct Index<'a> {
    document: &'a Document,
}

impl<'a> Index<'a> {
    pub(crate) fn new(document: &'a Document) -> Self {
        Index { document }
    }

    /// The document indexed.
    pub fn document(&self) -> &'a Document {
        self.document
    }

    fn arena(&self) -> &'a Arena {
        &self.document.arena
    }

    fn element(&self, id: u32) -> Element<'a> {
        Element {
            arena: self.arena(),
            id,
        }
    }

    fn name(&self, chain: &Chain) -> &'a str {
        &self.arena().names[chain.name as usize]
    }

    /// What [`Document::find_all`] answers, without walking the tree.
    pub fn find_all(&self, suffix: &str) -> Vec<Element<'a>> {
        let anchored = suffix.starts_with('/');
        let wanted: Vec<&str> = suffix.split('/').filter(|s| !s.is_empty()).collect();
        let Some(last) = wanted.last() else {
            return Vec::new();
        };
        let matching: Vec<&Chain> = self
            .arena()
            .chains
            .iter()
            .filter(|c| self.name(c) == *last && self.ends_with(c, &wanted, anchored))
            .collect();
        match matching.as_slice() {
            [] => Vec::new(),
            [one] => one.elements.iter().map(|&id| self.element(id)).collect(),
            several => {
                let mut all: Vec<u32> = several
                    .iter()
                    .flat_map(|c| c.elements.iter().copied())
                    .collect();
                all.sort_unstable();
                all.into_iter().map(|id| self.element(id)).collect()
            }
        }
    }

    /// Every element with this name, in document order.
    pub fn named(&self, name: &str) -> Vec<Element<'a>> {
        self.find_all(name)
    }

    /// Whether the names leading to `chain` end with `wanted` (are exactly
    /// `wanted` when anchored).
    fn ends_with(&self, chain: &Chain, wanted: &[&str], anchored: bool) -> bool {
        let depth = chain.depth as usize;
        if depth < wanted.len() || (anchored && depth != wanted.len()) {
            return false;
        }
        let chains = &self.arena().chains;
        let mut at = Some(chain);
        for name in wanted.iter().rev() {
            match at {
                Some(c) if self.name(c) == *name => {
                    at = c.parent.and_then(|p| chains.get(p as usize));
                }
                _ => return false,
            }
        }
        true
    }
}

/// Files elements under their chains while the tree is read.
#[derive(Default)]
pub(crate) struct ChainFiler {
    chains: Vec<Chain>,
}

impl ChainFiler {
    /// Files element `id` under `chain` (see [`ChainFiler::chain`]).
    pub(crate) fn file(&mut self, chain: u32, id: u32) {
        if let Some(c) = self.chains.get_mut(chain as usize) {
            c.elements.push(id);
        }
    }

    pub(crate) fn into_chains(self) -> Vec<Chain> {
        self.chains
    }

    /// The chain of an element named `name` below the element filed under
    /// chain `parent` (`None`: the root), made on first use.
    pub(crate) fn chain(&mut self, parent: Option<u32>, name: u32) -> u32 {
        let existing = match parent {
            Some(p) => self.chains[p as usize]
                .longer
                .iter()
                .copied()
                .find(|&c| self.chains[c as usize].name == name),
            // One root: its chain is the first one made.
            None => (!self.chains.is_empty()).then_some(0),
        };
        if let Some(found) = existing {
            return found;
        }
        let id = u32::try_from(self.chains.len()).unwrap_or(u32::MAX);
        let depth = parent.map_or(1, |p| self.chains[p as usize].depth + 1);
        self.chains.push(Chain {
            name,
            parent,
            depth,
            longer: Vec::new(),
            elements: Vec::new(),
        });
        if let Some(p) = parent {
            self.chains[p as usize].longer.push(id);
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use crate::tree;

    const DOC: &str = "<cXML><Request><OrderRequest>\
        <ItemOut><ItemDetail><UnitPrice><Money>1</Money></UnitPrice></ItemDetail></ItemOut>\
        <Money>x</Money>\
        <ItemOut><ItemDetail><UnitPrice><Money>2</Money></UnitPrice></ItemDetail></ItemOut>\
        </OrderRequest></Request><Money>y</Money></cXML>";

    fn texts(found: Vec<tree::Element<'_>>) -> Vec<&str> {
        found.into_iter().map(|e| e.text()).collect()
    }

    #[test]
    fn answers_as_a_walk_of_the_tree_does() {
        let doc = tree::parse(DOC.as_bytes()).expect("well-formed");
        let index = doc.index();
        for suffix in [
            "Money",
            "UnitPrice/Money",
            "ItemOut/ItemDetail/UnitPrice/Money",
            "/cXML/Money",
            "/Money",
            "cXML",
            "/cXML",
            "Request/Money",
            "Nothing",
            "",
            "/",
        ] {
            assert_eq!(
                texts(index.find_all(suffix)),
                texts(doc.find_all(suffix)),
                "{suffix}"
            );
        }
        assert_eq!(texts(index.named("Money")), ["1", "x", "2", "y"]);
    }
}
