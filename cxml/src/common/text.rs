//! Small text-bearing elements: `Extrinsic`, `Description`, `Name`,
//! `Comments`, `URL`, `DocumentReference`, `IdReference`.

use serde::{Deserialize, Serialize};

/// `<!ELEMENT Extrinsic ANY>` with a required `name`; modelled as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extrinsic {
    #[serde(rename = "@name")]
    pub name: String,
    #[serde(rename = "$text", default)]
    pub value: String,
}

impl Extrinsic {
    /// `<Extrinsic name="..">value</Extrinsic>`.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// `<!ELEMENT Description ( #PCDATA | ShortName )*>`, `xml:lang` required.
/// Text and one `ShortName` are modelled (the text is written first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Description {
    #[serde(rename = "@xml:lang")]
    pub lang: String,
    #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
    pub description_type: Option<String>,
    #[serde(rename = "$text", default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(rename = "ShortName", default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
}

impl Description {
    /// A plain-text description.
    pub fn new(lang: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            lang: lang.into(),
            description_type: None,
            text: Some(text.into()),
            short_name: None,
        }
    }

    /// The text, or else the short name, trimmed; empty when neither.
    pub fn best_text(&self) -> &str {
        self.text
            .as_deref()
            .or(self.short_name.as_deref())
            .unwrap_or("")
            .trim()
    }
}

/// `<!ELEMENT Name (#PCDATA)>`, `xml:lang` required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    #[serde(rename = "@xml:lang")]
    pub lang: String,
    #[serde(rename = "$text", default)]
    pub value: String,
}

impl Name {
    /// A name in a language.
    pub fn new(lang: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            lang: lang.into(),
            value: value.into(),
        }
    }
}

/// `<!ELEMENT Comments ( #PCDATA | Attachment )*>`; attachments are skipped.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Comments {
    #[serde(rename = "@xml:lang", default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
    pub comments_type: Option<String>,
    #[serde(rename = "$text", default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// `<!ELEMENT URL (#PCDATA)>` with an optional `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Url {
    #[serde(rename = "@name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "$text", default)]
    pub value: String,
}

impl Url {
    /// A URL without a name.
    pub fn new(value: impl Into<String>) -> Self {
        Self {
            name: None,
            value: value.into(),
        }
    }
}

/// `<!ELEMENT DocumentReference EMPTY>`: points at an earlier document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentReference {
    #[serde(rename = "@payloadID")]
    pub payload_id: String,
}

impl DocumentReference {
    /// A reference to the document with this payload id.
    pub fn new(payload_id: impl Into<String>) -> Self {
        Self {
            payload_id: payload_id.into(),
        }
    }
}

/// `<!ELEMENT IdReference (Creator?, Description?)>`; only the attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdReference {
    #[serde(rename = "@identifier")]
    pub identifier: String,
    #[serde(rename = "@domain")]
    pub domain: String,
}

/// An element whose content is one `URL`: `BrowserFormPost`, `SupplierSetup`,
/// `StartPage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlHolder {
    #[serde(rename = "URL")]
    pub url: Url,
}

impl UrlHolder {
    /// Holds `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: Url::new(url) }
    }
}

/// `<!ELEMENT SupplierOrderInfo EMPTY>`: the supplier's own order number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierOrderInfo {
    #[serde(rename = "@orderID")]
    pub order_id: String,
    #[serde(
        rename = "@orderDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub order_date: Option<String>,
}

/// `<!ELEMENT OrderReference (DocumentReference)>`: the order a confirmation
/// or invoice is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderReference {
    #[serde(rename = "@orderID", default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(
        rename = "@orderDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub order_date: Option<String>,
    #[serde(rename = "DocumentReference")]
    pub document_reference: DocumentReference,
}

/// `(yes) #IMPLIED` attributes as `bool`: written as `yes` only when true;
/// on read anything but `yes` (any case) is false, so odd values do not
/// make a whole document unreadable.
pub mod yes_flag {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `yes` (only called when the flag is set, see [`is_false`]).
    pub fn serialize<S: Serializer>(flag: &bool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if *flag { "yes" } else { "no" })
    }

    /// Reads `yes` as true, anything else as false.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        let s = String::deserialize(d)?;
        Ok(s.trim().eq_ignore_ascii_case("yes"))
    }

    /// For `skip_serializing_if`: an unset flag is not written.
    pub fn is_false(flag: &bool) -> bool {
        !*flag
    }
}
