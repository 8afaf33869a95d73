Feature: Free and BYOL pre-approval
  Separate account settings pre-approve Free and BYOL products: when on,
  subscribing creates the agreement at once; when off, the request goes
  through Coupa as a 0.00 order.

  Background:
    Given Coupa user Jane is also signed in to the marketplace

  @F9
  Scenario: With Free pre-approved, subscribing to a free product creates the agreement at once
    Given the account admin has turned on Free pre-approval
    When she subscribes to a free product in the storefront
    Then she is subscribed at once
    And the marketplace has an agreement for it with no PO number
    And buyer@acme.test is mailed that the agreement for it was created

  @F9
  Scenario: With only Free pre-approved, a BYOL product goes through Coupa as a 0.00 order
    Given the account admin has turned on Free pre-approval
    When she subscribes to a BYOL product in the storefront
    Then the marketplace sends her to Coupa to raise a requisition, as a 0.00 order
    And the marketplace has no agreement
    When she punches out to the product from Coupa's page
    And she requests approval for it there
    Then Coupa's cart holds it as one Service line
    When she submits the requisition
    And the manager approves the requisition
    Then Coupa issues purchase order PO-000001
    And the marketplace has an agreement with the PO number

  @F9
  Scenario: With BYOL pre-approved, a BYOL product is subscribed at once
    Given the account admin has turned on BYOL pre-approval
    When she subscribes to a BYOL product in the storefront
    Then she is subscribed at once
    And the marketplace has an agreement for it with no PO number
