//! Browser tests: real headless Chromium clicking through procsim's pages
//! (see `driver` for how it is started). One walks F1 + F4 + F5 end to end
//! and checks the flow's sequence diagram; one checks that markup in a
//! document's product name is shown as text; one has a seller revise her
//! offer and opens a 100,000-deep document's exchange page; one follows
//! the F1, F4 and F5 walkthroughs from the dashboard to N/N; one certifies
//! the marketplace from the dashboard's Certify page, shopping by hand;
//! one reads a purchase's journal at 1280 px and resends its order; one
//! reaches the account's pages and Coupa's invoice inbox from the
//! navigation; one follows the F14 walkthrough (purchase-order
//! management, no cXML) to 5/5; two follow F13 (the Private Marketplace)
//! and F15 (administration), whose first steps are settings, to 3/3; one
//! finds the account's private offers by searching inside a punchout.

mod account_pages;
mod certify;
mod driver;
mod escaping;
mod journal;
mod po_management;
mod punchout_offers;
mod purchase;
mod seller;
mod settings_walkthroughs;
mod storefront;
mod walkthroughs;
