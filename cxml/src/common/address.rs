//! Addresses and contacts: `ShipTo`, `BillTo`, `Address`, `Contact`,
//! `PostalAddress`, `Email`, `Phone`.

use serde::{Deserialize, Serialize};

use super::text::{Extrinsic, IdReference, Name, Url};

/// `<!ELEMENT ShipTo (Address, CarrierIdentifier*, TransportInformation*, IdReference*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipTo {
    #[serde(rename = "Address")]
    pub address: Address,
    #[serde(rename = "IdReference", default, skip_serializing_if = "Vec::is_empty")]
    pub id_reference: Vec<IdReference>,
}

/// `<!ELEMENT BillTo (Address, IdReference*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillTo {
    #[serde(rename = "Address")]
    pub address: Address,
    #[serde(rename = "IdReference", default, skip_serializing_if = "Vec::is_empty")]
    pub id_reference: Vec<IdReference>,
}

/// `<!ELEMENT Address (Name, PostalAddress?, Email?, Phone?, Fax?, URL?)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    #[serde(
        rename = "@isoCountryCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub iso_country_code: Option<String>,
    #[serde(
        rename = "@addressID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub address_id: Option<String>,
    #[serde(
        rename = "@addressIDDomain",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub address_id_domain: Option<String>,
    #[serde(rename = "Name")]
    pub name: Name,
    #[serde(
        rename = "PostalAddress",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub postal_address: Option<PostalAddress>,
    #[serde(rename = "Email", default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    #[serde(rename = "Phone", default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
    #[serde(rename = "URL", default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
}

impl Address {
    /// An address with only a name.
    pub fn named(name: Name) -> Self {
        Self {
            iso_country_code: None,
            address_id: None,
            address_id_domain: None,
            name,
            postal_address: None,
            email: None,
            phone: None,
            url: None,
        }
    }
}

/// `<!ELEMENT Contact (Name, PostalAddress*, Email*, Phone*, Fax*, URL*, IdReference*, Extrinsic*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(rename = "@role", default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(
        rename = "@addressID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub address_id: Option<String>,
    #[serde(
        rename = "@addressIDDomain",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub address_id_domain: Option<String>,
    #[serde(rename = "Name")]
    pub name: Name,
    #[serde(
        rename = "PostalAddress",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub postal_address: Vec<PostalAddress>,
    #[serde(rename = "Email", default, skip_serializing_if = "Vec::is_empty")]
    pub email: Vec<Email>,
    #[serde(rename = "Phone", default, skip_serializing_if = "Vec::is_empty")]
    pub phone: Vec<Phone>,
    #[serde(rename = "URL", default, skip_serializing_if = "Vec::is_empty")]
    pub url: Vec<Url>,
    #[serde(rename = "IdReference", default, skip_serializing_if = "Vec::is_empty")]
    pub id_reference: Vec<IdReference>,
    #[serde(rename = "Extrinsic", default, skip_serializing_if = "Vec::is_empty")]
    pub extrinsic: Vec<Extrinsic>,
}

impl Contact {
    /// A contact with a role, a name and nothing else.
    pub fn new(role: Option<String>, name: Name) -> Self {
        Self {
            role,
            address_id: None,
            address_id_domain: None,
            name,
            postal_address: Vec::new(),
            email: Vec::new(),
            phone: Vec::new(),
            url: Vec::new(),
            id_reference: Vec::new(),
            extrinsic: Vec::new(),
        }
    }
}

/// `<!ELEMENT PostalAddress (DeliverTo*, Street+, City, Municipality?, State?, PostalCode?, Country, Extrinsic*)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostalAddress {
    #[serde(rename = "@name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "DeliverTo", default, skip_serializing_if = "Vec::is_empty")]
    pub deliver_to: Vec<String>,
    #[serde(rename = "Street", default)]
    pub street: Vec<String>,
    #[serde(rename = "City", default)]
    pub city: String,
    #[serde(
        rename = "Municipality",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub municipality: Option<String>,
    #[serde(rename = "State", default, skip_serializing_if = "Option::is_none")]
    pub state: Option<State>,
    #[serde(
        rename = "PostalCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub postal_code: Option<String>,
    #[serde(rename = "Country")]
    pub country: Country,
    #[serde(rename = "Extrinsic", default, skip_serializing_if = "Vec::is_empty")]
    pub extrinsic: Vec<Extrinsic>,
}

/// `<!ELEMENT State (#PCDATA)>` with an optional `isoStateCode`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    #[serde(
        rename = "@isoStateCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub iso_state_code: Option<String>,
    #[serde(rename = "$text", default)]
    pub value: String,
}

/// `<!ELEMENT Country (#PCDATA)>` with a required `isoCountryCode`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    #[serde(rename = "@isoCountryCode")]
    pub iso_country_code: String,
    #[serde(rename = "$text", default)]
    pub value: String,
}

/// `<!ELEMENT Email (#PCDATA)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    #[serde(rename = "@name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        rename = "@preferredLang",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub preferred_lang: Option<String>,
    #[serde(rename = "$text", default)]
    pub value: String,
}

impl Email {
    /// An e-mail address without a name.
    pub fn new(value: impl Into<String>) -> Self {
        Self {
            name: None,
            preferred_lang: None,
            value: value.into(),
        }
    }
}

/// `<!ELEMENT Phone (TelephoneNumber)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone {
    #[serde(rename = "@name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "TelephoneNumber")]
    pub telephone_number: TelephoneNumber,
}

/// `<!ELEMENT TelephoneNumber (CountryCode, AreaOrCityCode, Number, Extension?)>`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelephoneNumber {
    #[serde(rename = "CountryCode")]
    pub country_code: CountryCode,
    #[serde(rename = "AreaOrCityCode", default)]
    pub area_or_city_code: String,
    #[serde(rename = "Number", default)]
    pub number: String,
    #[serde(rename = "Extension", default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
}

/// `<!ELEMENT CountryCode (#PCDATA)>` with a required `isoCountryCode`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryCode {
    #[serde(rename = "@isoCountryCode")]
    pub iso_country_code: String,
    #[serde(rename = "$text", default)]
    pub value: String,
}
