//! An admin's change to Coupa's settings: the punchout site as a whole
//! (URL, identities, secret, redirect, test mode, Open Buy URL, order URL)
//! or the finance threshold of the approval chain. A change is saved in
//! the buyer store before it takes effect (the state's `change_settings`)
//! and replayed over the configured settings at startup
//! ([`replay`]), so with `--data-dir` a restart keeps it; the reset of all
//! state forgets it.

use buyer_kit::{ApprovalRule, ApproverLevel, Identity};
use cxml::{Money, SharedSecret};
use serde::{Deserialize, Serialize};

use crate::settings::Settings;

/// One change. The site is stored as what differs from the configured
/// site, so that addresses the admin left alone follow the configuration
/// (another `--port-base` moves them) while what the admin typed stays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminChange {
    Site(SiteChange),
    FinanceThreshold(Money),
}

/// The punchout site and order URL as the admin's form sent them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteForm {
    pub url: String,
    pub domain: String,
    pub from_identity: String,
    pub to_identity: String,
    pub sender_identity: String,
    /// `None`: keep the secret as it is.
    pub secret: Option<SharedSecret>,
    pub order_url: String,
    pub redirect: bool,
    pub test_mode: bool,
    pub open_buy_url: Option<String>,
}

/// The fields of the site that differ from the configured ones (`None`:
/// as configured). An Open Buy URL of `""` means none.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SiteChange {
    pub url: Option<String>,
    pub domain: Option<String>,
    pub from_identity: Option<String>,
    pub to_identity: Option<String>,
    pub sender_identity: Option<String>,
    /// Stored as typed (the database is the simulator's own, like the
    /// configuration); masked in `Debug`.
    #[serde(with = "secret_text")]
    pub secret: Option<SharedSecret>,
    pub order_url: Option<String>,
    pub redirect: Option<bool>,
    pub test_mode: Option<bool>,
    pub open_buy_url: Option<String>,
}

