//! The controls on a supplier's page a person could change a cart with:
//! for CERT-SETUP-010, which expects an `inspect` StartPage to offer
//! none. A control counts when it takes input (a text or number field, a
//! checkbox, a list, a text area), is not `disabled` (itself or by its
//! fieldset), nor `readonly` where browsers honour that (text-like fields
//! and text areas, not lists or checkboxes), and is not in a form sent
//! with GET (a site's search box changes no cart). Buttons count not: a
//! read-only page keeps the way back; nor do password and e-mail fields
//! (a sign-in or newsletter form is no cart). Comments and the text of
//! `script`, `style`, `template`, `textarea` and `title` are not markup.

/// One control a person could change something with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Control {
    /// `input`, `select` or `textarea`.
    pub element: String,
    /// Its `type` (inputs only; `text` when not given).
    pub kind: Option<String>,
    pub name: Option<String>,
}

impl std::fmt::Display for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{}", self.element)?;
        if let Some(kind) = &self.kind {
            write!(f, " type={kind}")?;
        }
        if let Some(name) = &self.name {
            write!(f, " name={name}")?;
        }
        f.write_str(">")
    }
}

/// Input types that take nothing from the person, or nothing a cart holds.
const NOT_INPUT: &[&str] = &[
    "hidden", "submit", "button", "image", "reset", "search", "password", "email",
];

/// Input types `readonly` does not fix (browsers ignore it on them).
const READONLY_IGNORED: &[&str] = &["checkbox", "radio", "file", "range", "color"];

/// Elements whose content is text, not markup, up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "template", "textarea", "title"];

/// The controls in `html` a person could change something with.
pub(super) fn editable_controls(html: &str) -> Vec<Control> {
    let mut controls = Vec::new();
    let mut in_get_form = false;
    // Open fieldsets, each whether it is disabled.
    let mut fieldsets: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = rest.get(end + 1..).unwrap_or("");
        // An end tag's name follows its `/`.
        let name_end = tag
            .char_indices()
            .skip(1)
            .find(|&(_, c)| c.is_ascii_whitespace() || c == '/')
            .map_or(tag.len(), |(at, _)| at);
        let element = tag[..name_end].to_ascii_lowercase();
        let attrs = attributes(&tag[name_end..]);
        let attr = |wanted: &str| {
            attrs
                .iter()
                .find(|(name, _)| name == wanted)
                .map(|(_, value)| value.clone())
        };
        match element.as_str() {
            "form" => {
                in_get_form =
                    attr("method").is_none_or(|method| method.eq_ignore_ascii_case("get"));
            }
            "/form" => in_get_form = false,
            "fieldset" => fieldsets.push(attr("disabled").is_some()),
            "/fieldset" => {
                fieldsets.pop();
            }
            "input" | "select" | "textarea" => {
                let kind = (element == "input").then(|| {
                    attr("type")
                        .unwrap_or_else(|| "text".to_owned())
                        .to_ascii_lowercase()
                });
                let readonly_counts = element != "select"
                    && kind
                        .as_deref()
                        .is_none_or(|kind| !READONLY_IGNORED.contains(&kind));
                let fixed = attr("disabled").is_some()
                    || fieldsets.contains(&true)
                    || (readonly_counts && attr("readonly").is_some());
                let takes_input = kind
                    .as_deref()
                    .is_none_or(|kind| !NOT_INPUT.contains(&kind));
                if takes_input && !fixed && !in_get_form {
                    controls.push(Control {
                        element: element.clone(),
                        kind,
                        name: attr("name"),
                    });
                }
            }
            _ => {}
        }
        if RAW_TEXT.contains(&element.as_str()) {
            rest = after_end_tag(rest, &element);
        }
    }
    controls
}

/// Where the tag that starts `text` ends (its `>`, outside quoted values:
/// a quote opens one only right after `=`), or the text's length when it
/// never does.
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    let mut after_equals = false;
    for (at, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') if after_equals => quote = Some(c),
            (Some(open), c) if c == open => quote = None,
            (None, '>') => return at,
            _ => {}
        }
        if quote.is_none() && !c.is_ascii_whitespace() {
            after_equals = c == '=';
        }
    }
    text.len()
}

