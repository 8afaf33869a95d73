use super::*;

fn run(text: &str) -> Result<Expanded<'_>, ExpandError> {
    expand(text, None, &EntityLimits::default())
}

#[test]
fn internal_entities_expand_in_text_and_attributes() {
    let doc = "<!DOCTYPE r [<!ENTITY co \"AC&amp;ME\"><!ENTITY q 'say \"&co;\"'>]>\n<r a=\"&q;\">&co; &q;</r>";
    let e = run(doc).ok();
    let e = e
        .as_ref()
        .map(|e| (e.text.as_ref(), e.internal_entities.clone()));
    assert_eq!(
        e,
        Some((
            "<!DOCTYPE r [<!ENTITY co \"AC&amp;ME\"><!ENTITY q 'say \"&co;\"'>]>\n<r a=\"say &quot;AC&amp;ME&quot;\">AC&amp;ME say \"AC&amp;ME\"</r>",
            vec!["co".to_owned(), "q".to_owned()]
        ))
    );
}

#[test]
fn lines_are_kept_and_columns_map_back() {
    let doc = "<!DOCTYPE r [<!ENTITY nl \"a\nb\">]>\n<r>&nl;<x/></r>";
    let Ok(e) = run(doc) else { panic!("expands") };
    assert_eq!(e.text.lines().count(), doc.lines().count());
    assert!(e.text.ends_with("\n<r>a&#10;b<x/></r>"));
    // <x/> sits at column 11 of the expanded line, column 8 of the original.
    assert_eq!(e.original_column(3, 11), 8);
    assert_eq!(e.original_column(3, 5), 4);
    assert_eq!(e.original_column(3, 2), 2);
    assert_eq!(e.original_column(1, 30), 30);
}

#[test]
fn nothing_to_expand_borrows() {
    let doc = "<!DOCTYPE r SYSTEM \"r.dtd\">\n<r>&amp;&#38;&undeclared;</r>";
    let e = run(doc).ok();
    assert!(matches!(e.map(|e| e.text), Some(Cow::Borrowed(_))));
}

#[test]
fn references_in_comments_and_cdata_stay() {
    let doc = "<!DOCTYPE r [<!ENTITY e \"E\">]><r><!-- &e; --><![CDATA[&e;]]><?pi &e;?>&e;</r>";
    let e = run(doc).ok();
    assert!(e.is_some_and(|e| {
        e.text
            .ends_with("<r><!-- &e; --><![CDATA[&e;]]><?pi &e;?>E</r>")
    }));
}

#[test]
fn loops_external_and_unparsed_entities() {
    let looped = "<!DOCTYPE r [<!ENTITY a \"&b;\"><!ENTITY b \"&a;\">]>\n<r>&a;</r>";
    let Err(ExpandError::NotWellFormed(e)) = run(looped) else {
        panic!("a loop is not well-formed")
    };
    assert_eq!(
        (e.line, e.column, e.message.as_str()),
        (2, 4, "Detected an entity reference loop")
    );
    let xxe = "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>[&x;]</r>";
    assert!(run(xxe).is_ok_and(|e| e.text.ends_with("<r>[]</r>")));
    let in_attribute = "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r a='&x;'/>";
    assert!(matches!(
        run(in_attribute),
        Err(ExpandError::NotWellFormed(_))
    ));
    let lt = "<!DOCTYPE r [<!ENTITY x \"&#60;\">]><r a='&x;'/>";
    assert!(matches!(run(lt), Err(ExpandError::NotWellFormed(_))));
}

#[test]
fn billion_laughs_stops_at_the_limits_quickly() {
    let mut doc = String::from("<!DOCTYPE r [<!ENTITY l0 \"lol\">");
    for i in 1..10 {
        let refs = format!("&l{};", i - 1).repeat(10);
        doc.push_str(&format!("<!ENTITY l{i} \"{refs}\">"));
    }
    doc.push_str("]><r>&l9;</r>");
    let started = std::time::Instant::now();
    let Err(ExpandError::OverLimit(e)) = run(&doc) else {
        panic!("the limits refuse it")
    };
    assert!(e.message.contains("deeper than 8"), "{}", e.message);
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    let wide = format!(
        "<!DOCTYPE r [<!ENTITY w \"w\">]><r>{}</r>",
        "&w;".repeat(10_001)
    );
    assert!(
        matches!(run(&wide), Err(ExpandError::OverLimit(e)) if e.message.contains("more than 10000"))
    );
    let deep: String = (1..12)
        .map(|i| format!("<!ENTITY d{i} \"&d{};\">", i + 1))
        .collect();
    let deep = format!("<!DOCTYPE r [{deep}<!ENTITY d12 \"x\">]><r>&d1;</r>");
    assert!(matches!(run(&deep), Err(ExpandError::OverLimit(e)) if e.message.contains("deeper")));
    let big = "x".repeat(600 << 10);
    let big = format!("<!DOCTYPE r [<!ENTITY b \"{big}\">]><r>&b;&b;</r>");
    assert!(matches!(run(&big), Err(ExpandError::OverLimit(e)) if e.message.contains("bytes")));
}
