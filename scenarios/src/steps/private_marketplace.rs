//! F13: an account admin approves products and turns the private
//! marketplace on; the account's punchout storefront, Open Buy search and
//! orders then admit only those products. Only an admin may change it.

use std::collections::BTreeSet;

use cucumber::{given, then, when};
use reqwest::StatusCode;

use crate::{
    World,
    steps::{
        approval::po_link,
        search::{search, shown},
    },
    support::{
        browser::{Page, Result},
        catalog::{self, Pick},
        coupa::ADMIN,
        marketplace_admin::PrivateMarketplace,
        sim::{COUPA_ACCOUNT, Sim},
    },
    world::FINANCE_THRESHOLD_CENTS,
};

/// What the scenario approved and saw.
#[derive(Debug, Default)]
pub struct Approved {
    /// The approved products, cheapest first.
    pub picks: Vec<Pick>,
    /// A word of the first approved product's name that more products
    /// match in the public catalog than in the private marketplace.
    pub word: Option<String>,
    /// The public catalog's count of products matching `word`.
    pub public_total: usize,
    /// A product that is not approved.
    pub other: Option<String>,
    /// The setting before an attempted change.
    pub before: Option<PrivateMarketplace>,
}

impl Approved {
    fn ids(&self) -> BTreeSet<String> {
        self.picks.iter().map(|p| p.listing_id.clone()).collect()
    }

    fn first(&self) -> Result<&Pick> {
        self.picks
            .first()
            .ok_or_else(|| "no product was approved".to_owned())
    }
}

async fn set(sim: &Sim, enabled: bool, listings: &BTreeSet<String>) -> Result<()> {
    let (status, body) = sim
        .put_private_marketplace(COUPA_ACCOUNT, ADMIN, enabled, listings)
        .await?;
    if status != StatusCode::OK {
        return Err(format!("the admin's change was answered {status}: {body}"));
    }
    let stored = sim.private_marketplace(COUPA_ACCOUNT, ADMIN).await?;
    let wanted = PrivateMarketplace {
        enabled,
        listings: listings.iter().cloned().collect(),
    };
    if stored != wanted {
        return Err(format!("the marketplace stored {stored:?}, not {wanted:?}"));
    }
    Ok(())
}

#[given("the account admin approves two SaaS products and turns the private marketplace on")]
async fn approves_two(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    let mut picks: Vec<Pick> = Vec::new();
    let mut options = catalog::saas_upfront_options(sim).await?;
    options.retain(|p| p.currency == "USD" && p.cents() < FINANCE_THRESHOLD_CENTS);
    options.sort_by_key(Pick::cents);
    for option in options {
        if picks.len() < 2 && picks.iter().all(|p| p.listing_id != option.listing_id) {
            picks.push(option);
        }
    }
    if picks.len() != 2 {
        return Err(format!(
            "two SaaS products under the threshold expected: {picks:?}"
        ));
    }
    world.private.picks = picks;
    set(world.sim()?, true, &world.private.ids()).await
}

#[given("the account admin turns the private marketplace off")]
async fn turns_off(world: &mut World) -> Result<()> {
    set(world.sim()?, false, &world.private.ids()).await
}

#[when("the account admin withdraws that product from the private marketplace")]
async fn withdraws(world: &mut World) -> Result<()> {
    let withdrawn = &world.pick()?.listing_id;
    let mut kept = world.private.ids();
    if !kept.remove(withdrawn) {
        return Err(format!("{withdrawn} was not approved"));
    }
    set(world.sim()?, true, &kept).await
}

/// A word of the first approved product's name that the public catalog
/// matches in more products than are approved (so filtering shows).
async fn telling_word(world: &mut World) -> Result<String> {
    let sim = world.sim()?;
    let name = world.private.first()?.name.clone();
    let approved = world.private.picks.len();
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3)
    {
        let word = word.to_lowercase();
        let (total, _) = sim.public_search(&word, 1).await?;
        if total > approved {
            world.private.word = Some(word.clone());
            world.private.public_total = total;
            return Ok(word);
        }
    }
    Err(format!(
        "no word of {name:?} matches more than {approved} products"
    ))
}

/// The product ids a storefront listing page links to.
fn linked_products(page: &Page) -> BTreeSet<String> {
    page.links()
        .into_iter()
        .filter_map(|(_, url)| url.path().strip_prefix("/products/").map(str::to_owned))
        .collect()
}

