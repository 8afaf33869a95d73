//! A document laid out for people: one element per line, indented by
//! depth, each piece tagged with its kind so a page can colour it. Text and
//! attribute values are shown exactly as written in the source (`&lt;`
//! stays `&lt;`), so what a person reads is what travelled. Nothing is
//! expanded or fetched; a document that is not well-formed gives `None`
//! and the caller shows it raw.
//!
//! The work is linear in the input and stops after the lines asked for,
//! so a huge or deeply nested document costs no more than its first lines;
//! how deep a line is stays a number, for the caller to indent (or not).

use quick_xml::{Reader, events::Event};
use serde::Serialize;

/// What a piece of a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// `<`, `</`, `>`, `/>`, `=`, quotes.
    Punct,
    /// An element name.
    Tag,
    /// An attribute name.
    Attr,
    /// An attribute value (without its quotes).
    Value,
    Text,
    Comment,
    /// The XML declaration, DOCTYPE, processing instructions.
    Decl,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    pub kind: TokenKind,
    pub text: String,
}

/// One line: its depth and its pieces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    pub depth: usize,
    pub tokens: Vec<Token>,
}

enum Item {
    Open(Vec<Token>),
    Close(Vec<Token>),
    Empty(Vec<Token>),
    Text(String),
    Other(TokenKind, String),
}

/// The first lines of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Layout {
    pub lines: Vec<Line>,
    /// Whether `lines` is the whole document; when not, the rest was not
    /// read (and not checked for well-formedness).
    pub complete: bool,
}

/// Lays out at most `max_lines` lines of `raw`, or `None` when what was
/// read of it is not well-formed XML.
pub fn layout(raw: &str, max_lines: usize) -> Option<Layout> {
    // A line takes at most three items; one more tells whether more follow.
    let (items, mut complete) = items(raw, max_lines.saturating_mul(3).saturating_add(1))?;
    let mut lines = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < items.len() {
        match &items[i] {
            Item::Open(open) => {
                // `<a>text</a>` stays on one line.
                if let (Some(Item::Text(text)), Some(Item::Close(close))) =
                    (items.get(i + 1), items.get(i + 2))
                {
                    let mut tokens = open.clone();
                    tokens.push(token(TokenKind::Text, text));
                    tokens.extend(close.iter().cloned());
                    lines.push(Line { depth, tokens });
                    i += 3;
                    continue;
                }
                lines.push(Line {
                    depth,
                    tokens: open.clone(),
                });
                depth += 1;
            }
            Item::Close(close) => {
                depth = depth.saturating_sub(1);
                lines.push(Line {
                    depth,
                    tokens: close.clone(),
                });
            }
            Item::Empty(tokens) => lines.push(Line {
                depth,
                tokens: tokens.clone(),
            }),
            Item::Text(text) => lines.push(Line {
                depth,
                tokens: vec![token(TokenKind::Text, text)],
            }),
            Item::Other(kind, text) => lines.push(Line {
                depth,
                tokens: vec![token(*kind, text)],
            }),
        }
        i += 1;
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        complete = false;
    }
    Some(Layout { lines, complete })
}

fn token(kind: TokenKind, text: &str) -> Token {
    Token {
        kind,
        text: text.to_owned(),
    }
}

/// The document's first `max_items` pieces, each cut from the source as
/// written, and whether they are all of it.
fn items(raw: &str, max_items: usize) -> Option<(Vec<Item>, bool)> {
    let mut reader = Reader::from_str(raw);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.trim_text(false);
    let mut items = Vec::new();
    let mut text = String::new();
    loop {
        if items.len() >= max_items {
            return Some((items, false));
        }
        let start = usize::try_from(reader.buffer_position()).ok()?;
        let event = reader.read_event().ok()?;
        let end = usize::try_from(reader.buffer_position()).ok()?;
        let source = raw.get(start..end)?;
        // Text arrives in pieces around entity references; join them.
        if matches!(
            event,
            Event::Text(_) | Event::GeneralRef(_) | Event::CData(_)
        ) {
            text.push_str(source);
            continue;
        }
        if !text.trim().is_empty() {
            items.push(Item::Text(text.trim().to_owned()));
        }
        text.clear();
        match event {
            Event::Start(e) => items.push(Item::Open(tag_tokens(&e, false)?)),
            Event::Empty(e) => items.push(Item::Empty(tag_tokens(&e, true)?)),
            Event::End(e) => {
                let name = std::str::from_utf8(e.name().as_ref()).ok()?.to_owned();
                items.push(Item::Close(vec![
                    token(TokenKind::Punct, "</"),
                    token(TokenKind::Tag, &name),
                    token(TokenKind::Punct, ">"),
                ]));
            }
            Event::Comment(_) => items.push(Item::Other(TokenKind::Comment, source.to_owned())),
            Event::Decl(_) | Event::DocType(_) | Event::PI(_) => {
                items.push(Item::Other(TokenKind::Decl, source.trim().to_owned()));
            }
            Event::Eof => return Some((items, true)),
            Event::Text(_) | Event::GeneralRef(_) | Event::CData(_) => {}
        }
    }
}

