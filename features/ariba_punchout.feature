Feature: Ariba PunchOut
  The marketplace is an Ariba supplier whose catalog carries a PunchOut
  item; an Ariba requester picks it and punches out (level 1), then buys as
  from Coupa: approval, purchase order, agreement, mail. A line in Ariba's
  cart is edited or inspected at the marketplace, as in Coupa's (AR-10).

  Background:
    Given Ariba user Sam is signed in

  @F2
  Scenario: Sam buys a SaaS contract through the marketplace's PunchOut item
    When Ariba user Sam punches out from the marketplace's item in Ariba's catalog
    And he requests approval for a SaaS product with an upfront contract
    Then Ariba's cart holds one line for the product
    When he submits the requisition in Ariba
    And Mo approves the requisition in Ariba
    Then Ariba issues a purchase order numbered the Ariba way, which the marketplace accepted
    And the marketplace has an agreement with the PO number
    And buyer@globex.test receives the mail that the agreement was created

  @F2
  Scenario: A shared secret the marketplace no longer accepts shows a clear error in Ariba
    Given the marketplace's admin rotates the Ariba connection's shared secret without telling Ariba
    When Ariba user Sam presses PunchOut on the marketplace's item in Ariba's catalog
    Then Ariba shows that the marketplace refused the punchout with 401
    And no marketplace session was opened for him

  @F2
  Scenario: An already used StartPage does not open a second session
    When Ariba user Sam presses PunchOut on the marketplace's item in Ariba's catalog
    And he opens the StartPage
    Then opening the same StartPage again says it was already used

  @F2
  Scenario: An expired StartPage does not open a session
    When Ariba user Sam presses PunchOut on the marketplace's item in Ariba's catalog
    And 6 minutes pass before he opens the StartPage
    Then the StartPage says it has expired

  @F2 @F8
  Scenario: Sam lowers the PAYG blanket amount in Ariba's cart, and the agreement takes the PO's amount
    When Ariba user Sam punches out from the marketplace's item in Ariba's catalog
    And he requests approval for a pay-as-you-go product in Ariba's punchout
    And he sets the blanket amount to "4200.50" in Ariba's cart
    Then Ariba's cart shows the blanket amount "4200.50"
    When he submits the requisition in Ariba
    And Mo approves the requisition in Ariba
    Then Ariba issues a purchase order numbered the Ariba way, which the marketplace accepted
    And the marketplace has an agreement with the PO number

  @F2 @F8
  Scenario: A blanket amount of 0 is refused on Ariba's cart
    When Ariba user Sam punches out from the marketplace's item in Ariba's catalog
    And he requests approval for a pay-as-you-go product in Ariba's punchout
    And he sets the blanket amount to "0" in Ariba's cart
    Then Ariba's cart answers 400, saying "must be more than 0"
    And Ariba's cart shows the blanket amount "10000.00"

  @F2
  Scenario: Sam edits the marketplace's line in Ariba's cart and brings it back unchanged
    When Ariba user Sam punches out from the marketplace's item in Ariba's catalog
    And he requests approval for a SaaS product with an upfront contract
    And he presses "Edit at supplier" on Ariba's cart
    Then the storefront shows his cart in an edit session
    When he returns the cart unchanged
    Then Ariba's cart holds one line for the product

  @F2
  Scenario: Sam inspects the line read-only; cancelling the inspection keeps Ariba's cart
    When Ariba user Sam punches out from the marketplace's item in Ariba's catalog
    And he requests approval for a SaaS product with an upfront contract
    And he presses "Inspect at supplier" on Ariba's cart
    Then the storefront shows his cart in an inspect session, read-only
    When he cancels the punchout
    Then the marketplace sent an empty cart
    And Ariba's cart holds one line for the product
