Feature: Ariba's supplier relationship with the marketplace
  The customer initiates it: Globex's Ariba admin requests a trading
  relationship with the marketplace's network id on Ariba's Suppliers page.
  The network tells the marketplace, which accepts at once (its default) or
  when the account's admin presses Accept on the marketplace's Ariba page;
  on accepting it publishes its catalog, and Ariba's requesters find its
  PunchOut item. An unknown network id or a second request is refused and
  changes nothing. (`procsim up` makes the request at start.)

  @F2
  Scenario: Ariba's admin requests the relationship and the marketplace accepts it at once
    Given Ariba and the marketplace have no relationship yet
    Then the marketplace's PunchOut item is not in Ariba's catalog
    When Ariba's admin requests a relationship with the marketplace's network id
    Then Ariba shows the marketplace's relationship accepted
    And the marketplace's PunchOut item is in Ariba's catalog
    And the marketplace's Ariba page shows Globex's request "accepted automatically"

  @F2
  Scenario: With automatic acceptance off, the marketplace's admin accepts on its page
    Given Ariba and the marketplace have no relationship yet
    And the marketplace's admin turns off accepting Ariba's relationship requests automatically
    When Ariba's admin requests a relationship with the marketplace's network id
    Then Ariba shows the marketplace's relationship waiting for the supplier
    And the marketplace's PunchOut item is not in Ariba's catalog
    And the marketplace's Ariba page shows Globex's request "waiting for acceptance"
    When the marketplace's admin accepts Globex's request on the marketplace's Ariba page
    Then Ariba shows the marketplace's relationship accepted
    And the marketplace's PunchOut item is in Ariba's catalog
    And the marketplace's Ariba page shows Globex's request "admin@globex.test at"

  @F2
  Scenario: A network id no supplier has is refused and changes nothing
    Given Ariba and the marketplace have no relationship yet
    When Ariba's admin requests a relationship with network id AN01000000555
    Then Ariba answers the request with 404 "Unknown network id"
    And Ariba has no supplier relationship

  @F2
  Scenario: At start the relationship is already there, and asking again changes nothing
    Then Ariba shows the marketplace's relationship accepted
    When Ariba's admin requests a relationship with the marketplace's network id
    Then Ariba answers the request with 409 "Relationship already requested"
    And Ariba shows the marketplace's relationship accepted
    And the marketplace's PunchOut item is in Ariba's catalog
