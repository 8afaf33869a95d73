//! The auto-submitting page that carries a cart back to the buyer.
//!
//! The page is tiny and fixed, so it is assembled here rather than through a
//! template engine; every value that comes from outside goes through
//! [`html_escape`], which is safe both in text and in quoted attributes.

use std::fmt::Write as _;

use super::codec::{encode_base64, encode_urlencoded};
use super::{FormEncoding, TransportError};

/// Escapes `& < > " '` so the value is inert in element text and in a
/// double- or single-quoted attribute.
pub fn html_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 16);
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A complete HTML5 page that POSTs the document to `action_url` (the
/// buyer's BrowserFormPost URL) as soon as it loads; browsers without
/// JavaScript get a visible button instead.
///
/// The URL arrives in the buyer's setup request, so it is checked: only an
/// absolute `http`/`https` URL is accepted, never `javascript:` or `data:`.
/// For [`FormEncoding::UrlEncoded`] the bytes are read as UTF-8 (invalid
/// sequences become U+FFFD) and converted to US-ASCII with character
/// references.
pub fn auto_submit_form(
    action_url: &str,
    encoding: FormEncoding,
    doc_bytes: &[u8],
) -> Result<String, TransportError> {
    if !is_http_url(action_url) {
        return Err(TransportError::UnsafeActionUrl);
    }
    let value = match encoding {
        FormEncoding::Base64 => encode_base64(doc_bytes),
        FormEncoding::UrlEncoded => encode_urlencoded(&String::from_utf8_lossy(doc_bytes)),
    };
    let mut page = String::with_capacity(value.len() + 1024);
    // Writing to a String cannot fail.
    let _ = write!(
        page,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Returning your cart</title>
</head>
<body>
<form id="cxml-return" method="post" action="{action}" accept-charset="UTF-8">
<input type="hidden" name="{field}" value="{value}">
<p>Returning your cart to your procurement system&hellip;</p>
<noscript><p><button type="submit">Return cart</button></p></noscript>
</form>
<script>{script}</script>
</body>
</html>
"#,
        action = html_escape(action_url),
        field = encoding.field_name(),
        value = html_escape(&value),
        script = SUBMIT_SCRIPT,
    );
    Ok(page)
}

/// The one script of the auto-submitting page.
const SUBMIT_SCRIPT: &str = r#"document.getElementById("cxml-return").submit();"#;

/// The Content-Security-Policy for a page of [`auto_submit_form`]: only
/// its own submitting script runs (named by its hash), the form may post
/// to the buyer's http(s) URL, nothing else loads.
pub fn auto_submit_policy() -> &'static str {
    static POLICY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        use base64::Engine;
        use sha2::Digest;
        let hash = sha2::Sha256::digest(SUBMIT_SCRIPT.as_bytes());
        format!(
            "default-src 'none'; script-src 'sha256-{}'; form-action http: https:; \
             base-uri 'none'; frame-ancestors 'none'",
            base64::engine::general_purpose::STANDARD.encode(hash)
        )
    });
    &POLICY
}

/// An absolute http(s) URL with a host and no whitespace or control
/// characters.
fn is_http_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    let host_ends = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    host_ends > 0 && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_dangerous() {
        assert_eq!(
            html_escape(r#"a&b<c>"d"'e'"#),
            "a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;"
        );
    }

    #[test]
    fn builds_a_self_submitting_page() {
        let page = auto_submit_form(
            "https://buyer.example/punchout?a=1&b=2",
            FormEncoding::Base64,
            b"<cXML/>",
        );
        let page = page.unwrap_or_default();
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains(r#"action="https://buyer.example/punchout?a=1&amp;b=2""#));
        assert!(page.contains(r#"name="cxml-base64" value="PGNYTUwvPg==""#));
        assert!(page.contains(".submit()"));
        assert!(page.contains("<button type=\"submit\">"));
    }

    #[test]
    fn urlencoded_value_is_ascii_and_escaped() {
        let page = auto_submit_form(
            "http://b.example/x",
            FormEncoding::UrlEncoded,
            "<a t=\"é\"/>".as_bytes(),
        );
        let page = page.unwrap_or_default();
        assert!(
            page.contains(r#"name="cxml-urlencoded" value="&lt;a t=&quot;&amp;#xE9;&quot;/&gt;""#)
        );
    }

    #[test]
    fn hostile_document_stays_inert() {
        let doc = br#"<cXML a=""><script>alert(1)</script>'"#;
        let page = auto_submit_form("https://b.example/", FormEncoding::UrlEncoded, doc);
        let page = page.unwrap_or_default();
        assert_eq!(page.matches("<script>").count(), 1, "{page}");
        assert!(!page.contains("\"><"));
    }

    #[test]
    fn refuses_non_http_action_urls() {
        for url in [
            "javascript:alert(1)",
            "data:text/html,x",
            "//evil",
            "https://",
            "http://a b",
            "",
        ] {
            assert_eq!(
                auto_submit_form(url, FormEncoding::Base64, b"<a/>"),
                Err(TransportError::UnsafeActionUrl),
                "{url}"
            );
        }
        assert!(auto_submit_form("HTTPS://Buyer.example", FormEncoding::Base64, b"<a/>").is_ok());
    }
}
