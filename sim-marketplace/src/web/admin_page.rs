//! What an account's admin page is made of, shared by the settings
//! (`admin`) and the private marketplace section (`private_marketplace`):
//! who may see it, its context, the settings history and the page itself
//! with the private marketplace drawn in.

use axum::{
    http::{HeaderMap, StatusCode},
    response::Response,
};
use serde::Serialize;
use tera::Context;

use crate::{
    Marketplace,
    accounts::{
        Account, Permission,
        changes::{self, SettingsChange},
        store as accounts,
        view::{Access, Asker, SettingsView, check_access, record_refused_access},
    },
    http_face::{
        PageError,
        cookies::{USER_COOKIE, cookie},
        page,
    },
    private_marketplace::store,
};

/// The account, if the signed-in user is one of its users and holds
/// `permission`, and who that is; else the refusal to show instead (one
/// of its users without the permission is recorded in the settings
/// history).
pub(super) async fn admin_account(
    marketplace: &Marketplace,
    headers: &HeaderMap,
    id: String,
    permission: Permission,
) -> Result<(Account, String), PageError> {
    let account = marketplace
        .store()
        .call(move |db| accounts::get(db, &id))
        .await?
        .ok_or_else(|| {
            PageError::not_found("No such account", "This buyer account does not exist.")
        })?;
    let user = cookie(headers, USER_COOKIE);
    match check_access(&account, user.as_deref(), permission) {
        Ok(()) => Ok((account, user.unwrap_or_default())),
        Err(Access::NotMember) => Err(PageError::forbidden(
            "Not allowed",
            "Sign in as a user of this account to see its settings.",
        )),
        Err(access @ Access::Missing(_)) => {
            let asker = Asker {
                user: user.as_deref().unwrap_or_default(),
                at: marketplace.clock().now(),
            };
            record_refused_access(marketplace.store(), &account, asker, permission).await;
            Err(PageError::forbidden(
                "Permission missing",
                access.explain(&account),
            ))
        }
    }
}

pub(super) fn settings_context(account: &Account, user: &str, message: Option<&str>) -> Context {
    let mut context = Context::new();
    context.insert("account", &SettingsView::of(account));
    context.insert("user", user);
    context.insert("message", &message);
    context
}

/// How many of the account's settings changes its page lists.
const HISTORY_SHOWN: i64 = 10;

/// The account's newest settings changes, newest first, for its page.
pub(super) async fn history(
    marketplace: &Marketplace,
    account: &Account,
) -> Result<Vec<SettingsChange>, PageError> {
    let id = account.id.to_string();
    Ok(marketplace
        .store()
        .call(move |db| changes::newest(db, &id, HISTORY_SHOWN))
        .await?)
}

#[derive(Serialize)]
struct ApprovedView {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct SettingView {
    enabled: bool,
    approved: Vec<ApprovedView>,
}

/// Renders the admin page for `account` with its private marketplace.
pub(super) async fn render(
    marketplace: &Marketplace,
    account: &Account,
    mut context: Context,
    status: StatusCode,
) -> Result<Response, PageError> {
    let id = account.id.to_string();
    let setting = marketplace
        .store()
        .call(move |db| store::get(db, &id))
        .await?;
    let catalog = marketplace.catalog();
    let view = SettingView {
        enabled: setting.enabled,
        approved: setting
            .approved
            .iter()
            .map(|id| ApprovedView {
                id: id.to_string(),
                name: catalog
                    .listing(*id)
                    .map_or_else(String::new, |l| l.name.clone()),
            })
            .collect(),
    };
    context.insert("private_marketplace", &view);
    context.insert("history", &history(marketplace, account).await?);
    Ok(page(marketplace, status, "admin.html", &context))
}
