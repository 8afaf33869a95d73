//! The rule catalogue: every CX rule of CONFORMANCE.md with its severity,
//! summary and default fix hint. One table generates the id enum, its
//! string forms and the catalogue, so they cannot drift apart.

use serde::{Deserialize, Serialize};

use super::Severity;

/// A catalogue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub id: RuleId,
    pub severity: Severity,
    pub summary: &'static str,
    /// Default one-line fix, used when a finding has no more specific one.
    pub hint: &'static str,
}

macro_rules! rule_table {
    ($($variant:ident $id:literal $severity:ident $summary:literal $hint:literal;)*) => {
        /// A rule identifier; serialises as `"CX010"`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum RuleId {
            $(#[serde(rename = $id)] $variant,)*
        }

        impl RuleId {
            /// The id as written in CONFORMANCE.md.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $id,)*
                }
            }

            /// This rule's catalogue entry.
            pub const fn info(self) -> &'static RuleInfo {
                match self {
                    $(Self::$variant => &RuleInfo {
                        id: Self::$variant,
                        severity: Severity::$severity,
                        summary: $summary,
                        hint: $hint,
                    },)*
                }
            }
        }

        static CATALOGUE: &[RuleInfo] = &[$(*RuleId::$variant.info(),)*];
    };
}

rule_table! {
    Cx001 "CX001" Error "not well-formed XML"
        "fix the XML syntax at the reported line and column";
    Cx002 "CX002" Error "not valid against the governing DTD"
        "declare only what the official DTD for this document type allows, in its order";
    Cx003 "CX003" Error "root is not cXML, or the body is not Header+Request, Header+Message or Response"
        "use <cXML> as root holding Header then Request or Message, or a Response alone";
    Cx004 "CX004" Warning "missing or non-cxml.org DOCTYPE"
        "start with <!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/<version>/cXML.dtd\">";
    Cx005 "CX005" Error "document over the 16 MiB size limit: not read"
        "split the document (receivers refuse larger ones) or send bulky content as an attachment";
    Cx006 "CX006" Error "entity expansion over the limits on references, nesting or size: not read"
        "write the text itself instead of declaring entities (cXML documents need none)";
    Cx010 "CX010" Warning "timestamp uses Z or has no UTC offset"
        "write a numeric offset, e.g. 2025-01-02T03:04:05+00:00";
    Cx011 "CX011" Error "timestamp is not ISO 8601"
        "use ISO 8601 with a numeric offset, e.g. 2025-01-02T03:04:05-08:00";
    Cx012 "CX012" Warning "deploymentMode absent: the receiver will treat it as production"
        "set deploymentMode=\"test\" or \"production\" on Request or Message";
    Cx020 "CX020" Error "shared secret in a document that travels through the browser"
        "remove SharedSecret/CredentialMac from PunchOutOrderMessage headers";
    Cx030 "CX030" Error "PunchOutSetupResponse present while Status is not 2xx"
        "send PunchOutSetupResponse only with a 2xx Status; errors carry Status alone";
    Cx031 "CX031" Error "PunchOutOrderMessage BuyerCookie differs from the setup request's"
        "echo the BuyerCookie of the PunchOutSetupRequest unchanged";
    Cx032 "CX032" Warning "edit answered with an empty cart: the buyer will delete the session's lines"
        "return the edited lines; an empty cart after edit deletes them on the buyer side";
    Cx033 "CX033" Error "edit/inspect after a cart whose operationAllowed did not allow it"
        "set operationAllowed to edit (or inspect) on carts that may be reopened";
    Cx034 "CX034" Warning "SupplierPartAuxiliaryID changed between the cart and a later edit"
        "keep SupplierPartAuxiliaryID stable for a line across edits";
    Cx040 "CX040" Error "`?`, `{` or `}` in SupplierPartID or SupplierPartAuxiliaryID"
        "remove ?, { and } from part ids (Ariba rejects them)";
    Cx041 "CX041" Warning "SupplierPartID or SupplierPartAuxiliaryID longer than 100 characters"
        "keep part ids at 100 characters or fewer";
    Cx042 "CX042" Warning "Description longer than 255 characters (truncated on the PO)"
        "shorten Description to 255 characters; put the rest in an Extrinsic or attachment";
    Cx043 "CX043" Warning "UNSPSC classification is not exactly 8 digits"
        "write the UNSPSC commodity code as 8 digits, without punctuation or prefix";
    Cx044 "CX044" Warning "UnitPrice with more than 4 decimals"
        "round UnitPrice to at most 4 decimals";
    Cx045 "CX045" Warning "UnitOfMeasure is not a UN/CEFACT Rec 20 code"
        "use a UN/CEFACT Rec 20 code such as EA, C62, HUR, MON or ANN";
    Cx046 "CX046" Error "quantity zero, negative or not a number"
        "give every line a positive decimal quantity";
    Cx047 "CX047" Error "item currencies differ, or Total does not equal the sum of lines"
        "use one currency and make Total the sum of quantity x unit price";
    Cx050 "CX050" Warning "non-ASCII characters sent as cxml-urlencoded"
        "use cxml-base64, or write non-ASCII characters as character references";
    Cx051 "CX051" Error "cxml-urlencoded value URL-encoded twice"
        "put the XML itself in the form field; the browser does the URL encoding";
    Cx052 "CX052" Warning "UTF-8 byte-order mark present (Ariba rejects)"
        "write the document without a byte-order mark";
    Cx053 "CX053" Error "DOCTYPE internal subset declares entities (platforms refuse internal subsets)"
        "write the text in place of each entity and keep only <!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/<version>/cXML.dtd\">";
    Cx054 "CX054" Warning "document not encoded in UTF-8 (platforms expect UTF-8)"
        "write the document in UTF-8 and declare encoding=\"UTF-8\"";
    Cx060 "CX060" Error "OrderRequest without orderID/orderDate, or update/delete without DocumentReference"
        "give OrderRequestHeader orderID and orderDate; updates and deletes need DocumentReference";
    Cx061 "CX061" Error "OrderRequest item never put in a cart, or changed since"
        "order only cart items, with ItemIn ids and prices carried into ItemOut";
    Cx070 "CX070" Error "invoice amounts do not add up"
        "make Subtotal the sum of lines; Gross = Subtotal+Tax+Shipping+SpecialHandling; Net = Gross-Discount; Due = Net-Deposit";
    Cx071 "CX071" Error "invoice for Coupa without the PO number in OrderReference/DocumentReference@payloadID"
        "put the PO number in InvoiceDetailOrderInfo/OrderReference/DocumentReference@payloadID";
    Cx072 "CX072" Error "credit memo without isHeaderInvoice=\"yes\" or with a non-negative DueAmount"
        "mark credit memos isHeaderInvoice=\"yes\" and make DueAmount negative";
}

