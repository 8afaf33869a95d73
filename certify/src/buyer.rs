//! The virtual buyer: a profile's habits applied to the supplier under
//! test. It builds each document with buyer-kit's builders (the same the
//! simulated Coupa and Ariba send) and posts it through service-kit's
//! journaled `CxmlClient`; bytes no builder writes (malformed XML) are
//! posted with plain HTTP and journaled the same way.

use std::time::{Duration, Instant};

use crate::{
    cart::{ManualCart, ScriptCart},
    invoices::Invoices,
};
use buyer_kit::{
    BuyerCookie, CartLine, Identities, Identity, Profile, Role, User,
    setup_request::{SetupParams, Stamp, end_user_contact, setup_request},
};
use cxml::{
    CXml, SharedSecret,
    doc::PunchOutOperation,
    envelope::{Request, RequestBody},
    status_code::{ReplyClass, classify_reply},
};

use service_kit::{
    Clock,
    cxml_http::{CxmlClient, FLOW_HEADER, SendError},
    journal::{Direction, Dtds, Journal, NewExchange, Trace},
};

/// How the cart-dependent checks get a cart.
#[derive(Debug, Clone)]
pub enum CartMode {
    /// No cart: the cart and order checks are skipped, each saying why.
    None,
    /// A person shops on the StartPage and returns the cart to procsim's
    /// own BrowserFormPost URL.
    Manual(ManualCart),
    /// Headless Chromium shops through a recipe of steps and returns the
    /// cart as the person would.
    Script(ScriptCart),
}

/// The supplier under test and the buyer procsim plays toward it.
#[derive(Debug, Clone)]
pub struct SupplierTarget {
    /// Where PunchOutSetupRequests (and the refusal probes) are posted.
    pub setup_url: String,
    /// Where OrderRequests go, when the order checks run.
    pub order_url: Option<String>,
    /// The buyer's credential in `From`.
    pub from: Identity,
    /// The supplier's credential in `To`.
    pub to: Identity,
    /// `Sender` when it is neither the buyer nor the profile's network.
    pub sender: Option<Identity>,
    pub secret: SharedSecret,
    pub profile: Profile,
    pub cart: CartMode,
    /// The invoices leg: procsim's invoice inbox for the certified order
    /// (`--invoices`); none skips the CERT-INV checks.
    pub invoices: Option<Invoices>,
    /// The official cXML DTDs at hand (`--dtd-dir`, `$PROCSIM_DTD_DIR`,
    /// what `procsim dtd fetch` installed), the same shelf the run's
    /// journal checks with: the cart (CERT-CART-003) and the invoices
    /// (CERT-INV-007) are validated against the version they declare, or
    /// the newest with a note saying so; none: the CX rules only, and the
    /// evidence says the DTD was not checked.
    pub dtds: Dtds,
}

/// What came back from one post.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// None when no HTTP answer arrived.
    pub http_status: Option<u16>,
    pub reply: ReplyClass,
    /// The answer's body as journaled (secrets masked).
    pub body: Option<Vec<u8>>,
    pub elapsed: Duration,
    pub journal_id: Option<i64>,
}

impl Exchange {
    /// The cXML status code, when the answer held one.
    pub fn cxml_code(&self) -> Option<u16> {
        match &self.reply {
            ReplyClass::Cxml(status) => Some(status.code.0),
            ReplyClass::Transport { .. } => None,
        }
    }

    /// The answer read as a positional tree, when it is XML.
    pub fn tree(&self) -> Option<cxml::tree::Document> {
        self.body
            .as_deref()
            .and_then(|body| cxml::tree::parse(body).ok())
    }
}

/// procsim as the buyer: a profile, identities, a journal and a flow id
/// shared by every exchange of the run.
pub struct VirtualBuyer {
    target: SupplierTarget,
    client: CxmlClient,
    /// Declares the profile's OrderRequest DTD version.
    order_client: CxmlClient,
    journal: Journal,
    http: reqwest::Client,
    clock: Clock,
    flow: String,
    user: User,
}

