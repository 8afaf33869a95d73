//! Content models compiled to deterministic automata (Glushkov construction).
//!
//! Each element name occurring in a model is a *position*; the automaton has
//! a start state plus one state per position, and a transition from `p` to
//! `q` on `q`'s name when `q` can follow `p`. The XML rule that content
//! models be deterministic ("1-unambiguous") is exactly the rule that no
//! state has two transitions on the same name, so a deterministic model
//! yields a DFA directly and checking a child sequence is one table step per
//! child. A model that breaks the rule is reported as libxml2 does ("Content
//! model of X is not determinist") instead of being checked.

use crate::model::{Kind, Model};

/// No transition: the child sequence can no longer match.
pub(crate) const DEAD: u32 = u32::MAX;

/// A compiled content model.
#[derive(Debug, Clone)]
pub(crate) struct Dfa {
    states: Vec<State>,
    /// `(name id, next state)`, sorted by name within each state's range.
    trans: Vec<(u32, u32)>,
}

#[derive(Debug, Clone, Copy)]
struct State {
    start: u32,
    end: u32,
    accepting: bool,
}

impl Dfa {
    pub(crate) const START: u32 = 0;

    /// The state after reading element `name` in `state` ([`DEAD`] if none).
    #[inline]
    pub(crate) fn step(&self, state: u32, name: u32) -> u32 {
        let Some(row) = self.states.get(state as usize) else {
            return DEAD;
        };
        let trans = &self.trans[row.start as usize..row.end as usize];
        if trans.len() <= 8 {
            trans.iter().find(|t| t.0 == name).map_or(DEAD, |t| t.1)
        } else {
            trans
                .binary_search_by_key(&name, |t| t.0)
                .map_or(DEAD, |i| trans[i].1)
        }
    }

    /// True if the children read so far form a complete match.
    #[inline]
    pub(crate) fn accepts(&self, state: u32) -> bool {
        self.states.get(state as usize).is_some_and(|s| s.accepting)
    }
}

/// `nullable`, `first` and `last` of a sub-expression.
struct Info {
    nullable: bool,
    first: Vec<u32>,
    last: Vec<u32>,
}

/// Positions and their follow sets while building.
#[derive(Default)]
struct Builder {
    names: Vec<u32>,
    follow: Vec<Vec<u32>>,
}

impl Builder {
    fn link(&mut self, from: &[u32], to: &[u32]) {
        for &p in from {
            self.follow[p as usize].extend_from_slice(to);
        }
    }

    fn info(&mut self, model: &Model, at: usize) -> Info {
        let node = model.nodes[at];
        let mut info = match node.kind {
            Kind::Element(name) => {
                let pos = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
                self.names.push(name);
                self.follow.push(Vec::new());
                Info {
                    nullable: false,
                    first: vec![pos],
                    last: vec![pos],
                }
            }
            Kind::Seq => {
                let items = chain(model, at);
                let mut acc = self.info(model, items[0]);
                for &item in &items[1..] {
                    let next = self.info(model, item);
                    self.link(&acc.last, &next.first);
                    if acc.nullable {
                        acc.first.extend_from_slice(&next.first);
                    }
                    if next.nullable {
                        acc.last.extend_from_slice(&next.last);
                    } else {
                        acc.last = next.last;
                    }
                    acc.nullable &= next.nullable;
                }
                acc
            }
            Kind::Or => {
                let items = chain(model, at);
                let mut acc = self.info(model, items[0]);
                for &item in &items[1..] {
                    let next = self.info(model, item);
                    acc.first.extend_from_slice(&next.first);
                    acc.last.extend_from_slice(&next.last);
                    acc.nullable |= next.nullable;
                }
                acc
            }
        };
        if node.occur.repeats() {
            self.link(&info.last, &info.first);
        }
        if node.occur.optional() {
            info.nullable = true;
        }
        info
    }
}

/// The operands of a right-nested chain of one operator: libxml2 stores
/// `(a, b, c)` as `SEQ(a, SEQ(b, c))`; walking the chain iteratively keeps
/// recursion as deep as the group nesting, not as long as the sequence.
fn chain(model: &Model, at: usize) -> Vec<usize> {
    let kind = model.nodes[at].kind;
    let mut items = Vec::new();
    let mut cur = at;
    loop {
        let node = model.nodes[cur];
        items.push(node.c1);
        let next = model.nodes[node.c2];
        if next.kind == kind && next.occur == crate::model::Occur::Once {
            cur = node.c2;
        } else {
            items.push(node.c2);
            return items;
        }
    }
}

/// Compiles the model rooted at `root`; `None` if it is not deterministic.
pub(crate) fn compile(model: &Model, root: usize) -> Option<Dfa> {
    let mut b = Builder::default();
    let info = b.info(model, root);
    let mut dfa = Dfa {
        states: Vec::with_capacity(b.names.len() + 1),
        trans: Vec::new(),
    };
    let mut last = vec![false; b.names.len()];
    for &p in &info.last {
        last[p as usize] = true;
    }
    add_state(&mut dfa, &b.names, info.first, info.nullable)?;
    for (p, follow) in std::mem::take(&mut b.follow).into_iter().enumerate() {
        add_state(&mut dfa, &b.names, follow, last[p])?;
    }
    Some(dfa)
}

/// Appends one state whose successors are the positions in `targets`.
fn add_state(dfa: &mut Dfa, names: &[u32], mut targets: Vec<u32>, accepting: bool) -> Option<()> {
    targets.sort_unstable();
    targets.dedup();
    let start = dfa.trans.len();
    dfa.trans
        .extend(targets.iter().map(|&q| (names[q as usize], q + 1)));
    let row = &mut dfa.trans[start..];
    row.sort_unstable();
    if row.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }
    dfa.states.push(State {
        start: u32::try_from(start).ok()?,
        end: u32::try_from(dfa.trans.len()).ok()?,
        accepting,
    });
    Some(())
}

#[cfg(test)]
mod tests;
