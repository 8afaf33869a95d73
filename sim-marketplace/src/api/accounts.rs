//! `GET/PUT /api/accounts/{id}/integration`: an account's procurement
//! settings as JSON. The acting user is the `X-Procsim-User` header; a
//! user of the account whose policies grant
//! `aws-marketplace:DescribeProcurementSystemConfiguration` may read, and
//! `…PutProcurementSystemConfiguration` may change, as the managed policy
//! `AWSMarketplaceProcurementSystemAdminFullAccess` does (403 otherwise,
//! naming the missing permission). Shared secrets are shown as `***`.

use axum::{
    Json, Router,
    extract::{Path, State, rejection::JsonRejection},
    http::HeaderMap,
    routing::get,
};

use crate::{
    Marketplace,
    accounts::{
        Account, Permission, store as accounts,
        view::{Access, Asker, SaveError, SettingsView, check_access, record_refused_access, save},
    },
    http_face::ApiError,
};

/// The header naming the acting user.
pub const USER_HEADER: &str = "x-procsim-user";

pub fn routes() -> Router<Marketplace> {
    Router::new().route(
        "/api/accounts/{id}/integration",
        get(read_settings).put(write_settings),
    )
}

pub(super) async fn load(marketplace: &Marketplace, id: String) -> Result<Account, ApiError> {
    marketplace
        .store()
        .call(move |db| accounts::get(db, &id))
        .await?
        .ok_or_else(|| ApiError::NotFound("no such account".into()))
}

pub(super) fn acting_user(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(USER_HEADER)
        .and_then(|value| value.to_str().ok())
}

pub(super) fn denied(account: &Account, access: Access) -> ApiError {
    match access {
        Access::NotMember => ApiError::Forbidden("you are not a user of this account".into()),
        Access::Missing(_) => ApiError::Forbidden(access.explain(account)),
    }
}

/// Whether the acting user may act on `account` with `permission`; a
/// user of the account without it is refused and recorded in the
/// settings history, as the admin page records it.
pub(super) async fn authorize(
    marketplace: &Marketplace,
    account: &Account,
    headers: &HeaderMap,
    permission: Permission,
) -> Result<(), ApiError> {
    let user = acting_user(headers);
    let refused = match check_access(account, user, permission) {
        Ok(()) => return Ok(()),
        Err(access) => access,
    };
    if let Access::Missing(permission) = refused {
        let asker = Asker {
            user: user.unwrap_or_default(),
            at: marketplace.clock().now(),
        };
        record_refused_access(marketplace.store(), account, asker, permission).await;
    }
    Err(denied(account, refused))
}

async fn read_settings(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<SettingsView>, ApiError> {
    let account = load(&marketplace, id).await?;
    authorize(
        &marketplace,
        &account,
        &headers,
        Permission::DescribeProcurementSystemConfiguration,
    )
    .await?;
    Ok(Json(SettingsView::of(&account)))
}

async fn write_settings(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<SettingsView>, JsonRejection>,
) -> Result<Json<SettingsView>, ApiError> {
    let account = load(&marketplace, id).await?;
    authorize(
        &marketplace,
        &account,
        &headers,
        Permission::PutProcurementSystemConfiguration,
    )
    .await?;
    let Json(view) = body.map_err(|err| ApiError::BadRequest(err.body_text()))?;
    let asker = Asker {
        user: acting_user(&headers).unwrap_or_default(),
        at: marketplace.clock().now(),
    };
    let cache = marketplace.accounts_cache();
    save(marketplace.store(), cache, &account, asker, view)
        .await
        .map_err(|err| match err {
            SaveError::Invalid(message) => ApiError::BadRequest(message),
            SaveError::Store(err) => ApiError::from(err),
        })?;
    let saved = load(&marketplace, account.id.to_string()).await?;
    Ok(Json(SettingsView::of(&saved)))
}
