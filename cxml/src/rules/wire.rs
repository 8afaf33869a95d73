//! Transport rules: non-ASCII in `cxml-urlencoded` (CX050), double URL
//! encoding (CX051, reported by the transport), byte-order mark (CX052).

use super::{Arrival, Finding, RuleContext, RuleId};
use crate::transport::FormEncoding;
use crate::tree::Document;

pub(super) fn check(doc: &Document, ctx: &RuleContext, out: &mut Vec<Finding>) {
    let urlencoded = ctx.arrival == Some(Arrival::Form(FormEncoding::UrlEncoded));
    if let (true, Some(at)) = (urlencoded, doc.first_non_ascii) {
        let mut finding = Finding::at(
            RuleId::Cx050,
            doc.root(),
            format!(
                "non-ASCII character at line {}, column {} in a cxml-urlencoded document",
                at.line, at.column
            ),
        );
        // Located at the character, not at an element: give the path here.
        finding.path = format!("/{}", doc.root().name());
        finding.line = at.line;
        finding.column = at.column;
        out.push(finding);
    }
    if ctx.double_url_encoded {
        out.push(Finding::at(
            RuleId::Cx051,
            doc.root(),
            "the cxml-urlencoded field was URL-encoded twice",
        ));
    }
    if doc.bom {
        let mut finding = Finding::at(
            RuleId::Cx052,
            doc.root(),
            "the document starts with a UTF-8 byte-order mark",
        );
        finding.path = format!("/{}", doc.root().name());
        finding.line = 1;
        finding.column = 1;
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{envelope, only};
    use super::*;

    fn url_ctx() -> RuleContext {
        RuleContext {
            arrival: Some(Arrival::Form(FormEncoding::UrlEncoded)),
            ..RuleContext::default()
        }
    }

    #[test]
    fn cx050_non_ascii_in_urlencoded() {
        let xml =
            envelope("<Response><Status code=\"200\" text=\"OK\">caf\u{e9}</Status></Response>");
        let found = only(&xml, &url_ctx(), RuleId::Cx050);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].column), (4, 43));
        let base64 = RuleContext {
            arrival: Some(Arrival::Form(FormEncoding::Base64)),
            ..RuleContext::default()
        };
        assert!(only(&xml, &base64, RuleId::Cx050).is_empty());
        let refs = xml.replace('\u{e9}', "&#xE9;");
        assert!(only(&refs, &url_ctx(), RuleId::Cx050).is_empty());
    }

    #[test]
    fn cx051_double_encoding_comes_from_the_context() {
        let xml = envelope("<Response/>");
        assert!(only(&xml, &url_ctx(), RuleId::Cx051).is_empty());
        let ctx = RuleContext {
            double_url_encoded: true,
            ..url_ctx()
        };
        assert_eq!(only(&xml, &ctx, RuleId::Cx051).len(), 1);
    }

    #[test]
    fn cx052_byte_order_mark() {
        let xml = envelope("<Response/>");
        assert!(only(&xml, &RuleContext::default(), RuleId::Cx052).is_empty());
        let found = only(
            &format!("\u{feff}{xml}"),
            &RuleContext::default(),
            RuleId::Cx052,
        );
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].column), (1, 1));
    }
}
