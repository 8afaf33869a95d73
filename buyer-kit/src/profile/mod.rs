//! Platform profiles as data: how a buyer platform talks to a supplier —
//! the DTD versions it declares, its From/To/Sender habits, UserAgent,
//! deploymentMode, the setup request's extrinsics and Contact, the
//! operations and cart transports it uses, what it requires of a cart,
//! the order types it sends, how long it waits for an answer and how it
//! reads an answer whose envelope deviates.
//!
//! The built-in profiles `coupa` and `ariba` are TOML files compiled in
//! (`buyer-kit/profiles/`); sim-coupa and sim-ariba send with them and
//! `procsim certify` plays them, so the simulators and the certifier cannot
//! drift apart. Each value names the PLATFORMS.md fact it comes from; the
//! `reply_envelope` of both built-ins (coupa lenient, ariba strict), both
//! setup reply limits and Ariba's order reply timeout (unknown) are
//! procsim's assumptions, for PLATFORMS.md has no fact about them. A user describes another
//! platform, or a customer's variant, by copying one and loading it with
//! [`Profile::from_toml_file`].

mod habits;
mod shortfalls;
#[cfg(test)]
mod tests;

use std::{path::Path, time::Duration};

use serde::Deserialize;

/// How the platform reads a reply whose envelope deviates: the type the
/// shell's `start_page` reads answers with.
pub use crate::exchange::ReplyEnvelope;
pub use habits::{
    CartRequirements, CartTransport, CredentialHabits, CredentialSpec, DtdHabits, ExtrinsicSpec,
    ModeHabit, Operation, OrderHabits, OrderType, SenderHabit, SetupHabits, ShortfallHabit,
    UserField,
};
pub use shortfalls::Shortfall;

/// The built-in profiles, by name, as their TOML text.
const BUILTIN: &[(&str, &str)] = &[
    ("coupa", include_str!("../../profiles/coupa.toml")),
    ("ariba", include_str!("../../profiles/ariba.toml")),
];

/// How long procsim waits for an answer when the profile does not say.
pub const DEFAULT_REPLY_TIMEOUT: Duration = Duration::from_secs(60);

/// How one platform talks; see the module documentation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    pub user_agent: String,
    pub reply_envelope: ReplyEnvelope,
    pub dtd: DtdHabits,
    pub credentials: CredentialHabits,
    pub setup: SetupHabits,
    pub cart: CartRequirements,
    pub order: OrderHabits,
}

/// Why a profile cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("no built-in profile is called `{0}` (there are coupa and ariba)")]
    UnknownBuiltin(String),
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    /// Not TOML, or not a profile; the message has the line and column.
    #[error("{origin}: {message}")]
    Syntax { origin: String, message: String },
    /// Well-formed but inconsistent (e.g. a DTD version that is none).
    #[error("{origin}: {message}")]
    Invalid { origin: String, message: String },
}

