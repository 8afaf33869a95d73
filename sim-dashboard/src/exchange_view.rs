//! How one journaled body is shown on the exchange page, at a cost that is
//! bounded whatever the body: XML is laid out up to [`MAX_LINES`] lines
//! (and only when the body is at most [`MAX_LAYOUT_BYTES`]), indentation
//! stops growing at [`MAX_INDENT`] levels, other text is shown up to
//! [`MAX_TEXT_BYTES`]; the page then offers the whole stored body as a
//! download. Before this, a page's size grew with the square of the
//! nesting depth, and one deep document could exhaust the process.
//! An HTML page (the StartPage a certification run opened) is shown as
//! the text it was served, never laid out as XML, even when it happens to
//! be well-formed.

use serde::Serialize;

/// The most lines laid out.
pub(crate) const MAX_LINES: usize = 4_000;
/// Larger bodies are shown as text, not laid out.
pub(crate) const MAX_LAYOUT_BYTES: usize = 512 * 1024;
/// The most text shown of a body that is not laid out.
pub(crate) const MAX_TEXT_BYTES: usize = 256 * 1024;
/// Deeper lines are indented as much as this.
pub(crate) const MAX_INDENT: usize = 24;
/// Bodies longer than this many lines start collapsed on the page.
const COLLAPSE_LINES: usize = 40;

/// One body, ready for the template.
#[derive(Debug, Serialize)]
pub(crate) struct BodyView {
    /// Laid out, when it is XML that could be.
    pub lines: Option<Vec<LineView>>,
    /// Otherwise its text, cut to [`MAX_TEXT_BYTES`].
    pub text: Option<String>,
    /// Indented JSON (an Open Buy search's answer).
    pub json: Option<String>,
    /// Whether it is an HTML page, shown as `text`.
    pub html: bool,
    /// Whether the page shows less than what the journal kept.
    pub partial: bool,
    /// Whether some line is deeper than [`MAX_INDENT`].
    pub deep: bool,
    /// Length of the body as it travelled.
    pub bytes: u64,
    /// Bytes of it the journal kept.
    pub kept: usize,
    /// The two, for people ("4.0 MiB").
    pub bytes_text: String,
    pub kept_text: String,
    /// Whether the journal kept less than that.
    pub cut_in_journal: bool,
    /// How many lines the page shows, and whether that is many enough to
    /// start collapsed.
    pub line_count: usize,
    pub long: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct LineView {
    pub indent: String,
    pub depth: usize,
    pub tokens: Vec<cxml::pretty::Token>,
}

impl BodyView {
    /// `raw` as kept (`bytes` long when it travelled), shown as JSON when
    /// `json_answer` and it parses, else as XML when it is XML, else as text.
    pub(crate) fn of(raw: &str, bytes: u64, cut_in_journal: bool, json_answer: bool) -> Self {
        let mut view = BodyView {
            lines: None,
            text: None,
            json: None,
            html: looks_like_html(raw),
            partial: false,
            deep: false,
            bytes,
            kept: raw.len(),
            bytes_text: human_bytes(bytes),
            kept_text: human_bytes(raw.len() as u64),
            cut_in_journal,
            line_count: 0,
            long: false,
        };
        view.fill(raw, json_answer);
        view.line_count = match (&view.lines, &view.json, &view.text) {
            (Some(lines), _, _) => lines.len(),
            (None, Some(text), _) | (None, None, Some(text)) => text.lines().count(),
            (None, None, None) => 0,
        };
        view.long = view.line_count > COLLAPSE_LINES;
        view
    }

