//! How listings are priced (SPEC section 3): upfront contracts, pay as you
//! go, the AMI annual agreement that combines both, Free and BYOL. The
//! dimensions are small enums and amounts; their keys and descriptions are
//! derived when shown, not stored per listing.

use serde::{Serialize, Serializer, ser::SerializeStruct};

use crate::money::Money;

/// How a listing is priced. Each variant lists the options a buyer picks
/// from (SPEC section 3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum Pricing {
    /// Pay up front for a term; the buyer picks one dimension.
    UpfrontContract {
        dimensions: Vec<ContractDimension>,
    },
    /// Pay as you go for metered usage.
    Payg {
        dimensions: Vec<UsageDimension>,
    },
    /// Server annual agreement (AMI): hourly usage plus an annual fee.
    AnnualWithHourly {
        hourly: Vec<UsageDimension>,
        annual: Vec<ContractDimension>,
    },
    Free,
    /// Bring your own license: the marketplace charges nothing.
    Byol,
}

impl Pricing {
    pub fn model_name(&self) -> &'static str {
        match self {
            Pricing::UpfrontContract { .. } => "upfront_contract",
            Pricing::Payg { .. } => "payg",
            Pricing::AnnualWithHourly { .. } => "annual_with_hourly",
            Pricing::Free => "free",
            Pricing::Byol => "byol",
        }
    }

    /// The model as a storefront names it.
    pub fn words(&self) -> &'static str {
        match self {
            Pricing::UpfrontContract { .. } => "Upfront contract",
            Pricing::Payg { .. } => "Pay as you go",
            Pricing::AnnualWithHourly { .. } => "Hourly, or an annual agreement",
            Pricing::Free => "Free",
            Pricing::Byol => "Bring your own license",
        }
    }

    /// The lowest price a buyer pays, as a list shows it ("from 1,500.00
    /// USD for 12 months", "from 0.05 USD per instance-hour"); `None`
    /// when the marketplace charges nothing (Free, BYOL).
    pub fn from_price(&self) -> Option<String> {
        let contract = |dimensions: &[ContractDimension]| {
            dimensions
                .iter()
                .min_by_key(|d| d.price.ten_thousandths())
                .map(|d| {
                    format!(
                        "from {} for {} months",
                        d.price.for_people(),
                        d.duration_months
                    )
                })
        };
        let usage = |dimensions: &[UsageDimension]| {
            dimensions
                .iter()
                .min_by_key(|d| d.unit_price.ten_thousandths())
                .map(|d| {
                    format!(
                        "from {} {}",
                        d.unit_price.for_people(),
                        d.unit.description()
                    )
                })
        };
        match self {
            Pricing::UpfrontContract { dimensions } => contract(dimensions),
            Pricing::Payg { dimensions } => usage(dimensions),
            Pricing::AnnualWithHourly { hourly, annual } => {
                usage(hourly).or_else(|| contract(annual))
            }
            Pricing::Free | Pricing::Byol => None,
        }
    }
}

/// A contract tier; with the duration it names a contract dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tier {
    Basic,
    Standard,
    Premium,
    Enterprise,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Basic, Tier::Standard, Tier::Premium, Tier::Enterprise];

    pub fn slug(self) -> &'static str {
        match self {
            Tier::Basic => "basic",
            Tier::Standard => "standard",
            Tier::Premium => "premium",
            Tier::Enterprise => "enterprise",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Tier::Basic => "Basic",
            Tier::Standard => "Standard",
            Tier::Premium => "Premium",
            Tier::Enterprise => "Enterprise",
        }
    }
}

/// One upfront option: a tier for a number of months at a price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContractDimension {
    pub tier: Tier,
    pub duration_months: u8,
    pub price: Money,
}

impl ContractDimension {
    /// The dimension's key, e.g. `standard-12m`.
    pub fn key(&self) -> String {
        format!("{}-{}m", self.tier.slug(), self.duration_months)
    }

    pub fn description(&self) -> String {
        format!(
            "{} tier, {} months",
            self.tier.title(),
            self.duration_months
        )
    }
}

impl Serialize for ContractDimension {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("ContractDimension", 4)?;
        out.serialize_field("key", &self.key())?;
        out.serialize_field("description", &self.description())?;
        out.serialize_field("duration_months", &self.duration_months)?;
        out.serialize_field("price", &self.price)?;
        out.end()
    }
}

/// What a usage dimension meters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UsageUnit {
    InstanceHours,
    UserHours,
    ThousandRequests,
    Gigabytes,
    Hosts,
}

impl UsageUnit {
    pub const ALL: [UsageUnit; 5] = [
        UsageUnit::InstanceHours,
        UsageUnit::UserHours,
        UsageUnit::ThousandRequests,
        UsageUnit::Gigabytes,
        UsageUnit::Hosts,
    ];

    pub fn key(self) -> &'static str {
        match self {
            UsageUnit::InstanceHours => "instance_hours",
            UsageUnit::UserHours => "user_hours",
            UsageUnit::ThousandRequests => "thousand_requests",
            UsageUnit::Gigabytes => "gigabytes",
            UsageUnit::Hosts => "hosts",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            UsageUnit::InstanceHours => "per instance-hour",
            UsageUnit::UserHours => "per user-hour",
            UsageUnit::ThousandRequests => "per 1,000 requests",
            UsageUnit::Gigabytes => "per GB processed",
            UsageUnit::Hosts => "per host-hour",
        }
    }
}

/// One metered charge of a PAYG listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UsageDimension {
    pub unit: UsageUnit,
    pub unit_price: Money,
}

impl Serialize for UsageDimension {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("UsageDimension", 3)?;
        out.serialize_field("key", self.unit.key())?;
        out.serialize_field("description", self.unit.description())?;
        out.serialize_field("unit_price", &self.unit_price)?;
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimension_keys_are_derived() {
        let dimension = ContractDimension {
            tier: Tier::Premium,
            duration_months: 24,
            price: Money::usd(12_000),
        };
        assert_eq!(dimension.key(), "premium-24m");
        assert_eq!(dimension.description(), "Premium tier, 24 months");
    }
}