/// `seen` holds the first approved product, nothing unapproved, and fewer
/// products than the public catalog matches.
fn only_approved(world: &World, seen: &BTreeSet<String>, shown_total: usize) -> Result<()> {
    let approved = world.private.ids();
    let first = &world.private.first()?.listing_id;
    if !seen.contains(first) || !seen.is_subset(&approved) {
        return Err(format!("shown {seen:?}; approved {approved:?}"));
    }
    if shown_total >= world.private.public_total {
        return Err(format!(
            "{shown_total} shown, the public catalog has {}",
            world.private.public_total
        ));
    }
    Ok(())
}

#[then("the storefront lists only the categories of the approved products")]
async fn only_their_categories(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    let mut wanted = BTreeSet::new();
    for pick in &world.private.picks {
        let (_, hits) = sim.public_search(&pick.name, 100).await?;
        let hit = hits
            .into_iter()
            .find(|h| h.id == pick.listing_id)
            .ok_or_else(|| format!("{} is not in the public catalog", pick.listing_id))?;
        wanted.insert(hit.category.name);
    }
    let home = &world.punchout.as_ref().ok_or("no punchout")?.storefront;
    let listed: BTreeSet<String> = home.text_of("ul.categories li").into_iter().collect();
    if listed != wanted {
        return Err(format!("the storefront lists {listed:?}, not {wanted:?}"));
    }
    if home.text_of("#private-marketplace").is_empty() {
        return Err("the storefront does not say it is a private marketplace".into());
    }
    Ok(())
}

#[then("the storefront's search finds only approved products where the public catalog finds more")]
async fn storefront_search(world: &mut World) -> Result<()> {
    let word = telling_word(world).await?;
    let market = world.sim()?.url("marketplace");
    let page = world
        .she()?
        .browser
        .get(&format!("{market}/search?q={word}"))
        .await?;
    page.expect_status(StatusCode::OK)?;
    let seen = linked_products(&page);
    only_approved(world, &seen, seen.len())
}

#[when(expr = "{word} searches Coupa for a word in an approved product's name")]
async fn searches_word(world: &mut World, name: String) -> Result<()> {
    let word = telling_word(world).await?;
    search(world, &name, &word).await
}

#[then("Coupa shows only approved products, though the public catalog has more matches")]
async fn open_buy_only_approved(world: &mut World) -> Result<()> {
    let rows = shown(world.open_buy.page()?)?;
    let seen: BTreeSet<String> = rows.iter().map(|r| r.item.clone()).collect();
    only_approved(world, &seen, rows.len())
}

#[then("Coupa shows as many products as the public catalog has")]
async fn open_buy_everything(world: &mut World) -> Result<()> {
    let page = world.open_buy.page()?;
    shown(page)?;
    let summary = page.text_of("#summary").join(" ");
    let total = world.private.public_total;
    if !summary.contains(&format!(" of {total} products ")) {
        return Err(format!(
            "Coupa says {summary:?}; the public catalog has {total}"
        ));
    }
    Ok(())
}

/// A listing of the catalog that is not approved.
async fn unapproved(world: &World) -> Result<String> {
    let (_, hits) = world.sim()?.public_search("", 50).await?;
    let approved = world.private.ids();
    hits.into_iter()
        .map(|h| h.id)
        .find(|id| !approved.contains(id))
        .ok_or_else(|| "every listing is approved".to_owned())
}

#[when("she opens the page of a product that is not approved")]
async fn opens_unapproved(world: &mut World) -> Result<()> {
    let other = unapproved(world).await?;
    let market = world.sim()?.url("marketplace");
    let page = world
        .she()?
        .browser
        .get(&format!("{market}/products/{other}"))
        .await?;
    world.private.other = Some(other);
    world.refused = Some(page);
    Ok(())
}

#[when("she sends a crafted Request approval for that product")]
async fn crafted_request(world: &mut World) -> Result<()> {
    let other = world.private.other.clone().ok_or("no unapproved product")?;
    let option = world.private.first()?.option.clone();
    let market = world.sim()?.url("marketplace");
    let page = world
        .she()?
        .browser
        .post_form(
            &format!("{market}/punchout/request-approval"),
            &[("listing".into(), other), ("option".into(), option)],
        )
        .await?;
    world.refused = Some(page);
    Ok(())
}

#[then(
    "the page says her company's Private Marketplace does not approve it, and offers no Subscribe"
)]
async fn page_says_not_approved(world: &mut World) -> Result<()> {
    let page = world.refused.as_ref().ok_or("no page opened")?;
    page.expect_status(StatusCode::OK)?;
    let notice = page.text_of("#not-approved").join(" ");
    if !notice.contains("Private Marketplace does not approve this product") {
        return Err(format!("{}: the notice reads {notice:?}", page.url));
    }
    if !page.forms_with_button("Subscribe").is_empty() {
        return Err(format!("{}: the page still offers Subscribe", page.url));
    }
    Ok(())
}