/// Every rule, in id order.
pub fn catalogue() -> &'static [RuleInfo] {
    CATALOGUE
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for RuleId {
    type Err = UnknownRule;

    /// Parses `"CX010"` (case-insensitive).
    fn from_str(s: &str) -> Result<Self, UnknownRule> {
        CATALOGUE
            .iter()
            .map(|info| info.id)
            .find(|id| id.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownRule(s.to_owned()))
    }
}

/// A string that names no rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule id `{0}`")]
pub struct UnknownRule(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_ordered_and_consistent() {
        let ids: Vec<&str> = catalogue().iter().map(|r| r.id.as_str()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
        assert_eq!(ids.len(), 33);
        for info in catalogue() {
            assert_eq!(info.id.info(), info);
            assert!(!info.hint.contains('\n'));
        }
        assert_eq!(RuleId::Cx010.info().severity, Severity::Warning);
        assert_eq!(RuleId::Cx011.info().severity, Severity::Error);
    }

    #[test]
    fn ids_parse_and_serialise() {
        assert_eq!("cx047".parse::<RuleId>(), Ok(RuleId::Cx047));
        assert!("CX999".parse::<RuleId>().is_err());
        assert_eq!(
            serde_json::to_string(&RuleId::Cx052).ok().as_deref(),
            Some("\"CX052\"")
        );
        assert_eq!(RuleId::Cx003.to_string(), "CX003");
    }
}