impl VirtualBuyer {
    /// A buyer that journals into `journal` (whose clock stamps the
    /// documents) and waits for a setup answer (and a StartPage) at most
    /// the profile's setup reply limit, and for an order's answer at most
    /// its order reply limit, as the platform would.
    pub fn new(target: SupplierTarget, journal: Journal, clock: Clock) -> Self {
        journal.know_secret(target.secret.expose());
        let setup_limit = target.profile.setup_reply_timeout().0;
        let client = CxmlClient::new(journal.clone())
            .declaring(target.profile.setup_request_version())
            .waiting(setup_limit);
        let order_client = CxmlClient::new(journal.clone())
            .declaring(target.profile.order_request_version())
            .waiting(target.profile.order_reply_timeout().0);
        let http = reqwest::Client::builder()
            .timeout(setup_limit)
            .build()
            .unwrap_or_default();
        Self {
            target,
            client,
            order_client,
            journal,
            http,
            clock,
            flow: format!("certify-{}", BuyerCookie::generate().as_str()),
            user: User::new(
                "certify@procsim.test",
                "Procsim",
                "Certifier",
                Role::Requester,
                "Certification",
            ),
        }
    }

    pub fn target(&self) -> &SupplierTarget {
        &self.target
    }

    /// The run's official DTDs, when it has any.
    pub fn dtds(&self) -> &Dtds {
        &self.target.dtds
    }

