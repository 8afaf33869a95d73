//! `GET/PUT /api/accounts/{id}/private-marketplace`: the account's private
//! marketplace (SPEC F13) as JSON, `{"enabled": bool, "listings": [ids]}`.
//! Like the integration settings, the acting user is `X-Procsim-User`,
//! and the same permissions read and change it (403 otherwise, naming the
//! missing one, and recorded in the account's settings history). A PUT
//! naming an unknown listing is a 400 and stores nothing; saved or
//! refused, it is recorded in the history.

use axum::{
    Json, Router,
    extract::{Path, State, rejection::JsonRejection},
    http::HeaderMap,
    routing::get,
};
use serde::{Deserialize, Serialize};

use super::accounts::{acting_user, authorize, load};
use crate::{
    Marketplace,
    accounts::{Permission, view::Asker},
    http_face::ApiError,
    private_marketplace::{self, PrivateMarketplace, store},
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
    authorize(
        &marketplace,
        &account,
        &headers,
        Permission::DescribeProcurementSystemConfiguration,
    )
    .await?;
    Ok(Json(current(&marketplace, account.id.to_string()).await?))
}

async fn write_setting(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<SettingView>, JsonRejection>,
) -> Result<Json<SettingView>, ApiError> {
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
    match PrivateMarketplace::requested(view.enabled, &view.listings, marketplace.catalog()) {
        Ok(setting) => {
            private_marketplace::save(marketplace.store(), &account.id, asker, setting, None)
                .await?;
        }
        Err(err) => {
            // Refused: the history records the setting as it stands with
            // the on/off asked for, and why nothing changed.
            let key = account.id.to_string();
            let mut standing = marketplace
                .store()
                .call(move |db| store::get(db, &key))
                .await?;
            standing.enabled = view.enabled;
            let refusal = Some(err.to_string());
            private_marketplace::save(marketplace.store(), &account.id, asker, standing, refusal)
                .await?;
            return Err(ApiError::BadRequest(err.to_string()));
        }
    }
    Ok(Json(current(&marketplace, account.id.to_string()).await?))
}
