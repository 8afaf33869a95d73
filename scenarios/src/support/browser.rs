//! A scripted browser: one cookie jar per simulated person, no automatic
//! redirects (each 302/303 is asserted and followed by the caller), pages
//! parsed with `scraper` (html5ever), forms submitted the way a browser
//! submits them: the form's own action, method and successful controls.

use std::sync::Arc;

use reqwest::{StatusCode, Url, cookie::Jar, header::LOCATION, redirect::Policy};
use scraper::{ElementRef, Html, Node, Selector};

/// What a test step fails with; a message good enough to debug from.
pub type Result<T, E = String> = std::result::Result<T, E>;

/// One person's browser.
#[derive(Clone, Debug)]
pub struct Browser {
    who: String,
    client: reqwest::Client,
}

/// A page as it came back: URL, status, headers we look at, body.
#[derive(Clone, Debug)]
pub struct Page {
    pub url: Url,
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

/// A form as a browser sees it: where it goes and what it would send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    pub id: Option<String>,
    pub method: String,
    /// The action resolved against the page URL.
    pub action: Url,
    /// Successful controls in document order (inputs with a name, except
    /// unchecked checkboxes and buttons; textareas; selects' chosen value).
    pub fields: Vec<(String, String)>,
    /// The visible text of the form's submit buttons.
    pub buttons: Vec<String>,
}

impl Form {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets a field as a person typing into it would (adds it if absent).
    pub fn set(&mut self, name: &str, value: &str) {
        match self.fields.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value.to_owned(),
            None => self.fields.push((name.to_owned(), value.to_owned())),
        }
    }

    /// Leaves a field out, as unticking a checkbox does.
    pub fn uncheck(&mut self, name: &str) {
        self.fields.retain(|(n, _)| n != name);
    }
}

impl Browser {
    /// A new browser with an empty cookie jar; `who` names it in messages.
    pub fn new(who: &str) -> Self {
        let client = reqwest::Client::builder()
            .cookie_provider(Arc::new(Jar::default()))
            .redirect(Policy::none())
            .build()
            .unwrap_or_else(|err| panic!("{who}'s browser cannot be built: {err}"));
        Browser {
            who: who.to_owned(),
            client,
        }
    }

    pub fn who(&self) -> &str {
        &self.who
    }

    pub async fn get(&self, url: &str) -> Result<Page> {
        let reply = self
            .client
            .get(url)
            .send()
            .await
            .map_err(|e| format!("{}: GET {url}: {e}", self.who))?;
        Page::read(reply).await
    }

    /// POSTs `fields` urlencoded, as a form submission does.
    pub async fn post_form(&self, url: &str, fields: &[(String, String)]) -> Result<Page> {
        let reply = self
            .client
            .post(url)
            .form(fields)
            .send()
            .await
            .map_err(|e| format!("{}: POST {url}: {e}", self.who))?;
        Page::read(reply).await
    }

    /// Submits `form` with its method and fields.
    pub async fn submit(&self, form: &Form) -> Result<Page> {
        match form.method.as_str() {
            "post" => self.post_form(form.action.as_str(), &form.fields).await,
            "get" => {
                let mut url = form.action.clone();
                url.query_pairs_mut().clear().extend_pairs(&form.fields);
                self.get(url.as_str()).await
            }
            other => Err(format!("{}: form method {other:?}", self.who)),
        }
    }

    /// Follows a redirect that must have status `expected`: GETs its
    /// Location resolved against the page URL.
    pub async fn follow(&self, page: &Page, expected: StatusCode) -> Result<Page> {
        let target = page.redirect_target(expected)?;
        self.get(target.as_str()).await
    }

    /// Follows 302/303 redirects until a page that is not one, at most
    /// `hops` of them; each hop's status must be 302 or 303.
    pub async fn follow_all(&self, mut page: Page, hops: usize) -> Result<Page> {
        for _ in 0..hops {
            if !matches!(page.status, StatusCode::FOUND | StatusCode::SEE_OTHER) {
                return Ok(page);
            }
            let status = page.status;
            page = self.follow(&page, status).await?;
        }
        Err(format!("{}: more than {hops} redirects", self.who))
    }

