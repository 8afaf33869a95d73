Feature: Administration
  Only a user whose policies grant the procurement administrator's
  permissions (the AWSMarketplaceProcurementSystemAdminFullAccess policy,
  or a policy granting its actions) may see and configure the procurement
  integration; anyone else gets 403, told which permission is missing,
  and changes nothing.

  @F15
  Scenario: A user without the policy cannot change the integration
    When dev@acme.test tries to turn on the Coupa redirect in the integration
    Then the change is refused with 403
    And the answer names the missing permission "aws-marketplace:PutProcurementSystemConfiguration"
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

  @F15
  Scenario: A user holding the policy's permissions without the policy itself can
    When procurement@acme.test, who holds the administrator's permissions without its policy, turns on the Coupa redirect in the integration
    Then the change is accepted and the redirect is on

  @F15
  Scenario: The administration page tells a user without the policy which permission is missing
    When dev@acme.test signs in to the marketplace and opens the account's administration page
    Then the marketplace answers 403 "Permission missing", naming the missing permission "aws-marketplace:DescribeProcurementSystemConfiguration"

  @F15
  Scenario: The administration page opens for the holder of the policy
    When admin@acme.test signs in to the marketplace and opens the account's administration page
    Then the sign-in page showed admin@acme.test's policy "AWSMarketplaceProcurementSystemAdminFullAccess"
    And the page shows the integration settings
