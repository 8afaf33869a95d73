//! The report as one self-contained HTML page (`--format html`): the run's
//! facts and the checks table, every value escaped by Tera. The table is
//! its own template, [`CHECKS_TEMPLATE`], which the dashboard's run page
//! includes too, so both show a check the same way.

use tera::{Context, Tera};

use crate::Report;

/// The checks table's template name and text, for a page that includes
/// it (`{% include "certify_checks.html" %}` with `report` and, to link
/// journal entries, `journal_base` in its context).
pub const CHECKS_TEMPLATE: (&str, &str) = (
    "certify_checks.html",
    include_str!("../../templates/certify_checks.html"),
);

const PAGE: (&str, &str) = ("report.html", include_str!("../../templates/report.html"));

/// The standalone page. Journal entries are named by id, or linked when
/// the run was handed to a dashboard.
pub fn html(report: &Report) -> String {
    html_of(report)
}

/// The standalone page of a report kept as JSON (the dashboard's runs).
pub fn html_of(report: &impl serde::Serialize) -> String {
    let rendered = templates().and_then(|tera| {
        let mut context = Context::new();
        context.insert("report", report);
        // A run handed to a dashboard links its exchanges there.
        let journal = serde_json::to_value(report).ok().and_then(|value| {
            value
                .pointer("/dashboard/journal")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        });
        if let Some(journal) = journal {
            context.insert("journal_base", &journal);
        }
        tera.render(PAGE.0, &context)
    });
    rendered.unwrap_or_else(|err| {
        // The templates are compiled in and tested; should one still fail,
        // say so in a page rather than panic.
        format!(
            "<!DOCTYPE html><title>procsim certify</title><p>cannot write the report: {}</p>",
            tera::escape_html(&err.to_string())
        )
    })
}

fn templates() -> tera::Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates([CHECKS_TEMPLATE, PAGE])?;
    Ok(tera)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CheckId, CheckResult, Evidence, report::Located};

    #[test]
    fn the_page_escapes_what_the_supplier_sent_and_shows_every_check() {
        let mut evidence = Evidence::said("the answer said <script>alert(1)</script>");
        evidence.http_status = Some(200);
        evidence.element = Some(Located {
            rule: Some("CX003".to_owned()),
            path: "cXML/Response/Header".to_owned(),
            line: 3,
            column: 1,
            message: "Header & Response".to_owned(),
        });
        evidence.journal_id = Some(7);
        let report = Report::new(
            "coupa",
            "http://supplier.test/?a=<b>",
            None,
            "2026-12-06T00:00:00Z".to_owned(),
            vec![
                CheckResult::fail(CheckId::Setup003, evidence),
                CheckResult::skipped(CheckId::Cart001, "no cart"),
            ],
        );
        let page = html(&report);
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"),
            "{page}"
        );
        assert!(
            page.contains("http:&#x2F;&#x2F;supplier.test&#x2F;?a=&lt;b&gt;"),
            "{page}"
        );
        assert!(
            page.contains("3:1 CX003 cXML&#x2F;Response&#x2F;Header"),
            "{page}"
        );
        assert!(page.contains("journal entry #7"), "{page}");
        assert!(
            page.contains(r#"id="CERT-SETUP-003" class="check-failed""#),
            "{page}"
        );
        assert!(
            page.contains(r#"id="CERT-CART-001" class="check-skipped""#),
            "{page}"
        );
        assert!(page.contains("Certification failed"), "{page}");
        assert!(page.contains("HTTP 200"), "{page}");
    }
}
