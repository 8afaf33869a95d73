//! PunchOut rules visible in one document: secrets in a cart (CX020),
//! a setup response with an error status (CX030), and an edit session
//! answered with an empty cart (CX032, needs the session's operation).

use super::{Finding, RuleContext, RuleId, SessionOperation};
use crate::tree::Index;

pub(super) fn check(doc: &Index<'_>, ctx: &RuleContext, out: &mut Vec<Finding>) {
    let carts = doc.find_all("PunchOutOrderMessage");
    if !carts.is_empty() {
        secrets_in_cart(doc, out);
    }
    if ctx.session_operation == Some(SessionOperation::Edit) {
        for &cart in &carts {
            if cart.child("ItemIn").is_none() {
                out.push(Finding::at(
                    RuleId::Cx032,
                    cart,
                    "an edit session was answered with an empty cart",
                ));
            }
        }
    }
    setup_response_with_error(doc, out);
}

/// CX020: a cart crosses the user's browser, so any secret in it leaks.
fn secrets_in_cart(doc: &Index<'_>, out: &mut Vec<Finding>) {
    for name in ["SharedSecret", "CredentialMac"] {
        for el in doc.named(name) {
            out.push(Finding::at(
                RuleId::Cx020,
                el,
                format!(
                    "<{}> in a PunchOutOrderMessage, which travels through the user's browser",
                    el.name()
                ),
            ));
        }
    }
}

/// CX030: an error Status must come alone.
fn setup_response_with_error(doc: &Index<'_>, out: &mut Vec<Finding>) {
    for response in doc.find_all("Response") {
        let (Some(setup), Some(status)) = (
            response.child("PunchOutSetupResponse"),
            response.child("Status"),
        ) else {
            continue;
        };
        let code = status.attr("code").unwrap_or_default().trim();
        if !is_2xx(code) {
            out.push(Finding::at(
                RuleId::Cx030,
                setup,
                format!("PunchOutSetupResponse sent with Status code `{code}`"),
            ));
        }
    }
}

fn is_2xx(code: &str) -> bool {
    code.parse::<u16>().is_ok_and(|c| (200..300).contains(&c))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{envelope, only};
    use super::*;

    const HEADER: &str = "<Header><From/><To/><Sender><Credential domain=\"d\"><Identity>i</Identity>SECRET</Credential><UserAgent>u</UserAgent></Sender></Header>";

    fn cart(secret: &str, items: &str) -> String {
        envelope(&format!(
            "{}<Message deploymentMode=\"test\"><PunchOutOrderMessage><BuyerCookie>c</BuyerCookie>\
             <PunchOutOrderMessageHeader operationAllowed=\"edit\"><Total><Money currency=\"USD\">0</Money></Total></PunchOutOrderMessageHeader>\
             {items}</PunchOutOrderMessage></Message>",
            HEADER.replace("SECRET", secret)
        ))
    }

    #[test]
    fn cx020_secret_in_cart() {
        let ctx = RuleContext::default();
        assert!(only(&cart("", ""), &ctx, RuleId::Cx020).is_empty());
        let found = only(
            &cart("<SharedSecret>s3cret</SharedSecret>", ""),
            &ctx,
            RuleId::Cx020,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "/cXML/Header/Sender/Credential/SharedSecret");
        assert!(!found[0].message.contains("s3cret"));
        // The same secret in a setup request is expected, not a finding.
        let setup = envelope(&format!(
            "{}<Request deploymentMode=\"test\"><PunchOutSetupRequest operation=\"create\"/></Request>",
            HEADER.replace("SECRET", "<SharedSecret>s</SharedSecret>")
        ));
        assert!(only(&setup, &ctx, RuleId::Cx020).is_empty());
    }

    #[test]
    fn cx030_setup_response_with_error_status() {
        let ctx = RuleContext::default();
        let ok = envelope(
            "<Response><Status code=\"200\" text=\"OK\"/><PunchOutSetupResponse><StartPage><URL>https://s/x</URL></StartPage></PunchOutSetupResponse></Response>",
        );
        assert!(only(&ok, &ctx, RuleId::Cx030).is_empty());
        let bad = ok.replace("code=\"200\"", "code=\"401\"");
        let found = only(&bad, &ctx, RuleId::Cx030);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "/cXML/Response/PunchOutSetupResponse");
        let alone = envelope("<Response><Status code=\"401\" text=\"Unauthorized\"/></Response>");
        assert!(only(&alone, &ctx, RuleId::Cx030).is_empty());
    }

    #[test]
    fn cx032_edit_answered_with_empty_cart() {
        let edit = RuleContext {
            session_operation: Some(SessionOperation::Edit),
            ..RuleContext::default()
        };
        let empty = cart("", "");
        assert_eq!(only(&empty, &edit, RuleId::Cx032).len(), 1);
        assert!(only(&empty, &RuleContext::default(), RuleId::Cx032).is_empty());
        let full = cart("", "<ItemIn quantity=\"1\"/>");
        assert!(only(&full, &edit, RuleId::Cx032).is_empty());
    }
}
