//! Content rules for the open elements: each frame carries its element's
//! rule and, for element-only content, the automaton state; children and
//! text advance it as they stream past, and the verdict is given when the
//! element closes.
//!
//! For the message libxml2 prints on failure ("got (Credential )") the
//! children of open element-content elements are logged as compact marks in
//! one shared buffer, truncated as each element closes.

use super::report::Phase;
use super::walker::Walker;
use crate::automaton::{DEAD, Dfa};
use crate::model::{MESSAGE_BUDGET, elide};
use crate::schema::Content;

/// What an open element may contain.
#[derive(Debug, Clone, Copy)]
pub(super) enum Rule<'d> {
    /// No `<!ELEMENT>` declaration (reported when opened).
    Undeclared,
    Empty,
    Any,
    Mixed(&'d [u32]),
    /// Element-only content: automaton and printed model.
    Children(&'d Dfa, &'d str),
    /// A non-deterministic model (reported, not checked, as by libxml2).
    Ambiguous,
}

/// One open element.
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame<'d> {
    pub(super) name: u32,
    /// Start order, for sorting errors as libxml2 does.
    pub(super) seq: u32,
    /// Offset of the end of the start tag, where errors are reported.
    pub(super) tag_end: usize,
    pub(super) rule: Rule<'d>,
    /// Automaton state for `Children`.
    state: u32,
    /// Where this element's children start in the shared log.
    log_start: usize,
    /// `Empty`: content was seen. `Mixed`: a misplaced child was reported.
    /// `Children`: whitespace in a standalone document was reported.
    flagged: bool,
}

/// One child node of an element-content element, as libxml2 lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Element(u32),
    /// Non-blank text or a CDATA section, printed as `CDATA`.
    Text,
    /// Blank text, a comment or a PI: printed as nothing, but it makes the
    /// previous child print with a trailing space.
    Other,
}

