//! A browser for the Ariba end-to-end test: reqwest with a cookie jar that
//! follows redirects as a browser does, and HTML read with `scraper` (a
//! maintained HTML5 parser), never with string searches. Kept apart from
//! `scenarios::support` so the Coupa loop's helpers can grow independently.
#![allow(dead_code, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use scraper::{ElementRef, Html, Selector};

/// A page as the browser ended up on it.
pub struct Page {
    pub url: String,
    pub status: u16,
    pub html: Html,
}

impl Page {
    /// The elements matching a CSS selector.
    pub fn select(&self, css: &str) -> Vec<ElementRef<'_>> {
        let selector = Selector::parse(css).unwrap();
        self.html.select(&selector).collect()
    }

    /// The first form whose `action` ends with `suffix`.
    pub fn form(&self, suffix: &str) -> Option<Form> {
        self.select("form")
            .into_iter()
            .find(|f| {
                f.value()
                    .attr("action")
                    .is_some_and(|a| a.ends_with(suffix))
            })
            .map(|f| Form::of(&f))
    }

    /// The text of the first element matching `css`, trimmed.
    pub fn text(&self, css: &str) -> Option<String> {
        self.select(css)
            .first()
            .map(|e| e.text().collect::<String>().trim().to_owned())
    }
}

/// A form's action and its hidden and named inputs.
#[derive(Debug, Clone)]
pub struct Form {
    pub action: String,
    pub fields: Vec<(String, String)>,
}

impl Form {
    pub fn of(form: &ElementRef<'_>) -> Self {
        let input = Selector::parse("input[name]").unwrap();
        Form {
            action: form.value().attr("action").unwrap_or_default().to_owned(),
            fields: form
                .select(&input)
                .map(|i| {
                    let attr = |name| i.value().attr(name).unwrap_or_default().to_owned();
                    (attr("name"), attr("value"))
                })
                .collect(),
        }
    }

    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One person's browser: cookies kept, redirects followed.
pub struct Browser {
    http: reqwest::Client,
}

impl Browser {
    pub fn new() -> Self {
        Browser {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap(),
        }
    }

    async fn page(reply: reqwest::Response) -> Page {
        let url = reply.url().to_string();
        let status = reply.status().as_u16();
        let html = Html::parse_document(&reply.text().await.unwrap());
        Page { url, status, html }
    }

    pub async fn get(&self, url: &str) -> Page {
        Self::page(self.http.get(url).send().await.unwrap()).await
    }

    /// Submits `form` as found on a page at `base` (relative actions are
    /// resolved against it).
    pub async fn submit(&self, base: &str, form: &Form) -> Page {
        let url = reqwest::Url::parse(base)
            .unwrap()
            .join(&form.action)
            .unwrap();
        let reply = self.http.post(url).form(&form.fields).send().await.unwrap();
        Self::page(reply).await
    }

    /// Signs in to the buyer system at `base` as `email` through its
    /// sign-in page.
    pub async fn sign_in(&self, base: &str, email: &str) -> Page {
        let page = self.get(&format!("{base}/signin")).await;
        let form = page
            .select("form")
            .into_iter()
            .map(|f| Form::of(&f))
            .find(|f| f.action == "/signin" && f.field("email") == Some(email))
            .unwrap_or_else(|| panic!("no sign-in button for {email}"));
        self.submit(&page.url, &form).await
    }

    pub async fn json(&self, url: &str) -> serde_json::Value {
        self.http
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

/// Polls `probe` until it gives a value or `deadline` passes.
pub async fn eventually<T, F, Fut>(deadline: Duration, mut probe: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let until = Instant::now() + deadline;
    loop {
        if let Some(value) = probe().await {
            return Some(value);
        }
        if Instant::now() >= until {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
