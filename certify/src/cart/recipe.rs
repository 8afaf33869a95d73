//! The recipe of `--cart script FILE`: the browser steps a person would
//! take on the supplier's site, read from a small TOML file. procsim opens
//! the StartPage itself, then runs the steps in order; the recipe ends
//! when the supplier posts the cart (docs/certify.md, "--cart script").
//!
//! ```toml
//! timeout = 10                       # seconds per step (default 10)
//!
//! [[step]]
//! fill = "form.search input[name=q]"
//! value = "Suite"
//!
//! [[step]]
//! click = "form.search button"
//! timeout = 20
//! ```
//!
//! The file is read into wire structs that mirror it, then into [`Step`]s
//! that hold exactly one action each; both kinds of mistake are reported
//! with the line and column they are at.

use std::{
    fmt,
    ops::Range,
    path::{Path, PathBuf},
    time::Duration,
};

use serde::Deserialize;
use toml::Spanned;

/// How long a step waits when neither it nor the recipe says.
pub const DEFAULT_STEP_TIMEOUT: Duration = Duration::from_secs(10);

/// The steps, in the file's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipe {
    pub steps: Vec<Step>,
    /// How long procsim waits for the cart once the last step is done
    /// (the recipe's `timeout`).
    pub settle: Duration,
}

/// One browser step and how long it may take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub action: Action,
    pub timeout: Duration,
    /// Where it is in the file (1-based).
    pub line: usize,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Opens `url`: absolute, or relative to the current page;
    /// `{start_page}` stands for the session's StartPage.
    Goto { url: String },
    /// Clicks the element `selector` (CSS) selects, once it is there.
    Click { selector: String },
    /// Replaces what the field `selector` holds with `value`.
    Fill { selector: String, value: String },
    /// Waits until `selector` matches an element.
    WaitFor { selector: String },
    /// Waits until the text of `selector` (default `body`) contains `text`.
    WaitForText {
        text: String,
        selector: Option<String>,
    },
}

impl Action {
    /// The step's key in the recipe.
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Goto { .. } => "goto",
            Action::Click { .. } => "click",
            Action::Fill { .. } => "fill",
            Action::WaitFor { .. } => "wait_for",
            Action::WaitForText { .. } => "wait_for_text",
        }
    }
}

