Feature: Walkthroughs tick only what happened
  A walkthrough started on the dashboard follows the person's own flow and
  ticks each step only on its own proof: never because a later step
  ticked, nor for a document of the right type that is not the step's. A
  step that does not apply is shown not needed rather than done.

  @F7
  Scenario: F7 ticks the clock and the installment only once they happen
    Given a visitor has started the dashboard's F7 walkthrough
    And Coupa user Jane has bought her account's FPS private offer, approved
    Then the dashboard's F7 walkthrough shows 5 of 7 steps done
    When the clock moves to just before the first installment date
    Then the dashboard's F7 walkthrough shows 5 of 7 steps done
    When the clock passes the first installment date
    Then the dashboard's F7 walkthrough shows 7 of 7 steps done

  @F7
  Scenario: An upfront purchase, invoiced at once, is not the F7 walkthrough's flow and ticks none of its steps
    Given a visitor has started the dashboard's F7 walkthrough
    And Coupa user Jane has bought a SaaS product with an upfront contract her manager approved
    When the clock advances 400 days
    Then the dashboard's F7 walkthrough shows 0 of 7 steps done
    And the dashboard's F7 walkthrough still waits for a flow whose cart holds "payment schedule"

  @F4
  Scenario: Under the finance threshold F4 ticks each approval as it is given and shows finance's not needed
    Given a visitor has started the dashboard's F4 walkthrough
    And Coupa user Jane punches out to the marketplace
    When she requests approval for a SaaS product with an upfront contract
    Then the dashboard's F4 walkthrough shows 1 of 5 steps done
    When she submits the requisition
    Then the dashboard's F4 walkthrough shows 2 of 4 steps done
    And the dashboard's F4 walkthrough shows finance's approval not needed, not done
    When the manager approves the requisition
    Then the dashboard's F4 walkthrough shows 4 of 4 steps done
