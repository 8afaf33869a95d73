//! The marketplace's admin JSON API as an account's users call it (the
//! acting user in `X-Procsim-User`): any account's integration settings
//! and its private marketplace (SPEC F13). Also the public catalog search
//! as the world sees it, and the dashboard's clock, which scenarios
//! advance instead of sleeping.

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
    pub fn integration_url(&self, account: &str) -> String {
        format!(
            "{}/api/accounts/{account}/integration",
            self.url("marketplace")
        )
    }

    fn private_marketplace_url(&self, account: &str) -> String {
        format!(
            "{}/api/accounts/{account}/private-marketplace",
            self.url("marketplace")
        )
    }

    /// GETs an admin API `url` as `user`: the status and JSON body.
    pub async fn admin_get(&self, url: &str, user: &str) -> Result<(StatusCode, Value)> {
        let reply = self
            .http
            .get(url)
            .header("x-procsim-user", user)
            .send()
            .await
            .map_err(|e| format!("GET {url}: {e}"))?;
        let status = reply.status();
        let body = reply.json().await.map_err(|e| format!("GET {url}: {e}"))?;
        Ok((status, body))
    }

    /// PUTs `body` to an admin API `url` as `user`: the status and JSON body.
    pub async fn admin_put(
        &self,
        url: &str,
        user: &str,
        body: &Value,
    ) -> Result<(StatusCode, Value)> {
        let reply = self
            .http
            .put(url)
            .header("x-procsim-user", user)
            .json(body)
            .send()
            .await
            .map_err(|e| format!("PUT {url}: {e}"))?;
        let status = reply.status();
        let body = reply.json().await.map_err(|e| format!("PUT {url}: {e}"))?;
        Ok((status, body))
    }

    /// The account's private marketplace as `user` reads it; must succeed.
    pub async fn private_marketplace(
        &self,
        account: &str,
        user: &str,
    ) -> Result<PrivateMarketplace> {
        let url = self.private_marketplace_url(account);
        let (status, body) = self.admin_get(&url, user).await?;
        if status != StatusCode::OK {
            return Err(format!("GET {url} as {user}: {status}: {body}"));
        }
        serde_json::from_value(body).map_err(|e| format!("GET {url}: {e}"))
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
        let body = json!({ "enabled": enabled, "listings": listings });
        self.admin_put(&self.private_marketplace_url(account), user, &body)
            .await
    }

    /// Any account's integration settings as `user` reads them; must succeed.
    pub async fn account_integration(&self, account: &str, user: &str) -> Result<Value> {
        let url = self.integration_url(account);
        match self.admin_get(&url, user).await? {
            (StatusCode::OK, body) => Ok(body),
            (status, body) => Err(format!("GET {url} as {user}: {status}: {body}")),
        }
    }

    /// Writes any account's integration settings as `user`; must succeed.
    pub async fn set_account_integration(
        &self,
        account: &str,
        user: &str,
        settings: &Value,
    ) -> Result<()> {
        let url = self.integration_url(account);
        match self.admin_put(&url, user, settings).await? {
            (StatusCode::OK, _) => Ok(()),
            (status, body) => Err(format!("PUT {url} as {user}: {status}: {body}")),
        }
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
}
