//! The parts of a [`Profile`](super::Profile): one struct per thing a
//! platform has habits about, each read from its own TOML table.

use cxml::common::Extrinsic;
use serde::Deserialize;

use crate::{parties::Identity, user::User};

/// Which cXML DTD version the platform declares, per document type.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DtdHabits {
    /// `1.2.xxx`, or `current` for the newest version procsim writes.
    pub setup_request: String,
    /// Other versions buyers declare in setup requests (`1.2.xxx` or
    /// `1.1.xxx`): `procsim certify` declares each in one more `create` to
    /// see that the site does not refuse on the DOCTYPE literal (POS-01).
    #[serde(default)]
    pub setup_request_others: Vec<String>,
    pub order_request: String,
    /// Prefixes of the InvoiceDetail.dtd versions the platform accepts
    /// (`1.2.` = any 1.2.x). Absent when nothing is known.
    #[serde(default)]
    pub invoice_detail: Option<Vec<String>>,
}

/// Who `Sender` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SenderHabit {
    /// The buyer itself, with its own secret (Coupa).
    From,
    /// The network the document travels through, carrying the secret the
    /// supplier chose (Ariba Network).
    Network,
}

/// A credential as a profile writes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialSpec {
    pub domain: String,
    pub identity: String,
}

impl CredentialSpec {
    pub fn identity(&self) -> Identity {
        Identity::new(&self.domain, &self.identity)
    }
}

/// How From, To and Sender are filled.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialHabits {
    pub sender: SenderHabit,
    /// The network's credential, when `sender = "network"`.
    #[serde(default)]
    pub network: Option<CredentialSpec>,
    /// The credential domain used when none is given.
    pub domain: String,
    /// Credentials sent in `From` beside the buyer's own, in order.
    #[serde(default)]
    pub also_from: Vec<CredentialSpec>,
    /// Whether the platform may write a credential domain in another case
    /// than the one agreed (`duns`, `NetworkId`): `procsim certify` then
    /// checks that the site matches domains case-insensitively (POS-04).
    #[serde(default)]
    pub domains_any_case: bool,
}

/// Whether and how `deploymentMode` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModeHabit {
    /// Not written (the receiver takes it as production).
    Absent,
    Production,
    Test,
    /// `test` when the buyer's identity ends in `-T` (or `-t`), else
    /// `production`.
    ByIdentity,
}

impl ModeHabit {
    /// The attribute for a buyer whose From identity is `identity`; `None`
    /// leaves it out.
    pub fn mode_for(self, identity: &str) -> Option<cxml::envelope::DeploymentMode> {
        use cxml::envelope::DeploymentMode;
        match self {
            Self::Absent => None,
            Self::Production => Some(DeploymentMode::Production),
            Self::Test => Some(DeploymentMode::Test),
            Self::ByIdentity => {
                let identity = identity.trim();
                Some(if identity.ends_with("-T") || identity.ends_with("-t") {
                    DeploymentMode::Test
                } else {
                    DeploymentMode::Production
                })
            }
        }
    }
}

/// A PunchOutSetupRequest operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Operation {
    Create,
    Edit,
    Inspect,
}

/// Which field of the signed-in user an extrinsic carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserField {
    FirstName,
    LastName,
    Email,
    FullName,
    BusinessUnit,
}

impl UserField {
    pub fn of(self, user: &User) -> String {
        match self {
            Self::FirstName => user.first_name.clone(),
            Self::LastName => user.last_name.clone(),
            Self::Email => user.email.clone(),
            Self::FullName => user.full_name(),
            Self::BusinessUnit => user.business_unit.clone(),
        }
    }
}

/// One `Extrinsic` of the setup request: its name and what it carries.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtrinsicSpec {
    pub name: String,
    pub value: UserField,
}

/// What the PunchOutSetupRequest carries.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupHabits {
    pub deployment_mode: ModeHabit,
    pub operations: Vec<Operation>,
    /// Whether the platform opens level-2 punchouts (`SelectedItem`).
    pub selected_item: bool,
    /// Whether it sends `Contact role="endUser"`.
    pub contact_end_user: bool,
    /// The user extrinsics, in the order they are sent.
    pub extrinsics: Vec<ExtrinsicSpec>,
    /// How long it waits for the answer to a setup request; absent when
    /// unknown.
    #[serde(default)]
    pub reply_timeout_secs: Option<u64>,
}

impl SetupHabits {
    /// The extrinsics for `user`, in the profile's order.
    pub fn extrinsics_for(&self, user: &User) -> Vec<Extrinsic> {
        self.extrinsics
            .iter()
            .map(|spec| Extrinsic::new(&spec.name, spec.value.of(user)))
            .collect()
    }

    pub fn uses(&self, operation: Operation) -> bool {
        self.operations.contains(&operation)
    }
}

/// A BrowserFormPost form field the platform reads the cart from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CartTransport {
    #[serde(rename = "cxml-urlencoded")]
    UrlEncoded,
    #[serde(rename = "cxml-base64")]
    Base64,
}

/// What the platform requires of a returned cart and its lines.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CartRequirements {
    pub transports: Vec<CartTransport>,
    /// An 8-digit `Classification domain="UNSPSC"` on every line.
    pub unspsc: bool,
    /// A `Description` on every line.
    pub description: bool,
    /// `UnitOfMeasure` from UN/CEFACT Recommendation 20.
    pub un_cefact_unit: bool,
    pub one_currency: bool,
    /// The header `Total` equals the sum of the lines.
    pub total_equals_lines: bool,
    /// What the platform does with a cart that falls short of the above.
    #[serde(default)]
    pub shortfalls: ShortfallHabit,
}

/// What a platform does with a returned cart that falls short of its
/// requirements (a line without UNSPSC, say).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShortfallHabit {
    /// The cart is refused and nothing is stored; the person is told
    /// which line lacks what.
    #[default]
    Refuse,
    /// The cart is taken; the cart page tells the person what each line
    /// lacks (an unclassified line's commodity is "Not Assigned").
    Advise,
}

/// An `OrderRequestHeader@type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrderType {
    New,
    Update,
    Delete,
}

/// How the platform sends orders and waits for the answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderHabits {
    pub types: Vec<OrderType>,
    pub deployment_mode: ModeHabit,
    /// How long it waits for the supplier's answer; absent when unknown.
    #[serde(default)]
    pub reply_timeout_secs: Option<u64>,
}
