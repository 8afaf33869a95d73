//! procsim's **mail** service: the mail sink every notification travels to
//! (SPEC.md F16). A real SMTP server receives messages, they are parsed and
//! stored in the service's own SQLite database, and a person reads them in
//! the web inbox while tests and Mailpit clients use the Mailpit-compatible
//! JSON API, both on the web port.
//!
//! Modules: `smtp` (session state machine and server), `store` (schema and
//! queries), `parse` (MIME via mail-parser), `search` (query syntax),
//! `api` (Mailpit v1 subset), `web` (HTML inbox).

pub mod smtp;

mod api;
mod parse;
mod search;
mod store;
mod web;

use std::{io, net::SocketAddr, sync::Arc};

use axum::Router;
use service_kit::{Clock, Service, Shutdown, Storage};
use tera::Tera;

use smtp::SmtpServer;
use store::Mailbox;

/// The service's name as it appears in logs and URLs printed by `procsim up`.
pub const NAME: &str = "mail";

/// How to start the mail service.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// Web inbox and JSON API (port 0 picks a free port).
    pub web_addr: SocketAddr,
    /// SMTP listener (port 0 picks a free port).
    pub smtp_addr: SocketAddr,
    /// In memory, or `<dir>/mail.sqlite` so messages survive a restart.
    pub storage: Storage,
}

/// The mail service with both listeners bound, not yet serving.
pub struct MailServers {
    web: Service,
    smtp: SmtpServer,
}

/// What every web handler shares.
#[derive(Clone)]
struct AppState {
    mailbox: Mailbox,
    templates: Arc<Tera>,
}

/// Opens the mailbox and binds both listeners; call
/// [`MailServers::run_until`] to serve.
pub async fn bind(config: MailConfig, clock: Clock) -> io::Result<MailServers> {
    let mailbox = Mailbox::open(&config.storage)
        .map_err(|err| io::Error::other(format!("mail: cannot open the mailbox: {err}")))?;
    let templates = web::templates()
        .map_err(|err| io::Error::other(format!("mail: templates do not compile: {err}")))?;
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
        .merge(web::routes())
        .merge(api::routes())
        .with_state(state)
        .merge(reset);
    let web = Service::bind(NAME, config.web_addr, router).await?;
    let smtp = SmtpServer::bind(config.smtp_addr, mailbox, clock).await?;
    Ok(MailServers { web, smtp })
}

impl MailServers {
    /// Where the web inbox and API listen.
    pub fn web_addr(&self) -> io::Result<SocketAddr> {
        self.web.local_addr()
    }

    /// Where the SMTP server listens.
    pub fn smtp_addr(&self) -> io::Result<SocketAddr> {
        self.smtp.local_addr()
    }

    /// Lets the inbox's pages link to the other services (service-kit's
    /// `/procsim/go/{service}`).
    pub fn with_neighbours(mut self, neighbours: service_kit::look::Neighbours) -> Self {
        self.web = self.web.with_neighbours(neighbours);
        self
    }

    /// Serves both listeners until `shutdown` is triggered; reports the
    /// first failure (the other listener keeps serving until shutdown).
    pub async fn run_until(self, shutdown: Shutdown) -> io::Result<()> {
        let (web, smtp) = tokio::join!(
            self.web.run_until(shutdown.wait()),
            self.smtp.run_until(shutdown.wait()),
        );
        web.and(smtp)
    }
}