/// `text` after the end tag of raw-text `element` (nothing when it has
/// none).
fn after_end_tag<'t>(text: &'t str, element: &str) -> &'t str {
    let closing = format!("</{element}");
    text.to_ascii_lowercase().find(&closing).map_or("", |at| {
        let after = &text[at..];
        after.find('>').map_or("", |end| &after[end + 1..])
    })
}

/// The attributes of a start tag's inside, names lowercased; an
/// attribute without a value has an empty one.
fn attributes(mut inside: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    loop {
        inside = inside.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if inside.is_empty() {
            return attrs;
        }
        let name_end = inside
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(inside.len());
        let name = inside[..name_end].to_ascii_lowercase();
        inside = inside[name_end..].trim_start();
        let value = match inside.strip_prefix('=') {
            Some(after) => {
                let after = after.trim_start();
                let (value, rest) = match after.chars().next() {
                    Some(quote @ ('"' | '\'')) => {
                        let body = &after[1..];
                        let close = body.find(quote).unwrap_or(body.len());
                        (&body[..close], body.get(close + 1..).unwrap_or(""))
                    }
                    _ => {
                        let close = after
                            .find(|c: char| c.is_ascii_whitespace())
                            .unwrap_or(after.len());
                        (&after[..close], &after[close..])
                    }
                };
                inside = rest;
                value.to_owned()
            }
            None => String::new(),
        };
        if name.is_empty() {
            return attrs;
        }
        attrs.push((name, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(html: &str) -> Vec<String> {
        editable_controls(html)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn fields_that_change_a_cart_count() {
        let page = r#"<form method="post" action="/cart">
            <input type=number name='qty-1' value=2>
            <INPUT NAME="note">
            <select name="plan"><option>a</option></select>
            <textarea name="comment"></textarea>
            <input type="checkbox" name="remove-1">
            </form>"#;
        assert_eq!(
            names(page),
            [
                "<input type=number name=qty-1>",
                "<input type=text name=note>",
                "<select name=plan>",
                "<textarea name=comment>",
                "<input type=checkbox name=remove-1>",
            ]
        );
    }

    #[test]
    fn buttons_hidden_fixed_and_search_fields_do_not() {
        let page = r#"<form class="search" method="get" action="/search">
              <input id="q" name="q" value="x"><button type="submit">Search</button></form>
            <input type="search" name="find">
            <form method="post" action="/punchout/return">
              <input type="hidden" name="cxml-urlencoded" value="...">
              <input name="qty" value="1" readonly>
              <select name="plan" disabled></select>
              <button type="submit">Return this cart unchanged</button>
              <input type="submit" value="Back">
            </form>"#;
        assert_eq!(names(page), Vec::<String>::new());
    }

    #[test]
    fn comments_scripts_and_fixed_fieldsets_do_not() {
        let page = r#"<!-- <input name="qty-old"> -->
            <script>const row = '<input name="qty">';</script>
            <template><select name="plan"></select></template>
            <form method="post"><fieldset disabled><input name="qty-1"></fieldset>
            <input name="note" data-x="a>b" title=don't>
            <textarea name="comment"><input name="inside"></textarea>
            <input type="password" name="pw"><input type="email" name="mail">
            </form>"#;
        assert_eq!(
            names(page),
            ["<input type=text name=note>", "<textarea name=comment>"]
        );
    }

    #[test]
    fn readonly_fixes_text_fields_only() {
        let page = r#"<form method="post">
            <input name="qty" readonly><textarea name="c" readonly></textarea>
            <select name="plan" readonly></select>
            <input type="checkbox" name="gift" readonly>
            </form>"#;
        assert_eq!(
            names(page),
            ["<select name=plan>", "<input type=checkbox name=gift>"]
        );
    }

    #[test]
    fn a_form_without_a_method_is_sent_with_get() {
        assert_eq!(
            names(r#"<form><input name="q"></form>"#),
            Vec::<String>::new()
        );
        assert_eq!(
            names(r#"<form></form><input name="qty">"#),
            ["<input type=text name=qty>"]
        );
    }
}
