//! F3: Coupa's Open Buy search shows the marketplace's products inside
//! Coupa, a page at a time; choosing one punches out straight to it
//! (level 2). Negatives: a withdrawn product, wrong partner credentials,
//! a query the marketplace refuses.

use cucumber::{then, when};
use reqwest::StatusCode;

use crate::{
    World,
    support::{
        browser::{Browser, Page, Result},
        catalog,
        open_buy::{ResultRow, choice, results},
    },
    world::{FINANCE_THRESHOLD_CENTS, email_of},
};

/// Results per page in Coupa's search.
const PAGE_SIZE: usize = 20;
/// A well-formed listing id the generated catalogs never hold.
pub const WITHDRAWN: &str = "prod-ffffffff";

/// What the scenario has seen of Coupa's search.
#[derive(Debug, Default)]
pub struct OpenBuy {
    /// What was searched for, and Coupa's answer.
    pub query: Option<String>,
    pub page: Option<Page>,
    /// The items shown on earlier pages.
    pub seen: Vec<String>,
    /// Where choosing a result led, in the marketplace.
    pub landed: Option<Page>,
}

impl OpenBuy {
    pub fn page(&self) -> Result<&Page> {
        self.page
            .as_ref()
            .ok_or_else(|| "no search was made in Coupa".to_owned())
    }

    pub fn query(&self) -> Result<&str> {
        self.query
            .as_deref()
            .ok_or_else(|| "no search was made in Coupa".to_owned())
    }
}

/// `name` searches Coupa for `query`; the answer is kept whatever it is.
pub async fn search(world: &mut World, name: &str, query: &str) -> Result<()> {
    let page = world.user(name).await?.search(query).await?;
    world.requester = Some(email_of(name)?);
    world.open_buy.query = Some(query.to_owned());
    world.open_buy.page = Some(page);
    Ok(())
}

/// The rows of a results page that must have been answered 200.
pub fn shown(page: &Page) -> Result<Vec<ResultRow>> {
    page.expect_status(StatusCode::OK)?;
    results(page)
}

#[when(expr = "{word} searches Coupa for a SaaS product with an upfront contract")]
async fn searches_for_product(world: &mut World, name: String) -> Result<()> {
    let pick = catalog::saas_upfront_below(world.sim()?, FINANCE_THRESHOLD_CENTS).await?;
    search(world, &name, &pick.name).await?;
    world.pick = Some(pick);
    Ok(())
}

#[then("Coupa shows the marketplace's result with its seller, price and category")]
async fn shows_the_result(world: &mut World) -> Result<()> {
    let pick = world.pick()?;
    let rows = shown(world.open_buy.page()?)?;
    let row = rows
        .iter()
        .find(|r| r.item == pick.listing_id)
        .ok_or_else(|| format!("{} is not among Coupa's results {rows:?}", pick.listing_id))?;
    let (_, hits) = world.sim()?.public_search(&pick.name, 100).await?;
    let hit = hits
        .iter()
        .find(|h| h.id == pick.listing_id)
        .ok_or_else(|| format!("the public catalog does not find {}", pick.listing_id))?;
    let expected = ResultRow {
        name: hit.name.clone(),
        seller: hit.seller.clone(),
        price: hit.price_summary.clone(),
        category: hit.category.name.clone(),
        item: hit.id.clone(),
    };
    if *row != expected {
        return Err(format!(
            "Coupa shows {row:?}, the marketplace has {expected:?}"
        ));
    }
    if !row.price.contains(&pick.currency) || row.seller.is_empty() || row.category.is_empty() {
        return Err(format!(
            "the row lacks a seller, category or priced amount: {row:?}"
        ));
    }
    Ok(())
}

#[when("she chooses that product in Coupa's results")]
async fn chooses(world: &mut World) -> Result<()> {
    let form = choice(world.open_buy.page()?, &world.pick()?.listing_id)?;
    let landed = world.she()?.choose(&form).await?;
    world.open_buy.landed = Some(landed);
    Ok(())
}

fn landed(world: &World) -> Result<&Page> {
    world
        .open_buy
        .landed
        .as_ref()
        .ok_or_else(|| "no result was chosen".to_owned())
}

#[then("she lands on that product's page in the marketplace")]
async fn on_the_product(world: &mut World) -> Result<()> {
    let pick = world.pick()?;
    let page = landed(world)?;
    page.expect_status(StatusCode::OK)?;
    let market = world.sim()?.url("marketplace");
    let expected = format!("{market}/products/{}", pick.listing_id);
    if page.url.as_str() != expected {
        return Err(format!(
            "the punchout landed on {}, not {expected}",
            page.url
        ));
    }
    if page.heading().as_deref() != Some(pick.name.as_str()) {
        return Err(format!("the product page is headed {:?}", page.heading()));
    }
    if page.forms_with_button("Request approval").is_empty() {
        return Err("the product page offers no Request approval".into());
    }
    Ok(())
}

