//! `GET/PUT /api/accounts/{id}/private-marketplace`: the account's private
//! marketplace (SPEC F13) as JSON, `{"enabled": bool, "listings": [ids]}`.
//! Like the integration settings, the acting user is `X-Procsim-User`,
//! and the same permissions read and change it (403 otherwise, naming the
//! missing one). A PUT naming an unknown listing is a 400 and stores
//! nothing.

use axum::{
    Json, Router,
    extract::{Path, State, rejection::JsonRejection},
    http::HeaderMap,
    routing::get,
};
use serde::{Deserialize, Serialize};

use super::accounts::{acting_user, denied, load};
use crate::{
    Marketplace,
    accounts::{Permission, view::check_access},
    http_face::ApiError,
    private_marketplace::{PrivateMarketplace, store},
};

pub fn routes() -> Router<Marketplace> {
    Router::new().route(
        "/api/accounts/{id}/private-marketplace",
        get(read_setting).put(write_setting),
    )
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingView {
    enabled: bool,
    /// Approved listing ids, sorted.
    listings: Vec<String>,
}

impl SettingView {
    fn of(setting: &PrivateMarketplace) -> Self {
        SettingView {
            enabled: setting.enabled,
            listings: setting.approved.iter().map(ToString::to_string).collect(),
        }
    }
}

async fn current(marketplace: &Marketplace, account: String) -> Result<SettingView, ApiError> {
    let setting = marketplace
        .store()
        .call(move |db| store::get(db, &account))
        .await?;
    Ok(SettingView::of(&setting))
}

async fn read_setting(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<SettingView>, ApiError> {
    let account = load(&marketplace, id).await?;
    check_access(
        &account,
        acting_user(&headers),
        Permission::DescribeProcurementSystemConfiguration,
    )
    .map_err(|access| denied(&account, access))?;
    Ok(Json(current(&marketplace, account.id.to_string()).await?))
}

async fn write_setting(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<SettingView>, JsonRejection>,
) -> Result<Json<SettingView>, ApiError> {
    let account = load(&marketplace, id).await?;
    check_access(
        &account,
        acting_user(&headers),
        Permission::PutProcurementSystemConfiguration,
    )
    .map_err(|access| denied(&account, access))?;
    let Json(view) = body.map_err(|err| ApiError::BadRequest(err.body_text()))?;
    let setting =
        PrivateMarketplace::requested(view.enabled, &view.listings, marketplace.catalog())
            .map_err(|err| ApiError::BadRequest(err.to_string()))?;
    let id = account.id.clone();
    marketplace
        .store()
        .call(move |db| store::replace(db, &id, &setting))
        .await?;
    Ok(Json(current(&marketplace, account.id.to_string()).await?))
}
