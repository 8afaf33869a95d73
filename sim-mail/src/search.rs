//! The subset of Mailpit's search syntax procsim understands, compiled to a
//! parameterised SQL condition over the `messages` table.
//!
//! A query is whitespace-separated terms, all of which must match
//! (case-insensitive substring match): a plain word matches subject, body,
//! sender and recipients; `from:`, `to:` (To, Cc and Bcc) and `subject:`
//! narrow it to one field; `is:read` / `is:unread` filter on the read flag.
//! Double quotes group words (`subject:"agreement created"`), and a leading
//! `-` or `!` negates a term.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Anywhere,
    From,
    To,
    Subject,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Term {
    Text { field: Field, value: String },
    Read(bool),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    terms: Vec<(bool, Term)>,
}

impl SearchQuery {
    pub fn parse(query: &str) -> Self {
        let terms = tokens(query)
            .into_iter()
            .filter_map(|token| {
                if token == "-" || token == "!" {
                    return None;
                }
                let (negated, token) = match token.strip_prefix(['-', '!']) {
                    Some(rest) if !rest.is_empty() => (true, rest.to_owned()),
                    _ => (false, token),
                };
                term(&token).map(|term| (negated, term))
            })
            .collect();
        SearchQuery { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// A condition for a `WHERE` clause and its parameters, in order.
    pub fn to_sql(&self) -> (String, Vec<String>) {
        if self.terms.is_empty() {
            return ("1".to_owned(), Vec::new());
        }
        let mut params = Vec::new();
        let conditions: Vec<String> = self
            .terms
            .iter()
            .map(|(negated, term)| {
                let condition = match term {
                    Term::Read(read) => format!("read = {}", i32::from(*read)),
                    Term::Text { field, value } => {
                        let columns: &[&str] = match field {
                            Field::Anywhere => {
                                &["subject", "text_body", "from_json", "to_json", "cc_json"]
                            }
                            Field::From => &["from_json"],
                            Field::To => &["to_json", "cc_json", "bcc_json"],
                            Field::Subject => &["subject"],
                        };
                        let pattern = format!("%{}%", escape_like(value));
                        let alternatives: Vec<String> = columns
                            .iter()
                            .map(|column| {
                                params.push(pattern.clone());
                                format!("{column} LIKE ? ESCAPE '\\'")
                            })
                            .collect();
                        format!("({})", alternatives.join(" OR "))
                    }
                };
                if *negated {
                    format!("NOT {condition}")
                } else {
                    condition
                }
            })
            .collect();
        (conditions.join(" AND "), params)
    }
}

fn term(token: &str) -> Option<Term> {
    let lower = token.to_ascii_lowercase();
    for (prefix, field) in [
        ("from:", Field::From),
        ("to:", Field::To),
        ("subject:", Field::Subject),
    ] {
        if lower.starts_with(prefix) {
            let value = &token[prefix.len()..];
            return (!value.is_empty()).then(|| Term::Text {
                field,
                value: value.to_owned(),
            });
        }
    }
    match lower.as_str() {
        "is:read" => Some(Term::Read(true)),
        "is:unread" => Some(Term::Read(false)),
        "" => None,
        _ => Some(Term::Text {
            field: Field::Anywhere,
            value: token.to_owned(),
        }),
    }
}

/// Splits on whitespace outside double quotes; the quotes are dropped.
fn tokens(query: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in query.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

fn escape_like(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_quotes_and_negation() {
        let query =
            SearchQuery::parse(r#"From:shop subject:"agreement created" -invoice is:unread"#);
        let (sql, params) = query.to_sql();
        assert_eq!(
            sql,
            "(from_json LIKE ? ESCAPE '\\') AND (subject LIKE ? ESCAPE '\\') AND \
             NOT (subject LIKE ? ESCAPE '\\' OR text_body LIKE ? ESCAPE '\\' OR \
             from_json LIKE ? ESCAPE '\\' OR to_json LIKE ? ESCAPE '\\' OR \
             cc_json LIKE ? ESCAPE '\\') AND read = 0"
        );
        assert_eq!(params[0], "%shop%");
        assert_eq!(params[1], "%agreement created%");
        assert_eq!(params.len(), 7);
    }

    #[test]
    fn like_wildcards_are_literal() {
        let (_, params) = SearchQuery::parse("100%_off\\").to_sql();
        assert_eq!(params[0], "%100\\%\\_off\\\\%");
    }

    #[test]
    fn blank_queries_match_everything() {
        let query = SearchQuery::parse("   \"\"  from: - ");
        assert!(query.is_empty(), "{query:?}");
        assert_eq!(query.to_sql(), ("1".to_owned(), Vec::new()));
    }
}
