//! A platform's look: its name (which the strip marks, its stylesheet's
//! and its sign-in cookie's names come from), its stylesheet and its
//! templates, compiled into the binary by [`platform_templates!`]
//! (crate::platform_templates) with the pages every platform has.

use axum::{Router, routing::get};
use tera::Tera;

/// Every platform's pages load only their own stylesheets; forms post
/// anywhere, since a punchout's setup form leaves for the supplier.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action *; base-uri 'none'";

/// The templates every platform brings, in its `templates/` folder.
pub const PLATFORM_PAGES: [&str; 10] = [
    "base.html",
    "error.html",
    "signin.html",
    "home.html",
    "cart.html",
    "requisitions.html",
    "requisition.html",
    "approvals.html",
    "orders.html",
    "order.html",
];

/// How a platform looks.
pub struct Look {
    /// The service's name (`coupa`): the strip marks it; its stylesheet is
    /// `/static/{service}.css`, its sign-in cookie `{service}_user`.
    pub service: &'static str,
    pub stylesheet: &'static str,
    /// From [`platform_templates!`](crate::platform_templates).
    pub templates: Tera,
    user_cookie: String,
}

impl Look {
    pub fn new(service: &'static str, stylesheet: &'static str, templates: Tera) -> Self {
        Look {
            service,
            stylesheet,
            templates,
            user_cookie: format!("{service}_user"),
        }
    }

    /// The cookie that names the signed-in user.
    pub fn user_cookie(&self) -> &str {
        &self.user_cookie
    }

    /// `GET /static/{service}.css`.
    pub(super) fn stylesheet_route<S: Clone + Send + Sync + 'static>(&self) -> Router<S> {
        let css = self.stylesheet;
        Router::new().route(
            &format!("/static/{}.css", self.service),
            get(move || async move { service_kit::look::stylesheet(css) }),
        )
    }
}

/// A platform's templates: every name in [`PLATFORM_PAGES`] and `own`,
/// with the strip drawn for `service`. Fails on a page missing from the
/// list or a template that does not parse.
pub fn templates(service: &str, all: Vec<(&str, &str)>) -> Result<Tera, tera::Error> {
    if let Some(missing) = PLATFORM_PAGES
        .iter()
        .find(|page| !all.iter().any(|(name, _)| name == *page))
    {
        return Err(tera::Error::msg(format!(
            "{service} brings no {missing}, a page every platform has"
        )));
    }
    let base = PLATFORM_BASE.replace("@service@", service);
    let mut all = all;
    all.push(("blanket_amounts.html", BLANKET_AMOUNTS));
    all.push(("platform_base.html", &base));
    service_kit::look::templates(service, all)
}

/// The page every platform's `base.html` extends: head, strip and main,
/// with the platform's own stylesheet (`@service@` stands for its name);
/// the platform fills in its name and its header.
const PLATFORM_BASE: &str = include_str!("../../templates/platform_base.html");

/// The cart's blanket amounts, which every platform's cart includes.
const BLANKET_AMOUNTS: &str = include_str!("../../templates/blanket_amounts.html");

/// A platform's templates from its crate's `templates/` folder: the pages
/// of [`PLATFORM_PAGES`] and the ones named, e.g.
/// `platform_templates!("ariba"; "catalog.html", "suppliers.html")`.
#[macro_export]
macro_rules! platform_templates {
    ($service:expr; $($name:literal),* $(,)?) => {
        $crate::platform::look::templates(
            $service,
            vec![
                $crate::platform_templates!(@page "base.html"),
                $crate::platform_templates!(@page "error.html"),
                $crate::platform_templates!(@page "signin.html"),
                $crate::platform_templates!(@page "home.html"),
                $crate::platform_templates!(@page "cart.html"),
                $crate::platform_templates!(@page "requisitions.html"),
                $crate::platform_templates!(@page "requisition.html"),
                $crate::platform_templates!(@page "approvals.html"),
                $crate::platform_templates!(@page "orders.html"),
                $crate::platform_templates!(@page "order.html"),
                $($crate::platform_templates!(@page $name)),*
            ],
        )
    };
    (@page $name:literal) => {
        (
            $name,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/", $name)),
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_platform_without_one_of_the_shared_pages_is_refused() {
        let mut all: Vec<(&str, &str)> = PLATFORM_PAGES.iter().map(|p| (*p, "")).collect();
        assert!(templates("coupa", all.clone()).is_ok());
        all.retain(|(name, _)| *name != "approvals.html");
        let err = templates("coupa", all).unwrap_err();
        assert!(err.to_string().contains("approvals.html"), "{err}");
    }
}
