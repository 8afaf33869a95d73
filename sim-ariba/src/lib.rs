//! procsim's **ariba** service: an SAP-Ariba-like buyer procurement system.
//!
//! So far it only answers `GET /healthz`; its flows arrive with the
//! ecosystem work (see SPEC.md section 4).

use std::{io, net::SocketAddr};

use axum::Router;
use service_kit::{Clock, Service};

/// The service's name as it appears in logs and URLs printed by `procsim up`.
pub const NAME: &str = "ariba";

/// Binds the ariba service on `addr`; call [`Service::run_until`] to serve.
pub async fn bind(addr: SocketAddr, clock: Clock) -> io::Result<Service> {
    Service::bind(NAME, addr, router(clock)).await
}

/// The ariba service's routes (so far only what the runner adds).
pub fn router(_clock: Clock) -> Router {
    Router::new()
}
