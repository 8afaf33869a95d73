//! Element and attribute names, shared: a document of 50,000 elements has
//! a few hundred distinct names, so each is allocated once and every
//! element holds a reference to it.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// A name as written in the document (`ItemOut`, `xml:lang`).
#[derive(Clone, Eq, PartialOrd, Ord)]
pub struct Name(Arc<str>);

/// Hashed as bytes, so that a name read from a document can be looked up
/// before it is checked to be UTF-8 (see [`Names::get`]).
impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.as_bytes().hash(state);
    }
}

impl PartialEq for Name {
    /// Names of one document are shared, so equal names are mostly the
    /// same allocation; the text is compared only when they are not.
    fn eq(&self, other: &Name) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl Name {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<[u8]> for Name {
    fn borrow(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Name {
    fn from(name: &str) -> Self {
        Name(Arc::from(name))
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == &*other.0
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The names met while reading one document, numbered in the order met.
pub(crate) struct Names {
    /// Hashed with the DTD validator's hasher: names are short, and a
    /// keyed hash costs more than the lookup it serves.
    seen: HashMap<Name, u32, BuildHasherDefault<dtd::FxHasher>>,
    list: Vec<Name>,
}

/// Room for the names a cXML document commonly holds (a setup request
/// has about forty), so a small one never grows the table.
const FIRST_ROOM: usize = 64;

impl Default for Names {
    fn default() -> Self {
        Names {
            seen: HashMap::with_capacity_and_hasher(FIRST_ROOM, Default::default()),
            list: Vec::with_capacity(FIRST_ROOM),
        }
    }
}

impl Names {
    /// The number and the shared name for these bytes: checked to be
    /// UTF-8 only the first time they are met (the reader has checked the
    /// whole text already; a stray invalid byte reads as U+FFFD).
    pub(crate) fn get(&mut self, name: &[u8]) -> (u32, &Name) {
        if let Some(&id) = self.seen.get(name) {
            return (id, &self.list[id as usize]);
        }
        let made = Name::from(&*String::from_utf8_lossy(name));
        let id = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
        self.seen.insert(made.clone(), id);
        self.list.push(made);
        (id, &self.list[self.list.len() - 1])
    }

    /// The number for these bytes when it is `guess`; otherwise as
    /// [`Names::get`] gives it.
    pub(crate) fn get_guessed(&mut self, name: &[u8], guess: Option<u32>) -> u32 {
        match guess {
            Some(id)
                if self
                    .list
                    .get(id as usize)
                    .is_some_and(|n| n.as_bytes() == name) =>
            {
                id
            }
            _ => self.get(name).0,
        }
    }

    /// The name numbered `id`, or an empty name for a number never given.
    pub(crate) fn name(&self, id: u32) -> &str {
        self.list.get(id as usize).map_or("", Name::as_str)
    }

    /// Every name, by number.
    pub(crate) fn into_list(self) -> Vec<Name> {
        self.list
    }
}
