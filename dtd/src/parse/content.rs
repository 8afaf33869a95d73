//! `<!ELEMENT>` declarations: EMPTY, ANY, mixed content and element-only
//! content models, the latter built in libxml2's tree shape (see
//! [`crate::model`]) and compiled to an automaton right away.

use super::Parser;
use super::source::Res;
use crate::automaton;
use crate::model::{Kind, Model, Occur};
use crate::schema::Content;

/// Group nesting bound (libxml2 uses 128 as well).
const MAX_NESTING: usize = 128;

impl Parser<'_> {
    /// `<!ELEMENT name contentspec >`
    pub(super) fn element_decl(&mut self) -> Res<()> {
        self.src.bump("<!ELEMENT".len());
        self.src.skip_ws()?;
        let name = self.src.read_name()?;
        let id = self.schema.element_id(&name);
        self.src.skip_ws()?;
        let content = if self.src.peek() == Some(b'(') {
            self.src.bump(1);
            self.src.skip_ws()?;
            if self.src.starts_with("#PCDATA") {
                self.mixed()?
            } else {
                self.children()?
            }
        } else {
            match self.src.read_name()?.as_str() {
                "EMPTY" => Content::Empty,
                "ANY" => Content::Any,
                other => {
                    return Err(self.src.error(format!(
                        "expected EMPTY, ANY or '(' in the declaration of {name}, found {other}"
                    )));
                }
            }
        };
        self.src.expect(b'>', "to close <!ELEMENT>")?;
        let slot = &mut self.schema.elements[id as usize].content;
        if slot.is_some() {
            return Err(self
                .src
                .error(format!("element {name} is declared more than once")));
        }
        *slot = Some(content);
        Ok(())
    }

    /// `(#PCDATA)`, `(#PCDATA)*` or `(#PCDATA | a | b)*`, after the `(`.
    fn mixed(&mut self) -> Res<Content> {
        self.src.bump("#PCDATA".len());
        let mut names = Vec::new();
        loop {
            self.src.skip_ws()?;
            match self.src.peek() {
                Some(b')') => {
                    self.src.bump(1);
                    break;
                }
                Some(b'|') => {
                    self.src.bump(1);
                    self.src.skip_ws()?;
                    let name = self.src.read_name()?;
                    names.push(self.schema.element_id(&name));
                }
                _ => {
                    let found = self.src.found();
                    return Err(self.src.error(format!(
                        "expected '|' or ')' in mixed content, found {found}"
                    )));
                }
            }
        }
        if self.src.peek() == Some(b'*') {
            self.src.bump(1);
        } else if !names.is_empty() {
            return Err(self
                .src
                .error("mixed content with elements must end with ')*'".to_owned()));
        }
        names.sort_unstable();
        names.dedup();
        Ok(Content::Mixed(names.into()))
    }

    /// An element-only model, after the opening `(`.
    fn children(&mut self) -> Res<Content> {
        let mut model = Model::default();
        let root = self.group(&mut model, 1)?;
        let text = model.display(root, &self.schema.names);
        let dfa = automaton::compile(&model, root);
        Ok(Content::Children {
            model: text.into(),
            dfa,
        })
    }

    /// A parenthesised group after its `(`, built as libxml2 does:
    /// right-nested operators, then the group's occurrence indicator.
    fn group(&mut self, model: &mut Model, depth: usize) -> Res<usize> {
        if depth > MAX_NESTING {
            return Err(self.src.error("content model nests too deeply".to_owned()));
        }
        let first = self.item(model, depth)?;
        let (mut ret, mut cur) = (first, first);
        let mut last: Option<usize> = None;
        let mut separator: Option<u8> = None;
        loop {
            self.src.skip_ws()?;
            let sep = match self.src.peek() {
                Some(b')') => break,
                Some(c @ (b',' | b'|')) => c,
                _ => {
                    let found = self.src.found();
                    return Err(self.src.error(format!(
                        "expected ',', '|' or ')' in a content model, found {found}"
                    )));
                }
            };
            if separator.is_some_and(|s| s != sep) {
                return Err(self.src.error("',' and '|' mixed in one group".to_owned()));
            }
            separator = Some(sep);
            self.src.bump(1);
            let op = model.push(if sep == b',' { Kind::Seq } else { Kind::Or }, Occur::Once);
            match last.take() {
                None => {
                    model.nodes[op].c1 = ret;
                    ret = op;
                }
                Some(prev) => {
                    model.nodes[cur].c2 = op;
                    model.nodes[op].c1 = prev;
                }
            }
            cur = op;
            self.src.skip_ws()?;
            last = Some(self.item(model, depth)?);
        }
        if let Some(prev) = last {
            model.nodes[cur].c2 = prev;
        }
        self.src.bump(1);
        if let Some(occur) = self.src.peek().and_then(Occur::from_byte) {
            self.src.bump(1);
            model.apply_group_occur(ret, cur, occur);
        }
        Ok(ret)
    }

    /// One particle: a name with its occurrence, or a nested group.
    fn item(&mut self, model: &mut Model, depth: usize) -> Res<usize> {
        if self.src.peek() == Some(b'(') {
            self.src.bump(1);
            self.src.skip_ws()?;
            return self.group(model, depth + 1);
        }
        if self.src.starts_with("#PCDATA") {
            return Err(self
                .src
                .error("#PCDATA may only open a mixed content model".to_owned()));
        }
        let name = self.src.read_name()?;
        let id = self.schema.element_id(&name);
        let occur = match self.src.peek().and_then(Occur::from_byte) {
            Some(o) => {
                self.src.bump(1);
                o
            }
            None => Occur::Once,
        };
        Ok(model.push(Kind::Element(id), occur))
    }
}