impl Profile {
    /// The names of the built-in profiles.
    pub fn builtin_names() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(name, _)| *name)
    }

    /// A built-in profile (`coupa`, `ariba`).
    pub fn builtin(name: &str) -> Result<Self, ProfileError> {
        let (_, text) = BUILTIN
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .ok_or_else(|| ProfileError::UnknownBuiltin(name.to_owned()))?;
        Self::from_toml_str(text, &format!("built-in profile {name}"))
    }

    /// The built-in Coupa profile (buyer-kit's tests show it parses).
    pub fn coupa() -> Self {
        Self::builtin("coupa").expect("the built-in coupa profile parses (tested)")
    }

    /// The built-in Ariba profile (buyer-kit's tests show it parses).
    pub fn ariba() -> Self {
        Self::builtin("ariba").expect("the built-in ariba profile parses (tested)")
    }

    /// A profile from a TOML file; errors name the file, line and column.
    pub fn from_toml_file(path: &Path) -> Result<Self, ProfileError> {
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_toml_str(&text, &path.display().to_string())
    }

    /// A profile from TOML text; `origin` names it in errors.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Self, ProfileError> {
        let profile: Profile = toml::from_str(text).map_err(|err| ProfileError::Syntax {
            origin: origin.to_owned(),
            message: located(text, &err),
        })?;
        profile.check().map_err(|message| ProfileError::Invalid {
            origin: origin.to_owned(),
            message,
        })?;
        Ok(profile)
    }

    /// What serde cannot say: versions that are versions, a network
    /// credential when Sender is the network, at least `create`.
    fn check(&self) -> Result<(), String> {
        for (what, version) in [
            ("dtd.setup_request", &self.dtd.setup_request),
            ("dtd.order_request", &self.dtd.order_request),
        ] {
            if parse_version(version).is_none() {
                return Err(format!(
                    "{what} = \"{version}\" is neither a 1.2.xxx version nor \"current\""
                ));
            }
        }
        for version in &self.dtd.setup_request_others {
            if cxml::write::DtdVersion::parse_declared(version).is_none() {
                return Err(format!(
                    "dtd.setup_request_others: \"{version}\" is neither a 1.2.xxx nor a 1.1.xxx \
                     version"
                ));
            }
        }
        for (what, secs) in [
            ("setup.reply_timeout_secs", self.setup.reply_timeout_secs),
            ("order.reply_timeout_secs", self.order.reply_timeout_secs),
        ] {
            if secs == Some(0) {
                return Err(format!("{what} must be at least 1"));
            }
        }
        if self.credentials.sender == SenderHabit::Network && self.credentials.network.is_none() {
            return Err(
                "credentials.sender = \"network\" needs credentials.network = { domain, identity }"
                    .to_owned(),
            );
        }
        if !self.setup.uses(Operation::Create) {
            return Err("setup.operations must include \"create\"".to_owned());
        }
        Ok(())
    }

    /// The DTD version declared in setup requests.
    pub fn setup_request_version(&self) -> cxml::write::DtdVersion {
        parse_version(&self.dtd.setup_request).unwrap_or_else(cxml::write::DtdVersion::current)
    }

    /// The DTD version declared in order requests.
    pub fn order_request_version(&self) -> cxml::write::DtdVersion {
        parse_version(&self.dtd.order_request).unwrap_or_else(cxml::write::DtdVersion::current)
    }

    /// The other DTD versions a setup request may declare
    /// (`dtd.setup_request_others`, checked when the profile was read).
    pub fn setup_request_other_versions(&self) -> Vec<cxml::write::DtdVersion> {
        self.dtd
            .setup_request_others
            .iter()
            .filter_map(|version| cxml::write::DtdVersion::parse_declared(version))
            .collect()
    }

    /// Whether the platform accepts an InvoiceDetail.dtd `version`; `None`
    /// when the profile does not know.
    pub fn accepts_invoice_version(&self, version: &str) -> Option<bool> {
        self.dtd.invoice_detail.as_ref().map(|prefixes| {
            prefixes
                .iter()
                .any(|prefix| version.starts_with(prefix.as_str()))
        })
    }

    /// The `deploymentMode` of an order the buyer `identity` sends: `test`
    /// when its cart was filled in a test punchout session (the order
    /// follows its session, whatever the platform's mode is by the time
    /// it is approved), else what the profile's order habit writes
    /// (`production` where the habit leaves the attribute out).
    pub fn order_deployment_mode(
        &self,
        identity: &str,
        test_session: bool,
    ) -> cxml::envelope::DeploymentMode {
        if test_session {
            return cxml::envelope::DeploymentMode::Test;
        }
        self.order
            .deployment_mode
            .mode_for(identity)
            .unwrap_or(cxml::envelope::DeploymentMode::Production)
    }

    /// How long the platform waits for an order's answer, and whether that
    /// is the profile's figure (`false`: procsim's default, no fact).
    pub fn order_reply_timeout(&self) -> (Duration, bool) {
        match self.order.reply_timeout_secs {
            Some(secs) => (Duration::from_secs(secs), true),
            None => (DEFAULT_REPLY_TIMEOUT, false),
        }
    }

    /// How long the platform waits for the answer to a setup request, and
    /// whether that is the profile's figure (`false`: procsim's default).
    pub fn setup_reply_timeout(&self) -> (Duration, bool) {
        match self.setup.reply_timeout_secs {
            Some(secs) => (Duration::from_secs(secs), true),
            None => (DEFAULT_REPLY_TIMEOUT, false),
        }
    }

    /// The Sender credential for a buyer whose own is `from`.
    pub fn sender_for(&self, from: &crate::Identity) -> crate::Identity {
        match (&self.credentials.sender, &self.credentials.network) {
            (SenderHabit::Network, Some(network)) => network.identity(),
            _ => from.clone(),
        }
    }
}

fn parse_version(text: &str) -> Option<cxml::write::DtdVersion> {
    if text == "current" {
        Some(cxml::write::DtdVersion::current())
    } else {
        cxml::write::DtdVersion::parse(text)
    }
}

/// toml's message, led by the line and column of its span.
fn located(text: &str, err: &toml::de::Error) -> String {
    let message = err.message().trim();
    match err.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.rfind('\n').map_or(before.chars().count(), |nl| {
                before[nl + 1..].chars().count()
            }) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message.to_owned(),
    }
}
