//! The HTTP headers of an exchange, as the journal keeps them: both
//! directions' lines in the order they travelled, bounded, and masked
//! before they are stored. Credentials in headers are hidden by name
//! (`Authorization: Basic ***`, cookies), and every value also goes
//! through the journal's masker, so a known shared secret is hidden
//! wherever it stands.

use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};

/// The most header lines kept per direction.
pub const MAX_HEADERS: usize = 64;
/// The most bytes kept of one header value.
pub const MAX_VALUE_BYTES: usize = 1024;

/// Headers whose values are credentials: never stored.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
];

/// What was sent and received over HTTP besides the bodies.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct HttpHeaders {
    /// The request's header lines (name, value).
    pub request: Vec<(String, String)>,
    /// The response's header lines, when a response came.
    pub response: Vec<(String, String)>,
}

impl HttpHeaders {
    /// The lines of `request` and `response` (none when no answer came).
    pub fn of(request: &HeaderMap, response: Option<&HeaderMap>) -> Self {
        HttpHeaders {
            request: lines(request),
            response: response.map(lines).unwrap_or_default(),
        }
    }

    /// The same with credential headers hidden and every value passed
    /// through `mask`, cut to the bounds.
    pub(super) fn masked(self, mask: impl Fn(&[u8]) -> Vec<u8>) -> Self {
        let clean = |lines: Vec<(String, String)>| {
            lines
                .into_iter()
                .take(MAX_HEADERS)
                .map(|(name, value)| {
                    let value = hide_credential(&name, &value)
                        .unwrap_or_else(|| String::from_utf8_lossy(&mask(value.as_bytes())).into());
                    (name, cut(value))
                })
                .collect()
        };
        HttpHeaders {
            request: clean(self.request),
            response: clean(self.response),
        }
    }
}

fn lines(map: &HeaderMap) -> Vec<(String, String)> {
    map.iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect()
}

/// A credential header's value with the credential replaced: the scheme
/// of an `Authorization` (`Basic ***`), only `***` for the others.
fn hide_credential(name: &str, value: &str) -> Option<String> {
    let name = name.to_ascii_lowercase();
    if !SECRET_HEADERS.contains(&name.as_str()) {
        return None;
    }
    let scheme = value
        .split_once(' ')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| name.ends_with("authorization") && scheme.len() <= 20);
    Some(match scheme {
        Some(scheme) => format!("{scheme} ***"),
        None => "***".to_owned(),
    })
}

fn cut(mut value: String) -> String {
    if value.len() > MAX_VALUE_BYTES {
        let mut end = MAX_VALUE_BYTES;
        while !value.is_char_boundary(end) {
            end -= 1;
        }
        value.truncate(end);
        value.push('…');
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_hidden_by_name_and_known_secrets_anywhere() {
        let mut request = HeaderMap::new();
        request.insert(
            "authorization",
            "Basic dXNlcjpzM2NyZXQ=".parse().expect("value"),
        );
        request.insert("cookie", "session=abc".parse().expect("value"));
        request.insert("x-note", "uses s3cret here".parse().expect("value"));
        request.insert("content-type", "text/xml".parse().expect("value"));
        let headers = HttpHeaders::of(&request, None).masked(|raw| {
            String::from_utf8_lossy(raw)
                .replace("s3cret", "***")
                .into_bytes()
        });
        let value = |name: &str| {
            headers
                .request
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(value("authorization"), Some("Basic ***"));
        assert_eq!(value("cookie"), Some("***"));
        assert_eq!(value("x-note"), Some("uses *** here"));
        assert_eq!(value("content-type"), Some("text/xml"));
        assert!(headers.response.is_empty());
    }

    #[test]
    fn lines_and_values_are_bounded() {
        let mut request = HeaderMap::new();
        for i in 0..100 {
            let name: axum::http::HeaderName = format!("x-h{i}").parse().expect("name");
            let value = axum::http::HeaderValue::from_bytes("é".repeat(2000).as_bytes());
            request.insert(name, value.expect("value"));
        }
        let headers = HttpHeaders::of(&request, Some(&HeaderMap::new())).masked(<[u8]>::to_vec);
        assert_eq!(headers.request.len(), MAX_HEADERS);
        assert!(
            headers
                .request
                .iter()
                .all(|(_, v)| v.len() <= MAX_VALUE_BYTES + '…'.len_utf8())
        );
    }
}
