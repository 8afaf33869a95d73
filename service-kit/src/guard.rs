//! What every service's responses and state-changing requests go through.
//!
//! **Cross-site requests.** Any web page a person opens could otherwise
//! change procsim's state: a form on `evil.example` posting to the
//! dashboard's reset, or to a seller's offer. Browsers say where a request
//! comes from (`Origin`, and `Sec-Fetch-Site`), so a state-changing request
//! (anything but GET, HEAD, OPTIONS) that a browser sends from a page of
//! another site is refused with 403 and changes nothing: its `Origin` is
//! not this ecosystem's, or it has none and `Sec-Fetch-Site` says
//! `cross-site` or `same-site` (ports do not count for a site). A page of this
//! ecosystem is not another site: the services post to each other through
//! the browser (a cart returned to the buyer, a redirect to Coupa), so the
//! origins of every service of this ecosystem on the host the request was
//! addressed to are allowed. Programmatic clients (curl, tests, partners'
//! servers) send no `Origin` and are not browsers' victims: they pass.
//! A route that by its nature receives other sites' form posts (a buyer's
//! BrowserFormPost URL, where a supplier's page returns the cart) is named
//! by the service and exempt.
//!
//! **Other names.** A service bound to a loopback address answers only
//! requests addressed to a loopback name (`localhost`, `127.x.x.x`,
//! `[::1]`): a page of `evil.example` whose name an attacker re-points at
//! 127.0.0.1 (DNS rebinding) would otherwise be same-origin with procsim
//! and could read what it serves (the connections' secrets) and change
//! anything. Bound to another address (`--bind`), every name is answered.
//! A service told the public URL it is reached by (a tunnel's, for a
//! buyer on another machine) also answers that URL's name, and its pages
//! there may post to it.
//!
//! **Headers.** Every response says `X-Content-Type-Options: nosniff`, and
//! an HTML page without a Content-Security-Policy of its own gets a strict
//! default one (no scripts, nothing from elsewhere).

use std::{collections::BTreeSet, sync::Arc};

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::Response,
};

use crate::look::{self, DEFAULT_CONTENT_SECURITY_POLICY, Neighbours};

/// Who may make state-changing requests from a browser.
#[derive(Clone, Debug, Default)]
pub struct SameSite {
    /// Only loopback names in `Host` (the service listens on loopback).
    loopback_only: bool,
    /// The ports of this ecosystem's web services (their pages may post to
    /// each other).
    ports: BTreeSet<u16>,
    /// Paths that take form posts from any site.
    open_paths: BTreeSet<String>,
    /// The (lower-case host, port) of each public URL the service is
    /// reached by besides its own address.
    public: BTreeSet<(String, u16)>,
}

impl SameSite {
    /// Allows the pages of every service in `neighbours`.
    pub fn with_neighbours(mut self, neighbours: &Neighbours) -> Self {
        self.ports.extend(neighbours.ports());
        self
    }

    /// Answers requests addressed to the host of `url` (an http(s) URL
    /// the service is reached by), and lets its pages there post.
    pub fn known_as(mut self, url: &str) -> Self {
        let (https, rest) = match url.strip_prefix("https://") {
            Some(rest) => (true, rest),
            None => (false, url.strip_prefix("http://").unwrap_or(url)),
        };
        let authority_end = rest.find('/').unwrap_or(rest.len());
        let (host, port) = authority(&rest[..authority_end]);
        let port = port.unwrap_or(if https { 443 } else { 80 });
        if !host.is_empty() {
            self.public.insert((host.to_ascii_lowercase(), port));
        }
        self
    }

    /// Answers only requests addressed to a loopback name.
    pub fn loopback_only(mut self) -> Self {
        self.loopback_only = true;
        self
    }

