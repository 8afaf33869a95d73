//! What the tree builder remembers of the shape it has read, to read a
//! repeating shape without looking names up.
//!
//! A large order or invoice repeats one line's shape thousands of times:
//! the element after a sibling, the first child of an element and the
//! attributes of an element are nearly always what they were the last
//! time. A guess is checked by comparing the name's bytes; only a wrong
//! guess pays for the lookup by hash (and, for an element, for finding its
//! chain), and is remembered in its place.

/// A name and the chain it makes below its parent's chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Guess {
    pub(crate) name: u32,
    pub(crate) chain: u32,
}

#[derive(Default)]
pub(crate) struct Recall {
    /// By chain: the element that followed an element of that chain.
    after: Vec<Option<Guess>>,
    /// By chain: the first child of an element of that chain.
    first_child: Vec<Option<Guess>>,
    /// By chain: the names of an element of that chain's attributes.
    attributes: Vec<Vec<u32>>,
}

impl Recall {
    /// The element most likely to open below `parent` (a chain; `None`:
    /// no element is open) after `previous` (the chain of the sibling
    /// that closed last; `None`: it is the first child).
    pub(crate) fn element(&self, parent: Option<u32>, previous: Option<u32>) -> Option<Guess> {
        match (previous, parent) {
            (Some(sibling), _) => slot(&self.after, sibling).copied().flatten(),
            (None, Some(parent)) => slot(&self.first_child, parent).copied().flatten(),
            (None, None) => None,
        }
    }

    /// Remembers what opened, where [`Recall::element`] was asked.
    pub(crate) fn remember(&mut self, parent: Option<u32>, previous: Option<u32>, opened: Guess) {
        let table = match (previous, parent) {
            (Some(sibling), _) => slot_mut(&mut self.after, sibling),
            (None, Some(parent)) => slot_mut(&mut self.first_child, parent),
            (None, None) => return,
        };
        *table = Some(opened);
    }

    /// The attribute names of the last element of `chain`, to be checked
    /// and corrected while the next one's are read.
    pub(crate) fn attributes(&mut self, chain: u32) -> &mut Vec<u32> {
        slot_mut(&mut self.attributes, chain)
    }
}

fn slot<T>(table: &[T], chain: u32) -> Option<&T> {
    table.get(chain as usize)
}

/// The entry for `chain`, the table grown to hold it.
fn slot_mut<T: Default>(table: &mut Vec<T>, chain: u32) -> &mut T {
    let at = chain as usize;
    if table.len() <= at {
        table.resize_with(at + 1, T::default);
    }
    &mut table[at]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_what_came_last_time_in_the_same_place() {
        let mut recall = Recall::default();
        let item = Guess { name: 3, chain: 7 };
        let detail = Guess { name: 4, chain: 8 };
        assert_eq!(recall.element(Some(2), None), None);
        recall.remember(Some(2), None, item);
        recall.remember(Some(2), Some(7), item);
        recall.remember(Some(7), None, detail);
        assert_eq!(recall.element(Some(2), None), Some(item));
        assert_eq!(recall.element(Some(2), Some(7)), Some(item));
        assert_eq!(recall.element(Some(7), None), Some(detail));
        assert_eq!(recall.element(Some(7), Some(8)), None);
        // The root has no place to be remembered in.
        recall.remember(None, None, item);
        assert_eq!(recall.element(None, None), None);
        recall.attributes(8).extend([1, 2]);
        assert_eq!(recall.attributes(8), &[1, 2]);
        assert!(recall.attributes(9).is_empty());
    }
}
