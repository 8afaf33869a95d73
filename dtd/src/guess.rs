//! Guessing the element that opens from the one that opened in the same
//! place last time.
//!
//! A long document repeats one line's elements thousands of times: the
//! element after a sibling, or first inside a parent, is nearly always the
//! one that was there the last time. A reader that checks the guess by the
//! name's bytes pays for a lookup by hash only when the guess is wrong.
//! Elements are told apart by dense numbers of the reader's choosing (the
//! validator's element ids, the tree's chains).

/// What opened after an element of each number, and first inside one.
#[derive(Debug, Clone)]
pub struct Guesses<T> {
    after: Vec<Option<T>>,
    first_child: Vec<Option<T>>,
}

impl<T> Default for Guesses<T> {
    fn default() -> Self {
        Self {
            after: Vec::new(),
            first_child: Vec::new(),
        }
    }
}

impl<T: Copy> Guesses<T> {
    /// What most likely opens inside `parent` (`None`: nothing is open)
    /// after `previous` (the sibling that closed last; `None`: it is the
    /// first child).
    pub fn guess(&self, parent: Option<u32>, previous: Option<u32>) -> Option<T> {
        let (table, key) = match (previous, parent) {
            (Some(sibling), _) => (&self.after, sibling),
            (None, Some(parent)) => (&self.first_child, parent),
            (None, None) => return None,
        };
        table.get(key as usize).copied().flatten()
    }

    /// Remembers what opened where [`Guesses::guess`] was asked (the root
    /// has no place to be remembered in).
    pub fn remember(&mut self, parent: Option<u32>, previous: Option<u32>, opened: T) {
        let (table, key) = match (previous, parent) {
            (Some(sibling), _) => (&mut self.after, sibling),
            (None, Some(parent)) => (&mut self.first_child, parent),
            (None, None) => return,
        };
        let at = key as usize;
        if table.len() <= at {
            table.resize(at + 1, None);
        }
        table[at] = Some(opened);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_what_came_last_time_in_the_same_place() {
        let mut guesses = Guesses::default();
        assert_eq!(guesses.guess(Some(2), None), None);
        guesses.remember(Some(2), None, 'a');
        guesses.remember(Some(2), Some(7), 'b');
        guesses.remember(Some(7), None, 'c');
        assert_eq!(guesses.guess(Some(2), None), Some('a'));
        assert_eq!(guesses.guess(Some(2), Some(7)), Some('b'));
        // After a sibling, the parent does not matter: a sibling's number
        // already tells its parent.
        assert_eq!(guesses.guess(Some(9), Some(7)), Some('b'));
        assert_eq!(guesses.guess(Some(7), None), Some('c'));
        assert_eq!(guesses.guess(Some(7), Some(8)), None);
        // The last time is what counts.
        guesses.remember(Some(2), None, 'd');
        assert_eq!(guesses.guess(Some(2), None), Some('d'));
        // The root has no place to be remembered in.
        guesses.remember(None, None, 'e');
        assert_eq!(guesses.guess(None, None), None);
    }
}
