//! The look every service shares: one stylesheet (`GET /static/procsim.css`,
//! served locally, no CDN), the strip at the top of every page that names
//! the party and links to the others (`GET /procsim/go/{service}`, a 303 to
//! that service's URL), and the page for a route that does not exist;
//! also how every service answers with a stylesheet ([`stylesheet`]) and a
//! rendered page ([`render`]), and how it compiles its templates with the
//! strip drawn for it ([`templates`], [`templates!`](crate::templates)).
//!
//! A service's own stylesheet keeps its specifics; this one holds what must
//! look the same everywhere (the strip, party colours, error pages).
//! Links go through `/procsim/go/…` because a page is rendered by one
//! service that need not know its peers' URLs; the composer tells the
//! runner once every listener is bound ([`crate::Service::with_neighbours`]).

use std::{collections::BTreeMap, sync::Arc};

use axum::{
    Router,
    extract::Path,
    http::{StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
    routing::get,
};
use serde::Serialize;
use tera::Tera;

/// The policy of a page that sets none: its own stylesheets, nothing else.
pub const DEFAULT_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
     base-uri 'none'; frame-ancestors 'none'";

/// The shared stylesheet.
pub const STYLESHEET: &str = include_str!("../static/procsim.css");

/// Every service's base URL by name (`dashboard`, `marketplace`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Neighbours {
    urls: BTreeMap<String, String>,
}

impl Neighbours {
    /// Adds or replaces one service's base URL.
    pub fn insert(&mut self, name: impl Into<String>, url: impl Into<String>) {
        self.urls.insert(name.into(), url.into());
    }

    pub fn url(&self, name: &str) -> Option<&str> {
        self.urls.get(name).map(String::as_str)
    }

    /// The port of every service's URL that names one.
    pub fn ports(&self) -> impl Iterator<Item = u16> + '_ {
        self.urls.values().filter_map(|url| {
            let authority = url.split("://").nth(1)?.split('/').next()?;
            authority.rsplit_once(':')?.1.parse().ok()
        })
    }
}

/// `GET /static/procsim.css`, which every service's router gets.
pub fn stylesheet_routes() -> Router {
    Router::new().route(
        "/static/procsim.css",
        get(|| async { stylesheet(STYLESHEET) }),
    )
}

/// `GET /procsim/go/{service}`: a 303 to that service, or a 404 page.
pub fn neighbour_routes(neighbours: Neighbours) -> Router {
    let neighbours = Arc::new(neighbours);
    Router::new().route(
        "/procsim/go/{service}",
        get(move |Path(service): Path<String>| {
            let neighbours = Arc::clone(&neighbours);
            async move {
                match neighbours.url(&service) {
                    Some(url) => Redirect::to(&format!("{url}/")).into_response(),
                    None => error_page(
                        StatusCode::NOT_FOUND,
                        "No such service",
                        "This ecosystem has no service of that name.",
                    ),
                }
            }
        }),
    )
}

/// A service as the strip names it.
#[derive(Debug, Serialize)]
struct Party {
    /// Its name in `/procsim/go/{service}`.
    service: &'static str,
    /// The link's text.
    link: &'static str,
    /// The badge on its own pages: its name and what it plays.
    name: &'static str,
    role: &'static str,
}

/// Every service, in the strip's order.
const PARTIES: [Party; 5] = [
    Party {
        service: "dashboard",
        link: "procsim dashboard",
        name: "Dashboard",
        role: "the hub: walkthroughs, journal, clock",
    },
    Party {
        service: "marketplace",
        link: "Marketplace",
        name: "Marketplace",
        role: "supplier · PunchOut storefront",
    },
    Party {
        service: "coupa",
        link: "Coupa",
        name: "Coupa",
        role: "buyer · procurement system",
    },
    Party {
        service: "ariba",
        link: "Ariba",
        name: "Ariba",
        role: "buyer · procurement system",
    },
    Party {
        service: "mail",
        link: "Mail",
        name: "Mail",
        role: "mail sink · every notification",
    },
];

/// The strip's template, drawn once per service.
const STRIP: &str = include_str!("../templates/strip.html");

/// The name under which a service's base template includes its strip.
pub const STRIP_TEMPLATE: &str = "procsim_strip.html";

/// What every page's `<head>` starts with (charset, viewport, the shared
/// stylesheet), under the name base templates include it by.
const HEAD: (&str, &str) = ("procsim_head.html", include_str!("../templates/head.html"));

/// A service's templates, `.html` names autoescaped, with the strip drawn
/// for `service` as [`STRIP_TEMPLATE`], the head every page starts
/// with as `procsim_head.html`, and the `human_time` and `grouped`
/// filters. Fails on a template that does not parse or a service the
/// strip does not know.
pub fn templates(service: &str, own: Vec<(&str, &str)>) -> Result<Tera, tera::Error> {
    let party = PARTIES
        .iter()
        .find(|p| p.service == service)
        .ok_or_else(|| tera::Error::msg(format!("the strip knows no service {service:?}")))?;
    let mut context = tera::Context::new();
    context.insert("party", party);
    context.insert("parties", &PARTIES);
    let strip = Tera::one_off(STRIP, &context, true)?;
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.register_filter("human_time", human_time_filter);
    tera.register_filter("grouped", grouped_filter);
    let mut all = own;
    all.push((STRIP_TEMPLATE, &strip));
    all.push(HEAD);
    tera.add_raw_templates(all)?;
    Ok(tera)
}

/// An instant as a person reads it: `Sun 1 Mar 2026, 12:00:00 UTC`.
pub fn human_time(instant: jiff::Timestamp) -> String {
    instant.strftime("%a %-d %b %Y, %H:%M:%S UTC").to_string()
}