    /// Why a request addressed to another name must be refused.
    pub fn misaddressed(&self, headers: &HeaderMap) -> Option<String> {
        if !self.loopback_only {
            return None;
        }
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok())?;
        let (name, _) = authority(host);
        let public = self
            .public
            .iter()
            .any(|(known, _)| known.eq_ignore_ascii_case(name));
        (!is_loopback(name) && !public).then(|| {
            format!("this procsim listens on this machine only, and {name} is not one of its names")
        })
    }

    /// Lets any site's pages post to `path` (exact match).
    pub fn open_to_any_site(mut self, path: &str) -> Self {
        self.open_paths.insert(path.to_owned());
        self
    }

    /// Why a request must be refused, or `None` when it may go on.
    pub fn refusal(&self, method: &Method, path: &str, headers: &HeaderMap) -> Option<String> {
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
            || self.open_paths.contains(path)
        {
            return None;
        }
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(authority);
        match headers.get(header::ORIGIN).map(HeaderValue::to_str) {
            Some(Ok(origin)) if self.admits(origin, host) => None,
            Some(Ok(origin)) => Some(format!(
                "this request came from a page of another site ({origin})"
            )),
            Some(Err(_)) => Some("this request's Origin is unreadable".to_owned()),
            // No Origin: a programmatic client, unless the browser says
            // the request crossed sites.
            None => match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
                Some("cross-site" | "same-site") => {
                    Some("this request came from a page of another site".to_owned())
                }
                _ => None,
            },
        }
    }

    /// Whether `origin` is a page of this ecosystem: the host the request
    /// was sent to, on its own port or another service's.
    fn admits(&self, origin: &str, host: Option<(&str, Option<u16>)>) -> bool {
        let Some(rest) = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
        else {
            return false; // `null`, file:, extensions…
        };
        let (origin_host, origin_port) = authority(rest);
        let Some((host, port)) = host else {
            return false;
        };
        let default_port = if origin.starts_with("https://") {
            443
        } else {
            80
        };
        let origin_port = origin_port.unwrap_or(default_port);
        if self
            .public
            .contains(&(origin_host.to_ascii_lowercase(), origin_port))
        {
            return true;
        }
        let same_host = origin_host.eq_ignore_ascii_case(host)
            || (is_loopback(origin_host) && is_loopback(host));
        same_host
            && (Some(origin_port) == port.or(Some(default_port))
                || self.ports.contains(&origin_port))
    }
}

/// `localhost`, `127.x.x.x` and `[::1]` all name this machine.
fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `host[:port]` split, with `[v6]` brackets kept on the host.
fn authority(text: &str) -> (&str, Option<u16>) {
    let text = text.trim().trim_end_matches('/');
    match text.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => match port.parse() {
            Ok(port) => (host, Some(port)),
            Err(_) => (text, None),
        },
        _ => (text, None),
    }
}

/// The middleware: refuses cross-site state changes, adds the headers.
pub async fn middleware(
    State(same_site): State<Arc<SameSite>>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(reason) = same_site.misaddressed(request.headers()) {
        tracing::info!(%reason, "request for another name refused");
        return look::error_page(
            StatusCode::MISDIRECTED_REQUEST,
            "Refused: not addressed to this machine",
            &format!("{reason}. Open it as localhost or 127.0.0.1."),
        );
    }
    if let Some(reason) =
        same_site.refusal(request.method(), request.uri().path(), request.headers())
    {
        tracing::info!(path = request.uri().path(), %reason, "cross-site request refused");
        return look::error_page(
            StatusCode::FORBIDDEN,
            "Refused: another site sent this",
            &format!(
                "procsim changes nothing for requests that web pages of other sites make \
                 your browser send: {reason}. Use the forms on procsim's own pages, or a \
                 program (curl, a test) that sends no Origin header."
            ),
        );
    }
    let mut response = next.run(request).await;
    secure_headers(&mut response);
    response
}

