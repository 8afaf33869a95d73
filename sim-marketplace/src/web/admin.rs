//! Administration pages (SPEC F15): "sign in as" (a cookie, no passwords)
//! and an account's integration settings, which only users whose policies
//! grant the permissions of `AWSMarketplaceProcurementSystemAdminFullAccess`
//! may see (`…DescribeProcurementSystemConfiguration`) and change
//! (`…PutProcurementSystemConfiguration`); anyone else gets a 403 page
//! naming the missing permission.

use axum::{
    Form, Router,
    extract::{Path, Query, State, rejection::QueryRejection},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::admin_page::{self, admin_account, settings_context};
use crate::{
    Marketplace,
    accounts::{
        Identity, Permission, ProcurementSystem, store as accounts,
        view::{Asker, ConnectionView, SaveError, SettingsView, save},
    },
    http_face::{
        PageError,
        cookies::{USER_COOKIE, cookie, set_cookie},
        page,
    },
};

pub fn routes() -> Router<Marketplace> {
    Router::new()
        .route("/signin", get(signin_page).post(signin))
        .route("/admin", get(admin_home))
        .route(
            "/admin/accounts/{id}",
            get(settings_page).post(update_settings),
        )
}

#[derive(Serialize)]
struct UserRow {
    email: String,
    account: String,
    policies: Vec<String>,
}

/// The page to return to after signing in, as the sign-in page's query
/// and its form carry it.
#[derive(Deserialize, Default)]
struct Next {
    next: Option<String>,
}

/// `next`, if it is a path of this marketplace: it starts with one "/"
/// and holds nothing a browser would read as another host (`//host`,
/// `/\host`). Anything else is ignored, never followed, so the sign-in
/// page cannot send a person elsewhere (an open redirect).
fn local_path(next: Option<&str>) -> Option<&str> {
    let next = next?;
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.len() <= 2_000;
    local.then_some(next)
}

async fn signin_page(
    State(marketplace): State<Marketplace>,
    next: Result<Query<Next>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let next = next.map(|Query(next)| next).unwrap_or_default();
    let all = marketplace.store().call(|db| accounts::all(db)).await?;
    let users: Vec<UserRow> = all
        .iter()
        .flat_map(|account| {
            account.users.iter().map(|user| UserRow {
                email: user.email.clone(),
                account: account.name.clone(),
                policies: user.policies.iter().map(ToString::to_string).collect(),
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("users", &users);
    context.insert("current", &cookie(&headers, USER_COOKIE));
    context.insert("next", &local_path(next.next.as_deref()));
    Ok(page(&marketplace, StatusCode::OK, "signin.html", &context))
}

#[derive(Deserialize)]
struct SigninForm {
    email: String,
    next: Option<String>,
}

async fn signin(
    State(marketplace): State<Marketplace>,
    Form(form): Form<SigninForm>,
) -> Result<Response, PageError> {
    let all = marketplace.store().call(|db| accounts::all(db)).await?;
    let user = all
        .iter()
        .find_map(|account| account.user(&form.email))
        .ok_or_else(|| PageError::bad_request("Unknown user", "Pick one of the listed users."))?;
    // Back to the page that sent the person here; else an administrator
    // lands on the account's settings and anyone else on the storefront,
    // whose header links the account's own pages (a settings page they
    // may not read would only say so).
    let landing = match local_path(form.next.as_deref()) {
        Some(next) => next,
        None if user.may(Permission::DescribeProcurementSystemConfiguration) => "/admin",
        None => "/",
    };
    Ok((
        [(header::SET_COOKIE, set_cookie(USER_COOKIE, &user.email))],
        Redirect::to(landing),
    )
        .into_response())
}

async fn admin_home(
    State(marketplace): State<Marketplace>,
    headers: HeaderMap,
) -> Result<Redirect, PageError> {
    let email = cookie(&headers, USER_COOKIE).ok_or(PageError::sign_in(SIGN_IN))?;
    let all = marketplace.store().call(|db| accounts::all(db)).await?;
    let account = all
        .iter()
        .find(|account| account.user(&email).is_some())
        .ok_or(PageError::sign_in(SIGN_IN))?;
    Ok(Redirect::to(&format!("/admin/accounts/{}", account.id)))
}

/// The page a person not signed in is sent to.
const SIGN_IN: &str = "/signin";

async fn settings_page(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (account, user) = admin_account(
        &marketplace,
        &headers,
        id,
        Permission::DescribeProcurementSystemConfiguration,
    )
    .await?;
    let context = settings_context(&account, &user, None);
    admin_page::render(&marketplace, &account, context, StatusCode::OK).await
}

async fn update_settings(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (account, user) = admin_account(
        &marketplace,
        &headers,
        id,
        Permission::PutProcurementSystemConfiguration,
    )
    .await?;
    let view = view_from_form(&fields);
    let asker = Asker {
        user: &user,
        at: marketplace.clock().now(),
    };
    let cache = marketplace.accounts_cache();
    let outcome = save(marketplace.store(), cache, &account, asker, view).await;
    let (status, message) = match outcome {
        Ok(()) => (StatusCode::OK, "Saved.".to_owned()),
        Err(SaveError::Invalid(message)) => (
            StatusCode::BAD_REQUEST,
            format!("Not saved, nothing changed: {message}."),
        ),
        Err(SaveError::Store(err)) => return Err(err.into()),
    };
    let id = account.id.to_string();
    let reloaded = marketplace
        .store()
        .call(move |db| accounts::get(db, &id))
        .await;
    let shown = match reloaded {
        Ok(Some(saved)) => saved,
        _ => account,
    };
    let mut context = settings_context(&shown, &user, Some(&message));
    context.insert("refused", &(status != StatusCode::OK));
    admin_page::render(&marketplace, &shown, context, status).await
}

/// The settings form: `po_management`, then per connection `id` and
/// fields suffixed `_{id}`.
fn view_from_form(fields: &[(String, String)]) -> SettingsView {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_owned())
    };
    let on = |name: &str| get(name).is_some_and(|value| value == "on");
    let connections = fields
        .iter()
        .filter(|(key, _)| key == "id")
        .map(|(_, id)| {
            let field = |name: &str| get(&format!("{name}_{id}")).unwrap_or_default();
            let flag = |name: &str| on(&format!("{name}_{id}"));
            ConnectionView {
                id: id.clone(),
                system: if field("system") == "ariba" {
                    ProcurementSystem::Ariba
                } else {
                    ProcurementSystem::Coupa
                },
                enabled: flag("enabled"),
                buyer: Identity::new(field("buyer_domain"), field("buyer_identity")),
                supplier: Identity::new(field("supplier_domain"), field("supplier_identity")),
                sender: Identity::new(field("sender_domain"), field("sender_identity")),
                shared_secret: Some(field("shared_secret")),
                coupa_instance_url: Some(field("coupa_instance_url")),
                invoice_url: Some(field("invoice_url")),
                redirect: flag("redirect"),
                free_preapproved: flag("free_preapproved"),
                byol_preapproved: flag("byol_preapproved"),
                test_mode: flag("test_mode"),
                form_encoding: Some(field("form_encoding")).filter(|value| !value.is_empty()),
            }
        })
        .collect();
    SettingsView {
        account: None,
        name: None,
        contact_email: None,
        po_management: on("po_management"),
        connections,
    }
}
