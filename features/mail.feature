Feature: Mail
  Every notification travels over real SMTP to the mail sink and can be
  read through its API.

  @F16
  Scenario: The subscribing account is mailed that the agreement was created
    Given Coupa user Jane has bought a SaaS product with an upfront contract her manager approved
    Then buyer@acme.test receives the mail that the agreement was created
    And the marketplace has sent exactly 1 mail
