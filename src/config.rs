//! `procsim up --config FILE`: the identities, shared secrets and peer URLs
//! of the simulated connections, in TOML. Without a file the documented
//! defaults below are used, so `procsim up` works at once. Each section is
//! optional and so is every key in it:
//!
//! ```toml
//! [coupa]                      # Acme's Coupa ⇄ marketplace connection
//! from = { domain = "NetworkID", identity = "coupa-acme" }
//! to = { domain = "NetworkID", identity = "procsim-marketplace" }
//! sender = { domain = "NetworkID", identity = "coupa-acme" }
//! shared_secret = "coupa-shared-secret"
//! supplier_cxml_url = "https://supplier.example/cxml"  # point coupa elsewhere
//!
//! [ariba]                      # Globex's Ariba ⇄ marketplace connection
//! from = { domain = "NetworkID", identity = "AN01000000001" }
//! to = { domain = "NetworkID", identity = "AN01000000999" }
//! sender = { domain = "NetworkID", identity = "AribaNetwork" }
//! shared_secret = "ariba-supplier-secret"
//!
//! [marketplace]
//! coupa_cxml_url = "https://buyer.example/cxml"  # where invoices go
//! ariba_invoice_url = "https://network.example/cxml"  # none by default
//! ```

use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

/// A credential as written in the file.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    pub domain: String,
    pub identity: String,
}

/// One buyer system's connection to the marketplace.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ConnectionFile {
    pub from: Option<Credential>,
    pub to: Option<Credential>,
    pub sender: Option<Credential>,
    pub shared_secret: Option<String>,
    /// Where the buyer system sends its cXML (default: this procsim's
    /// marketplace).
    pub supplier_cxml_url: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MarketplaceFile {
    /// Where the marketplace sends Coupa invoices (default: this procsim's
    /// coupa).
    pub coupa_cxml_url: Option<String>,
    /// Where the marketplace sends Ariba invoices, as an Ariba Network's
    /// invoice endpoint (default: none; Globex then gets no cXML invoices,
    /// SPEC F6).
    pub ariba_invoice_url: Option<String>,
}

/// The whole file.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ProcsimConfig {
    #[serde(default)]
    pub coupa: ConnectionFile,
    #[serde(default)]
    pub ariba: ConnectionFile,
    #[serde(default)]
    pub marketplace: MarketplaceFile,
}

impl ProcsimConfig {
    /// Reads and checks a config file; errors name the file, line and column.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the config file {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("in the config file {}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Self> {
        let config: ProcsimConfig = toml::from_str(text).map_err(|err| {
            let at = err
                .span()
                .map(|span| line_column(text, span.start))
                .map_or_else(String::new, |(l, c)| format!("line {l}, column {c}: "));
            anyhow::anyhow!("{at}{}", err.message())
        })?;
        for (name, url) in [
            ("coupa.supplier_cxml_url", &config.coupa.supplier_cxml_url),
            ("ariba.supplier_cxml_url", &config.ariba.supplier_cxml_url),
            (
                "marketplace.coupa_cxml_url",
                &config.marketplace.coupa_cxml_url,
            ),
            (
                "marketplace.ariba_invoice_url",
                &config.marketplace.ariba_invoice_url,
            ),
        ] {
            if let Some(url) = url
                && !(url.starts_with("http://") || url.starts_with("https://"))
            {
                anyhow::bail!("{name} must be an http:// or https:// URL, not {url:?}");
            }
        }
        Ok(config)
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_means_every_default() {
        assert_eq!(
            ProcsimConfig::parse("").expect("parses"),
            ProcsimConfig::default()
        );
    }

    #[test]
    fn sections_override_only_what_they_name() {
        let config = ProcsimConfig::parse(
            "[coupa]\nshared_secret = \"s2\"\nfrom = { domain = \"DUNS\", identity = \"123\" }\n",
        )
        .expect("parses");
        assert_eq!(config.coupa.shared_secret.as_deref(), Some("s2"));
        assert_eq!(config.coupa.from.map(|c| c.domain).as_deref(), Some("DUNS"));
        assert_eq!(config.coupa.sender, None);
        assert_eq!(config.ariba, ConnectionFile::default());
    }

    #[test]
    fn mistakes_are_reported_with_line_and_column() {
        let err =
            ProcsimConfig::parse("[coupa]\nshared_secrte = \"x\"\n").expect_err("unknown key");
        let text = format!("{err:#}");
        assert!(text.contains("line 2, column 1"), "{text}");
        assert!(text.contains("shared_secrte"), "{text}");
        let err = ProcsimConfig::parse("[marketplace]\ncoupa_cxml_url = \"ftp://x\"\n")
            .expect_err("bad url");
        assert!(format!("{err:#}").contains("http://"));
        let err = ProcsimConfig::parse("[marketplace]\nariba_invoice_url = \"network\"\n")
            .expect_err("bad url");
        assert!(
            format!("{err:#}").contains("marketplace.ariba_invoice_url must be"),
            "{err:#}"
        );
    }
}