impl fmt::Display for Action {
    /// `click "form.search button"`, as the recipe says it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind();
        match self {
            Action::Goto { url } => write!(f, "{kind} {url:?}"),
            Action::Click { selector } | Action::WaitFor { selector } => {
                write!(f, "{kind} {selector:?}")
            }
            Action::Fill { selector, value } => write!(f, "{kind} {selector:?} with {value:?}"),
            Action::WaitForText { text, selector } => {
                write!(f, "{kind} {text:?}")?;
                match selector {
                    Some(selector) => write!(f, " in {selector:?}"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// A recipe that cannot be used, with where the mistake is.
#[derive(Debug, thiserror::Error)]
pub enum RecipeError {
    #[error("cannot read the recipe {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}line {line}, column {column}: {message}", file_prefix(file.as_deref()))]
    Invalid {
        file: Option<PathBuf>,
        line: usize,
        column: usize,
        message: String,
    },
}

fn file_prefix(file: Option<&Path>) -> String {
    file.map(|f| format!("{}: ", f.display()))
        .unwrap_or_default()
}

impl Recipe {
    /// Reads the recipe at `path`.
    pub fn from_toml_file(path: &Path) -> Result<Self, RecipeError> {
        let text = std::fs::read_to_string(path).map_err(|source| RecipeError::Unreadable {
            path: path.to_owned(),
            source,
        })?;
        Self::from_toml(&text).map_err(|err| match err {
            RecipeError::Invalid {
                line,
                column,
                message,
                ..
            } => RecipeError::Invalid {
                file: Some(path.to_owned()),
                line,
                column,
                message,
            },
            other => other,
        })
    }

    /// Reads a recipe from its text.
    pub fn from_toml(text: &str) -> Result<Self, RecipeError> {
        let at = |span: Option<Range<usize>>, message: String| {
            let (line, column) = line_and_column(text, span.map_or(0, |s| s.start));
            RecipeError::Invalid {
                file: None,
                line,
                column,
                message,
            }
        };
        let wire: RecipeWire =
            toml::from_str(text).map_err(|e| at(e.span(), e.message().to_owned()))?;
        let settle = match wire.timeout {
            Some(timeout) => seconds(&timeout).map_err(|(span, m)| at(Some(span), m))?,
            None => DEFAULT_STEP_TIMEOUT,
        };
        if wire.steps.is_empty() {
            return Err(at(
                None,
                "the recipe has no steps: add at least one [[step]]".to_owned(),
            ));
        }
        let steps = wire
            .steps
            .into_iter()
            .map(|step| {
                let span = step.span();
                let line = line_and_column(text, span.start).0;
                step.into_inner()
                    .into_step(settle, line, span)
                    .map_err(|(span, message)| at(Some(span), message))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { steps, settle })
    }
}

/// 1-based line and column (in characters) of byte `offset`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

fn seconds(value: &Spanned<u64>) -> Result<Duration, Mistake> {
    match *value.get_ref() {
        0 => Err((
            value.span(),
            "a timeout is a whole number of seconds above 0".to_owned(),
        )),
        secs => Ok(Duration::from_secs(secs)),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecipeWire {
    timeout: Option<Spanned<u64>>,
    #[serde(rename = "step", default)]
    steps: Vec<Spanned<StepWire>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepWire {
    goto: Option<Spanned<String>>,
    click: Option<Spanned<String>>,
    fill: Option<Spanned<String>>,
    value: Option<Spanned<String>>,
    wait_for: Option<Spanned<String>>,
    wait_for_text: Option<Spanned<String>>,
    selector: Option<Spanned<String>>,
    timeout: Option<Spanned<u64>>,
}

type Mistake = (Range<usize>, String);

impl StepWire {
    /// The one action this step names, its timeout (`default` when it
    /// says none), and `line`; a mistake with where it is (`table`: the
    /// step itself).
    fn into_step(
        self,
        default: Duration,
        line: usize,
        table: Range<usize>,
    ) -> Result<Step, Mistake> {
        let timeout = match &self.timeout {
            Some(timeout) => seconds(timeout)?,
            None => default,
        };
        let fill = self.fill.is_some();
        let text = self.wait_for_text.is_some();
        match (&self.value, &self.selector) {
            (Some(value), _) if !fill => {
                return Err((value.span(), "`value` goes with `fill` only".to_owned()));
            }
            (_, Some(selector)) if !text => {
                return Err((
                    selector.span(),
                    "`selector` goes with `wait_for_text` only (the other steps name theirs)"
                        .to_owned(),
                ));
            }
            _ => {}
        }
        let action = match (
            self.goto,
            self.click,
            self.fill,
            self.wait_for,
            self.wait_for_text,
        ) {
            (Some(url), None, None, None, None) => Action::Goto {
                url: nonempty(url)?,
            },
            (None, Some(selector), None, None, None) => Action::Click {
                selector: nonempty(selector)?,
            },
            (None, None, Some(selector), None, None) => {
                let span = selector.span();
                Action::Fill {
                    selector: nonempty(selector)?,
                    value: self
                        .value
                        .map(Spanned::into_inner)
                        .ok_or((span, "`fill` needs a `value` to type".to_owned()))?,
                }
            }
            (None, None, None, Some(selector), None) => Action::WaitFor {
                selector: nonempty(selector)?,
            },
            (None, None, None, None, Some(text)) => Action::WaitForText {
                text: nonempty(text)?,
                selector: self.selector.map(nonempty).transpose()?,
            },
            (None, None, None, None, None) => {
                return Err((
                    table,
                    "a step needs one of goto, click, fill, wait_for, wait_for_text".to_owned(),
                ));
            }
            _ => {
                return Err((
                    table,
                    "a step does one thing: give each of goto, click, fill, wait_for and \
                     wait_for_text its own [[step]]"
                        .to_owned(),
                ));
            }
        };
        Ok(Step {
            action,
            timeout,
            line,
        })
    }
}

fn nonempty(value: Spanned<String>) -> Result<String, Mistake> {
    if value.get_ref().trim().is_empty() {
        return Err((value.span(), "this may not be empty".to_owned()));
    }
    Ok(value.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mistake(text: &str) -> (usize, usize, String) {
        match Recipe::from_toml(text) {
            Err(RecipeError::Invalid {
                line,
                column,
                message,
                ..
            }) => (line, column, message),
            other => panic!("expected a mistake, got {other:?}"),
        }
    }

    #[test]
    fn reads_every_kind_of_step_with_its_timeout() {
        let recipe = Recipe::from_toml(
            "timeout = 5\n\
             [[step]]\ngoto = \"{start_page}\"\n\
             [[step]]\nfill = \"#q\"\nvalue = \"Suite\"\n\
             [[step]]\nclick = \"form.search button\"\ntimeout = 20\n\
             [[step]]\nwait_for = \"ul.listings\"\n\
             [[step]]\nwait_for_text = \"Pricing\"\nselector = \"h2\"\n",
        )
        .unwrap();
        assert_eq!(recipe.settle, Duration::from_secs(5));
        let kinds: Vec<_> = recipe.steps.iter().map(|s| s.action.kind()).collect();
        assert_eq!(
            kinds,
            ["goto", "fill", "click", "wait_for", "wait_for_text"]
        );
        let lines: Vec<_> = recipe.steps.iter().map(|s| s.line).collect();
        assert_eq!(lines, [2, 4, 7, 10, 12]);
        assert_eq!(recipe.steps[1].timeout, Duration::from_secs(5));
        assert_eq!(recipe.steps[2].timeout, Duration::from_secs(20));
        assert_eq!(
            recipe.steps[1].action,
            Action::Fill {
                selector: "#q".to_owned(),
                value: "Suite".to_owned()
            }
        );
        assert_eq!(
            recipe.steps[4].action.to_string(),
            "wait_for_text \"Pricing\" in \"h2\""
        );
    }

    #[test]
    fn broken_toml_is_reported_at_its_line_and_column() {
        let (line, column, message) = mistake("[[step]]\nclick = \"a\"\n[[step]]\nclick = a b\n");
        assert_eq!((line, column), (4, 9), "{message}");
    }

    #[test]
    fn an_unknown_key_is_reported_where_it_is() {
        let (line, column, message) = mistake("[[step]]\n  klick = \"a\"\n");
        assert_eq!((line, column), (2, 3), "{message}");
        assert!(message.contains("klick"), "{message}");
    }

    #[test]
    fn a_step_with_two_actions_or_none_is_refused() {
        let (line, _, message) =
            mistake("[[step]]\nclick = \"a\"\n\n[[step]]\nclick = \"a\"\ngoto = \"/\"\n");
        assert!(line >= 4, "{line}: {message}");
        assert!(message.contains("does one thing"), "{message}");
        let (_, _, message) = mistake("[[step]]\ntimeout = 3\n");
        assert!(message.contains("needs one of"), "{message}");
    }

    #[test]
    fn fill_needs_a_value_and_value_goes_with_fill_only() {
        let (line, column, message) = mistake("[[step]]\nfill = \"#q\"\n");
        assert_eq!((line, column), (2, 8), "{message}");
        assert!(message.contains("needs a `value`"), "{message}");
        let (line, column, message) = mistake("[[step]]\nclick = \"a\"\nvalue = \"x\"\n");
        assert_eq!((line, column), (3, 9), "{message}");
    }

    #[test]
    fn empty_selectors_zero_timeouts_and_no_steps_are_refused() {
        let (line, column, _) = mistake("[[step]]\nclick = \" \"\n");
        assert_eq!((line, column), (2, 9));
        let (line, column, _) = mistake("[[step]]\nclick = \"a\"\ntimeout = 0\n");
        assert_eq!((line, column), (3, 11));
        let (_, _, message) = mistake("timeout = 3\n");
        assert!(message.contains("no steps"), "{message}");
    }
}
