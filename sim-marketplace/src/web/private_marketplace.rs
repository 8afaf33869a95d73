//! The private marketplace section of an account's admin page (SPEC F13):
//! turn it on or off, approve a listing by id, remove one. A change needs
//! the same permission as the integration settings on the page
//! (`…PutProcurementSystemConfiguration`); each change is stored at once
//! and the page shows what is stored. A refused change stores nothing.
//! Saved or refused, each is recorded in the account's settings history.

use axum::{
    Form, Router,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
    routing::post,
};
use serde::Deserialize;

use super::admin_page::{admin_account, render, settings_context};
use crate::{
    Marketplace,
    accounts::{Permission, view::Asker},
    http_face::PageError,
    private_marketplace::{self, PrivateMarketplace, known_listing, store},
};

pub fn routes() -> Router<Marketplace> {
    Router::new()
        .route(
            "/admin/accounts/{id}/private-marketplace",
            post(set_enabled),
        )
        .route(
            "/admin/accounts/{id}/private-marketplace/add",
            post(add_listing),
        )
        .route(
            "/admin/accounts/{id}/private-marketplace/remove",
            post(remove_listing),
        )
}

#[derive(Deserialize)]
struct EnabledForm {
    enabled: Option<String>,
}

#[derive(Deserialize)]
struct ListingForm {
    listing: String,
}

async fn set_enabled(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<EnabledForm>,
) -> Result<Response, PageError> {
    let enabled = form.enabled.as_deref() == Some("on");
    change(&marketplace, &headers, id, move |setting| {
        setting.enabled = enabled;
        Ok(if enabled {
            "Private marketplace on: only approved products are visible.".to_owned()
        } else {
            "Private marketplace off: every product is visible.".to_owned()
        })
    })
    .await
}

async fn add_listing(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ListingForm>,
) -> Result<Response, PageError> {
    let catalog = marketplace.catalog();
    let listing = known_listing(&form.listing, catalog).map_err(|err| err.to_string());
    change(&marketplace, &headers, id, move |setting| {
        let listing = listing?;
        let requested = PrivateMarketplace::requested(
            setting.enabled,
            setting
                .approved
                .iter()
                .chain([&listing])
                .map(ToString::to_string),
            catalog,
        )
        .map_err(|err| err.to_string())?;
        *setting = requested;
        Ok(format!("Approved {listing}."))
    })
    .await
}

async fn remove_listing(
    State(marketplace): State<Marketplace>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ListingForm>,
) -> Result<Response, PageError> {
    let wanted = form.listing.trim().to_owned();
    change(&marketplace, &headers, id, move |setting| {
        let before = setting.approved.len();
        setting.approved.retain(|id| id.to_string() != wanted);
        if setting.approved.len() == before {
            return Err(format!("{wanted:?} is not an approved listing."));
        }
        Ok(format!("Removed {wanted}."))
    })
    .await
}

/// Loads the setting of the account the signed-in admin manages, applies
/// `edit` and stores the result; the page says what happened.
async fn change(
    marketplace: &Marketplace,
    headers: &HeaderMap,
    id: String,
    edit: impl FnOnce(&mut PrivateMarketplace) -> Result<String, String>,
) -> Result<Response, PageError> {
    let (account, user) = admin_account(
        marketplace,
        headers,
        id,
        Permission::PutProcurementSystemConfiguration,
    )
    .await?;
    let key = account.id.to_string();
    let before = marketplace
        .store()
        .call(move |db| store::get(db, &key))
        .await?;
    let mut setting = before.clone();
    let asker = Asker {
        user: &user,
        at: marketplace.clock().now(),
    };
    let (status, message) = match edit(&mut setting) {
        Ok(message) => {
            private_marketplace::save(marketplace.store(), &account.id, asker, setting, None)
                .await?;
            (StatusCode::OK, message)
        }
        Err(message) => {
            // Refused: the history records the setting as it stands, and
            // why nothing changed.
            let refusal = Some(message.clone());
            private_marketplace::save(marketplace.store(), &account.id, asker, before, refusal)
                .await?;
            (StatusCode::BAD_REQUEST, message)
        }
    };
    let context = settings_context(&account, &user, Some(&message));
    render(marketplace, &account, context, status).await
}