    /// Does what the browser does with an auto-submitting page: the page
    /// holds exactly one form, a script submits it by its id, and the
    /// browser POSTs the form's hidden fields, urlencoded, to its action.
    pub async fn submit_auto_form(&self, page: &Page) -> Result<(Form, Page)> {
        let form = page.auto_submit_form()?;
        let next = self.submit(&form).await?;
        Ok((form, next))
    }
}

impl Page {
    async fn read(reply: reqwest::Response) -> Result<Page> {
        let url = reply.url().clone();
        let status = reply.status();
        let location = reply
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = reply
            .text()
            .await
            .map_err(|e| format!("reading {url}: {e}"))?;
        Ok(Page {
            url,
            status,
            location,
            body,
        })
    }

    /// Fails with the page's heading and text unless the status is `want`.
    pub fn expect_status(&self, want: StatusCode) -> Result<&Self> {
        if self.status == want {
            Ok(self)
        } else {
            Err(format!(
                "{}: status {} (wanted {want}); heading {:?}; text: {}",
                self.url,
                self.status,
                self.heading(),
                self.text_of("main")
                    .join(" ")
                    .chars()
                    .take(400)
                    .collect::<String>()
            ))
        }
    }

    /// Where this redirect goes, resolved; the status must be `expected`.
    pub fn redirect_target(&self, expected: StatusCode) -> Result<Url> {
        self.expect_status(expected)?;
        let location = self
            .location
            .as_deref()
            .ok_or_else(|| format!("{}: {expected} without Location", self.url))?;
        self.url
            .join(location)
            .map_err(|e| format!("{}: bad Location {location:?}: {e}", self.url))
    }

    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// The text of every element matching `css`, whitespace collapsed.
    pub fn text_of(&self, css: &str) -> Vec<String> {
        let html = self.html();
        html.select(&selector(css)).map(text).collect()
    }

    /// The first `h1`, if any.
    pub fn heading(&self) -> Option<String> {
        self.text_of("h1").into_iter().next()
    }

    /// Every link as (text, resolved URL).
    pub fn links(&self) -> Vec<(String, Url)> {
        let html = self.html();
        html.select(&selector("a[href]"))
            .filter_map(|a| {
                let href = a.value().attr("href")?;
                Some((text(a), self.url.join(href).ok()?))
            })
            .collect()
    }

    /// The link whose text is `wanted` (exactly, after collapsing spaces).
    pub fn link(&self, wanted: &str) -> Result<Url> {
        self.links()
            .into_iter()
            .find(|(t, _)| t == wanted)
            .map(|(_, url)| url)
            .ok_or_else(|| format!("{}: no link {wanted:?}", self.url))
    }

    /// The `dt`/`dd` pairs of every definition list, in order.
    pub fn definitions(&self) -> Vec<(String, String)> {
        let html = self.html();
        html.select(&selector("dl"))
            .flat_map(|dl| {
                let terms: Vec<String> = dl.select(&selector("dt")).map(text).collect();
                let details: Vec<String> = dl.select(&selector("dd")).map(text).collect();
                terms.into_iter().zip(details).collect::<Vec<_>>()
            })
            .collect()
    }

    /// The detail of the definition term `term`.
    pub fn definition(&self, term: &str) -> Option<String> {
        self.definitions()
            .into_iter()
            .find(|(t, _)| t == term)
            .map(|(_, d)| d)
    }

    /// Every form on the page.
    pub fn forms(&self) -> Vec<Form> {
        let html = self.html();
        html.select(&selector("form"))
            .filter_map(|f| self.form_of(f))
            .collect()
    }

    /// The form whose action path is `path` (e.g. `/cart/3/submit`).
    pub fn form_to(&self, path: &str) -> Result<Form> {
        let mut found = self.forms().into_iter().filter(|f| f.action.path() == path);
        let form = found
            .next()
            .ok_or_else(|| format!("{}: no form posting to {path}", self.url))?;
        Ok(form)
    }

    /// The forms with a submit button labelled `label`.
    pub fn forms_with_button(&self, label: &str) -> Vec<Form> {
        self.forms()
            .into_iter()
            .filter(|f| f.buttons.iter().any(|b| b == label))
            .collect()
    }

