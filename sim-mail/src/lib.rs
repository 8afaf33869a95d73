//! procsim's **mail** service: the mail sink every notification travels to
//! (SPEC.md F16). A real SMTP server receives messages, they are parsed and
//! stored in the service's own SQLite database, and a person reads them in
//! the web inbox while tests and Mailpit clients use the Mailpit-compatible
//! JSON API, both on the web port.
//!
//! Modules: `smtp` (session state machine and server), `store` (schema and
//! queries), `parse` (MIME via mail-parser), `search` (query syntax),
//! `api` (Mailpit v1 subset), `web` (HTML inbox).

mod api;
mod envelope;
mod parse;
mod search;
mod smtp;
mod store;
mod web;

pub use envelope::Envelope;

use std::sync::Arc;

use axum::Router;
use service_kit::{Clock, Service, Storage};
use tera::Tera;
use tokio::net::TcpListener;

use smtp::SmtpServer;
use store::Mailbox;

/// The service's name as it appears in logs and URLs printed by `procsim up`.
pub const NAME: &str = "mail";

/// How to start the mail service.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// In memory, or `<dir>/mail.sqlite` so messages survive a restart.
    pub storage: Storage,
}

/// The mail service's two listeners, bound by the composer.
pub struct MailListeners {
    /// Web inbox and JSON API.
    pub web: TcpListener,
    pub smtp: TcpListener,
}

/// Why the mail service could not be built.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail: cannot open the mailbox: {0}")]
    Mailbox(#[from] service_kit::StoreError),
    #[error("mail: templates do not compile: {0}")]
    Templates(#[from] tera::Error),
}

/// What every web handler shares.
#[derive(Clone)]
struct AppState {
    mailbox: Mailbox,
    templates: Arc<Tera>,
}

/// The mail service on `listeners`: the web inbox and API, and beside
/// them the SMTP server, stopped with the web service. Call
/// [`Service::run_until`] to serve.
pub fn build(
    listeners: MailListeners,
    config: MailConfig,
    clock: Clock,
) -> Result<Service, MailError> {
    let mailbox = Mailbox::open(&config.storage)?;
    let templates = web::templates()?;
    let state = AppState {
        mailbox: mailbox.clone(),
        templates: Arc::new(templates),
    };
    let reset = service_kit::reset::route(NAME, {
        let mailbox = mailbox.clone();
        move || {
            let mailbox = mailbox.clone();
            async move { mailbox.reset().await }
        }
    });
    let router = Router::new()
        .merge(web::routes(&state))
        .merge(api::routes())
        .with_state(state)
        .merge(reset);
    let smtp = SmtpServer::new(listeners.smtp, mailbox, clock);
    Ok(Service::from_listener(NAME, listeners.web, router)
        .with_companion(move |stop| smtp.run_until(stop)))
}