    fn fill(&mut self, raw: &str, json_answer: bool) {
        let view = self;
        let cut_in_journal = view.cut_in_journal;
        if json_answer
            && raw.len() <= MAX_LAYOUT_BYTES
            && let Some(json) = indented_json(raw)
        {
            // Indentation can multiply a deeply nested answer's size.
            let (shown, cut) = prefix(&json, MAX_TEXT_BYTES);
            view.partial = cut;
            view.json = Some(shown.to_owned());
            return;
        }
        if raw.len() <= MAX_LAYOUT_BYTES
            && !cut_in_journal
            && !view.html
            && looks_like_xml(raw)
            && let Some(layout) = cxml::pretty::layout(raw, MAX_LINES)
        {
            view.partial = !layout.complete;
            view.deep = layout.lines.iter().any(|l| l.depth > MAX_INDENT);
            view.lines = Some(layout.lines.into_iter().map(LineView::from).collect());
            return;
        }
        let (text, cut) = prefix(raw, MAX_TEXT_BYTES);
        view.partial = cut;
        view.text = Some(text.to_owned());
    }
}

impl From<cxml::pretty::Line> for LineView {
    fn from(line: cxml::pretty::Line) -> Self {
        LineView {
            indent: "  ".repeat(line.depth.min(MAX_INDENT)),
            depth: line.depth,
            tokens: line.tokens,
        }
    }
}

/// `bytes` in the largest binary unit that keeps it at 1 or more.
pub(crate) fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Plain text such as an Open Buy search's request line is not laid out.
fn looks_like_xml(raw: &str) -> bool {
    raw.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
}

/// A web page rather than a document: it opens with an HTML DOCTYPE or
/// the `html` element (any case, after a byte order mark and spaces).
fn looks_like_html(raw: &str) -> bool {
    let start = raw.trim_start_matches('\u{feff}').trim_start().as_bytes();
    let head = start[..start.len().min(14)].to_ascii_lowercase();
    head.starts_with(b"<!doctype html")
        || head.strip_prefix(b"<html").is_some_and(|rest| {
            rest.first()
                .is_none_or(|b| *b == b'>' || b.is_ascii_whitespace())
        })
}

fn indented_json(raw: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(raw).ok()?;
    serde_json::to_string_pretty(&value).ok()
}

/// At most `max` bytes of `text`, cut on a character boundary, and whether
/// it was cut.
fn prefix(text: &str, max: usize) -> (&str, bool) {
    if text.len() <= max {
        return (text, false);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deep_document_costs_linear_and_bounded_space() {
        let depth = 200_000;
        let raw = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        let view = BodyView::of(&raw, raw.len() as u64, false, false);
        // Too large to lay out: shown as text, cut.
        assert!(view.lines.is_none());
        assert!(view.partial);
        assert!(
            view.text
                .as_ref()
                .is_some_and(|t| t.len() <= MAX_TEXT_BYTES)
        );

        let depth = 20_000;
        let raw = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        let view = BodyView::of(&raw, raw.len() as u64, false, false);
        let lines = view.lines.expect("laid out");
        assert_eq!(lines.len(), MAX_LINES);
        assert!(view.partial && view.deep);
        let indented: usize = lines.iter().map(|l| l.indent.len()).sum();
        assert!(indented <= MAX_LINES * 2 * MAX_INDENT, "{indented}");
    }

    #[test]
    fn a_deeply_nested_json_answer_is_shown_bounded() {
        let depth = 120;
        let item = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let raw = format!("[{}]", vec![item; 2_000].join(","));
        assert!(raw.len() < MAX_LAYOUT_BYTES);
        let view = BodyView::of(&raw, raw.len() as u64, false, true);
        let json = view.json.expect("indented");
        assert!(
            json.len() <= MAX_TEXT_BYTES && view.partial,
            "{}",
            json.len()
        );
    }

    #[test]
    fn a_body_cut_in_the_journal_is_shown_as_text() {
        let view = BodyView::of("<a><b>", 10_000_000, true, false);
        assert!(view.lines.is_none());
        assert_eq!(view.text.as_deref(), Some("<a><b>"));
        assert!(view.cut_in_journal);
    }

    #[test]
    fn an_html_page_is_shown_as_text_even_when_well_formed() {
        let page = "<!DOCTYPE html>\n<html><body><ul><li>A-1</li></ul></body></html>";
        let view = BodyView::of(page, page.len() as u64, false, true);
        assert!(view.html && view.lines.is_none() && view.json.is_none());
        assert_eq!(view.text.as_deref(), Some(page));
        let bare = "\u{feff} <HTML lang=\"en\"><body>shop</body></HTML>";
        let view = BodyView::of(bare, bare.len() as u64, false, false);
        assert!(view.html && view.lines.is_none(), "{view:?}");
        // Neither cXML nor an element that merely starts with `html`.
        for xml in ["<cXML><Header/></cXML>", "<htmlish/>"] {
            let view = BodyView::of(xml, xml.len() as u64, false, false);
            assert!(!view.html && view.lines.is_some(), "{xml}");
        }
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_bytes(900), "900 bytes");
        assert_eq!(human_bytes(4 * 1024 * 1024), "4.0 MiB");
        assert_eq!(human_bytes(15_200_000), "14.5 MiB");
    }

    #[test]
    fn text_is_cut_on_a_character_boundary() {
        let text = "é".repeat(MAX_TEXT_BYTES);
        let (shown, cut) = prefix(&text, MAX_TEXT_BYTES + 1);
        assert!(cut && shown.len() <= MAX_TEXT_BYTES + 1);
        assert!(shown.chars().all(|c| c == 'é'));
    }
}