fn tag_tokens(e: &quick_xml::events::BytesStart<'_>, empty: bool) -> Option<Vec<Token>> {
    let name = std::str::from_utf8(e.name().as_ref()).ok()?.to_owned();
    let mut tokens = vec![token(TokenKind::Punct, "<"), token(TokenKind::Tag, &name)];
    // Laid out without quick-xml's repeat check (quadratic in the count),
    // and not at all past the limit a reader accepts: shown as text.
    let mut attributes = e.attributes();
    attributes.with_checks(false);
    for (i, attribute) in attributes.enumerate() {
        if i == crate::tree::MAX_ATTRIBUTES {
            return None;
        }
        let attribute = attribute.ok()?;
        let key = std::str::from_utf8(attribute.key.as_ref()).ok()?;
        let value = std::str::from_utf8(&attribute.value).ok()?;
        tokens.push(token(TokenKind::Attr, &format!(" {key}")));
        tokens.push(token(TokenKind::Punct, "=\""));
        tokens.push(token(TokenKind::Value, value));
        tokens.push(token(TokenKind::Punct, "\""));
    }
    tokens.push(token(TokenKind::Punct, if empty { "/>" } else { ">" }));
    Some(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                let text: String = l.tokens.iter().map(|t| t.text.as_str()).collect();
                format!("{}{text}", "  ".repeat(l.depth))
            })
            .collect()
    }

    #[test]
    fn one_element_per_line_indented_with_source_text_kept() {
        let raw = "<?xml version=\"1.0\"?><!DOCTYPE cXML SYSTEM \"x.dtd\"><cXML payloadID=\"p&amp;1\"><Header><Name>A &lt;b&gt; c</Name><Empty a=\"1\"/></Header><!-- n --></cXML>";
        let layout = layout(raw, 100).expect("well-formed");
        assert!(layout.complete);
        let lines = layout.lines;
        assert_eq!(
            flat(&lines),
            [
                "<?xml version=\"1.0\"?>",
                "<!DOCTYPE cXML SYSTEM \"x.dtd\">",
                "<cXML payloadID=\"p&amp;1\">",
                "  <Header>",
                "    <Name>A &lt;b&gt; c</Name>",
                "    <Empty a=\"1\"/>",
                "  </Header>",
                "  <!-- n -->",
                "</cXML>",
            ]
        );
        let name = &lines[4].tokens;
        assert_eq!(name[1], token(TokenKind::Tag, "Name"));
        assert_eq!(name[3], token(TokenKind::Text, "A &lt;b&gt; c"));
        assert_eq!(lines[2].tokens[2], token(TokenKind::Attr, " payloadID"));
        assert_eq!(lines[2].tokens[4], token(TokenKind::Value, "p&amp;1"));
    }

    #[test]
    fn a_document_that_is_not_well_formed_is_not_laid_out() {
        assert_eq!(layout("<a><b></a>", 100), None);
        assert_eq!(layout("<a attr=\"1></a>", 100), None);
    }

    #[test]
    fn only_the_lines_asked_for_are_laid_out() {
        let depth = 100_000;
        let raw = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        let layout = layout(&raw, 50).expect("well-formed so far");
        assert!(!layout.complete);
        assert_eq!(layout.lines.len(), 50);
        assert_eq!(layout.lines[49].depth, 49);
        let whole = super::layout("<a><b>x</b><c/></a>", 4).expect("well-formed");
        assert!(whole.complete, "{whole:?}");
        let cut = super::layout("<a><b>x</b><c/></a>", 3).expect("well-formed");
        assert!(!cut.complete);
    }
}