impl SiteChange {
    /// What `form` changes relative to `configured`; the secret, when the
    /// form keeps it, is the one `current` has (an earlier change).
    pub fn from_form(form: SiteForm, configured: &Settings, current: &Settings) -> Self {
        fn differs<T: PartialEq>(wanted: T, configured: &T) -> Option<T> {
            (wanted != *configured).then_some(wanted)
        }
        let site = &configured.site;
        let ids = &site.identities;
        let secret = form
            .secret
            .unwrap_or_else(|| current.site.identities.secret.clone());
        SiteChange {
            url: differs(form.url, &site.url),
            domain: differs(form.domain, &ids.from.domain),
            from_identity: differs(form.from_identity, &ids.from.identity),
            to_identity: differs(form.to_identity, &ids.to.identity),
            sender_identity: differs(form.sender_identity, &ids.sender.identity),
            secret: differs(secret, &ids.secret),
            order_url: differs(form.order_url, &configured.order_url),
            redirect: differs(form.redirect, &site.redirect),
            test_mode: differs(form.test_mode, &site.test_mode),
            open_buy_url: differs(form.open_buy_url, &site.open_buy_url)
                .map(Option::unwrap_or_default),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct ThresholdJson {
    currency: String,
    amount: String,
}

const SITE: &str = "site";
const FINANCE_THRESHOLD: &str = "finance_threshold";

impl AdminChange {
    /// The store's row for it: (name, value).
    pub(crate) fn row(&self) -> (&'static str, String) {
        let value = match self {
            AdminChange::Site(site) => serde_json::to_string(site),
            AdminChange::FinanceThreshold(money) => serde_json::to_string(&ThresholdJson {
                currency: money.currency().to_string(),
                amount: money.amount().to_string(),
            }),
        };
        // Plain strings and booleans always serialise.
        (self.name(), value.unwrap_or_default())
    }

    fn name(&self) -> &'static str {
        match self {
            AdminChange::Site(_) => SITE,
            AdminChange::FinanceThreshold(_) => FINANCE_THRESHOLD,
        }
    }

    /// Reads a stored row back.
    pub(crate) fn from_row(name: &str, value: &str) -> Result<Self, String> {
        match name {
            SITE => serde_json::from_str(value)
                .map(AdminChange::Site)
                .map_err(|e| e.to_string()),
            FINANCE_THRESHOLD => {
                let json: ThresholdJson = serde_json::from_str(value).map_err(|e| e.to_string())?;
                Money::parse(&json.currency, &json.amount)
                    .map(AdminChange::FinanceThreshold)
                    .map_err(|e| e.to_string())
            }
            other => Err(format!("no such setting {other:?}")),
        }
    }

    /// What the change does to the settings (the site's fields it names;
    /// the others are left as they are).
    pub(crate) fn apply(&self, settings: &mut Settings) {
        match self {
            AdminChange::Site(change) => {
                let site = &mut settings.site;
                let ids = &mut site.identities;
                let domain = change
                    .domain
                    .as_deref()
                    .unwrap_or(&ids.from.domain)
                    .to_owned();
                let identity = |wanted: &Option<String>, current: &Identity| {
                    let identity = wanted.as_deref().unwrap_or(&current.identity);
                    Identity::new(&domain, identity)
                };
                ids.from = identity(&change.from_identity, &ids.from);
                ids.to = identity(&change.to_identity, &ids.to);
                ids.sender = identity(&change.sender_identity, &ids.sender);
                if let Some(secret) = &change.secret {
                    ids.secret = secret.clone();
                }
                if let Some(url) = &change.url {
                    site.url.clone_from(url);
                }
                if let Some(redirect) = change.redirect {
                    site.redirect = redirect;
                }
                if let Some(test_mode) = change.test_mode {
                    site.test_mode = test_mode;
                }
                if let Some(open_buy) = &change.open_buy_url {
                    site.open_buy_url = Some(open_buy.clone()).filter(|url| !url.is_empty());
                }
                if let Some(order_url) = &change.order_url {
                    settings.order_url.clone_from(order_url);
                }
            }
            AdminChange::FinanceThreshold(threshold) => {
                let rules = &mut settings.chain.rules;
                rules.retain(|r| r.level != ApproverLevel::finance());
                rules.push(ApprovalRule {
                    from: threshold.clone(),
                    level: ApproverLevel::finance(),
                });
            }
        }
    }
}

/// A secret in the stored JSON: its text, or nothing.
mod secret_text {
    use cxml::SharedSecret;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        secret: &Option<SharedSecret>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match secret {
            Some(secret) => serializer.serialize_some(secret.expose()),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<SharedSecret>, D::Error> {
        Ok(Option::<String>::deserialize(deserializer)?.map(SharedSecret::new))
    }
}

/// Applies the stored changes (name, value) to `settings`; a row that
/// cannot be read is skipped with a warning (the configured value stays).
pub(crate) fn replay(settings: &mut Settings, rows: &[(String, String)]) {
    for (name, value) in rows {
        match AdminChange::from_row(name, value) {
            Ok(change) => change.apply(settings),
            Err(why) => tracing::warn!(setting = %name, "saved admin change skipped: {why}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteChange {
        SiteChange {
            secret: Some(SharedSecret::new("s3cret")),
            redirect: Some(true),
            open_buy_url: Some(String::new()),
            ..SiteChange::default()
        }
    }

    #[test]
    fn changes_read_back_as_saved() {
        let threshold = Money::parse("USD", "7500.00").expect("money");
        for change in [
            AdminChange::Site(site()),
            AdminChange::FinanceThreshold(threshold),
        ] {
            let (name, value) = change.row();
            assert_eq!(AdminChange::from_row(name, &value), Ok(change));
        }
    }

    #[test]
    fn debug_output_masks_the_secret() {
        let shown = format!("{:?}", AdminChange::Site(site()));
        assert!(
            shown.contains("***") && !shown.contains("s3cret"),
            "{shown}"
        );
    }

    #[test]
    fn unreadable_rows_are_refused() {
        assert!(AdminChange::from_row("site", "not json").is_err());
        assert!(AdminChange::from_row("site", r#"{"redirect":"yes"}"#).is_err());
        assert!(
            AdminChange::from_row("finance_threshold", r#"{"currency":"USD","amount":"x"}"#)
                .is_err()
        );
        assert!(AdminChange::from_row("colour", "\"blue\"").is_err());
    }
}
