//! F2 negatives: punchouts that must not open a session — a shared secret
//! the marketplace no longer accepts (Ariba shows the refusal), and a
//! StartPage used twice or after it expired.

use cucumber::{given, then, when};
use reqwest::{StatusCode, Url};
use serde_json::Value;

use crate::{
    World,
    support::{
        ariba::{ARIBA_ACCOUNT, AribaUser},
        browser::{Page, Result},
        storefront,
    },
    world::ariba_email_of,
};

/// The admin of the marketplace account Ariba buys for.
const GLOBEX_ADMIN: &str = "admin@globex.test";

/// What the scenario saw of a punchout from Ariba.
#[derive(Debug, Default)]
pub struct StartPages {
    /// Ariba's answer to the PunchOut button.
    pub pressed: Option<Page>,
    /// The StartPage it redirected to, and the answer to its first use.
    pub start_page: Option<Url>,
    pub opened: Option<Page>,
}

impl StartPages {
    fn start_page(&self) -> Result<&Url> {
        self.start_page
            .as_ref()
            .ok_or_else(|| "no StartPage was handed out".to_owned())
    }

    fn opened(&self) -> Result<&Page> {
        self.opened
            .as_ref()
            .ok_or_else(|| "the StartPage was not opened".to_owned())
    }
}

#[given(
    "the marketplace's admin rotates the Ariba connection's shared secret without telling Ariba"
)]
async fn rotates_secret(world: &mut World) -> Result<()> {
    let sim = world.sim()?;
    let mut settings = sim.account_integration(ARIBA_ACCOUNT, GLOBEX_ADMIN).await?;
    let secret = settings
        .pointer_mut("/connections/0/shared_secret")
        .ok_or_else(|| "the Ariba connection shows no shared secret".to_owned())?;
    *secret = Value::String("rotated-supplier-secret".into());
    sim.set_account_integration(ARIBA_ACCOUNT, GLOBEX_ADMIN, &settings)
        .await
}

#[when(expr = "Ariba user {word} presses PunchOut on the marketplace's item in Ariba's catalog")]
async fn presses(world: &mut World, name: String) -> Result<()> {
    let pressed = world.ariba_user(&name).await?.press_punchout().await?;
    world.ariba_requester = Some(ariba_email_of(&name)?);
    world.account = ARIBA_ACCOUNT;
    if pressed.status == StatusCode::SEE_OTHER {
        world.start_pages.start_page = Some(pressed.redirect_target(StatusCode::SEE_OTHER)?);
    }
    world.start_pages.pressed = Some(pressed);
    Ok(())
}

#[then(expr = "Ariba shows that the marketplace refused the punchout with {int}")]
async fn ariba_shows_refusal(world: &mut World, code: u16) -> Result<()> {
    let page = world
        .start_pages
        .pressed
        .as_ref()
        .ok_or("PunchOut was not pressed")?;
    page.expect_status(StatusCode::BAD_GATEWAY)?;
    let wanted = format!("The supplier refused the punchout ({code})");
    if page.heading().as_deref() != Some(wanted.as_str()) {
        return Err(format!("Ariba says {:?}", page.heading()));
    }
    if page.location.is_some() {
        return Err(format!("Ariba redirects to {:?}", page.location));
    }
    Ok(())
}

/// `he` has no marketplace session: a Request approval is refused.
async fn has_no_session(world: &World, he: &AribaUser) -> Result<()> {
    storefront::expect_no_session(&he.browser, &world.sim()?.url("marketplace")).await
}

#[then("no marketplace session was opened for him")]
async fn no_session_for_him(world: &mut World) -> Result<()> {
    has_no_session(world, world.he()?).await
}

#[when("he opens the StartPage")]
async fn opens_start_page(world: &mut World) -> Result<()> {
    let url = world.start_pages.start_page()?.clone();
    let opened = world.he()?.browser.get(url.as_str()).await?;
    let storefront = opened.redirect_target(StatusCode::SEE_OTHER)?;
    if storefront.path() != "/" {
        return Err(format!("the StartPage led to {storefront}"));
    }
    world.start_pages.opened = Some(opened);
    Ok(())
}

#[when(expr = "{int} minutes pass before he opens the StartPage")]
async fn opens_late(world: &mut World, minutes: i64) -> Result<()> {
    world
        .sim()?
        .advance_clock(jiff::SignedDuration::from_mins(minutes))
        .await?;
    let url = world.start_pages.start_page()?.clone();
    let opened = world.he()?.browser.get(url.as_str()).await?;
    world.start_pages.opened = Some(opened);
    Ok(())
}

/// The page is the marketplace's 410 headed `heading`, and opened nothing.
fn gone(page: &Page, heading: &str) -> Result<()> {
    page.expect_status(StatusCode::GONE)?;
    if page.heading().as_deref() != Some(heading) {
        return Err(format!("the marketplace says {:?}", page.heading()));
    }
    if page.location.is_some() {
        return Err(format!("it still redirects to {:?}", page.location));
    }
    Ok(())
}

#[then("opening the same StartPage again says it was already used")]
async fn used_twice(world: &mut World) -> Result<()> {
    world.start_pages.opened()?;
    let url = world.start_pages.start_page()?.clone();
    let again = world.he()?.browser.get(url.as_str()).await?;
    gone(&again, "This punchout link was already used")
}

#[then("the StartPage says it has expired")]
async fn expired(world: &mut World) -> Result<()> {
    let opened = world.start_pages.opened()?;
    gone(opened, "This punchout link has expired")?;
    has_no_session(world, world.he()?).await
}
