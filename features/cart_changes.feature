Feature: Changing a returned cart
  Coupa re-opens a cart the marketplace returned: edit brings its lines
  back into the storefront to change them, inspect shows them read-only,
  and cancel returns an empty cart (in an edit session Coupa then deletes
  the lines of that cart, CX032). The marketplace refuses an edit or
  inspect for a cart it never returned with 412 (CX033).

  Background:
    Given Coupa user Jane punches out to the marketplace
    And she requests approval for a SaaS product with an upfront contract

  @F1
  Scenario: Edit re-opens the cart with its lines, and returning it unchanged keeps them
    When she presses "Edit at supplier" on Coupa's cart
    Then the storefront shows her cart in an edit session
    When she returns the cart unchanged
    Then Coupa's cart holds the product as one Service line at its full amount

  @F1
  Scenario: In an edit session she replaces the product
    When she presses "Edit at supplier" on Coupa's cart
    And she requests approval for a SaaS contract above the finance threshold
    Then Coupa's cart holds the product as one Service line at its full amount

  @F1
  Scenario: Cancelling an edit session empties Coupa's cart
    When she presses "Edit at supplier" on Coupa's cart
    And she cancels the punchout
    Then the marketplace sent an empty cart
    And Coupa's cart is empty and says the punchout was cancelled

  @F1
  Scenario: Inspect shows the cart read-only and changes nothing, even when cancelled
    When she presses "Inspect at supplier" on Coupa's cart
    Then the storefront shows her cart in an inspect session, read-only
    And she cannot request approval in that session
    When she cancels the punchout
    Then the marketplace sent an empty cart
    And Coupa's cart holds the product as one Service line at its full amount

  @F1
  Scenario: Cancelling a new punchout returns an empty cart
    When Coupa user Jane punches out to the marketplace
    And she cancels the punchout
    Then the marketplace sent an empty cart
    And Coupa's cart is empty and says the punchout was cancelled

  @F1
  Scenario Outline: An <operation> for a cart the marketplace never returned is refused with 412
    When an <operation> PunchOutSetupRequest for a cart the marketplace never returned is sent with Coupa's credentials
    Then the marketplace answers the document with 412, saying "no earlier punchout session matches"

    Examples:
      | operation |
      | edit      |
      | inspect   |
