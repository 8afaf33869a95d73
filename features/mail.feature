Feature: Mail
  Every notification travels over real SMTP to the mail sink and can be
  read through its API.

  @F16
  Scenario: The subscribing account is mailed that the agreement was created
    Given Coupa user Jane has bought a SaaS product with an upfront contract her manager approved
    Then buyer@acme.test receives the mail that the agreement was created
    And the marketplace has sent exactly 1 mail

  @F16
  Scenario: A test-mode order mails no one, because it creates no agreement
    Given the account admin puts the Coupa connection in test mode
    And Coupa user Jane has bought a SaaS product with an upfront contract her manager approved
    Then the marketplace has no agreement for the account
    And no mail has been sent
