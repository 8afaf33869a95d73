//! The compiled DTD: element names interned to ids, each element's content
//! rule (with its automaton) and attribute list, general entities and
//! notations. Built once by the parser, then only read.

use crate::attr::AttrList;
use crate::automaton::Dfa;
use crate::names::{FxHashMap, Interner};

/// What an element may contain.
#[derive(Debug, Clone)]
pub(crate) enum Content {
    Empty,
    Any,
    /// `(#PCDATA | a | b)*`: text and these elements (sorted ids) in any
    /// order; an empty list is `(#PCDATA)`.
    Mixed(Box<[u32]>),
    /// Element-only content.
    Children {
        /// The model as libxml2 prints it, for messages.
        model: Box<str>,
        /// `None` when the model is not deterministic.
        dfa: Option<Dfa>,
    },
}

/// Everything declared about one element name.
#[derive(Debug, Clone, Default)]
pub(crate) struct ElementInfo {
    /// `None` when the name has no `<!ELEMENT>` declaration (it may still
    /// appear in content models or have an attribute list).
    pub(crate) content: Option<Content>,
    pub(crate) attrs: AttrList,
}

/// A general entity: only recorded (documents may not use it), except that
/// `ENTITY` attributes must name an unparsed one and attribute defaults in
/// the DTD may reference internal ones.
#[derive(Debug, Clone)]
pub(crate) struct GeneralEntity {
    /// The replacement text of an internal entity.
    pub(crate) value: Option<String>,
    /// True for an external entity with `NDATA`.
    pub(crate) unparsed: bool,
}

/// The compiled DTD.
#[derive(Debug, Default)]
pub(crate) struct Schema {
    pub(crate) names: Interner,
    /// Indexed by name id.
    pub(crate) elements: Vec<ElementInfo>,
    pub(crate) entities: FxHashMap<String, GeneralEntity>,
    pub(crate) notations: FxHashMap<String, ()>,
}

impl Schema {
    /// The id of an element name, adding an empty entry if new.
    pub(crate) fn element_id(&mut self, name: &str) -> u32 {
        let id = self.names.intern(name);
        if self.elements.len() < self.names.len() {
            self.elements
                .resize_with(self.names.len(), ElementInfo::default);
        }
        id
    }

    /// The entry for a name id.
    #[inline]
    pub(crate) fn element(&self, id: u32) -> Option<&ElementInfo> {
        self.elements.get(id as usize)
    }

    /// The largest attribute list, to size per-validation scratch space.
    pub(crate) fn max_attrs(&self) -> usize {
        self.elements
            .iter()
            .map(|e| e.attrs.decls.len())
            .max()
            .unwrap_or(0)
    }

    /// Number of elements with an `<!ELEMENT>` declaration.
    pub(crate) fn declared_elements(&self) -> usize {
        self.elements.iter().filter(|e| e.content.is_some()).count()
    }
}
