//! Content-model automata, built through the DTD parser so the models are
//! exactly what a DTD would produce.

use crate::automaton::{DEAD, Dfa};
use crate::parse::parse;
use crate::schema::{Content, Schema};

/// Compiles `<!ELEMENT r MODEL>` and returns the schema.
fn schema(model: &str) -> Schema {
    parse(&format!("<!ELEMENT r {model}>")).expect("model parses")
}

fn children(schema: &Schema) -> (&str, Option<&Dfa>) {
    let id = schema.names.get(b"r").expect("r interned");
    match schema.element(id).and_then(|e| e.content.as_ref()) {
        Some(Content::Children { model, dfa }) => (model, dfa.as_ref()),
        other => panic!("not an element-content model: {other:?}"),
    }
}

/// Runs a child sequence through the automaton.
fn accepts(schema: &Schema, seq: &str) -> bool {
    let dfa = children(schema).1.expect("deterministic");
    let mut state = Dfa::START;
    for name in seq.split_whitespace() {
        let Some(id) = schema.names.get(name.as_bytes()) else {
            return false;
        };
        state = dfa.step(state, id);
        if state == DEAD {
            return false;
        }
    }
    dfa.accepts(state)
}

fn check(model: &str, good: &[&str], bad: &[&str]) {
    let s = schema(model);
    for seq in good {
        assert!(accepts(&s, seq), "{model} should accept [{seq}]");
    }
    for seq in bad {
        assert!(!accepts(&s, seq), "{model} should reject [{seq}]");
    }
}

#[test]
fn sequences() {
    check(
        "(a, b, c)",
        &["a b c"],
        &["", "a b", "a c b", "a b c c", "x"],
    );
    check(
        "(a, b?, c*)",
        &["a", "a b", "a c c", "a b c"],
        &["", "b", "a c b", "a b b"],
    );
    check("(a+, b)", &["a b", "a a a b"], &["b", "a", "a b b"]);
}

#[test]
fn choices() {
    check("(a | b | c)", &["a", "b", "c"], &["", "a b", "d"]);
    check("(a | b)*", &["", "a", "b a b b"], &["c", "a c"]);
    check(
        "(a | (b, c))+",
        &["a", "b c", "a b c a"],
        &["b", "c", "a b"],
    );
}

#[test]
fn nested_repetition() {
    check(
        "((a, b?)+, c)",
        &["a c", "a b c", "a a b a c"],
        &["c", "a b b c", "a b"],
    );
    check(
        "((a, b)*, (c | d)?)",
        &["", "a b", "a b a b d", "c"],
        &["a", "c d", "b a"],
    );
    check("(((a)))", &["a"], &["", "a a"]);
    check("((a?)+)", &["", "a", "a a"], &["b"]);
}

#[test]
fn long_sequences_do_not_recurse_per_item() {
    let names: Vec<String> = (0..3000).map(|i| format!("e{i}")).collect();
    let s = schema(&format!("({})", names.join(", ")));
    assert!(accepts(&s, &names.join(" ")));
    assert!(!accepts(&s, &names[1..].join(" ")));
}

#[test]
fn models_print_as_libxml2_prints_them() {
    let cases = [
        ("(Credential+, UserAgent)", "(Credential+ , UserAgent)"),
        ("(PCard)", "(PCard)"),
        ("((P1))", "(P1)"),
        ("(P1)*", "(P1)*"),
        ("(a, (b, c))", "(a , b , c)"),
        ("((a|b), (a , b))", "((a | b) , a , b)"),
        ("((P1 , P2)+ | P2?)", "((P1 , P2)+ | P2?)"),
        ("(P1+)?", "(P1)*"),
        ("(P1 | P2*)+", "(P1 | P2)*"),
        ("(P1* | P2 | P3)+", "(P1* | P2 | P3)+"),
        ("(P1? | P2 | P3*)*", "(P1 | P2 | P3)*"),
        ("((P1 | P2?) | P3)+", "((P1 | P2?) | P3)+"),
    ];
    for (model, printed) in cases {
        assert_eq!(children(&schema(model)).0, printed, "{model}");
    }
}

#[test]
fn non_deterministic_models_are_flagged() {
    for model in [
        "(a?, a)",
        "(a, (b | a)*, (a, b)?, b+)",
        "(a | (b, a) | b*)",
        "(a | a)",
    ] {
        assert!(children(&schema(model)).1.is_none(), "{model} is ambiguous");
    }
    for model in ["(a, a?)", "((a, b)*, c?)"] {
        assert!(
            children(&schema(model)).1.is_some(),
            "{model} is deterministic"
        );
    }
}

#[test]
fn normalised_models_keep_their_language() {
    // libxml2 rewrites these, which must not change what they accept.
    check("(P1 | P2*)+", &["", "P1", "P2 P2 P1"], &["P3"]);
    check("(P1+)?", &["", "P1", "P1 P1"], &["P2"]);
}
