//! The controls on a supplier's page a person could change a cart with:
//! for CERT-SETUP-010, which expects an `inspect` StartPage to offer
//! none. A control counts when it takes input (a text or number field, a
//! checkbox, a list, a text area), is neither `disabled` nor `readonly`,
//! and is not in a form sent with GET (a site's search box changes no
//! cart). Buttons count not: a read-only page keeps the way back.

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

/// Input types that take nothing from the person, or only a search.
const NOT_INPUT: &[&str] = &["hidden", "submit", "button", "image", "reset", "search"];

/// The controls in `html` a person could change something with.
pub(super) fn editable_controls(html: &str) -> Vec<Control> {
    let mut controls = Vec::new();
    let mut in_get_form = false;
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
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
            "input" | "select" | "textarea" => {
                let kind = (element == "input").then(|| {
                    attr("type")
                        .unwrap_or_else(|| "text".to_owned())
                        .to_ascii_lowercase()
                });
                let fixed = attr("disabled").is_some() || attr("readonly").is_some();
                let takes_input = kind
                    .as_deref()
                    .is_none_or(|kind| !NOT_INPUT.contains(&kind));
                if takes_input && !fixed && !in_get_form {
                    controls.push(Control {
                        element,
                        kind,
                        name: attr("name"),
                    });
                }
            }
            _ => {}
        }
    }
    controls
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
