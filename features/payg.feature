Feature: Pay as you go
  A PAYG product goes to Coupa's cart at the default blanket amount of
  10,000.00 USD, as a Material line of cents; the requester may change the
  blanket amount in the cart before submitting, and the marketplace takes
  the PO's amount as the blanket. A server annual agreement needs two
  approvals: its hourly usage at the blanket amount (never invoiced
  against) and its annual fee.

  Background:
    Given Coupa user Jane punches out to the marketplace

  @F8
  Scenario: A PAYG product goes to the cart at the blanket amount and needs finance's approval
    When she requests approval for a pay-as-you-go product
    Then Coupa's cart holds it as one Material line
    When she submits the requisition
    Then the approval chain reads "manager: pending, finance: pending"
    When her approvers approve the requisition
    Then Coupa issues purchase order PO-000001
    And the marketplace has an agreement with the PO number

  @F8
  Scenario: The requester lowers the blanket amount in Coupa's cart, and the agreement takes the PO's amount
    When she requests approval for a pay-as-you-go product
    And she sets the blanket amount to "2500.00" in Coupa's cart
    Then Coupa's cart shows the blanket amount "2500.00"
    When she submits the requisition
    Then the approval chain reads "manager: pending"
    When the manager approves the requisition
    Then Coupa issues purchase order PO-000001
    And the marketplace has an agreement with the PO number

  @F8
  Scenario Outline: A bad blanket amount is refused on Coupa's cart and changes nothing
    When she requests approval for a pay-as-you-go product
    And she sets the blanket amount to "<typed>" in Coupa's cart
    Then Coupa's cart answers 400, saying "<why>"
    And Coupa's cart shows the blanket amount "10000.00"

    Examples:
      | typed         | why                                      |
      | 0             | must be more than 0                      |
      | -250          | must be more than 0                      |
      | ten thousand  | as digits with an optional decimal point |
      | 2500.005      | at most 2 decimals                       |
      | 1000000000.01 | at most 1000000000.00                    |

  @F8
  Scenario: A server annual agreement is approved twice: its hourly usage, then its annual fee
    When she opens an AMI annual agreement in the storefront
    Then the page offers "Request approval" for its annual fee as a Service line and for its hourly usage as a Material line at the blanket amount
    When she requests approval for the annual agreement's hourly usage
    Then Coupa's cart holds it as one Material line
    When she submits the requisition
    And her approvers approve the requisition
    Then Coupa issues purchase order PO-000001
    When Coupa user Jane punches out to the marketplace
    And she requests approval for the annual agreement's annual fee
    Then Coupa's cart holds it as one Service line
    When she submits the requisition
    And her approvers approve the requisition
    Then Coupa issues purchase order PO-000002
    And the marketplace has the annual agreement's two parts, each with its own PO number

  @F8
  Scenario: An order for the usage of an annual dimension the product does not have is refused
    Given Coupa user Jane has bought a SaaS product with an upfront contract her manager approved
    When an OrderRequest for an AMI annual agreement's unknown usage is sent with Coupa's credentials
    Then the marketplace refuses it with 400, saying "unknown purchase option"
    And the marketplace holds only the agreement of the approved purchase
