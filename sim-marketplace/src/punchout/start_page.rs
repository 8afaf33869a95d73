//! `GET /punchout/start/{token}`: the one-time StartPage. Using it consumes
//! the token, opens a browsing session (a cookie) and shows the storefront,
//! on the selected product for a level-2 punchout.

use axum::{
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

use super::session::StartError;
use crate::{
    Marketplace,
    web::{PUNCHOUT_COOKIE, error_page, set_cookie},
};

pub async fn start(State(marketplace): State<Marketplace>, Path(token): Path<String>) -> Response {
    match marketplace
        .sessions()
        .start(&token, marketplace.clock().now())
    {
        Ok((session_id, setup)) => {
            let target = setup
                .selected_listing
                .map_or_else(|| "/".to_owned(), |id| format!("/products/{id}"));
            (
                [(header::SET_COOKIE, set_cookie(PUNCHOUT_COOKIE, &session_id))],
                Redirect::to(&target),
            )
                .into_response()
        }
        Err(StartError::Unknown) => error_page(
            &marketplace,
            StatusCode::GONE,
            "This punchout link was already used",
            "A punchout start page works once. Go back to your procurement system and open \
             the marketplace again.",
        ),
        Err(StartError::Expired) => error_page(
            &marketplace,
            StatusCode::GONE,
            "This punchout link has expired",
            "A punchout start page is valid for five minutes. Go back to your procurement \
             system and open the marketplace again.",
        ),
    }
}
