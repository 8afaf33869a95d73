Feature: Unsupported products
  A procurement system buys SaaS, AMI and Container products. Professional
  services, AMI contracts, container contracts and data products cannot
  be bought through it: their product pages offer no "Request approval"
  and say why, a crafted request is refused in the browser with no cart
  returned, and a crafted order is refused with a cXML status and creates
  no agreement. They are bought directly in the marketplace instead, and
  never sent to Coupa, whatever the account's procurement settings.

  @F11
  Scenario Outline: The page of <product> says why it cannot be sent for approval
    Given Coupa user Jane punches out to the marketplace
    When she opens <product> in the storefront
    Then the page offers no "Request approval"
    And the page says why: "<reason>"

    Examples:
      | product                         | reason                                                        |
      | a professional services listing | Professional services are agreed with the seller directly     |
      | an AMI contract                 | AMI contracts carry terms a purchase order cannot hold        |
      | a container contract            | Container contracts carry terms a purchase order cannot hold  |
      | a data product                  | Data products are not part of the procurement integration     |

  @F11
  Scenario: The F11 walkthrough ticks its product step only once her punchout shows such a product
    Given a visitor has started the dashboard's F11 walkthrough
    And Coupa user Jane punches out to the marketplace
    Then the dashboard's F11 walkthrough shows 1 of 2 steps done
    When she opens a professional services listing in the storefront
    Then the dashboard's F11 walkthrough shows 2 of 2 steps done

  @F11
  Scenario Outline: <product> can be sent for approval
    Given Coupa user Jane punches out to the marketplace
    When she opens <product> in the storefront
    Then the page offers "Request approval" for each of its pricing options

    Examples:
      | product                  |
      | a pay-as-you-go AMI       |
      | an AMI annual agreement   |
      | a pay-as-you-go container |

  @F11
  Scenario: A crafted "Request approval" for professional services is refused and returns no cart
    Given Coupa user Jane punches out to the marketplace
    When she sends a crafted "Request approval" for a professional services listing
    Then the marketplace answers 400 with the page "This product cannot be sent for approval"
    And Coupa's cart is empty
    When she requests approval for a SaaS product with an upfront contract
    Then Coupa's cart holds the product as one Service line at its full amount

  @F11
  Scenario: A crafted "Request approval" for a container contract is refused too
    Given Coupa user Jane punches out to the marketplace
    When she sends a crafted "Request approval" for a container contract
    Then the marketplace answers 400 with the page "This product cannot be sent for approval"
    And Coupa's cart is empty

  @F11
  Scenario: A crafted OrderRequest for an AMI contract is refused and creates no agreement
    Given Coupa user Jane has bought a SaaS product with an upfront contract her manager approved
    When an OrderRequest for an AMI contract is sent with Coupa's credentials
    Then the marketplace refuses it with 400, saying "cannot be bought through a procurement system"
    And the marketplace holds only the agreement of the approved purchase
    And the marketplace has sent exactly 1 mail

  @F11 @F12
  Scenario Outline: <product> is subscribed to directly, even with the Coupa redirect on
    Given Coupa user Jane is also signed in to the marketplace
    And the account admin has turned on the Coupa redirect
    When she subscribes to <product> in the storefront
    Then she is subscribed at once
    And the marketplace has an agreement for it with no PO number
    And buyer@acme.test is mailed that the agreement for it was created

    Examples:
      | product                                 |
      | an AMI contract                         |
      | a container contract                    |
      | a professional services listing         |
      | a data product with an upfront contract |

  @F11 @F9
  Scenario: A free data product is subscribed at once, not sent to Coupa as a 0.00 order
    Given Coupa user Jane is also signed in to the marketplace
    When she subscribes to a free data product in the storefront
    Then she is subscribed at once
    And the marketplace has an agreement for it with no PO number

  @F11 @F12
  Scenario: A container contract launched from the instance-launch console is subscribed at once
    Given Coupa user Jane is also signed in to the marketplace
    When she launches a container contract from the instance-launch console
    Then she is subscribed at once
    And the marketplace has an agreement for it with no PO number

  @F11
  Scenario: Outside a punchout, the page of an AMI contract offers Subscribe and says why it is bought directly
    Given Coupa user Jane is also signed in to the marketplace
    When she opens an AMI contract in the storefront
    Then the page offers no "Request approval"
    And the page says why: "AMI contracts carry terms a purchase order cannot hold"
    And the page offers "Subscribe" for each of its pricing options
