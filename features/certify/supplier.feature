Feature: A supplier's PunchOut site certified for each buyer platform
  The checks of `procsim certify supplier` (docs/certify.md), run from
  `cargo test -p scenarios --test certify`. With PROCSIM_SUPPLIER_SETUP_URL
  and its companions set, they judge that supplier and run only the rows of
  PROCSIM_SUPPLIER_PLATFORM, the @cart scenarios only when
  PROCSIM_SUPPLIER_CART_RECIPE names a recipe to shop by, and never the
  rows tagged @invoices; without them, each scenario certifies procsim's
  own marketplace with the seeded identities.

  Scenario Outline: the supplier passes every setup check for <platform>
    When procsim certifies the supplier as <platform> without a cart
    Then CERT-PROFILE-001, CERT-SETUP-001, CERT-SETUP-002, CERT-SETUP-003, CERT-SETUP-004, CERT-SETUP-005 and CERT-SETUP-008 pass
    And the cart, edit, inspect and order checks are skipped, each saying why

    @coupa
    Examples: Coupa
      | platform |
      | coupa    |

    @ariba
    Examples: Ariba
      | platform |
      | ariba    |

  Scenario Outline: the supplier refuses what <platform> relies on being refused
    When procsim certifies the supplier as <platform> without a cart
    Then CERT-SETUP-001 passes
    And CERT-AUTH-001, CERT-AUTH-002, CERT-AUTH-003, CERT-REQ-001 and CERT-REQ-002 pass

    @coupa
    Examples: Coupa
      | platform |
      | coupa    |

    @ariba
    Examples: Ariba
      | platform |
      | ariba    |

  Scenario Outline: the supplier takes the variants of a setup request <platform> may send
    When procsim certifies the supplier as <platform> without a cart
    Then CERT-SETUP-001 passes
    And <variants> pass

    @coupa
    Examples: Coupa
      | platform | variants                                                                                             |
      | coupa    | CERT-TOL-001, CERT-TOL-002, CERT-TOL-003, CERT-TOL-004, CERT-TOL-005, CERT-TOL-006 and CERT-TOL-007 |

    @ariba
    Examples: Ariba, which always writes deploymentMode (no CERT-TOL-006)
      | platform | variants                                                                               |
      | ariba    | CERT-TOL-001, CERT-TOL-002, CERT-TOL-003, CERT-TOL-004, CERT-TOL-005 and CERT-TOL-007 |

  @cart
  Scenario Outline: a cart from the supplier's site passes the cart, edit, inspect and order checks for <platform>
    When a person shops at the supplier while procsim certifies it as <platform>
    Then CERT-CART-001, CERT-CART-002, CERT-CART-003, CERT-CART-004, CERT-CART-005, CERT-CART-006, CERT-CART-007, CERT-CART-008 and CERT-CART-009 pass
    And CERT-SETUP-006, CERT-SETUP-007, CERT-SETUP-009 and CERT-SETUP-010 pass
    And CERT-ORDER-001, CERT-ORDER-002 and CERT-ORDER-003 pass
    And every check the <platform> profile uses passes
    And the supplier is certified

    @coupa
    Examples: Coupa
      | platform |
      | coupa    |

    @ariba
    Examples: Ariba
      | platform |
      | ariba    |

  @cart @invoices
  Scenario Outline: the invoices of a certified order pass the invoice checks for <platform>
    When a person shops at the supplier while procsim certifies it as <platform> with its invoices
    Then CERT-ORDER-001 passes
    And CERT-INV-001, CERT-INV-002, CERT-INV-003, CERT-INV-004, CERT-INV-005, CERT-INV-006 and CERT-INV-007 pass
    And the supplier is certified

    @coupa
    Examples: Coupa
      | platform |
      | coupa    |

    @ariba
    Examples: Ariba, its connection given the network's invoice endpoint
      | platform |
      | ariba    |