#[when(
    regex = r"^she sends a crafted (Subscribe|Launch from the instance-launch console) for that product$"
)]
async fn crafted_subscribe(world: &mut World, how: String) -> Result<()> {
    let other = world.private.other.clone().ok_or("no unapproved product")?;
    let option = world.private.first()?.option.clone();
    let market = world.sim()?.url("marketplace");
    let mut fields = vec![("listing".to_owned(), other), ("option".to_owned(), option)];
    if how.starts_with("Launch") {
        fields.push(("origin".to_owned(), "console".to_owned()));
    }
    let page = world
        .she()?
        .browser
        .post_form(&format!("{market}/subscribe"), &fields)
        .await?;
    world.refused = Some(page);
    Ok(())
}

#[then(expr = "the refusal is headed {string}, names that product and who can approve it, {word}")]
async fn refusal_names(world: &mut World, title: String, admin: String) -> Result<()> {
    let page = world.refused.as_ref().ok_or("nothing was refused")?;
    page.expect_status(StatusCode::FORBIDDEN)?;
    if page.heading().as_deref() != Some(title.as_str()) {
        return Err(format!("the refusal is headed {:?}", page.heading()));
    }
    let other = world
        .private
        .other
        .as_deref()
        .ok_or("no unapproved product")?;
    let said = page.text_of("p.error").join(" ");
    let wanted = [
        other,
        "is not approved in Acme Corp's Private Marketplace",
        &admin,
    ];
    if let Some(missing) = wanted.iter().find(|text| !said.contains(**text)) {
        return Err(format!("the refusal does not say {missing:?}: {said:?}"));
    }
    Ok(())
}

#[then("the marketplace refuses it as not in her private marketplace")]
async fn refused_as_private(world: &mut World) -> Result<()> {
    let page = world.refused.as_ref().ok_or("nothing was refused")?;
    page.expect_status(StatusCode::FORBIDDEN)?;
    if page.heading().as_deref() != Some("Not in your private marketplace") {
        return Err(format!("the marketplace says {:?}", page.heading()));
    }
    if !page.forms_with_button("Request approval").is_empty() {
        return Err("the refusal still offers Request approval".into());
    }
    Ok(())
}

#[when("she requests approval for an approved product")]
async fn requests_approved(world: &mut World) -> Result<()> {
    let pick = world.private.first()?.clone();
    super::offers::buy_in_punchout(world, pick).await
}

#[then(
    expr = "the marketplace refuses Coupa's purchase order with {int} because the product is not approved"
)]
async fn order_refused(world: &mut World, code: u16) -> Result<()> {
    let number = po_link(world.requisition_page()?)?;
    let order = world.she()?.order_page(&number).await?;
    let status = order.definition("cXML status").unwrap_or_default();
    if !status.starts_with(&format!("{code} ")) {
        return Err(format!("purchase order {number}: cXML status {status:?}"));
    }
    let text = order.text_of("main").join(" ");
    let listing = &world.pick()?.listing_id;
    if !text.contains("private marketplace") || !text.contains(listing.as_str()) {
        return Err(format!("purchase order {number} does not say why: {text}"));
    }
    Ok(())
}

#[then("the marketplace holds no agreement")]
async fn no_agreement(world: &mut World) -> Result<()> {
    let agreements = world.sim()?.agreements(COUPA_ACCOUNT).await?;
    if !agreements.is_empty() {
        return Err(format!("the marketplace holds agreements: {agreements:?}"));
    }
    Ok(())
}

#[when(regex = r"^(\S+@\S+) tries to approve another product$")]
async fn tries_to_approve(world: &mut World, user: String) -> Result<()> {
    let other = unapproved(world).await?;
    let sim = world.sim()?;
    let before = sim.private_marketplace(COUPA_ACCOUNT, ADMIN).await?;
    let mut wanted: BTreeSet<String> = before.listings.iter().cloned().collect();
    wanted.insert(other);
    let reply = sim
        .put_private_marketplace(COUPA_ACCOUNT, &user, before.enabled, &wanted)
        .await?;
    world.private.before = Some(before);
    world.integration_reply = Some(reply);
    Ok(())
}

#[then("the approved products are unchanged")]
async fn unchanged(world: &mut World) -> Result<()> {
    let before = world.private.before.as_ref().ok_or("no change tried")?;
    let after = world
        .sim()?
        .private_marketplace(COUPA_ACCOUNT, ADMIN)
        .await?;
    if &after != before {
        return Err(format!("the setting changed: {before:?} → {after:?}"));
    }
    Ok(())
}
