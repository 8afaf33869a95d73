//! Element names during validation: ids for names the DTD does not know,
//! the path of an open element, and names as libxml2 words them.

use quick_xml::events::BytesStart;

use super::walker::{Walker, Wf, wf};
use crate::names::is_name;

impl Walker<'_, '_> {
    /// The id of an element name: the DTD's, or a local one for names it
    /// does not know (checked for XML name syntax first).
    pub(super) fn element_id(&mut self, name: &[u8], at: usize) -> Result<u32, Wf> {
        if let Some(id) = self.schema.names.get(name) {
            return Ok(id);
        }
        let known = self.schema.names.len();
        let local = match self.local.get(name) {
            Some(id) => id,
            None => match std::str::from_utf8(name) {
                Ok(s) if is_name(s) => self.local.intern(s),
                _ => {
                    let shown = String::from_utf8_lossy(name);
                    return Err(wf(at + 1, &format!("invalid element name '{shown}'")));
                }
            },
        };
        Ok(u32::try_from(known)
            .unwrap_or(u32::MAX)
            .saturating_add(local))
    }

    /// The name behind an element id.
    pub(super) fn name_of(&self, id: u32) -> &str {
        let known = u32::try_from(self.schema.names.len()).unwrap_or(u32::MAX);
        if id < known {
            self.schema.names.name(id)
        } else {
            self.local.name(id - known)
        }
    }

    /// A name as libxml2 words it in messages: the local part when its
    /// prefix is bound (`xml`, or declared by the element at `depth` or an
    /// ancestor), the name as written otherwise.
    pub(super) fn display_name<'n>(&self, name: &'n str, depth: usize) -> &'n str {
        match name.split_once(':') {
            Some((prefix, local))
                if prefix == "xml"
                    || self
                        .prefixes
                        .iter()
                        .any(|(p, d)| *d <= depth && **p == *prefix) =>
            {
                local
            }
            _ => name,
        }
    }

    /// Registers the `xmlns:p` declarations of a start tag about to be
    /// opened at stack index `depth` (malformed attributes are left for the
    /// main attribute pass to report).
    pub(super) fn declare_prefixes(&mut self, e: &BytesStart<'_>, depth: usize) {
        // Without quick-xml's repeat check (quadratic), and no further
        // than the main pass, which refuses a tag with more.
        let mut attributes = e.attributes();
        attributes.with_checks(false);
        for attr in attributes.take(self.limits.max_attributes).flatten() {
            if let Some(prefix) = attr.key.into_inner().strip_prefix(b"xmlns:")
                && let Ok(prefix) = std::str::from_utf8(prefix)
            {
                self.prefixes.push((prefix.into(), depth));
            }
        }
    }

    /// `/a/b/c` for the open elements up to `depth` (an index in the stack).
    pub(super) fn path(&self, depth: usize) -> String {
        let mut path = String::new();
        for frame in &self.stack[..=depth] {
            path.push('/');
            path.push_str(self.name_of(frame.name));
        }
        path
    }
}
