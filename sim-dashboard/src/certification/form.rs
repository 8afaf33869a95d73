//! The "Certify a supplier" form: what a person typed, read into the
//! target the certify library judges, or every reason it cannot be.

use std::{collections::HashMap, time::Duration};

use certify::{CartMode, ManualCart, Profile, SupplierTarget, runs::RunPlan};
use cxml::SharedSecret;

/// How long a manual cart run waits when the form does not say.
const DEFAULT_WAIT_SECS: u64 = 300;
/// The shortest and longest wait a person may ask for.
const WAIT_RANGE: std::ops::RangeInclusive<u64> = 30..=3600;

/// A run the form asks for.
pub(crate) struct Asked {
    pub(crate) target: SupplierTarget,
    pub(crate) plan: RunPlan,
    /// With a manual cart: how long to wait for it.
    pub(crate) wait: Option<Duration>,
}

/// Reads the posted fields; `Err` lists every problem, in the form's order.
pub(crate) fn read(fields: &HashMap<String, String>) -> Result<Asked, Vec<String>> {
    let field = |name: &str| fields.get(name).map_or("", |v| v.trim());
    let mut problems = Vec::new();
    let setup_url = http_url("The setup URL", field("setup_url"), &mut problems);
    let order_url = match field("order_url") {
        "" => None,
        url => http_url("The order URL", url, &mut problems),
    };
    let profile = match Profile::builtin(field("platform")) {
        Ok(profile) => Some(profile),
        Err(err) => {
            problems.push(format!("The platform: {err}"));
            None
        }
    };
    for (name, label) in [
        ("from", "The buyer's identity (From)"),
        ("to", "The supplier's identity (To)"),
    ] {
        if field(name).is_empty() {
            problems.push(format!("{label} is required."));
        }
    }
    // The secret is taken as typed: spaces may be part of it.
    let secret = fields.get("secret").map_or("", String::as_str);
    if secret.is_empty() {
        problems.push("The shared secret is required.".to_owned());
    }
    let wait = match field("cart") {
        "none" => None,
        "manual" => match field("cart_timeout") {
            "" => Some(Duration::from_secs(DEFAULT_WAIT_SECS)),
            text => match text.parse::<u64>() {
                Ok(secs) if WAIT_RANGE.contains(&secs) => Some(Duration::from_secs(secs)),
                _ => {
                    problems.push(format!(
                        "The wait for the cart must be a whole number of seconds from {} to {}, not {text:?}.",
                        WAIT_RANGE.start(),
                        WAIT_RANGE.end()
                    ));
                    None
                }
            },
        },
        other => {
            problems.push(format!(
                "The cart must be \"none\" or \"manual\", not {other:?}."
            ));
            None
        }
    };
    let (Some(setup_url), Some(profile), true) = (setup_url, profile, problems.is_empty()) else {
        return Err(problems);
    };
    let domain = |name: &str| match field(name) {
        "" => profile.credentials.domain.clone(),
        given => given.to_owned(),
    };
    let cart = match wait {
        Some(wait) => CartMode::Manual(ManualCart::new(wait)),
        None => CartMode::None,
    };
    let plan = RunPlan {
        platform: profile.name.clone(),
        setup_url: setup_url.clone(),
        order_url: order_url.clone(),
        cart: if wait.is_some() { "manual" } else { "none" }.to_owned(),
    };
    let target = SupplierTarget {
        setup_url,
        order_url,
        from: buyer_kit::Identity::new(&domain("from_domain"), field("from")),
        to: buyer_kit::Identity::new(&domain("to_domain"), field("to")),
        sender: None,
        secret: SharedSecret::new(secret),
        profile,
        cart,
        invoices: None,
        // The dashboard's own DTDs are set when the run starts.
        dtds: Default::default(),
    };
    Ok(Asked { target, plan, wait })
}

/// `text` when it is an absolute http(s) URL with a host.
fn http_url(label: &str, text: &str, problems: &mut Vec<String>) -> Option<String> {
    if text.is_empty() {
        problems.push(format!("{label} is required."));
        return None;
    }
    match reqwest::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {
            Some(text.to_owned())
        }
        Ok(_) => {
            problems.push(format!("{label} must be an http or https URL: {text}"));
            None
        }
        Err(err) => {
            problems.push(format!("{label} is not a URL ({err}): {text}"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_complete_form_is_a_target_with_the_profile_s_domain() {
        let asked = read(&fields(&[
            ("setup_url", " http://supplier.test/cxml "),
            ("order_url", ""),
            ("platform", "ariba"),
            ("from", "AN01"),
            ("to", "AN02"),
            ("secret", " s3cret"),
            ("cart", "manual"),
            ("cart_timeout", "60"),
        ]))
        .unwrap_or_else(|problems| panic!("{problems:?}"));
        assert_eq!(asked.target.setup_url, "http://supplier.test/cxml");
        assert_eq!(asked.target.order_url, None);
        assert_eq!(asked.target.secret.expose(), " s3cret");
        assert_eq!(asked.target.profile.name, "ariba");
        assert_eq!(
            asked.target.from.domain,
            asked.target.profile.credentials.domain
        );
        assert_eq!(asked.wait, Some(Duration::from_secs(60)));
        assert_eq!(asked.plan.cart, "manual");
    }

    #[test]
    fn every_problem_is_named() {
        let problems = match read(&fields(&[
            ("setup_url", "ftp://supplier.test/"),
            ("order_url", "not a url"),
            ("platform", "oracle"),
            ("cart", "manual"),
            ("cart_timeout", "5"),
        ])) {
            Ok(_) => panic!("a form full of mistakes was taken"),
            Err(problems) => problems,
        };
        let all = problems.join("\n");
        for expected in [
            "The setup URL must be an http or https URL",
            "The order URL is not a URL",
            "The platform:",
            "From) is required",
            "To) is required",
            "shared secret is required",
            "from 30 to 3600",
        ] {
            assert!(all.contains(expected), "{expected:?} missing in\n{all}");
        }
    }
}
