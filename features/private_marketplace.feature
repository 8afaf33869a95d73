Feature: Private Marketplace
  An account admin may limit what the account's people see and buy to a
  list of pre-approved products: inside punchout sessions, in Coupa's
  Open Buy search, in the orders Coupa sends, and in every subscription
  the account's users make directly in the marketplace.

  Background:
    Given the account admin approves two SaaS products and turns the private marketplace on
    And Coupa user Jane is signed in

  @F13
  Scenario: The punchout storefront shows only the approved products
    When Coupa user Jane punches out to the marketplace
    Then the storefront lists only the categories of the approved products
    And the storefront's search finds only approved products where the public catalog finds more

  @F13
  Scenario: Coupa's Open Buy search shows only the approved products
    When Jane searches Coupa for a word in an approved product's name
    Then Coupa shows only approved products, though the public catalog has more matches

  @F13
  Scenario: With the private marketplace off, everything is visible again
    Given the account admin turns the private marketplace off
    When Jane searches Coupa for a word in an approved product's name
    Then Coupa shows as many products as the public catalog has

  @F13
  Scenario: A product that is not approved cannot be opened or requested
    When Coupa user Jane punches out to the marketplace
    And she opens the page of a product that is not approved
    Then the marketplace refuses it as not in her private marketplace
    When she sends a crafted Request approval for that product
    Then the marketplace refuses it as not in her private marketplace

  @F13
  Scenario: An order for a product withdrawn from the private marketplace is refused
    When Coupa user Jane punches out to the marketplace
    And she requests approval for an approved product
    And she submits the requisition
    And the account admin withdraws that product from the private marketplace
    And the manager approves the requisition
    Then the marketplace refuses Coupa's purchase order with 400 because the product is not approved
    And the marketplace holds no agreement

  @F13
  Scenario: Only an account admin may change the approved products
    When dev@acme.test tries to approve another product
    Then the change is refused with 403
    And the approved products are unchanged

  @F13
  Scenario: Outside a punchout, a signed-in user cannot subscribe to a product that is not approved
    Given Coupa user Jane is also signed in to the marketplace
    When she opens the page of a product that is not approved
    Then the page says her company's Private Marketplace does not approve it, and offers no Subscribe
    When she sends a crafted Subscribe for that product
    Then the refusal is headed "Not approved by your Private Marketplace", names that product and who can approve it, admin@acme.test
    And the marketplace holds no agreement
    And the marketplace has sent exactly 0 mails

  @F13 @F12
  Scenario: Nor can she launch it from the instance-launch console
    Given Coupa user Jane is also signed in to the marketplace
    When she opens the page of a product that is not approved
    And she sends a crafted Launch from the instance-launch console for that product
    Then the refusal is headed "Not approved by your Private Marketplace", names that product and who can approve it, admin@acme.test
    And the marketplace holds no agreement

  @F13
  Scenario: An approved product is still subscribed to directly
    Given Coupa user Jane is also signed in to the marketplace
    When she subscribes to an approved product in the storefront
    Then she is subscribed at once
    And the marketplace has an agreement for it with no PO number
