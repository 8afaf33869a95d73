Feature: Upfront invoicing to Coupa
  For an upfront contract bought through Coupa, the marketplace sends
  Coupa one InvoiceDetailRequest for the contract amount, carrying the PO
  number where Coupa looks for it; Coupa matches it to the PO, flags what
  does not fit, and refuses what it cannot take. Ariba-connected accounts
  get no cXML invoice.

  @F6
  Scenario: The marketplace invoices the upfront contract against the PO
    Given Coupa user Jane has bought a SaaS product with an upfront contract her manager approved
    When the marketplace runs its due billing
    Then the marketplace sends an invoice for the contract amount referencing the PO
    And Coupa's invoice inbox shows the invoice matched to PO-000001
    And Coupa shows the contract amount invoiced of the contract amount ordered

  @F6
  Scenario: Running the schedule again, a year later, invoices nothing twice
    Given Coupa user Jane has bought a SaaS product with an upfront contract her manager approved
    When the marketplace runs its due billing
    And the clock advances 400 days
    And the marketplace runs its due billing
    Then the marketplace has issued 1 invoice
    And Coupa's invoice inbox holds 1 invoice

  @F6
  Scenario: The same invoice delivered again is counted once
    Given Coupa user Jane has bought a SaaS product with an upfront contract her manager approved
    When the marketplace runs its due billing
    And the marketplace's invoice is delivered to Coupa again
    Then Coupa answers the delivery with 200
    And Coupa's answer says "already received"
    And Coupa's invoice inbox holds 1 invoice
    And Coupa shows the contract amount invoiced of the contract amount ordered

  @F6
  Scenario: An invoice for an unknown PO is refused with 417 and not stored
    Given Coupa user Jane has bought a SaaS product with an upfront contract her manager approved
    When the marketplace runs its due billing
    And a supplier sends Coupa an invoice for PO-999999
    Then Coupa answers the delivery with 417
    And Coupa's answer says "no purchase order PO-999999"
    And Coupa's invoice inbox holds 1 invoice

  @F6
  Scenario: An invoice for more than remains on the PO is accepted but flagged
    Given Coupa user Jane has bought a SaaS product with an upfront contract her manager approved
    When the marketplace runs its due billing
    And a supplier sends Coupa an invoice for twice the PO's amount
    Then Coupa answers the delivery with 200
    And Coupa's invoice inbox shows the invoice for PO-000001 flagged: "left to invoice on the PO"
    And Coupa shows the contract amount invoiced of the contract amount ordered

  @F6
  Scenario: An invoice with the wrong shared secret is refused with 401
    Given Coupa user Jane has bought a SaaS product with an upfront contract her manager approved
    When the marketplace runs its due billing
    And the marketplace's invoice is delivered to Coupa with the wrong shared secret
    Then Coupa answers the delivery with 401
    And Coupa's invoice inbox holds 1 invoice

  @F6
  Scenario: Coupa refuses a document it does not take at its cXML URL with 450
    Given Coupa user Jane has bought a SaaS product with an upfront contract her manager approved
    When a supplier sends Coupa an OrderRequest
    Then Coupa answers the delivery with 450
    And Coupa's answer says "only InvoiceDetailRequest"

  @F6
  Scenario: The Ariba-connected account gets the marketplace's own invoice, never a cXML one
    Given Ariba user Sam is signed in
    When Ariba user Sam punches out from the marketplace's item in Ariba's catalog
    And he requests approval for a SaaS product with an upfront contract
    And he submits the requisition in Ariba
    And Mo approves the requisition in Ariba
    Then Ariba issues a purchase order numbered the Ariba way, which the marketplace accepted
    And the Ariba-connected account gets no cXML invoice
