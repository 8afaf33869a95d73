//! Content models of element-only (`children`) declarations, kept in the
//! shape libxml2 builds them: a binary tree where `(a, b, c)` is
//! `SEQ(a, SEQ(b, c))`, with libxml2's occurrence normalisations.
//!
//! Keeping libxml2's shape is what lets error messages print the model
//! exactly as `xmllint` does ("expecting (Credential+ , UserAgent)").

use crate::names::Interner;

/// How often a particle may occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Occur {
    Once,
    Opt,
    Mult,
    Plus,
}

impl Occur {
    /// True for `?` and `*`: the particle may be absent.
    pub(crate) fn optional(self) -> bool {
        matches!(self, Occur::Opt | Occur::Mult)
    }

    /// True for `*` and `+`: the particle may repeat.
    pub(crate) fn repeats(self) -> bool {
        matches!(self, Occur::Mult | Occur::Plus)
    }

    pub(crate) fn from_byte(b: u8) -> Option<Occur> {
        match b {
            b'?' => Some(Occur::Opt),
            b'*' => Some(Occur::Mult),
            b'+' => Some(Occur::Plus),
            _ => None,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Occur::Once => "",
            Occur::Opt => "?",
            Occur::Mult => "*",
            Occur::Plus => "+",
        }
    }
}

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An element name (interned id).
    Element(u32),
    /// `c1 , c2`
    Seq,
    /// `c1 | c2`
    Or,
}

/// One node of the tree; `c1`/`c2` index [`Model::nodes`] for `Seq`/`Or`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) occur: Occur,
    pub(crate) c1: usize,
    pub(crate) c2: usize,
}

/// A content model tree in an arena.
#[derive(Debug, Clone, Default)]
pub(crate) struct Model {
    pub(crate) nodes: Vec<Node>,
}

/// libxml2 formats messages into 5,000-byte buffers and elides with " ...".
const BUF: usize = 5000;

impl Model {
    /// A new node; operators get their children set by the parser.
    pub(crate) fn push(&mut self, kind: Kind, occur: Occur) -> usize {
        self.nodes.push(Node {
            kind,
            occur,
            c1: 0,
            c2: 0,
        });
        self.nodes.len() - 1
    }

    /// Applies the occurrence indicator written after a group's `)`, with
    /// libxml2's normalisations: `(a | b*)*` becomes `(a | b)*` (walking the
    /// `|` chain from the group's top), and `(a | b?)+` becomes `(a | b)*`
    /// (walking from `last_op`, the last operator built, as libxml2 does).
    pub(crate) fn apply_group_occur(&mut self, ret: usize, last_op: usize, occur: Occur) {
        match occur {
            Occur::Once => {}
            Occur::Opt => {
                self.nodes[ret].occur = if self.nodes[ret].occur.repeats() {
                    Occur::Mult
                } else {
                    Occur::Opt
                };
            }
            Occur::Mult => {
                self.nodes[ret].occur = Occur::Mult;
                self.strip_or_chain(ret);
            }
            Occur::Plus => {
                let was_optional = self.nodes[ret].occur.optional();
                let found = self.strip_or_chain(last_op);
                self.nodes[ret].occur = if was_optional || found {
                    Occur::Mult
                } else {
                    Occur::Plus
                };
            }
        }
    }

    /// Clears `?`/`*` on the members of a `|` chain; true if any was cleared.
    fn strip_or_chain(&mut self, mut cur: usize) -> bool {
        let mut found = false;
        while self.nodes[cur].kind == Kind::Or {
            let Node { c1, c2, .. } = self.nodes[cur];
            for child in [c1, c2] {
                if self.nodes[child].occur.optional() {
                    self.nodes[child].occur = Occur::Once;
                    found = true;
                }
            }
            cur = c2;
        }
        found
    }

    /// The model as libxml2 prints it (`xmlSnprintfElementContent` with
    /// `englob` set), including its elision of very long models.
    pub(crate) fn display(&self, root: usize, names: &Interner) -> String {
        let mut buf = String::new();
        self.print(&mut buf, root, true, names);
        buf
    }

    fn print(&self, buf: &mut String, at: usize, englob: bool, names: &Interner) {
        let len = buf.len();
        if BUF.saturating_sub(len) < 50 {
            elide(buf);
            return;
        }
        if englob {
            buf.push('(');
        }
        let node = self.nodes[at];
        match node.kind {
            Kind::Element(id) => {
                let name = names.name(id);
                if BUF.saturating_sub(len) < name.len() + 10 {
                    buf.push_str(" ...");
                    return;
                }
                buf.push_str(name);
            }
            Kind::Seq | Kind::Or => {
                let first = self.nodes[node.c1];
                self.print(buf, node.c1, is_op(first), names);
                if BUF.saturating_sub(buf.len()) < 50 {
                    elide(buf);
                    return;
                }
                let (sep, other) = match node.kind {
                    Kind::Seq => (" , ", Kind::Or),
                    _ => (" | ", Kind::Seq),
                };
                buf.push_str(sep);
                let second = self.nodes[node.c2];
                let glob = (second.kind == other || second.occur != Occur::Once) && is_op(second);
                self.print(buf, node.c2, glob, names);
            }
        }
        if BUF.saturating_sub(buf.len()) <= 2 {
            return;
        }
        if englob {
            buf.push(')');
        }
        buf.push_str(node.occur.suffix());
    }
}

fn is_op(node: Node) -> bool {
    matches!(node.kind, Kind::Seq | Kind::Or)
}

/// libxml2's truncation mark: " ..." unless the buffer already ends in '.'.
pub(crate) fn elide(buf: &mut String) {
    if BUF.saturating_sub(buf.len()) > 4 && !buf.ends_with('.') {
        buf.push_str(" ...");
    }
}

/// The byte budget libxml2 gives these messages.
pub(crate) const MESSAGE_BUDGET: usize = BUF;