    /// Rows of the first table matching `css`, each as its cells' texts
    /// (body rows only).
    pub fn table_rows(&self, css: &str) -> Vec<Vec<String>> {
        let html = self.html();
        let Some(table) = html.select(&selector(css)).next() else {
            return Vec::new();
        };
        table
            .select(&selector("tbody tr"))
            .map(|row| row.select(&selector("td")).map(text).collect())
            .collect()
    }

    /// The one form an auto-submitting page posts by script.
    pub fn auto_submit_form(&self) -> Result<Form> {
        let forms = self.forms();
        let [form] = forms.as_slice() else {
            return Err(format!(
                "{}: an auto-submitting page has one form, this one has {}",
                self.url,
                forms.len()
            ));
        };
        let id = form
            .id
            .as_deref()
            .ok_or_else(|| format!("{}: the form has no id to submit it by", self.url))?;
        let scripts = self.text_of("script");
        let submits = scripts
            .iter()
            .any(|s| s.contains(&format!("getElementById(\"{id}\")")) && s.contains(".submit()"));
        if !submits {
            return Err(format!(
                "{}: no script submits form #{id}: {scripts:?}",
                self.url
            ));
        }
        if form.method != "post" {
            return Err(format!(
                "{}: the form's method is {}",
                self.url, form.method
            ));
        }
        Ok(form.clone())
    }

    fn form_of(&self, form: ElementRef<'_>) -> Option<Form> {
        let element = form.value();
        let action = self.url.join(element.attr("action").unwrap_or("")).ok()?;
        let method = element.attr("method").unwrap_or("get").to_ascii_lowercase();
        let mut fields = Vec::new();
        let mut buttons = Vec::new();
        for control in form.select(&selector("input, textarea, select, button")) {
            let c = control.value();
            let name = c.attr("name");
            match c.name() {
                "button" => {
                    if c.attr("type")
                        .is_none_or(|t| t.eq_ignore_ascii_case("submit"))
                    {
                        buttons.push(text(control));
                    }
                }
                "textarea" => {
                    if let Some(name) = name {
                        fields.push((name.to_owned(), control.text().collect()));
                    }
                }
                "select" => {
                    let chosen = control
                        .select(&selector("option[selected]"))
                        .next()
                        .or_else(|| control.select(&selector("option")).next());
                    if let (Some(name), Some(option)) = (name, chosen) {
                        let value = option
                            .value()
                            .attr("value")
                            .map_or_else(|| text(option), str::to_owned);
                        fields.push((name.to_owned(), value));
                    }
                }
                _ => {
                    let kind = c.attr("type").unwrap_or("text").to_ascii_lowercase();
                    let checkable = kind == "checkbox" || kind == "radio";
                    if kind == "submit" {
                        buttons.push(c.attr("value").unwrap_or("Submit").to_owned());
                        continue;
                    }
                    if checkable && c.attr("checked").is_none() {
                        continue;
                    }
                    if let Some(name) = name {
                        let default = if checkable { "on" } else { "" };
                        let value = c.attr("value").unwrap_or(default);
                        fields.push((name.to_owned(), value.to_owned()));
                    }
                }
            }
        }
        Some(Form {
            id: element.attr("id").map(str::to_owned),
            method,
            action,
            fields,
            buttons,
        })
    }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|err| panic!("bad selector {css:?} in a test: {err}"))
}

/// Elements that a browser's rendered text separates from their
/// neighbours (an approximation of `innerText`).
const BREAKING: &[&str] = &[
    "br", "p", "div", "li", "tr", "td", "th", "dt", "dd", "h1", "h2", "h3", "section", "table",
];

/// An element's text as a person reads it: adjacent inline text joined,
/// line breaks and block boundaries as one space, runs of whitespace
/// collapsed.
fn text(element: ElementRef<'_>) -> String {
    let mut all = String::new();
    for node in element.descendants() {
        match node.value() {
            Node::Text(text) => all.push_str(text),
            Node::Element(e) if BREAKING.contains(&e.name()) => all.push(' '),
            _ => {}
        }
    }
    all.split_whitespace().collect::<Vec<_>>().join(" ")
}
