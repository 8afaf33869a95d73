Feature: Approvals
  A requisition runs through Coupa's approval chain: the manager, then
  finance above 5,000.00 USD. A rejected requisition orders nothing.

  Background:
    Given Coupa user Jane punches out to the marketplace

  @F4
  Scenario: Above the threshold finance approves after the manager
    When she requests approval for a SaaS contract above the finance threshold
    And she submits the requisition
    Then the approval chain reads "manager: pending, finance: pending"
    When the manager approves the requisition
    Then the approval chain reads "manager: approved by Mia, finance: pending"
    And nothing has been ordered from the marketplace
    When finance approves the requisition
    Then the approval chain reads "manager: approved by Mia, finance: approved by Fin"
    And Coupa issues purchase order PO-000001
    And the marketplace has an agreement with the PO number

  @F4
  Scenario: A rejected requisition creates no purchase order and no agreement
    When she requests approval for a SaaS product with an upfront contract
    And she submits the requisition
    Then the approval chain reads "manager: pending"
    When the manager rejects the requisition
    Then the requisition is rejected
    And Coupa has issued no purchase order
    And nothing has been ordered from the marketplace
    And no mail has been sent
