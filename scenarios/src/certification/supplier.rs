//! Which supplier the certification features judge, read from the
//! environment, and which scenarios apply to it.

use std::path::{Path, PathBuf};

use buyer_kit::{Identity, Profile};
use certify::{CartMode, SupplierTarget, cart::recipe::Recipe};
use cxml::SharedSecret;
use service_kit::journal::Dtds;

use crate::support::browser::Result;

/// An integrator's supplier, from `PROCSIM_SUPPLIER_*` (README, "Run
/// procsim inside your own tests").
#[derive(Clone, Debug)]
pub struct OutsideSupplier {
    pub setup_url: String,
    pub order_url: Option<String>,
    pub from: String,
    pub to: String,
    pub from_domain: Option<String>,
    pub to_domain: Option<String>,
    pub sender: Option<String>,
    /// Debug prints `***`.
    pub secret: SharedSecret,
    /// `coupa`, `ariba` or a TOML profile's path, as given.
    pub platform: String,
    pub profile: Profile,
    /// `PROCSIM_SUPPLIER_CART_RECIPE`: the `--cart script` recipe that
    /// shops at the supplier's site in headless Chromium, so the `@cart`
    /// scenarios run unattended; without it they are left out.
    pub recipe: Option<Recipe>,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn required(name: &str) -> Result<String> {
    var(name).ok_or_else(|| {
        format!("PROCSIM_SUPPLIER_SETUP_URL is set, so {name} must be too (README: Run procsim inside your own tests)")
    })
}

/// `path` as the user meant it: `cargo test` runs in the scenarios crate's
/// folder, so a relative path is taken from the workspace root (the
/// procsim checkout).
fn from_checkout(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// A built-in profile by name, or a TOML profile file; the same choice
/// `procsim certify supplier --platform` makes.
pub fn profile(platform: &str) -> Result<Profile> {
    let profile = if Profile::builtin_names().any(|n| n == platform) {
        Profile::builtin(platform)
    } else {
        let file = from_checkout(platform);
        if !file.is_file() {
            return Err(format!(
                "PROCSIM_SUPPLIER_PLATFORM={platform} is neither a built-in profile ({}) \
                 nor a file (looked for {})",
                Profile::builtin_names().collect::<Vec<_>>().join(", "),
                file.display()
            ));
        }
        Profile::from_toml_file(&file)
    };
    profile.map_err(|err| format!("PROCSIM_SUPPLIER_PLATFORM={platform}: {err}"))
}

/// The recipe `PROCSIM_SUPPLIER_CART_RECIPE` names, read as `procsim
/// certify supplier --cart script FILE` reads it.
fn recipe(file: &str) -> Result<Recipe> {
    Recipe::from_toml_file(&from_checkout(file))
        .map_err(|err| format!("PROCSIM_SUPPLIER_CART_RECIPE={file}: {err}"))
}

impl OutsideSupplier {
    /// The supplier the environment names; `None` when
    /// `PROCSIM_SUPPLIER_SETUP_URL` is unset.
    pub fn from_env() -> Result<Option<Self>> {
        let Some(setup_url) = var("PROCSIM_SUPPLIER_SETUP_URL") else {
            return Ok(None);
        };
        let platform = required("PROCSIM_SUPPLIER_PLATFORM")?;
        Ok(Some(Self {
            setup_url,
            order_url: var("PROCSIM_SUPPLIER_ORDER_URL"),
            from: required("PROCSIM_SUPPLIER_FROM")?,
            to: required("PROCSIM_SUPPLIER_TO")?,
            from_domain: var("PROCSIM_SUPPLIER_FROM_DOMAIN"),
            to_domain: var("PROCSIM_SUPPLIER_TO_DOMAIN"),
            sender: var("PROCSIM_SUPPLIER_SENDER"),
            secret: SharedSecret::new(required("PROCSIM_SUPPLIER_SECRET")?.as_str()),
            profile: profile(&platform)?,
            platform,
            recipe: var("PROCSIM_SUPPLIER_CART_RECIPE")
                .map(|file| recipe(&file))
                .transpose()?,
        }))
    }

    /// What `procsim certify supplier` would be given; the domains default
    /// to the profile's, as the command's do.
    pub fn target(&self, cart: CartMode) -> SupplierTarget {
        let domain = self.profile.credentials.domain.clone();
        SupplierTarget {
            setup_url: self.setup_url.clone(),
            order_url: self.order_url.clone(),
            from: Identity::new(self.from_domain.as_deref().unwrap_or(&domain), &self.from),
            to: Identity::new(self.to_domain.as_deref().unwrap_or(&domain), &self.to),
            sender: self.sender.as_deref().map(|id| Identity::new(&domain, id)),
            secret: self.secret.clone(),
            profile: self.profile.clone(),
            cart,
            invoices: None,
            // The command's default, less the DTD cache: an integrator's CI
            // says where its DTDs are.
            dtds: integrators_dtds(),
        }
    }
}

/// procsim's own marketplace at `cxml_url`, as the seeded connection of
/// `platform` reaches it (the identities and secrets `procsim up` seeds,
/// src/config.rs).
pub fn own_marketplace(cxml_url: &str, platform: &str, cart: CartMode) -> Result<SupplierTarget> {
    let (from, to, secret) = match platform {
        "coupa" => ("coupa-acme", "procsim-marketplace", "coupa-shared-secret"),
        "ariba" => ("AN01000000001", "AN01000000999", "ariba-supplier-secret"),
        other => {
            return Err(format!(
                "procsim's marketplace has no seeded {other} connection"
            ));
        }
    };
    let profile = profile(platform)?;
    let domain = profile.credentials.domain.clone();
    Ok(SupplierTarget {
        setup_url: cxml_url.to_owned(),
        order_url: Some(cxml_url.to_owned()),
        from: Identity::new(&domain, from),
        to: Identity::new(&domain, to),
        sender: None,
        secret: SharedSecret::new(secret),
        profile,
        cart,
        invoices: None,
        // The official DTDs when the checkout has them beside it: the cart
        // is then validated too.
        dtds: shared_fixtures::find_dtd_dir()
            .map(|dir| Dtds::of_version(shared_fixtures::DTD_VERSION, dir))
            .unwrap_or_default(),
    })
}

/// The DTDs `$PROCSIM_DTD_DIR` names (one version's folder or a folder of
/// versions), as `procsim certify` reads them; none when it is unset, or
/// when it names no DTDs, which is then said on stderr and the DTD checks
/// say they did not run.
fn integrators_dtds() -> Dtds {
    let Some(dir) = std::env::var_os("PROCSIM_DTD_DIR") else {
        return Dtds::default();
    };
    match procsim::dtd_store::locate(Some(dir.into())) {
        Ok(shelf) => Dtds::new(shelf),
        Err(err) => {
            eprintln!("PROCSIM_DTD_DIR: {err}; the certification runs without DTDs");
            Dtds::default()
        }
    }
}

/// Which scenarios of `features/certify/` run.
#[derive(Clone, Debug)]
pub struct Plan {
    pub outside: Option<OutsideSupplier>,
}

/// The tags of the Examples rows naming a platform.
const PLATFORM_TAGS: [&str; 2] = ["coupa", "ariba"];

impl Plan {
    pub fn from_env() -> Result<Self> {
        Ok(Self {
            outside: OutsideSupplier::from_env()?,
        })
    }

    /// Whether a scenario with `tags` runs: every one against procsim's
    /// own marketplace; against an outside supplier only the rows tagged
    /// with its profile's name, the `@cart` ones only with a recipe to shop
    /// by, and never the `@invoices` ones (the supplier would have to be
    /// configured with the inbox certify opens: `procsim certify supplier
    /// --invoices` does that).
    pub fn runs(&self, tags: &[String]) -> bool {
        let Some(outside) = &self.outside else {
            return true;
        };
        let tagged = |name: &str| tags.iter().any(|t| t == name);
        if tagged("invoices") || (tagged("cart") && outside.recipe.is_none()) {
            return false;
        }
        tags.iter()
            .filter(|t| PLATFORM_TAGS.contains(&t.as_str()))
            .all(|t| *t == outside.profile.name)
    }

    /// What the run is about to judge, and what it leaves out and why.
    pub fn announce(&self) -> Result<String> {
        let Some(outside) = &self.outside else {
            return Ok(
                "procsim certify: no PROCSIM_SUPPLIER_SETUP_URL, so each scenario \
                 certifies procsim's own marketplace in process (the @cart scenarios \
                 play the person over HTTP)"
                    .to_owned(),
            );
        };
        if !PLATFORM_TAGS.contains(&outside.profile.name.as_str()) {
            return Err(format!(
                "PROCSIM_SUPPLIER_PLATFORM={}: the profile is named {:?}, but the features \
                 have rows for {}; keep `name` as the platform the profile varies",
                outside.platform,
                outside.profile.name,
                PLATFORM_TAGS.join(" and ")
            ));
        }
        let carts = if outside.recipe.is_some() {
            "; the @cart scenarios shop by PROCSIM_SUPPLIER_CART_RECIPE in headless Chromium"
        } else {
            ", and the @cart scenarios (nobody shops at your site: set \
             PROCSIM_SUPPLIER_CART_RECIPE to a `--cart script` recipe, or run `procsim \
             certify supplier --cart manual`, for the cart, edit, inspect and order checks)"
        };
        Ok(format!(
            "procsim certify: supplier {} as {} (profile {}); not run: the rows of the \
             other platforms, the @invoices rows (use `procsim certify supplier \
             --invoices`){carts}",
            outside.setup_url, outside.platform, outside.profile.name
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outside(recipe: Option<Recipe>) -> Plan {
        Plan {
            outside: Some(OutsideSupplier {
                setup_url: "http://supplier.test/cxml".to_owned(),
                order_url: None,
                from: "b".to_owned(),
                to: "s".to_owned(),
                from_domain: None,
                to_domain: None,
                sender: None,
                secret: SharedSecret::new("x"),
                platform: "coupa".to_owned(),
                profile: Profile::builtin("coupa").expect("the coupa profile"),
                recipe,
            }),
        }
    }

    fn tags(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn an_outside_supplier_runs_its_own_rows_and_carts_only_with_a_recipe() {
        let recipe =
            Recipe::from_toml("[[step]]\nclick = \"button\"\n").expect("a one-step recipe");
        let without = outside(None);
        let with = outside(Some(recipe));
        for plan in [&without, &with] {
            assert!(plan.runs(&tags(&["coupa"])));
            assert!(!plan.runs(&tags(&["ariba"])));
            assert!(!plan.runs(&tags(&["cart", "coupa", "invoices"])));
        }
        assert!(!without.runs(&tags(&["cart", "coupa"])));
        assert!(with.runs(&tags(&["cart", "coupa"])));
        assert!(!with.runs(&tags(&["cart", "ariba"])));
        let own = Plan { outside: None };
        assert!(own.runs(&tags(&["cart", "coupa", "invoices"])));
        assert!(
            without
                .announce()
                .unwrap_or_default()
                .contains("PROCSIM_SUPPLIER_CART_RECIPE")
        );
    }
}
