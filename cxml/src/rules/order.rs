//! CX060: an OrderRequest names itself (orderID, orderDate), and an update
//! or delete points at the order it changes.

use super::{Finding, RuleId};
use crate::tree::Index;

pub(super) fn check(doc: &Index<'_>, out: &mut Vec<Finding>) {
    for order in doc.find_all("OrderRequest") {
        let Some(header) = order.child("OrderRequestHeader") else {
            continue; // a missing header is a DTD error (CX002)
        };
        let missing: Vec<&str> = ["orderID", "orderDate"]
            .into_iter()
            .filter(|name| header.attr(name).is_none_or(|v| v.trim().is_empty()))
            .collect();
        if !missing.is_empty() {
            out.push(Finding::at(
                RuleId::Cx060,
                header,
                format!("OrderRequestHeader has no {}", missing.join(" or ")),
            ));
        }
        let kind = header.attr("type").unwrap_or("new").trim();
        let referenced = header
            .child("DocumentReference")
            .and_then(|r| r.attr("payloadID"))
            .is_some_and(|p| !p.trim().is_empty());
        if (kind == "update" || kind == "delete") && !referenced {
            out.push(Finding::at(
                RuleId::Cx060,
                header,
                format!("a type=\"{kind}\" order has no DocumentReference to the order it changes"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::RuleContext;
    use super::super::test_support::{envelope, only};
    use super::*;

    fn order(attrs: &str, inner: &str) -> String {
        envelope(&format!(
            "<Header/><Request deploymentMode=\"test\"><OrderRequest>\
             <OrderRequestHeader {attrs}>{inner}</OrderRequestHeader></OrderRequest></Request>"
        ))
    }

    fn messages(xml: &str) -> Vec<String> {
        only(xml, &RuleContext::default(), RuleId::Cx060)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    const IDS: &str = "orderID=\"PO-1\" orderDate=\"2025-01-01T00:00:00+00:00\"";

    #[test]
    fn complete_orders_pass() {
        assert!(messages(&order(IDS, "")).is_empty());
        let update = order(
            &format!("{IDS} type=\"update\""),
            "<DocumentReference payloadID=\"1@x\"/>",
        );
        assert!(messages(&update).is_empty());
    }

    #[test]
    fn missing_ids_are_reported() {
        assert_eq!(
            messages(&order("", "")),
            ["OrderRequestHeader has no orderID or orderDate"]
        );
        assert_eq!(
            messages(&order(
                "orderID=\" \" orderDate=\"2025-01-01T00:00:00+00:00\"",
                ""
            )),
            ["OrderRequestHeader has no orderID"]
        );
    }

    #[test]
    fn updates_need_a_reference() {
        for kind in ["update", "delete"] {
            let found = messages(&order(&format!("{IDS} type=\"{kind}\""), ""));
            assert_eq!(found.len(), 1, "{kind}");
        }
        let found = only(
            &order(&format!("{IDS} type=\"delete\""), ""),
            &RuleContext::default(),
            RuleId::Cx060,
        );
        assert_eq!(
            found[0].path,
            "/cXML/Request/OrderRequest/OrderRequestHeader"
        );
    }
}
