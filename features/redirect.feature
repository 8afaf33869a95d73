Feature: Redirect to Coupa
  With the Coupa redirect on, pressing Subscribe in the marketplace's
  storefront outside a punchout sends the user to Coupa to raise a
  requisition instead; purchases started from the instance-launch console
  are not redirected.

  Background:
    Given Coupa user Jane is also signed in to the marketplace

  @F12
  Scenario: With the redirect on, Subscribe sends Jane to Coupa, whose punchout opens on the product
    Given the account admin has turned on the Coupa redirect
    When she subscribes to a SaaS product with an upfront contract in the storefront
    Then the marketplace sends her to Coupa to raise a requisition, because of the redirect
    And the marketplace has no agreement
    When she punches out to the product from Coupa's page
    And she requests approval for it there
    Then Coupa's cart holds it as one Service line
    When she submits the requisition
    And the manager approves the requisition
    Then Coupa issues purchase order PO-000001
    And the marketplace has an agreement with the PO number

  @F12
  Scenario: A purchase started from the instance-launch console is not redirected
    Given the account admin has turned on the Coupa redirect
    When she launches a pay-as-you-go AMI from the instance-launch console
    Then she is subscribed at once
    And the marketplace has an agreement for it with no PO number

  @F12 @F8
  Scenario: With the redirect off, she buys a PAYG product directly in the storefront (Option 1)
    When she subscribes to a pay-as-you-go product in the storefront
    Then she is subscribed at once
    And the page says the subscription is billed by usage
    And the marketplace has an agreement for it with no PO number
    And buyer@acme.test is mailed that the agreement for it was created

  @F12 @F8
  Scenario: With the redirect on, a PAYG product cannot be bought directly either
    Given the account admin has turned on the Coupa redirect
    When she subscribes to a pay-as-you-go product in the storefront
    Then the marketplace sends her to Coupa to raise a requisition, because of the redirect
    And the marketplace has no agreement

  @F12
  Scenario: Subscribing needs a marketplace account
    When someone who is not signed in to the marketplace presses Subscribe
    Then the marketplace refuses the subscription with 403, saying "sign in as one of its users"
    And the marketplace has no agreement

  @F12
  Scenario: A Coupa site whose own redirect setting is off does not take the purchase
    Given the account admin has turned on the Coupa redirect
    And Coupa's admin has turned off Coupa's own redirect setting
    When she subscribes to a SaaS product with an upfront contract in the storefront
    Then the marketplace sends her to Coupa, which says it does not take purchases redirected from the marketplace
    And the marketplace has no agreement
