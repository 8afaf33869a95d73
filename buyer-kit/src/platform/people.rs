//! Who uses the platform: the sign-in picker (`GET /signin`, a cookie, no
//! passwords), signing in and out, and the home page.

use axum::{
    Form,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{Platform, SignedIn, Visitor, context_for};
use crate::{sign_in_cookie, sign_out_cookie, views::UserView};

pub(super) async fn home<P: Platform>(
    State(platform): State<P>,
    SignedIn(user): SignedIn,
) -> Response {
    let mut context = context_for(Some(&user));
    platform.page_context(&mut context);
    platform.shell().page(StatusCode::OK, "home.html", &context)
}

pub(super) async fn signin_page<P: Platform>(
    State(platform): State<P>,
    Visitor(me): Visitor,
) -> Response {
    let shell = platform.shell();
    let mut context = context_for(me.as_ref());
    let users: Vec<UserView> = shell.users.all().iter().map(UserView::of).collect();
    context.insert("users", &users);
    shell.page(StatusCode::OK, "signin.html", &context)
}

#[derive(Debug, Deserialize)]
pub(super) struct SignIn {
    email: String,
}

pub(super) async fn signin<P: Platform>(
    State(platform): State<P>,
    Form(form): Form<SignIn>,
) -> Response {
    let shell = platform.shell();
    let Some(user) = shell.users.find(&form.email) else {
        return Redirect::to("/signin").into_response();
    };
    let cookie = sign_in_cookie(shell.look.user_cookie(), &user.email);
    ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response()
}

pub(super) async fn signout<P: Platform>(State(platform): State<P>) -> Response {
    let cookie = sign_out_cookie(platform.shell().look.user_cookie());
    ([(header::SET_COOKIE, cookie)], Redirect::to("/signin")).into_response()
}
