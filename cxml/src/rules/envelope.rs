//! Envelope rules: root and body shape (CX003), DOCTYPE (CX004),
//! timestamps and dates (CX010, CX011), deploymentMode (CX012).

use super::timestamp::{self, Stamp};
use super::{Finding, RuleId};
use crate::tree::{Document, Element};

pub(super) fn check(doc: &Document, out: &mut Vec<Finding>) {
    root_and_body(doc.root(), out);
    doctype(doc, out);
    dates(doc, out);
    deployment_mode(doc.root(), out);
}

/// Catalog documents that cXML.dtd declares as roots of their own: they
/// travel without the `cXML` envelope (e.g. an Ariba punchout catalog Index).
const CATALOG_ROOTS: &[&str] = &["Index", "Supplier", "Contract"];

/// CX003: `cXML` holding Header+Request, Header+Message, or Response (or a
/// stand-alone catalog document).
fn root_and_body(root: Element<'_>, out: &mut Vec<Finding>) {
    if CATALOG_ROOTS.contains(&root.name().as_str()) {
        return;
    }
    if root.name() != "cXML" {
        out.push(Finding::at(
            RuleId::Cx003,
            root,
            format!("root element is <{}>, not <cXML>", root.name()),
        ));
        return;
    }
    // Signatures may trail any body; they are not part of its shape.
    let body: Vec<&str> = root
        .children()
        .map(|c| c.name().as_str())
        .filter(|n| *n != "ds:Signature")
        .collect();
    let fine = matches!(
        body.as_slice(),
        ["Header", "Request"] | ["Header", "Message"] | ["Response"]
    );
    if !fine {
        let shown = if body.is_empty() {
            "empty".to_owned()
        } else {
            body.join(" + ")
        };
        out.push(Finding::at(
            RuleId::Cx003,
            root,
            format!(
                "cXML body is {shown}; expected Header + Request, Header + Message, or Response"
            ),
        ));
    }
}

/// CX004: a DOCTYPE pointing at xml.cxml.org (either spelling of the host).
fn doctype(doc: &Document, out: &mut Vec<Finding>) {
    let Some(dt) = &doc.doctype else {
        out.push(Finding::at(
            RuleId::Cx004,
            doc.root(),
            "the document has no DOCTYPE",
        ));
        return;
    };
    let Some(system_id) = &dt.system_id else {
        out.push(Finding::at(
            RuleId::Cx004,
            doc.root(),
            "the DOCTYPE has no SYSTEM identifier",
        ));
        return;
    };
    if !is_cxml_org_dtd(system_id) {
        out.push(Finding::at(
            RuleId::Cx004,
            doc.root(),
            format!("the DOCTYPE points at `{system_id}`, not at a DTD on xml.cxml.org"),
        ));
    }
}

fn is_cxml_org_dtd(system_id: &str) -> bool {
    let lower = system_id.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"));
    rest.is_some_and(|r| r.starts_with("xml.cxml.org/") && r.ends_with(".dtd"))
}

/// CX010/CX011 on `timestamp` and every `...Date` attribute.
fn dates(doc: &Document, out: &mut Vec<Finding>) {
    for (el, attr) in doc.attributes_named(|n| n == "timestamp" || n.ends_with("Date")) {
        let (name, value) = (attr.name, attr.value);
        match timestamp::classify(value) {
            Some(Stamp::WithOffset) => {}
            None => out.push(Finding::at(
                RuleId::Cx011,
                el,
                format!("{name}=\"{value}\" is not an ISO 8601 date-time"),
            )),
            Some(Stamp::Zulu) => out.push(Finding::at(
                RuleId::Cx010,
                el,
                format!("{name}=\"{value}\" uses Z; cXML requires a numeric offset"),
            )),
            Some(Stamp::NoOffset) => out.push(Finding::at(
                RuleId::Cx010,
                el,
                format!("{name}=\"{value}\" has no UTC offset"),
            )),
            Some(Stamp::DateOnly) => out.push(Finding::at(
                RuleId::Cx010,
                el,
                format!("{name}=\"{value}\" has no time or UTC offset"),
            )),
        }
    }
}