#[then("Coupa's setup request named the product as its SelectedItem")]
async fn selected_item(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    let sent = sim
        .journal("coupa", None, Some("PunchOutSetupRequest"))
        .await?;
    let last = sent.last().ok_or("Coupa journaled no setup request")?;
    let raw = sim.raw_of(last).await?;
    let doc = cxml::read::read(raw.as_bytes())
        .map_err(|e| format!("the journaled setup request does not read: {e}"))?
        .doc;
    let selected = match doc.request.map(|r| r.body) {
        Some(cxml::envelope::RequestBody::PunchOutSetupRequest(setup)) => setup
            .selected_item
            .map(|item| item.item_id.supplier_part_id),
        _ => return Err("the journaled document is no setup request".into()),
    };
    let wanted = &world.pick()?.listing_id;
    if selected.as_ref() != Some(wanted) {
        return Err(format!("SelectedItem is {selected:?}, not {wanted}"));
    }
    Ok(())
}

#[then("the flow of that punchout begins with Coupa's search of the marketplace, as JSON")]
async fn search_begins_the_flow(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    let sent = sim
        .journal("coupa", None, Some("PunchOutSetupRequest"))
        .await?;
    let flow = sent
        .last()
        .and_then(|setup| setup.flow_id.clone())
        .ok_or("Coupa journaled no setup request with a flow")?;
    let merged = sim.merged_journal(&flow).await?;
    let first = merged.first().ok_or("the flow has no exchanges")?;
    let query = world.open_buy.query()?;
    let asked = reqwest::Url::parse(&first.peer).ok().and_then(|url| {
        url.query_pairs()
            .find(|(k, _)| k == "q")
            .map(|(_, v)| v.into_owned())
    });
    let search = first.service == "coupa"
        && first.document_type.as_deref() == Some("OpenBuySearch")
        && first.http_status == Some(200)
        && first.cxml_status.is_none()
        && asked.as_deref() == Some(query);
    if !search {
        return Err(format!(
            "flow {flow} begins with {} {:?} to {} (HTTP {:?}), not Coupa's search for {query:?}",
            first.service, first.document_type, first.peer, first.http_status
        ));
    }
    if sim
        .raw_of(first)
        .await?
        .contains(crate::support::sim::COUPA_SECRET)
    {
        return Err("the journaled search shows the shared secret".into());
    }
    Ok(())
}

#[then("the dashboard's Open Buy walkthrough shows every step done, in that flow")]
async fn walkthrough_done(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    let flow = world.cart()?.flow();
    let searched = sim
        .journal("coupa", Some(flow), Some("OpenBuySearch"))
        .await?;
    if searched.is_empty() {
        return Err(format!(
            "the cart came back in flow {flow}, not the search's"
        ));
    }
    // A walkthrough follows the flow its person chose (or started from its
    // page): this visitor chooses the purchase's flow.
    let visitor = Browser::new("a visitor");
    let walkthrough = format!("{}/walkthroughs/F3", sim.url("dashboard"));
    visitor
        .post_form(
            &format!("{walkthrough}/follow"),
            &[("flow".to_owned(), flow.to_owned())],
        )
        .await?;
    let page = visitor.get(&walkthrough).await?;
    page.expect_status(StatusCode::OK)?;
    let steps = page.text_of("li.step").len();
    let done = page.text_of("li.step.done").len();
    if steps == 0 || done != steps {
        return Err(format!(
            "the F3 walkthrough shows {done} of {steps} steps done"
        ));
    }
    Ok(())
}

#[when("she requests approval for that product")]
async fn requests_approval_there(world: &mut World) -> Result<()> {
    let pick = world.pick()?;
    let she = world.she()?;
    let auto = she.request_approval(landed(world)?, &pick.option).await?;
    let cart = she.return_cart(&auto).await?;
    world.cart = Some(cart);
    Ok(())
}

#[when(expr = "{word} searches Coupa for a word that more than {int} products match")]
async fn searches_broadly(world: &mut World, name: String, more_than: usize) -> Result<()> {
    let sim = world.sim()?;
    let mut found = None;
    for letter in ["s", "c", "a", "p", "d", "m", "e", "t"] {
        let (total, _) = sim.public_search(letter, 1).await?;
        if total > more_than {
            found = Some(letter);
            break;
        }
    }
    let query = found.ok_or_else(|| format!("no single letter matches more than {more_than}"))?;
    search(world, &name, query).await
}

/// The summary line Coupa prints above the results.
fn summary(page: &Page) -> Result<String> {
    page.text_of("#summary")
        .into_iter()
        .next()
        .ok_or_else(|| format!("{}: no result summary", page.url))
}

