Feature: Private offers
  A seller's private offer to the account goes to Coupa's cart like any
  product, typed by its charges. If it expires, or the seller revises it,
  while the requisition waits for approval, the marketplace refuses the
  order and says why; a new punchout for the revised offer goes through.

  Background:
    Given Coupa user Jane punches out to the marketplace

  @F10 @F1
  Scenario: An upfront private offer goes to the cart as one Service line
    When she requests approval for her private offer with an upfront contract
    Then Coupa's cart holds it as one Service line

  @F10 @F7
  Scenario: A private offer with a flexible payment schedule goes as one Material line of cents
    When she requests approval for her private offer with a flexible payment schedule
    Then Coupa's cart holds it as one Material line
    And the cart line links to the offer's details, past the marketplace's sign-in: its expiry and each installment

  @F10
  Scenario: The offer expires on the simulated clock while the requisition waits
    When she requests approval for her private offer with an upfront contract
    And she submits the requisition
    And the simulated clock passes the offer's expiry
    And her approvers approve the requisition
    Then the marketplace refuses Coupa's purchase order with 400, saying the private offer has expired
    And the marketplace has no agreement
    And no mail has been sent

  @F10
  Scenario: The seller moves the offer's expiry on its page while the requisition waits
    When she requests approval for her private offer with an upfront contract
    And she submits the requisition
    And the seller moves the offer's expiry to now on the offer's page
    And her approvers approve the requisition
    Then the marketplace refuses Coupa's purchase order with 400, saying the private offer has expired
    And the marketplace has no agreement

  @F10
  Scenario: The seller revises the terms; a new punchout for the revised offer succeeds
    When she requests approval for her private offer with an upfront contract
    And she submits the requisition
    And the seller revises the offer's amount to 2,000.00 USD
    And her approvers approve the requisition
    Then the marketplace refuses Coupa's purchase order with 400, saying the private offer was revised
    And the marketplace has no agreement
    When Coupa user Jane punches out to the marketplace
    And she requests approval for her private offer with an upfront contract
    Then the offer is at revision 2, for 2,000.00 USD
    And Coupa's cart holds it as one Service line
    When she submits the requisition
    And her approvers approve the requisition
    Then Coupa issues purchase order PO-000002
    And the marketplace has an agreement with the PO number

  @F10
  Scenario: A revision that changes nothing is refused and leaves the offer as it was
    When the seller posts the revision {}
    Then the seller is told 400 "a revision must change the expiry or the terms"
    And the offer is unchanged

  @F10
  Scenario: A revision with a negative amount is refused and leaves the offer as it was
    When the seller posts the revision {"terms": {"kind": "upfront_contract", "duration_months": 12, "amount": "-5.00"}}
    Then the seller is told 400 "must be a positive amount"
    And the offer is unchanged

  @F10
  Scenario: The offer's page refuses an amount that is not one and leaves the offer as it was
    When the seller types the amount "ten dollars" on the page of her private offer
    Then the offer's page answers 400 and says "must be a positive amount"
    And the offer is unchanged
