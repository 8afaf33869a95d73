Feature: FPS private offer installments
  The whole contract value of a flexible payment schedule went to the cart
  as one line; the marketplace invoices each installment against the PO
  as the simulated clock passes its date, never before, and Coupa tracks
  what was invoiced against what was ordered.

  Background:
    Given Coupa user Jane has bought her account's FPS private offer, approved

  @F7
  Scenario: Each installment is invoiced on its date
    Then the marketplace has issued 0 invoices
    When the clock passes the first installment date
    Then the marketplace sends an invoice for the first installment referencing the PO
    And Coupa's invoice inbox shows the invoice matched to PO-000001
    And Coupa shows the first 1 installment invoiced of the contract value ordered
    When the clock passes the second installment date
    Then the marketplace sends an invoice for the second installment referencing the PO
    And Coupa shows the first 2 installments invoiced of the contract value ordered

  @F7
  Scenario: Nothing is invoiced a second before an installment's date
    When the clock passes the first installment date
    And the clock moves to just before the second installment date
    Then the marketplace has issued 1 invoice
    And Coupa shows the first 1 installment invoiced of the contract value ordered

  @F7
  Scenario: The schedule names the next installment date
    When the clock reaches the marketplace's next scheduled event
    Then the marketplace sends an invoice for the first installment referencing the PO
    And Coupa's invoice inbox holds 1 invoice
