Feature: Administration
  Only an account admin may configure the procurement integration; anyone
  else gets 403 and changes nothing.

  @F15
  Scenario: A non-admin cannot change the integration
    When dev@acme.test tries to turn on the Coupa redirect in the integration
    Then the change is refused with 403
    And the integration is unchanged

  @F15
  Scenario: Someone from another company cannot change it either
    When stranger@else.test tries to turn on the Coupa redirect in the integration
    Then the change is refused with 403
    And the integration is unchanged

  @F15
  Scenario: The account admin can
    When the account admin turns on the Coupa redirect in the integration
    Then the change is accepted and the redirect is on
