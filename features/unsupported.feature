Feature: Unsupported products
  Professional services, AMI contracts and container contracts cannot be
  bought through a procurement system: their product pages offer no
  "Request approval" and say why, a crafted request is refused in the
  browser with no cart returned, and a crafted order is refused with a
  cXML status and creates no agreement.

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
