//! procsim's **marketplace** service: the software marketplace storefront, acting as cXML PunchOut supplier.
//!
//! So far it holds the catalog (listings, private offers), the cart-line
//! typing rules and the Open Buy search with its JSON API; the punchout,
//! storefront pages and ordering build on these (SPEC.md section 4).

pub mod cart_line;
pub mod catalog;
pub mod money;

use std::{io, net::SocketAddr};

use axum::Router;
use service_kit::{Clock, Service};

/// The service's name as it appears in logs and URLs printed by `procsim up`.
pub const NAME: &str = "marketplace";

/// Binds the marketplace service on `addr`; call [`Service::run_until`] to serve.
pub async fn bind(addr: SocketAddr, clock: Clock) -> io::Result<Service> {
    Service::bind(NAME, addr, router(clock)).await
}

fn router(_clock: Clock) -> Router {
    Router::new()
}
