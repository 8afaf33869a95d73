Feature: Purchase order and automatic subscription
  On final approval Coupa sends the OrderRequest; the marketplace creates
  the agreement with the PO number. The requester never returns to the
  marketplace to subscribe.

  Background:
    Given Coupa user Jane has bought a SaaS product with an upfront contract her manager approved

  @F5
  Scenario: The marketplace has an agreement with the PO number
    Then Coupa issues purchase order PO-000001
    And the marketplace has an agreement with the PO number

  @F5
  Scenario: The same OrderRequest delivered again creates one agreement
    When Coupa's OrderRequest is delivered again
    And Coupa's OrderRequest is delivered again
    And it is delivered once more under a new payloadID
    Then the marketplace answers every delivery with 200
    And the marketplace has an agreement with the PO number
    And the marketplace has sent exactly 1 mail

  @F5
  Scenario: An OrderRequest with a wrong shared secret is refused with 401 and creates nothing
    When Coupa's OrderRequest is delivered again with a wrong shared secret
    Then the marketplace answers the document with 401, saying "Sender credentials not recognised"
    And the marketplace still has the one agreement, created by the first delivery
    And the marketplace has sent exactly 1 mail

  @F5
  Scenario: Another order under a used orderID is a conflict, refused with 409
    When an OrderRequest under the same orderID with another product is delivered
    Then the marketplace answers the document with 409, saying "different items"
    And the marketplace still has the one agreement, created by the first delivery