/// `amount` (a plain decimal, sign and fraction optional) with its whole part grouped by thousands:
/// `-1234567.50` is `-1,234,567.50`. Anything else comes back unchanged.
pub fn group_thousands(amount: &str) -> String {
    let (sign, unsigned) = match amount.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", amount),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !fraction.is_none_or(digits) {
        return amount.to_owned();
    }
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A cXML amount as a person reads it: `64,400.00 USD`.
pub fn money(amount: &cxml::Money) -> String {
    format!(
        "{} {}",
        group_thousands(&amount.amount().to_string()),
        amount.currency()
    )
}

/// A day as a person reads it: `Sun 1 Mar 2026` (the UTC day of `instant`).
pub fn human_date(instant: jiff::Timestamp) -> String {
    instant.strftime("%a %-d %b %Y").to_string()
}

/// `{{ at | human_time }}`, which every service's templates have: an RFC
/// 3339 instant as [`human_time`] writes it; anything else is left as it
/// is.
fn human_time_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    Ok(rewrite_instant(value, human_time))
}

/// `{{ 10000 | grouped }}` is `10,000`, as amounts and counts are shown
/// everywhere; a value that is not a plain decimal is shown as it is.
pub fn grouped_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = match value {
        tera::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    Ok(tera::Value::String(group_thousands(&text)))
}

/// `value` written by `write` when it is an RFC 3339 instant, else as it
/// is: the shape of a template filter of times.
pub fn rewrite_instant(value: &tera::Value, write: fn(jiff::Timestamp) -> String) -> tera::Value {
    let text = value.as_str().unwrap_or_default();
    tera::Value::String(match text.parse::<jiff::Timestamp>() {
        Ok(instant) => write(instant),
        Err(_) => text.to_owned(),
    })
}

/// A service's templates from its crate's `templates/` folder, compiled
/// into the binary: `templates!("mail"; "base.html", "inbox.html")` is
/// [`look::templates`](templates) with each file's text.
#[macro_export]
macro_rules! templates {
    ($service:expr; $($name:literal),* $(,)?) => {
        $crate::look::templates(
            $service,
            vec![$((
                $name,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/", $name)),
            )),*],
        )
    };
}

/// A stylesheet as a response; never cached, since it changes with the
/// binary that serves it.
pub fn stylesheet(css: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        css,
    )
        .into_response()
}

/// Renders `template` (autoescaped by the service's Tera) as a page with
/// `status` and, when given, the service's Content-Security-Policy. A
/// template that does not render is logged and answered 500 with a plain
/// text, never its internals.
pub fn render(
    tera: &tera::Tera,
    status: StatusCode,
    template: &str,
    context: &tera::Context,
    content_security_policy: Option<&'static str>,
) -> Response {
    match tera.render(template, context) {
        Ok(html) => match content_security_policy {
            Some(policy) => (
                status,
                [(header::CONTENT_SECURITY_POLICY, policy)],
                Html(html),
            )
                .into_response(),
            None => (status, Html(html)).into_response(),
        },
        Err(err) => {
            tracing::error!(?err, template, "cannot render a page");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page cannot be shown",
            )
                .into_response()
        }
    }
}

/// The answer to a path no route serves.
pub async fn not_found() -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "Page not found",
        "Nothing lives at this address. The links at the top lead to every service.",
    )
}

/// A self-contained error page in the shared look, for errors that happen
/// outside a service's own templates. `title` and `detail` are escaped.
pub fn error_page(status: StatusCode, title: &str, detail: &str) -> Response {
    let (title, detail) = (escape(title), escape(detail));
    let code = status.as_u16();
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{title} · procsim</title>\
         <link rel=\"stylesheet\" href=\"/static/procsim.css\"></head><body>\
         {BARE_STRIP}<main><section class=\"procsim-error\"><h1>{title}</h1>\
         <p class=\"procsim-status\">HTTP {code}</p><p>{detail}</p>\
         <p><a href=\"/\">Back to this service's home page</a></p></section></main></body></html>"
    );
    (
        status,
        [(
            header::CONTENT_SECURITY_POLICY,
            DEFAULT_CONTENT_SECURITY_POLICY,
        )],
        Html(html),
    )
        .into_response()
}

/// The strip without a party badge, for pages no service template renders.
const BARE_STRIP: &str = "<nav class=\"procsim-strip\" aria-label=\"procsim services\">\
    <a class=\"procsim-home\" href=\"/procsim/go/dashboard\">procsim</a>\
    <a class=\"to-marketplace\" href=\"/procsim/go/marketplace\">Marketplace</a>\
    <a class=\"to-coupa\" href=\"/procsim/go/coupa\">Coupa</a>\
    <a class=\"to-ariba\" href=\"/procsim/go/ariba\">Ariba</a>\
    <a class=\"to-mail\" href=\"/procsim/go/mail\">Mail</a></nav>";

/// HTML-escapes text for an element or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strip_names_the_service_and_marks_it_current() {
        let tera = templates(
            "ariba",
            vec![("base.html", "{% include \"procsim_strip.html\" %}")],
        )
        .unwrap();
        let html = tera.render("base.html", &tera::Context::new()).unwrap();
        assert!(html.contains(
            r#"<span class="procsim-party">Ariba <small>buyer · procurement system</small></span>"#
        ));
        assert!(html.contains(
            r#"<a href="/procsim/go/coupa">Coupa</a> <a href="/procsim/go/ariba" class="current" aria-current="page">Ariba</a> <a href="/procsim/go/mail">Mail</a></span>"#
        ));
        assert_eq!(html.matches("aria-current").count(), 1);
    }

    #[test]
    fn a_service_the_strip_does_not_know_is_refused() {
        assert!(templates("nobody", Vec::new()).is_err());
    }

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;y&#x27;"
        );
    }
}
