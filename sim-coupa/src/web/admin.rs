//! `GET /admin` and its forms (admins only): the punchout site (URL,
//! domain, identities, secret shown masked and kept unless a new one is
//! typed, redirect, test mode, Open Buy search URL), the order URL and the
//! finance threshold of the approval chain.

use axum::{
    Form,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use buyer_kit::{
    ApproverLevel, User,
    platform::{PageError, SignedIn, context_for},
};
use cxml::{Money, SharedSecret};
use serde::Deserialize;

use crate::{
    admin_changes::{self, AdminChange, SiteChange},
    settings::Settings,
    state::AppState,
};

/// The signed-in user, if an admin.
fn admin(SignedIn(user): SignedIn) -> Result<User, PageError> {
    if user.is_admin() {
        Ok(user)
    } else {
        Err(PageError::forbidden("Only an admin configures Coupa."))
    }
}

pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, PageError> {
    let user = admin(signed_in)?;
    let settings = state.settings();
    let site = &settings.site;
    let ids = &site.identities;
    let mut context = context_for(Some(&user));
    context.insert("site_name", &site.name);
    context.insert("site_url", &site.url);
    context.insert("domain", &ids.from.domain);
    context.insert("from_identity", &ids.from.identity);
    context.insert("to_identity", &ids.to.identity);
    context.insert("sender_identity", &ids.sender.identity);
    context.insert("secret", &ids.secret.to_string());
    context.insert("user_agent", &ids.user_agent);
    context.insert("redirect", &site.redirect);
    context.insert("test_mode", &site.test_mode);
    context.insert("order_url", &settings.order_url);
    context.insert(
        "open_buy_url",
        &site.open_buy_url.clone().unwrap_or_default(),
    );
    let finance = settings
        .chain
        .threshold_of(&ApproverLevel::finance())
        .map(|m| m.amount().to_string())
        .unwrap_or_default();
    context.insert("finance_threshold", &finance);
    context.insert("public_url", &state.shell().public_url);
    Ok(state.shell().page(StatusCode::OK, "admin.html", &context))
}

#[derive(Debug, Deserialize)]
pub struct SiteForm {
    url: String,
    domain: String,
    from_identity: String,
    to_identity: String,
    sender_identity: String,
    #[serde(default)]
    secret: String,
    order_url: String,
    #[serde(default)]
    redirect: Option<String>,
    #[serde(default)]
    test_mode: Option<String>,
    /// The supplier's Open Buy search API; empty: none.
    #[serde(default)]
    open_buy_url: String,
}

pub async fn save_site(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<SiteForm>,
) -> Result<Response, PageError> {
    admin(signed_in)?;
    let open_buy_url = Some(form.open_buy_url.trim().to_owned()).filter(|url| !url.is_empty());
    if open_buy_url
        .as_deref()
        .is_some_and(|url| !(url.starts_with("http://") || url.starts_with("https://")))
    {
        return Err(PageError::bad_request(
            "Not a search address",
            "The Open Buy search URL must be an http or https URL, or empty for none.",
        ));
    }
    let typed_secret = form.secret.trim();
    let wanted = admin_changes::SiteForm {
        url: form.url.trim().to_owned(),
        domain: form.domain.trim().to_owned(),
        from_identity: form.from_identity.trim().to_owned(),
        to_identity: form.to_identity.trim().to_owned(),
        sender_identity: form.sender_identity.trim().to_owned(),
        secret: (!typed_secret.is_empty()).then(|| SharedSecret::new(typed_secret)),
        order_url: form.order_url.trim().to_owned(),
        redirect: form.redirect.is_some(),
        test_mode: form.test_mode.is_some(),
        open_buy_url,
    };
    let configured = Settings::from_config(state.config());
    save(&state, move |current| {
        AdminChange::Site(SiteChange::from_form(wanted, &configured, current))
    })
    .await
}

/// Saves and applies the change `make` gives, then back to the admin page;
/// a change that cannot be saved is not applied (the error page is the
/// store's 500).
async fn save(
    state: &AppState,
    make: impl FnOnce(&Settings) -> AdminChange + Send + 'static,
) -> Result<Response, PageError> {
    state.change_settings(make).await?;
    Ok(Redirect::to("/admin").into_response())
}

#[derive(Debug, Deserialize)]
pub struct ChainForm {
    finance_threshold: String,
}

pub async fn save_chain(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<ChainForm>,
) -> Result<Response, PageError> {
    admin(signed_in)?;
    let Ok(threshold) = Money::parse("USD", &form.finance_threshold) else {
        return Err(PageError::bad_request(
            "Not an amount",
            "The finance threshold must be a plain amount such as 5000.00.",
        ));
    };
    save(&state, move |_| AdminChange::FinanceThreshold(threshold)).await
}