/// Checks that the page shows the public catalog's hits `from..` for the
/// query, and its summary.
async fn shows_public_window(world: &World, from: usize) -> Result<Vec<String>> {
    let query = world.open_buy.query()?;
    let page = world.open_buy.page()?;
    let items: Vec<String> = shown(page)?.into_iter().map(|r| r.item).collect();
    let (total, hits) = world.sim()?.public_search(query, from + PAGE_SIZE).await?;
    let expected: Vec<String> = hits.into_iter().skip(from).map(|h| h.id).collect();
    if items != expected {
        return Err(format!(
            "Coupa shows {items:?}, the marketplace ranks {expected:?}"
        ));
    }
    let wanted = format!(
        "{}–{} of {total} products for “{query}” from the marketplace.",
        from + 1,
        from + items.len()
    );
    let said = summary(page)?;
    if said != wanted {
        return Err(format!("the summary says {said:?}, not {wanted:?}"));
    }
    Ok(items)
}

#[then(expr = "Coupa shows the first {int} and tells how many match")]
async fn first_page(world: &mut World, count: usize) -> Result<()> {
    let items = shows_public_window(world, 0).await?;
    if items.len() != count {
        return Err(format!("{} results on the first page", items.len()));
    }
    world.open_buy.seen = items;
    Ok(())
}

#[when("she asks for the next page")]
async fn next_page(world: &mut World) -> Result<()> {
    let page = world.open_buy.page()?;
    let [next] = page
        .forms_with_button("Next")
        .try_into()
        .map_err(|forms: Vec<_>| format!("{}: {} Next buttons", page.url, forms.len()))?;
    let answer = world.she()?.browser.submit(&next).await?;
    world.open_buy.page = Some(answer);
    Ok(())
}

#[then("Coupa shows the next results, none of them repeated")]
async fn second_page(world: &mut World) -> Result<()> {
    let items = shows_public_window(world, PAGE_SIZE).await?;
    if items.is_empty() || items.iter().any(|i| world.open_buy.seen.contains(i)) {
        return Err(format!(
            "page 2 shows {items:?} after {:?}",
            world.open_buy.seen
        ));
    }
    if world
        .open_buy
        .page()?
        .forms_with_button("Previous")
        .is_empty()
    {
        return Err("page 2 has no way back".into());
    }
    Ok(())
}

#[when("she chooses a result the marketplace has withdrawn since")]
async fn chooses_withdrawn(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    let url = format!("{}/api/listings/{WITHDRAWN}", sim.url("marketplace"));
    let status = sim
        .http
        .get(&url)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .status();
    if status != StatusCode::NOT_FOUND {
        return Err(format!("{WITHDRAWN} is in the catalog ({status})"));
    }
    let mut form = choice(world.open_buy.page()?, &world.pick()?.listing_id)?;
    form.set("item", WITHDRAWN);
    let landed = world.she()?.choose(&form).await?;
    world.open_buy.landed = Some(landed);
    Ok(())
}

#[then("she lands on the marketplace's storefront, which says that product is not available")]
async fn on_the_storefront_with_notice(world: &mut World) -> Result<()> {
    let page = landed(world)?;
    page.expect_status(StatusCode::OK)?;
    let market = world.sim()?.url("marketplace");
    if !page.url.as_str().starts_with(&market) || page.url.path() != "/" {
        return Err(format!("the punchout landed on {}", page.url));
    }
    let notice = page.text_of("#unavailable").join(" ");
    if !notice.contains(WITHDRAWN) || !notice.contains("not available") {
        return Err(format!("the storefront says {notice:?}"));
    }
    Ok(())
}

#[then("Coupa shows that the marketplace refused its credentials")]
async fn credentials_refused(world: &mut World) -> Result<()> {
    let page = world.open_buy.page()?;
    page.expect_status(StatusCode::BAD_GATEWAY)?;
    let wanted = "The marketplace refused Coupa's credentials (401)";
    if page.heading().as_deref() != Some(wanted) {
        return Err(format!("Coupa says {:?}", page.heading()));
    }
    if !page.table_rows("table#results").is_empty() {
        return Err("Coupa shows results anyway".into());
    }
    Ok(())
}

#[when(expr = "{word} searches Coupa for a text of {int} characters")]
async fn searches_long(world: &mut World, name: String, length: usize) -> Result<()> {
    search(world, &name, &"a".repeat(length)).await
}

#[then("Coupa says the marketplace could not run the search because the text is too long")]
async fn query_refused(world: &mut World) -> Result<()> {
    let page = world.open_buy.page()?;
    page.expect_status(StatusCode::BAD_REQUEST)?;
    if page.heading().as_deref() != Some("The marketplace could not run this search") {
        return Err(format!("Coupa says {:?}", page.heading()));
    }
    let text = page.text_of("main").join(" ");
    if !text.contains("at most 200 characters") {
        return Err(format!("Coupa does not say why: {text}"));
    }
    Ok(())
}
