Feature: Coupa PunchOut
  A Coupa requester punches out to the marketplace, requests approval for a
  product, and her browser carries the cart back to Coupa.

  Background:
    Given Coupa user Jane is signed in

  @F1
  Scenario: Jane punches out and brings a SaaS contract back to Coupa's cart
    When Coupa user Jane punches out to the marketplace
    Then she lands on the marketplace's storefront
    And the StartPage cannot be used a second time
    When she requests approval for a SaaS product with an upfront contract
    Then Coupa's cart holds the product as one Service line at its full amount
    And the cart the marketplace returned says deploymentMode "production"

  @F1
  Scenario: A test-mode punchout brings back a test-mode cart
    Given Coupa's admin puts its punchout site in test mode
    When Coupa user Jane punches out to the marketplace
    And she requests approval for a SaaS product with an upfront contract
    Then the cart the marketplace returned says deploymentMode "test"

  @F1
  Scenario: The order declares the mode of the punchout its cart was filled in
    Given Coupa's admin puts its punchout site in test mode
    When Coupa user Jane punches out to the marketplace
    And she requests approval for a SaaS product with an upfront contract
    And Coupa's admin takes its punchout site out of test mode
    And she submits the requisition
    And the manager approves the requisition
    Then the OrderRequest Coupa sent says deploymentMode "test"
    And the marketplace has no agreement for the account

  @F1
  Scenario: A wrong shared secret is refused with 401 and opens no session
    Given Coupa's admin mistypes the marketplace's shared secret
    When Coupa user Jane presses the marketplace's punchout button
    Then Coupa shows that the marketplace refused the punchout with 401
    And no punchout session is open
    And both journals hold the PunchOutSetupRequest answered 401, its secret masked

  @F1
  Scenario: A StartPage opened after five simulated minutes has expired
    When Coupa user Jane presses the punchout button but her browser opens the StartPage only 6 simulated minutes later
    Then the marketplace shows "This punchout link has expired" with status 410

  @F1
  Scenario: A used StartPage tells the user to start again from Coupa
    When Coupa user Jane punches out to the marketplace
    And her browser opens the StartPage a second time
    Then the marketplace shows "This punchout link was already used" with status 410

  @F1
  Scenario: A cart posted to the marketplace's cXML URL is not a request it implements
    When Coupa user Jane punches out to the marketplace
    And she requests approval for a SaaS product with an upfront contract
    And Coupa's returned cart is posted to the marketplace's cXML URL
    Then the marketplace answers the document with 450, saying "PunchOutOrderMessage is not supported by the marketplace"
