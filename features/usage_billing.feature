Feature: Usage billing, free products and test mode
  Pay-as-you-go usage is billed monthly on the marketplace's own invoice,
  never as a PO-linked cXML invoice, and that invoice names no PO (PO
  numbers for usage are not supported yet); Free products and free trials are
  never invoiced; a test-mode order creates neither agreement nor invoice.

  @F8
  Scenario: Pay-as-you-go usage is billed at the month's end on the marketplace's own invoice
    Given Coupa user Jane has bought a pay-as-you-go product, approved
    Then the marketplace has issued 0 invoices
    When the clock reaches the marketplace's next scheduled event
    Then the marketplace has issued 1 invoice
    And the account's own invoices show "Usage 1970-01" without a PO number
    And no cXML invoice was sent
    And Coupa's invoice inbox holds 0 invoices

  @F9
  Scenario: A free product is never invoiced
    Given Coupa user Jane has bought a free product, approved
    When the clock advances 400 days
    Then the marketplace has issued 0 invoices
    And Coupa's invoice inbox holds 0 invoices

  @F9
  Scenario: A free trial's month is not invoiced
    Given Coupa user Jane has bought a pay-as-you-go product with a free trial, approved
    When the clock advances 31 days
    Then the marketplace has issued 0 invoices
    When the clock reaches the marketplace's next scheduled event
    Then the account's own invoices show "Usage 1970-02" without a PO number
    And the marketplace has issued 1 invoice

  @F15
  Scenario: A test-mode order creates no agreement and no invoice
    Given the account admin puts the Coupa connection in test mode
    And Coupa user Jane has bought a SaaS product with an upfront contract her manager approved
    When the clock advances 400 days
    Then the marketplace has no agreement for the account
    And the marketplace has issued 0 invoices
    And Coupa's invoice inbox holds 0 invoices
