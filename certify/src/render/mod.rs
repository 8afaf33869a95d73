//! A [`Report`](crate::Report) for people (text, or one HTML page), machines
//! (JSON, schema in docs/certify.md) and CI (JUnit XML: one testsuite per
//! run, one testcase per check).

mod html;
mod junit;
mod text;

pub use html::{CHECKS_TEMPLATE, html, html_of};
pub use junit::junit;
pub use text::text;

/// The JSON report (docs/certify.md describes its schema).
pub fn json(report: &crate::Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|err| {
        // Serialising plain data cannot fail; say so rather than panic.
        format!("{{\"error\": \"cannot write the report: {err}\"}}")
    })
}
