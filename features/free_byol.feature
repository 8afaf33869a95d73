Feature: Free and BYOL pre-approval
  Separate settings of a procurement connection (Coupa's or Ariba's)
  pre-approve Free and BYOL products: when on, such a product is subscribed
  at once from any path, inside a punchout and from Coupa's Open Buy search
  too, and the person is told it was auto-approved, by the marketplace and,
  once back, by the buyer's cart; when off, it goes through the buyer's
  approval as a 0.00 order.

  Background:
    Given Coupa user Jane is also signed in to the marketplace

  @F9
  Scenario: With Free pre-approved, subscribing to a free product creates the agreement at once
    Given the account admin has turned on Free pre-approval
    When she subscribes to a free product in the storefront
    Then she is subscribed at once
    And the page says it was auto-approved, without Coupa
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
    And the page says it was auto-approved, without Coupa
    And the marketplace has an agreement for it with no PO number

  @F9 @F1
  Scenario: With Free pre-approved, a free product requested inside a Coupa punchout is subscribed at once, not sent to the cart
    Given the account admin has turned on Free pre-approval
    And Coupa user Jane punches out to the marketplace
    When she presses Subscribe at once on a free product in the punchout
    Then the page says it was auto-approved, without Coupa
    And the punchout session is still open, the cart not sent
    And the marketplace has an agreement for it with no PO number
    And buyer@acme.test is mailed that the agreement for it was created
    When she goes back to Coupa with nothing to approve
    Then the marketplace sent an empty cart
    And Coupa's cart says she was subscribed at once, naming the marketplace's order
    And Coupa has no requisition and no purchase order

  @F9 @F15
  Scenario: With Free pre-approved, a free product in a test-mode punchout is recorded as a test, and Coupa's cart says so
    Given the account admin has turned on Free pre-approval
    And Coupa's admin puts its punchout site in test mode
    And Coupa user Jane punches out to the marketplace
    When she presses Subscribe at once on a free product in the punchout
    Then the page says a test subscription was recorded, auto-approved without Coupa
    And the marketplace has no agreement
    When she goes back to Coupa with nothing to approve
    Then the cart the marketplace returned says deploymentMode "test"
    And Coupa's cart says the marketplace recorded a test order, naming it, not that the punchout was cancelled
    And Coupa has no requisition and no purchase order

  @F9 @F15
  Scenario: With Free pre-approved and the Coupa connection in test mode, a free product in a punchout is recorded as a test, and Coupa's cart says so
    Given the account admin has turned on Free pre-approval
    And the account admin puts the Coupa connection in test mode
    And Coupa user Jane punches out to the marketplace
    When she presses Subscribe at once on a free product in the punchout
    Then the page says a test subscription was recorded, auto-approved without Coupa
    And the marketplace has no agreement
    When she goes back to Coupa with nothing to approve
    Then the cart the marketplace returned says deploymentMode "test"
    And Coupa's cart says the marketplace recorded a test order, naming it, not that the punchout was cancelled

  @F9 @F3
  Scenario: With Free pre-approved, a free product chosen in Coupa's Open Buy search is subscribed at once, with no requisition
    Given the account admin has turned on Free pre-approval
    When Jane searches Coupa for a free product
    And she chooses that product in Coupa's results
    And she presses Subscribe at once on the product page she landed on
    Then the page says it was auto-approved, without Coupa
    And the punchout session is still open, the cart not sent
    And the marketplace has an agreement for it with no PO number
    And buyer@acme.test is mailed that the agreement for it was created
    When she goes back to Coupa with nothing to approve
    Then Coupa's cart says she was subscribed at once, naming the marketplace's order
    And Coupa has no requisition and no purchase order

  @F9 @F3
  Scenario: Without pre-approval, a free product chosen in Coupa's Open Buy search goes to the cart as a 0.00 line
    When Jane searches Coupa for a free product
    And she chooses that product in Coupa's results
    And she requests approval for it on the product page she landed on
    And she lets the page return the cart to Coupa
    Then Coupa's cart holds it as one Service line
    And the marketplace has no agreement

  @F9 @F1
  Scenario: Without pre-approval, a free product requested inside a Coupa punchout goes to the cart as a 0.00 line
    Given Coupa user Jane punches out to the marketplace
    When she requests approval for a free product in the punchout
    And she lets the page return the cart to Coupa
    Then Coupa's cart holds it as one Service line
    And the marketplace has no agreement

  @F9 @F2
  Scenario: With BYOL pre-approved on the Ariba connection, a BYOL product requested inside an Ariba punchout is subscribed at once
    Given Globex's admin has turned on BYOL pre-approval on its Ariba connection
    And Ariba user Sam is signed in
    When Ariba user Sam punches out from the marketplace's item in Ariba's catalog
    And he presses Subscribe at once on a BYOL product in the punchout
    Then the page says it was auto-approved, without SAP Ariba
    And the marketplace has an agreement for it with no PO number
    When he goes back to SAP Ariba with nothing to approve
    Then Ariba's cart says he was subscribed at once, naming the marketplace's order

  @F9 @F2
  Scenario: Without pre-approval on the Ariba connection, a BYOL product goes through Ariba's approval as a 0.00 order
    Given Ariba user Sam is signed in
    When Ariba user Sam punches out from the marketplace's item in Ariba's catalog
    And he requests approval for a BYOL product in the punchout
    And he lets the page return the cart to Ariba
    Then Ariba's cart holds one line for the product
    When he submits the requisition in Ariba
    And Mo approves the requisition in Ariba
    Then Ariba issues a purchase order numbered the Ariba way, which the marketplace accepted
    And the marketplace has an agreement with the PO number

  @F9
  Scenario: An Ariba account subscribing in the storefront: pre-approved BYOL at once, Free sent back to Ariba
    Given Globex's admin has turned on BYOL pre-approval on its Ariba connection
    When Globex's admin subscribes to a free product in the storefront
    Then the marketplace tells her to request it through SAP Ariba
    And the marketplace has no agreement
    When Globex's admin subscribes to a BYOL product in the storefront
    Then she is subscribed at once
    And the page says it was auto-approved, without SAP Ariba
    And the marketplace has an agreement for it with no PO number
