Feature: Coupa Open Buy
  Coupa's own search finds the marketplace's products and shows them inside
  Coupa; choosing one punches out straight to that product (level 2), and
  from there Jane buys as in any punchout.

  Background:
    Given Coupa user Jane is signed in

  @F3
  Scenario: Jane finds a SaaS contract with Coupa's search and brings it to Coupa's cart
    When Jane searches Coupa for a SaaS product with an upfront contract
    Then Coupa shows the marketplace's result with its seller, price and category
    When she chooses that product in Coupa's results
    Then she lands on that product's page in the marketplace
    And Coupa's setup request named the product as its SelectedItem
    And the flow of that punchout begins with Coupa's search of the marketplace, as JSON
    When she requests approval for that product
    Then Coupa's cart holds the product as one Service line at its full amount
    And the dashboard's Open Buy walkthrough shows every step done, in that flow

  @F3
  Scenario: Many results come a page at a time
    When Jane searches Coupa for a word that more than 20 products match
    Then Coupa shows the first 20 and tells how many match
    When she asks for the next page
    Then Coupa shows the next results, none of them repeated

  @F3
  Scenario: A result the marketplace has withdrawn since the search lands on its storefront with a message
    When Jane searches Coupa for a SaaS product with an upfront contract
    And she chooses a result the marketplace has withdrawn since
    Then she lands on the marketplace's storefront, which says that product is not available

  @F3
  Scenario: Wrong partner credentials get a clear error in Coupa, not results
    Given Coupa's admin mistypes the marketplace's shared secret
    When Jane searches Coupa for a SaaS product with an upfront contract
    Then Coupa shows that the marketplace refused its credentials

  @F3
  Scenario: A query the marketplace refuses gets a clear error in Coupa
    When Jane searches Coupa for a text of 201 characters
    Then Coupa says the marketplace could not run the search because the text is too long