impl<'d> Walker<'d, '_> {
    /// Pushes the frame of a newly opened element.
    pub(super) fn open_element(&mut self, id: u32, tag_end: usize) {
        let content = self.schema.element(id).and_then(|e| e.content.as_ref());
        let (rule, ambiguous) = match content {
            None => (Rule::Undeclared, None),
            Some(Content::Empty) => (Rule::Empty, None),
            Some(Content::Any) => (Rule::Any, None),
            Some(Content::Mixed(allowed)) => (Rule::Mixed(allowed), None),
            Some(Content::Children {
                model,
                dfa: Some(dfa),
            }) => (Rule::Children(dfa, model), None),
            Some(Content::Children { model, dfa: None }) => (Rule::Ambiguous, Some(&**model)),
        };
        self.stack.push(Frame {
            name: id,
            seq: self.seq,
            tag_end,
            rule,
            state: Dfa::START,
            log_start: self.log.len(),
            flagged: false,
        });
        self.seq = self.seq.saturating_add(1);
        let depth = self.stack.len() - 1;
        if matches!(rule, Rule::Undeclared) {
            self.error_at(depth, Phase::Content, None, |_, n| {
                format!("No declaration for element {n}")
            });
        } else if let Some(model) = ambiguous
            && !self.ambiguous_reported.contains(&id)
        {
            self.ambiguous_reported.push(id);
            self.error_at(depth, Phase::Content, None, |w, _| {
                let n = decl_name(w.name_of(id));
                format!("Content model of {n} is not determinist: {model}")
            });
        }
    }

    /// The parent's side of a child element opening.
    pub(super) fn child_element(&mut self, id: u32) {
        let Some(depth) = self.stack.len().checked_sub(1) else {
            return;
        };
        let parent = &mut self.stack[depth];
        match parent.rule {
            Rule::Empty => parent.flagged = true,
            Rule::Children(dfa, _) => {
                if parent.state != DEAD {
                    parent.state = dfa.step(parent.state, id);
                }
                self.log.push(Mark::Element(id));
            }
            Rule::Mixed([]) => {
                if !parent.flagged {
                    parent.flagged = true;
                    self.error_at(depth, Phase::Content, None, |_, n| {
                        format!("Element {n} was declared #PCDATA but contains non text nodes")
                    });
                }
            }
            Rule::Mixed(allowed) => {
                if allowed.binary_search(&id).is_err() {
                    self.error_at(depth, Phase::Content, None, |w, n| {
                        let child = w.display_name(w.name_of(id), depth + 1);
                        format!("Element {child} is not declared in {n} list of possible children")
                    });
                }
            }
            Rule::Undeclared | Rule::Any | Rule::Ambiguous => {}
        }
    }

    /// A piece of text (or a reference) in the current element; `blank`
    /// is evaluated only where whitespace matters.
    pub(super) fn child_text(&mut self, blank: impl FnOnce() -> bool) {
        let continues = self.text_run;
        let standalone = self.standalone;
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        let mut standalone_error = false;
        let mark = match frame.rule {
            Rule::Empty => {
                frame.flagged = true;
                return;
            }
            Rule::Children(..) if blank() => {
                // In a standalone document, whitespace in element-only
                // content declared outside the document changes what a
                // non-validating reader sees: libxml2 reports it once per
                // element.
                standalone_error = standalone && !frame.flagged;
                frame.flagged |= standalone;
                Mark::Other
            }
            Rule::Children(..) => {
                frame.state = DEAD;
                Mark::Text
            }
            _ => return,
        };
        if standalone_error {
            let depth = self.stack.len() - 1;
            self.error_at(depth, Phase::Content, None, |_, n| {
                format!(
                    "standalone: {n} declared in the external subset contains white spaces nodes"
                )
            });
        }
        if !continues {
            self.push_mark(mark);
        } else if mark == Mark::Text
            && let Some(last) = self.log.last_mut()
        {
            // Same text node as the previous piece, which may have been
            // blank: the node as a whole is not.
            *last = Mark::Text;
        }
    }

    /// A CDATA section: never allowed in element content, even if blank.
    pub(super) fn child_cdata(&mut self) {
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        match frame.rule {
            Rule::Empty => frame.flagged = true,
            Rule::Children(..) => {
                frame.state = DEAD;
                self.push_mark(Mark::Text);
            }
            _ => {}
        }
    }

    /// A comment or processing instruction.
    pub(super) fn child_other(&mut self) {
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        match frame.rule {
            Rule::Empty => frame.flagged = true,
            Rule::Children(..) => self.push_mark(Mark::Other),
            _ => {}
        }
    }

    /// Logs a child; runs of `Other` collapse (they print the same).
    fn push_mark(&mut self, mark: Mark) {
        let start = self.stack.last().map_or(0, |f| f.log_start);
        if mark == Mark::Other && self.log.len() > start && self.log.last() == Some(&Mark::Other) {
            return;
        }
        self.log.push(mark);
    }

    /// Closes the current element, giving the verdict on its content.
    pub(super) fn end_element(&mut self) {
        let Some(depth) = self.stack.len().checked_sub(1) else {
            return;
        };
        let frame = self.stack[depth];
        match frame.rule {
            Rule::Empty if frame.flagged => {
                self.error_at(depth, Phase::Content, None, |_, n| {
                    format!("Element {n} was declared EMPTY this one has content")
                });
            }
            Rule::Children(dfa, model) => {
                if frame.state == DEAD || !dfa.accepts(frame.state) {
                    self.error_at(depth, Phase::Content, Some(model), |w, _| {
                        let got = w.format_children(&w.log[frame.log_start..]);
                        let n = decl_name(w.name_of(frame.name));
                        format!("Element {n} content does not follow the DTD, expecting {model}, got {got}")
                    });
                }
                self.log.truncate(frame.log_start);
            }
            _ => {}
        }
        self.stack.pop();
        self.previous_sibling = Some(frame.name);
        while self.prefixes.last().is_some_and(|p| p.1 >= depth) {
            self.prefixes.pop();
        }
    }

    /// The children list as libxml2 prints it (`xmlSnprintfElements`):
    /// `(a b CDATA )`, empty for no children, elided past its budget.
    fn format_children(&self, log: &[Mark]) -> String {
        let mut buf = String::new();
        if log.is_empty() {
            return buf;
        }
        buf.push('(');
        for (i, mark) in log.iter().enumerate() {
            let room = MESSAGE_BUDGET.saturating_sub(buf.len());
            if room < 50 {
                elide(&mut buf);
                return buf;
            }
            let word = match mark {
                Mark::Element(id) => self.name_of(*id),
                Mark::Text => "CDATA",
                Mark::Other => continue,
            };
            if room < word.len() + 10 {
                elide(&mut buf);
                return buf;
            }
            buf.push_str(word);
            if i + 1 < log.len() {
                buf.push(' ');
            }
        }
        buf.push(')');
        buf
    }
}

/// The name libxml2 gives an element declaration: the local part of the
/// declared name (content-model messages use it, not the element's name).
fn decl_name(name: &str) -> &str {
    name.split_once(':').map_or(name, |(_, local)| local)
}
