Feature: Purchase-order management
  An account may enable either procurement-system integration or
  purchase-order management, never both; with the latter, the user types
  a PO number when subscribing to a SaaS contract and it is kept on the
  agreement and shown on the marketplace's invoices. Every change an admin
  asks for, refused ones too, is kept in the account's settings history.

  @F14
  Scenario: Integration and purchase-order management cannot both be on
    When the account admin tries to turn on purchase-order management while the Coupa connection is enabled
    Then the change is refused with 400
    And the admin is told "procurement-system integration and purchase-order management cannot both be enabled"
    And the integration is unchanged
    And the account's settings history lists the refused change by the account admin

  @F14
  Scenario: The PO number typed at subscription is kept on the agreement and appears on the invoice
    Given the account admin has disabled the Coupa connection and turned on purchase-order management
    And Coupa user Jane is also signed in to the marketplace
    When she subscribes to a SaaS product with an upfront contract in the storefront, typing PO number "ACME-PO-4711"
    Then she is subscribed at once
    And the marketplace has an agreement for it with PO number "ACME-PO-4711"
    And the account's own invoice for it shows PO number "ACME-PO-4711"
    And no cXML invoice was sent

  @F14
  Scenario: A SaaS contract without a PO number is refused and creates nothing
    Given the account admin has disabled the Coupa connection and turned on purchase-order management
    And Coupa user Jane is also signed in to the marketplace
    When she subscribes to a SaaS product with an upfront contract in the storefront, typing PO number ""
    Then the marketplace refuses the subscription with 400, saying "type the purchase order number"
    And the marketplace has no agreement

  @F14
  Scenario: The integration page refuses both at once and shows the settings unchanged
    When the account admin ticks purchase-order management on the marketplace's integration page and saves
    Then the integration page answers 400 and says "procurement-system integration and purchase-order management cannot both be enabled"
    And the integration is unchanged
    And the account's settings history lists the refused change by the account admin