    pub fn profile(&self) -> &Profile {
        &self.target.profile
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// The clock that stamps the run's documents.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The flow id every exchange of this run carries.
    pub fn flow(&self) -> &str {
        &self.flow
    }

    /// From, To and Sender as the profile fills them: sibling From
    /// credentials, Sender the buyer or the network, the profile's
    /// UserAgent.
    pub fn identities(&self) -> Identities {
        let profile = &self.target.profile;
        Identities {
            from: self.target.from.clone(),
            also_from: profile
                .credentials
                .also_from
                .iter()
                .map(|c| c.identity())
                .collect(),
            to: self.target.to.clone(),
            sender: self
                .target
                .sender
                .clone()
                .unwrap_or_else(|| profile.sender_for(&self.target.from)),
            secret: self.target.secret.clone(),
            user_agent: profile.user_agent.clone(),
        }
    }

    /// A fresh payloadID and the clock's time.
    pub fn stamp(&self) -> Stamp {
        Stamp::at(self.clock.now(), 0)
    }

    /// The user procsim shops as (named in extrinsics and Contact).
    pub fn user(&self) -> &User {
        &self.user
    }

    /// Where the supplier would return the cart of a session no one shops
    /// in (the setup and refusal probes): nothing listens there.
    fn browser_form_post(&self) -> String {
        format!("http://127.0.0.1/procsim-certify/{}/return", self.flow)
    }

    /// A `create` PunchOutSetupRequest with these identities, the
    /// profile's extrinsics, Contact and deploymentMode.
    pub fn setup_request(&self, identities: &Identities) -> CXml {
        let return_url = self.browser_form_post();
        self.setup_document(
            identities,
            SetupSession {
                operation: PunchOutOperation::Create,
                cookie: &BuyerCookie::generate(),
                return_url: &return_url,
                items: &[],
            },
        )
    }

    /// A PunchOutSetupRequest for `session`, with the profile's habits.
    pub fn setup_document(&self, identities: &Identities, session: SetupSession<'_>) -> CXml {
        let profile = &self.target.profile;
        let stamp = self.stamp();
        let mode = profile
            .setup
            .deployment_mode
            .mode_for(&identities.from.identity);
        setup_request(SetupParams {
            identities,
            stamp: &stamp,
            deployment_mode: mode,
            operation: session.operation,
            cookie: session.cookie,
            extrinsics: profile.setup.extrinsics_for(&self.user),
            contact: profile
                .setup
                .contact_end_user
                .then(|| end_user_contact(&self.user)),
            browser_form_post: session.return_url,
            supplier_setup: Some(&self.target.setup_url),
            items: session.items,
        })
    }

    /// Any other request with the profile's header and deploymentMode.
    pub fn request(&self, identities: &Identities, body: RequestBody) -> CXml {
        let stamp = self.stamp();
        let mode = self
            .target
            .profile
            .setup
            .deployment_mode
            .mode_for(&identities.from.identity);
        let request = Request {
            deployment_mode: mode,
            body,
        };
        CXml::request(
            &stamp.payload_id,
            &stamp.timestamp,
            identities.header(),
            request,
        )
    }

    /// Posts `doc` to the setup URL through the journaled client.
    pub async fn post(&self, doc: &CXml) -> Result<Exchange, SendError> {
        self.send(&self.client, &self.target.setup_url, doc).await
    }

    /// Posts `doc` to the setup URL declaring `version` in its DOCTYPE in
    /// place of the profile's (the DTD tolerance probe, CERT-TOL-001).
    pub async fn post_declaring(
        &self,
        doc: &CXml,
        version: cxml::write::DtdVersion,
    ) -> Result<Exchange, SendError> {
        let client = CxmlClient::new(self.journal.clone())
            .declaring(version)
            .waiting(self.target.profile.setup_reply_timeout().0);
        self.send(&client, &self.target.setup_url, doc).await
    }

    /// Posts an OrderRequest to `url`, declaring the profile's order DTD.
    pub async fn post_order(&self, url: &str, doc: &CXml) -> Result<Exchange, SendError> {
        self.send(&self.order_client, url, doc).await
    }

    async fn send(
        &self,
        client: &CxmlClient,
        url: &str,
        doc: &CXml,
    ) -> Result<Exchange, SendError> {
        let started = Instant::now();
        let sent = client.post(url, doc, Some(&self.flow)).await?;
        let elapsed = started.elapsed();
        let body = match sent.journal_id {
            Some(id) => self.journal.body(id, true).await.ok().flatten(),
            None => None,
        };
        Ok(Exchange {
            http_status: sent.http_status,
            reply: sent.reply,
            body,
            elapsed,
            journal_id: sent.journal_id,
        })
    }

    /// Posts bytes no builder writes (malformed XML) to the setup URL as
    /// `text/xml`, and journals the exchange as the client would: the
    /// journal judges the bytes sent as it writes the row, and the answer
    /// is judged here (CX001 with line and column, CX002 against the DTD
    /// when the run has the DTDs, the CX rules).
    pub async fn post_raw(&self, raw: Vec<u8>, what: &str) -> Exchange {
        let began = self.journal.begin();
        let started = Instant::now();
        let answer = self
            .http
            .post(&self.target.setup_url)
            .header(reqwest::header::CONTENT_TYPE, "text/xml; charset=UTF-8")
            .header(FLOW_HEADER, &self.flow)
            .body(raw.clone())
            .send()
            .await;
        let (http_status, body, reply) = match answer {
            Ok(answer) => {
                let status = answer.status().as_u16();
                match answer.bytes().await {
                    Ok(bytes) => (
                        Some(status),
                        Some(bytes.to_vec()),
                        classify_reply(status, &bytes),
                    ),
                    Err(_) => (
                        Some(status),
                        None,
                        transport(status, "the reply could not be read"),
                    ),
                }
            }
            Err(err) if err.is_timeout() => (None, None, transport(0, "no reply in time")),
            Err(_) => (None, None, transport(0, "cannot connect")),
        };
        let elapsed = started.elapsed();
        let response_findings = match body.as_deref() {
            Some(answer) => self.journal.findings_off_the_workers(answer).await,
            None => Vec::new(),
        };
        let entry = NewExchange {
            direction: Direction::Outbound,
            peer: self.target.setup_url.clone(),
            document_type: Some(what.to_owned()),
            payload_id: None,
            flow_id: Some(self.flow.clone()),
            http_status,
            cxml_status: match &reply {
                ReplyClass::Cxml(status) => Some(status.code.0),
                ReplyClass::Transport { .. } => None,
            },
            latency: elapsed,
            // Judged by the journal as it writes the row (`record_judging`).
            findings: Vec::new(),
            response_findings,
            raw,
            response_raw: body.clone(),
        };
        let trace = Trace {
            began,
            headers: None,
        };
        let journal_id = self.journal.record_judging(entry, trace).await.ok();
        Exchange {
            http_status,
            reply,
            body: body.map(|b| self.journal.mask(&b)),
            elapsed,
            journal_id,
        }
    }
}

/// What a setup request opens: the operation, its BuyerCookie, where the
/// cart comes back, and (edit, inspect) the lines re-opened.
#[derive(Debug, Clone, Copy)]
pub struct SetupSession<'a> {
    pub operation: PunchOutOperation,
    pub cookie: &'a BuyerCookie,
    pub return_url: &'a str,
    pub items: &'a [CartLine],
}

fn transport(http_status: u16, reason: &str) -> ReplyClass {
    ReplyClass::Transport {
        http_status,
        reason: reason.to_owned(),
    }
}