/// CX012 on the Request or Message under the root.
fn deployment_mode(root: Element<'_>, out: &mut Vec<Finding>) {
    for el in root.children() {
        if (el.name() == "Request" || el.name() == "Message") && el.attr("deploymentMode").is_none()
        {
            out.push(Finding::at(
                RuleId::Cx012,
                el,
                format!(
                    "<{}> has no deploymentMode; the receiver assumes production",
                    el.name()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::RuleContext;
    use super::super::test_support::{envelope, only};
    use super::*;

    const HEADER: &str = "<Header><From/><To/><Sender/></Header>";

    fn rules(xml: &str, rule: RuleId) -> Vec<String> {
        only(xml, &RuleContext::default(), rule)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn cx003_root_and_body() {
        let good = envelope(&format!("{HEADER}<Request deploymentMode=\"test\"/>"));
        assert!(rules(&good, RuleId::Cx003).is_empty());
        assert!(
            rules(
                &envelope("<Response><Status code=\"200\" text=\"OK\"/></Response>"),
                RuleId::Cx003
            )
            .is_empty()
        );
        assert!(
            rules(
                "<Index><SupplierID domain=\"DUNS\">1</SupplierID></Index>",
                RuleId::Cx003
            )
            .is_empty()
        );
        let wrong_root = "<cxml><Response/></cxml>";
        assert_eq!(
            rules(wrong_root, RuleId::Cx003),
            ["root element is <cxml>, not <cXML>"]
        );
        let bad_body = envelope(&format!("{HEADER}<Response/>"));
        assert_eq!(
            rules(&bad_body, RuleId::Cx003),
            [
                "cXML body is Header + Response; expected Header + Request, Header + Message, or Response"
            ]
        );
        assert_eq!(rules(&envelope(""), RuleId::Cx003).len(), 1);
    }

    #[test]
    fn cx004_doctype() {
        let good = envelope("<Response/>");
        assert!(rules(&good, RuleId::Cx004).is_empty());
        let upper = good.replace("xml.cxml.org", "xml.cXML.org");
        assert!(rules(&upper, RuleId::Cx004).is_empty());
        let local = good.replace(
            "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd",
            "cXML.dtd",
        );
        assert_eq!(rules(&local, RuleId::Cx004).len(), 1);
        let missing =
            "<cXML payloadID=\"x\" timestamp=\"2025-01-01T00:00:00+00:00\"><Response/></cXML>";
        assert_eq!(
            rules(missing, RuleId::Cx004),
            ["the document has no DOCTYPE"]
        );
        let public = "<!DOCTYPE cXML><cXML><Response/></cXML>";
        assert_eq!(
            rules(public, RuleId::Cx004),
            ["the DOCTYPE has no SYSTEM identifier"]
        );
    }

    #[test]
    fn cx010_cx011_timestamps_and_dates() {
        let good = envelope(&format!(
            "{HEADER}<Request deploymentMode=\"test\"><OrderRequest><OrderRequestHeader orderDate=\"2025-01-01T10:00:00-05:00\"/></OrderRequest></Request>"
        ));
        assert!(rules(&good, RuleId::Cx010).is_empty());
        assert!(rules(&good, RuleId::Cx011).is_empty());
        let zulu = good.replace("2025-01-02T03:04:05+01:00", "2025-01-02T03:04:05Z");
        let found = only(&zulu, &RuleContext::default(), RuleId::Cx010);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].path.as_str(), found[0].line), ("/cXML", 3));
        let naive = good.replace("2025-01-01T10:00:00-05:00", "2025-01-01");
        assert_eq!(
            rules(&naive, RuleId::Cx010),
            ["orderDate=\"2025-01-01\" has no time or UTC offset"]
        );
        let garbage = good.replace(
            "2025-01-02T03:04:05+01:00",
            "Mon May 19 18:29:48 +0000 2008",
        );
        assert_eq!(
            rules(&garbage, RuleId::Cx011),
            ["timestamp=\"Mon May 19 18:29:48 +0000 2008\" is not an ISO 8601 date-time"]
        );
    }

    #[test]
    fn cx012_deployment_mode() {
        let good = envelope(&format!("{HEADER}<Message deploymentMode=\"production\"/>"));
        assert!(rules(&good, RuleId::Cx012).is_empty());
        let found = only(
            &envelope(&format!("{HEADER}<Request/>")),
            &RuleContext::default(),
            RuleId::Cx012,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "/cXML/Request");
        assert!(rules(&envelope("<Response/>"), RuleId::Cx012).is_empty());
    }
}
