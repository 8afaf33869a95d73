//! An invoice's number, `INV-000001`: made from its row id when issued.

use std::{fmt, str::FromStr};

use crate::as_text::{UnknownText, text_column};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InvoiceNumber(String);

impl InvoiceNumber {
    /// The number of the invoice with row id `id`.
    pub fn of(id: i64) -> Self {
        InvoiceNumber(format!("INV-{id:06}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for InvoiceNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for InvoiceNumber {
    type Err = UnknownText;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let digits = text.strip_prefix("INV-").unwrap_or("");
        if digits.len() >= 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(InvoiceNumber(text.to_owned()))
        } else {
            Err(UnknownText {
                what: "invoice number",
                text: text.to_owned(),
            })
        }
    }
}

text_column!(InvoiceNumber);
