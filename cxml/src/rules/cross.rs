//! Helpers for the rules that compare two documents of one PunchOut
//! session (CX031, CX033, CX034). The services hold both documents; these
//! pure functions say whether the pair breaks the rule.

/// CX031: the cart's BuyerCookie must echo the setup request's. Surrounding
/// whitespace is ignored (some suppliers pretty-print the element).
pub fn buyer_cookie_differs(setup_cookie: &str, cart_cookie: &str) -> bool {
    setup_cookie.trim() != cart_cookie.trim()
}

/// CX033: whether a cart's `operationAllowed` (`create`, `inspect` or
/// `edit`) permits a later setup request with `operation`. `edit` permits
/// inspect too; `create` permits neither. Unknown values permit nothing.
pub fn operation_allowed(operation_allowed: &str, operation: &str) -> bool {
    let rank = |op: &str| match op.trim() {
        "create" => Some(0),
        "inspect" => Some(1),
        "edit" => Some(2),
        _ => None,
    };
    match (rank(operation_allowed), operation.trim()) {
        (_, "create") => true,
        (Some(allowed), requested) => rank(requested).is_some_and(|r| r <= allowed),
        (None, _) => false,
    }
}

/// CX034: a line's SupplierPartAuxiliaryID changed between the cart and a
/// later edit of it (the buyer then sees a new line rather than an edit).
pub fn aux_id_changed(in_cart: Option<&str>, after_edit: Option<&str>) -> bool {
    in_cart.map(str::trim).unwrap_or_default() != after_edit.map(str::trim).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buyer_cookies() {
        assert!(!buyer_cookie_differs("abc", "\n  abc\n"));
        assert!(buyer_cookie_differs("abc", "abd"));
    }

    #[test]
    fn operations() {
        assert!(operation_allowed("edit", "edit"));
        assert!(operation_allowed("edit", "inspect"));
        assert!(operation_allowed("inspect", "inspect"));
        assert!(!operation_allowed("inspect", "edit"));
        assert!(!operation_allowed("create", "inspect"));
        assert!(operation_allowed("create", "create"));
        assert!(!operation_allowed("bogus", "edit"));
    }

    #[test]
    fn aux_ids() {
        assert!(!aux_id_changed(Some("a"), Some(" a ")));
        assert!(!aux_id_changed(None, Some("")));
        assert!(aux_id_changed(Some("a"), Some("b")));
        assert!(aux_id_changed(None, Some("b")));
    }
}