fn secure_headers(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CONTENT_SECURITY_POLICY),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).expect("header value"));
        }
        map
    }

    fn guard() -> SameSite {
        let mut neighbours = Neighbours::default();
        neighbours.insert("coupa", "http://127.0.0.1:7702");
        SameSite::default()
            .with_neighbours(&neighbours)
            .open_to_any_site("/punchout/return")
    }

    #[test]
    fn reads_pass_and_programs_without_origin_pass() {
        let post = Method::POST;
        assert_eq!(
            guard().refusal(
                &Method::GET,
                "/",
                &headers(&[("origin", "http://evil.example")])
            ),
            None
        );
        assert_eq!(
            guard().refusal(&post, "/reset", &headers(&[("host", "127.0.0.1:7700")])),
            None
        );
    }

    #[test]
    fn another_sites_page_is_refused() {
        let post = Method::POST;
        for origin in [
            "http://evil.example",
            "null",
            "http://127.0.0.1:9999",
            "http://localhost:9999",
            "http://127.0.0.1.evil.example:7702",
        ] {
            let h = headers(&[("host", "127.0.0.1:7700"), ("origin", origin)]);
            assert!(guard().refusal(&post, "/reset", &h).is_some(), "{origin}");
        }
        let h = headers(&[("host", "127.0.0.1:7700"), ("sec-fetch-site", "cross-site")]);
        assert!(guard().refusal(&post, "/reset", &h).is_some());
    }

    #[test]
    fn this_ecosystems_pages_pass() {
        let post = Method::POST;
        for origin in [
            "http://127.0.0.1:7700",
            "http://127.0.0.1:7702",
            "http://localhost:7702",
        ] {
            let h = headers(&[("host", "127.0.0.1:7700"), ("origin", origin)]);
            assert_eq!(guard().refusal(&post, "/reset", &h), None, "{origin}");
        }
        let h = headers(&[("host", "myhost:80"), ("origin", "http://MyHost")]);
        assert_eq!(guard().refusal(&post, "/x", &h), None);
    }

    #[test]
    fn a_service_known_by_a_public_url_answers_it_and_its_pages() {
        let known = guard()
            .loopback_only()
            .known_as("https://Procsim.example.net/");
        for host in [
            "procsim.example.net",
            "procsim.example.net:443",
            "127.0.0.1:7701",
        ] {
            assert_eq!(
                known.misaddressed(&headers(&[("host", host)])),
                None,
                "{host}"
            );
        }
        assert!(
            known
                .misaddressed(&headers(&[("host", "evil.example")]))
                .is_some()
        );
        let post = Method::POST;
        for host in ["procsim.example.net", "127.0.0.1:7701"] {
            let h = headers(&[("host", host), ("origin", "https://procsim.example.net")]);
            assert_eq!(known.refusal(&post, "/cxml", &h), None, "{host}");
        }
        for origin in [
            "http://procsim.example.net",
            "https://procsim.example.net:8443",
            "https://evil.example",
        ] {
            let h = headers(&[("host", "127.0.0.1:7701"), ("origin", origin)]);
            assert!(known.refusal(&post, "/cxml", &h).is_some(), "{origin}");
        }
    }

    #[test]
    fn a_loopback_service_answers_only_loopback_names() {
        let local = guard().loopback_only();
        for host in [
            "127.0.0.1:7700",
            "localhost:7700",
            "[::1]:7700",
            "LOCALHOST",
        ] {
            assert_eq!(
                local.misaddressed(&headers(&[("host", host)])),
                None,
                "{host}"
            );
        }
        for host in [
            "evil.example:7700",
            "rebind.evil.example",
            "192.168.1.5:7700",
        ] {
            assert!(
                local.misaddressed(&headers(&[("host", host)])).is_some(),
                "{host}"
            );
        }
        assert_eq!(
            guard().misaddressed(&headers(&[("host", "evil.example")])),
            None
        );
    }

    #[test]
    fn an_open_path_takes_any_sites_form() {
        let h = headers(&[
            ("host", "127.0.0.1:7702"),
            ("origin", "https://supplier.example"),
        ]);
        assert_eq!(guard().refusal(&Method::POST, "/punchout/return", &h), None);
    }
}
