Feature: Pay as you go
  A PAYG product goes to Coupa's cart at the default blanket amount of
  10,000.00 USD, as a Material line of cents. A server annual agreement
  needs two approvals: its hourly usage at the blanket amount (never
  invoiced against) and its annual fee.

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
