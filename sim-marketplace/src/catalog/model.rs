//! The catalog's domain types: listings, their product type, and the
//! categories and sellers they point at by id (pricing is in
//! [`super::pricing`]).
//!
//! Listings are kept compact (SPEC section 6 wants `procsim up` under
//! 100 MB): ids are integers shown as strings, and category and seller
//! names are shared through [`CategoryId`] and [`SellerId`].

use std::{fmt, str::FromStr};

use serde::{Serialize, Serializer, ser::SerializeStruct};

use super::pricing::Pricing;

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

    /// Whether it may be bought through a procurement system: SaaS, AMI
    /// and Container products, except AMI and container contracts (SPEC
    /// F11). Everything else is bought directly in the marketplace.
    pub fn supported_for_procurement(self) -> bool {
        self.procurement_refusal().is_none()
    }

    /// Why a procurement system cannot buy it, in words for the buyer; `None`
    /// when it can (SPEC F11).
    pub fn procurement_refusal(self) -> Option<&'static str> {
        match self {
            ProductType::Saas(_)
            | ProductType::Ami(AmiModel::Hourly | AmiModel::Annual)
            | ProductType::Container(ContainerModel::Hourly) => None,
            ProductType::ProfessionalServices => Some(
                "Professional services are agreed with the seller directly and cannot be sent \
                 for approval through a procurement system.",
            ),
            ProductType::Ami(AmiModel::Contract) => Some(
                "AMI contracts carry terms a purchase order cannot hold, so a procurement \
                 system cannot buy them.",
            ),
            ProductType::Container(ContainerModel::Contract) => Some(
                "Container contracts carry terms a purchase order cannot hold, so a \
                 procurement system cannot buy them.",
            ),
            ProductType::Data => Some(
                "Data products are not part of the procurement integration, which buys SaaS, \
                 AMI and Container products only.",
            ),
        }
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

    /// The family as a storefront names it.
    pub fn title(self) -> &'static str {
        match self {
            ProductFamily::Saas => "SaaS",
            ProductFamily::Ami => "AMI",
            ProductFamily::Container => "Container",
            ProductFamily::ProfessionalServices => "Professional services",
            ProductFamily::Data => "Data",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|family| family.slug() == slug)
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
            ProductType::Data,
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
        ];
        for product_type in supported {
            assert!(product_type.supported_for_procurement(), "{product_type:?}");
        }
    }
}
