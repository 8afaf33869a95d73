//! Every element of a document filed, in one walk, under the chain of
//! names that leads to it from the root.
//!
//! The rules ask a dozen questions of the form "every `UnitPrice/Money`";
//! answered by walking the tree, each costs a visit of every element, which
//! on a 50,000-element order is most of the time `procsim validate` spends.
//! A document has few distinct chains (a few hundred even when it has
//! thousands of lines), so the index answers each question by looking at
//! the chains alone.

use super::{Document, Element, Name};

/// See the module documentation. Built by [`Document::index`].
pub struct Index<'a> {
    document: &'a Document,
    chains: Vec<Chain<'a>>,
}

/// One distinct chain of names from the root, e.g.
/// `cXML/Request/OrderRequest/ItemOut`.
struct Chain<'a> {
    name: &'a Name,
    parent: Option<usize>,
    depth: usize,
    /// The chains one name longer, by index.
    longer: Vec<usize>,
    /// The elements at the end of this chain, with their place in
    /// document order.
    elements: Vec<(u32, &'a Element)>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(document: &'a Document) -> Self {
        let mut index = Index {
            document,
            chains: Vec::new(),
        };
        let mut order = 0;
        index.file(&document.root, None, &mut order);
        index
    }

    /// The document indexed.
    pub fn document(&self) -> &'a Document {
        self.document
    }

    /// What [`Document::find_all`] answers, without walking the tree.
    pub fn find_all(&self, suffix: &str) -> Vec<&'a Element> {
        let anchored = suffix.starts_with('/');
        let wanted: Vec<&str> = suffix.split('/').filter(|s| !s.is_empty()).collect();
        let Some(last) = wanted.last() else {
            return Vec::new();
        };
        let matching: Vec<&Chain<'a>> = self
            .chains
            .iter()
            .filter(|c| *c.name == **last && self.ends_with(c, &wanted, anchored))
            .collect();
        match matching.as_slice() {
            [] => Vec::new(),
            [one] => one.elements.iter().map(|&(_, el)| el).collect(),
            several => {
                let mut all: Vec<(u32, &'a Element)> = several
                    .iter()
                    .flat_map(|c| c.elements.iter().copied())
                    .collect();
                all.sort_unstable_by_key(|&(order, _)| order);
                all.into_iter().map(|(_, el)| el).collect()
            }
        }
    }

    /// Every element with this name, in document order.
    pub fn named(&self, name: &str) -> Vec<&'a Element> {
        self.find_all(name)
    }

    fn file(&mut self, el: &'a Element, parent: Option<usize>, order: &mut u32) {
        let chain = self.chain(parent, &el.name);
        self.chains[chain].elements.push((*order, el));
        *order = order.saturating_add(1);
        for child in &el.children {
            self.file(child, Some(chain), order);
        }
    }

    /// The chain `parent` + `name`, made on first use.
    fn chain(&mut self, parent: Option<usize>, name: &'a Name) -> usize {
        let existing = match parent {
            Some(p) => self.chains[p]
                .longer
                .iter()
                .copied()
                // Names of one document are shared (tree::Name), so the
                // same allocation is the same name; a document put together
                // by hand may have equal names apart, which only makes
                // more chains, all of them found by `find_all`.
                .find(|&c| self.chains[c].name.same_allocation(name)),
            // One root: its chain is the first one made.
            None => (!self.chains.is_empty()).then_some(0),
        };
        if let Some(found) = existing {
            return found;
        }
        let id = self.chains.len();
        let depth = parent.map_or(1, |p| self.chains[p].depth + 1);
        self.chains.push(Chain {
            name,
            parent,
            depth,
            longer: Vec::new(),
            elements: Vec::new(),
        });
        if let Some(p) = parent {
            self.chains[p].longer.push(id);
        }
        id
    }

    /// Whether the names leading to `chain` end with `wanted` (are exactly
    /// `wanted` when anchored).
    fn ends_with(&self, chain: &Chain<'a>, wanted: &[&str], anchored: bool) -> bool {
        if chain.depth < wanted.len() || (anchored && chain.depth != wanted.len()) {
            return false;
        }
        let mut at = Some(chain);
        for name in wanted.iter().rev() {
            match at {
                Some(c) if *c.name == **name => at = c.parent.map(|p| &self.chains[p]),
                _ => return false,
            }
        }
        true
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

    fn texts(found: Vec<&tree::Element>) -> Vec<&str> {
        found.into_iter().map(|e| &*e.text).collect()
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
