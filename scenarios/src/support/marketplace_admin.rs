//! What an account admin (or someone who is not one) does through the
//! marketplace's admin JSON API beyond the integration settings: the
//! private marketplace (SPEC F13) and, for any account, the integration.
//! Also the public catalog search as the world sees it, and the
//! dashboard's clock, which scenarios advance instead of sleeping.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{browser::Result, sim::Sim};

/// An account's private marketplace as the admin API shows it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct PrivateMarketplace {
    pub enabled: bool,
    pub listings: Vec<String>,
}

/// One hit of the public catalog search.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct PublicHit {
    pub id: String,
    pub name: String,
    pub seller: String,
    pub category: PublicCategory,
    pub price_summary: String,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct PublicCategory {
    pub name: String,
}

#[derive(Deserialize)]
struct PublicPage {
    total: usize,
    hits: Vec<PublicHit>,
}

impl Sim {
    fn private_marketplace_url(&self, account: &str) -> String {
        format!(
            "{}/api/accounts/{account}/private-marketplace",
            self.url("marketplace")
        )
    }

    /// The account's private marketplace as `user` reads it.
    pub async fn private_marketplace(
        &self,
        account: &str,
        user: &str,
    ) -> Result<PrivateMarketplace> {
        let url = self.private_marketplace_url(account);
        let reply = self
            .http
            .get(&url)
            .header("x-procsim-user", user)
            .send()
            .await
            .map_err(|e| format!("GET {url}: {e}"))?;
        if reply.status() != StatusCode::OK {
            return Err(format!("GET {url} as {user}: {}", reply.status()));
        }
        reply.json().await.map_err(|e| format!("GET {url}: {e}"))
    }

    /// Sets the account's private marketplace as `user`: the answer's
    /// status and JSON body.
    pub async fn put_private_marketplace(
        &self,
        account: &str,
        user: &str,
        enabled: bool,
        listings: &BTreeSet<String>,
    ) -> Result<(StatusCode, Value)> {
        let url = self.private_marketplace_url(account);
        let reply = self
            .http
            .put(&url)
            .header("x-procsim-user", user)
            .json(&json!({ "enabled": enabled, "listings": listings }))
            .send()
            .await
            .map_err(|e| format!("PUT {url}: {e}"))?;
        let status = reply.status();
        let body = reply.json().await.map_err(|e| format!("PUT {url}: {e}"))?;
        Ok((status, body))
    }

    /// The public catalog search for `query`: how many match, and the
    /// first `limit` hits.
    pub async fn public_search(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<(usize, Vec<PublicHit>)> {
        let mut url = reqwest::Url::parse(&format!("{}/api/listings", self.url("marketplace")))
            .map_err(|e| e.to_string())?;
        url.query_pairs_mut()
            .append_pair("q", query)
            .append_pair("limit", &limit.to_string());
        let page: PublicPage = self.get_json(url.as_str()).await?;
        Ok((page.total, page.hits))
    }

    /// Any account's integration settings as `user` reads them.
    pub async fn account_integration(&self, account: &str, user: &str) -> Result<Value> {
        let url = format!(
            "{}/api/accounts/{account}/integration",
            self.url("marketplace")
        );
        let reply = self
            .http
            .get(&url)
            .header("x-procsim-user", user)
            .send()
            .await
            .map_err(|e| format!("GET {url}: {e}"))?;
        if reply.status() != StatusCode::OK {
            return Err(format!("GET {url} as {user}: {}", reply.status()));
        }
        reply.json().await.map_err(|e| format!("GET {url}: {e}"))
    }

    /// Writes any account's integration settings as `user`; must succeed.
    pub async fn set_account_integration(
        &self,
        account: &str,
        user: &str,
        settings: &Value,
    ) -> Result<()> {
        let url = format!(
            "{}/api/accounts/{account}/integration",
            self.url("marketplace")
        );
        let reply = self
            .http
            .put(&url)
            .header("x-procsim-user", user)
            .json(settings)
            .send()
            .await
            .map_err(|e| format!("PUT {url}: {e}"))?;
        let status = reply.status();
        if status != StatusCode::OK {
            let body = reply.text().await.unwrap_or_default();
            return Err(format!("PUT {url} as {user}: {status}: {body}"));
        }
        Ok(())
    }

    /// Moves the ecosystem's simulated clock forward through the
    /// dashboard.
    pub async fn advance_clock(&self, seconds: i64) -> Result<()> {
        let url = format!("{}/api/clock/advance", self.url("dashboard"));
        let reply = self
            .http
            .post(&url)
            .json(&json!({ "seconds": seconds }))
            .send()
            .await
            .map_err(|e| format!("POST {url}: {e}"))?;
        if !reply.status().is_success() {
            return Err(format!("POST {url}: {}", reply.status()));
        }
        Ok(())
    }
}
