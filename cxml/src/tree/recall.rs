//! What the tree builder remembers of the shape it has read, to read a
//! repeating shape without looking names up.
//!
//! A large order or invoice repeats one line's shape thousands of times:
//! the element after a sibling, the first child of an element and the
//! attributes of an element are nearly always what they were the last
//! time. Elements are guessed by [`dtd::Guesses`], keyed by chain;
//! attribute names here, by the chain of their element. A guess is checked
//! by comparing the name's bytes; only a wrong guess pays for the lookup
//! by hash (and, for an element, for finding its chain), and is
//! remembered in its place.

/// A name and the chain it makes below its parent's chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Guess {
    pub(crate) name: u32,
    pub(crate) chain: u32,
}

#[derive(Default)]
pub(crate) struct Recall {
    /// By the parent's chain, or the previous sibling's.
    pub(crate) elements: dtd::Guesses<Guess>,
    /// By chain: the names of an element of that chain's attributes.
    attributes: Vec<Vec<u32>>,
}

impl Recall {
    /// The attribute names of the last element of `chain`, to be checked
    /// and corrected while the next one's are read.
    pub(crate) fn attributes(&mut self, chain: u32) -> &mut Vec<u32> {
        let at = chain as usize;
        if self.attributes.len() <= at {
            self.attributes.resize_with(at + 1, Vec::new);
        }
        &mut self.attributes[at]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_names_are_kept_by_chain() {
        let mut recall = Recall::default();
        recall.attributes(8).extend([1, 2]);
        assert_eq!(recall.attributes(8), &[1, 2]);
        assert!(recall.attributes(9).is_empty());
        assert!(recall.attributes(3).is_empty());
        assert_eq!(recall.attributes(8), &[1, 2]);
    }
}
