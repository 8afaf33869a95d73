//! The catalog's domain types: listings, their product type and pricing,
//! and the categories and sellers they point at by id.
//!
//! Listings are kept compact (SPEC section 6 wants `procsim up` under
//! 100 MB): ids are integers shown as strings, category and seller names are
//! shared through [`CategoryId`] and [`SellerId`], and pricing dimensions are
//! enums whose keys and descriptions are derived, not stored.

use std::{fmt, str::FromStr};

use serde::{Serialize, Serializer, ser::SerializeStruct};

use crate::money::Money;

/// A listing's stable, URL-safe id, shown as `prod-` and eight hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ListingId(u32);

impl ListingId {
    pub const PREFIX: &'static str = "prod-";

    pub const fn from_raw(raw: u32) -> Self {
        ListingId(raw)
    }
}

impl fmt::Display for ListingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:08x}", Self::PREFIX, self.0)
    }
}

/// The text given was not a `prod-xxxxxxxx` id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a listing id (expected prod- and eight lowercase hex digits): {0:?}")]
pub struct BadListingId(pub String);

impl FromStr for ListingId {
    type Err = BadListingId;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || BadListingId(text.chars().take(40).collect());
        let hex = text.strip_prefix(Self::PREFIX).ok_or_else(bad)?;
        let canonical = hex.len() == 8
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !canonical {
            return Err(bad());
        }
        u32::from_str_radix(hex, 16)
            .map(ListingId)
            .map_err(|_| bad())
    }
}

impl Serialize for ListingId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Index of a category in [`crate::catalog::Catalog::categories`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct CategoryId(pub u16);

/// Index of a seller in [`crate::catalog::Catalog::sellers`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SellerId(pub u16);

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Category {
    pub id: CategoryId,
    /// URL-safe form of the name, used in query strings.
    pub slug: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Seller {
    pub id: SellerId,
    pub name: String,
}

/// What is being sold and how its agreement is shaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "family", content = "model", rename_all = "snake_case")]
pub enum ProductType {
    Saas(SaasModel),
    Ami(AmiModel),
    Container(ContainerModel),
    ProfessionalServices,
    Data,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SaasModel {
    Subscription,
    Contract,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AmiModel {
    Hourly,
    Annual,
    Contract,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContainerModel {
    Hourly,
    Contract,
}

impl ProductType {
    pub fn family(self) -> ProductFamily {
        match self {
            ProductType::Saas(_) => ProductFamily::Saas,
            ProductType::Ami(_) => ProductFamily::Ami,
            ProductType::Container(_) => ProductFamily::Container,
            ProductType::ProfessionalServices => ProductFamily::ProfessionalServices,
            ProductType::Data => ProductFamily::Data,
        }
    }

    /// Whether it may be bought through a procurement system (SPEC F11):
    /// professional services, AMI contracts and container contracts may not.
    pub fn supported_for_procurement(self) -> bool {
        !matches!(
            self,
            ProductType::ProfessionalServices
                | ProductType::Ami(AmiModel::Contract)
                | ProductType::Container(ContainerModel::Contract)
        )
    }
}

/// The product type without its billing model, for filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductFamily {
    Saas,
    Ami,
    Container,
    ProfessionalServices,
    Data,
}

impl ProductFamily {
    pub const ALL: [ProductFamily; 5] = [
        ProductFamily::Saas,
        ProductFamily::Ami,
        ProductFamily::Container,
        ProductFamily::ProfessionalServices,
        ProductFamily::Data,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ProductFamily::Saas => "saas",
            ProductFamily::Ami => "ami",
            ProductFamily::Container => "container",
            ProductFamily::ProfessionalServices => "professional_services",
            ProductFamily::Data => "data",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|family| family.slug() == slug)
    }
}

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
    /// Bring your own licence: the marketplace charges nothing.
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

/// One product on the marketplace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    pub id: ListingId,
    pub name: String,
    pub short_description: String,
    pub category: CategoryId,
    pub seller: SellerId,
    pub product_type: ProductType,
    pub pricing: Pricing,
    pub free_trial: bool,
}

impl Listing {
    /// Derived from the product type (SPEC F11), so it cannot disagree.
    pub fn supported_for_procurement(&self) -> bool {
        self.product_type.supported_for_procurement()
    }
}

impl Serialize for Listing {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Listing", 9)?;
        out.serialize_field("id", &self.id)?;
        out.serialize_field("name", &self.name)?;
        out.serialize_field("short_description", &self.short_description)?;
        out.serialize_field("category", &self.category)?;
        out.serialize_field("seller", &self.seller)?;
        out.serialize_field("product_type", &self.product_type)?;
        out.serialize_field("pricing", &self.pricing)?;
        out.serialize_field(
            "supported_for_procurement",
            &self.supported_for_procurement(),
        )?;
        out.serialize_field("free_trial", &self.free_trial)?;
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_ids_round_trip_and_reject_near_misses() {
        let id = ListingId::from_raw(0x3f9a_1c2b);
        assert_eq!(id.to_string(), "prod-3f9a1c2b");
        assert_eq!("prod-3f9a1c2b".parse(), Ok(id));
        for bad in [
            "prod-3F9A1C2B",
            "prod-3f9a1c2",
            "prod-3f9a1c2bb",
            "3f9a1c2b",
            "prod-+f9a1c2b",
            "",
        ] {
            assert!(bad.parse::<ListingId>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn procurement_support_follows_f11() {
        let unsupported = [
            ProductType::ProfessionalServices,
            ProductType::Ami(AmiModel::Contract),
            ProductType::Container(ContainerModel::Contract),
        ];
        for product_type in unsupported {
            assert!(
                !product_type.supported_for_procurement(),
                "{product_type:?}"
            );
        }
        let supported = [
            ProductType::Saas(SaasModel::Subscription),
            ProductType::Saas(SaasModel::Contract),
            ProductType::Ami(AmiModel::Hourly),
            ProductType::Ami(AmiModel::Annual),
            ProductType::Container(ContainerModel::Hourly),
            ProductType::Data,
        ];
        for product_type in supported {
            assert!(product_type.supported_for_procurement(), "{product_type:?}");
        }
    }

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
