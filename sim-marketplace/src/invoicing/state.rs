//! Where an invoice goes and how far it got: its channel (`cxml`, to the
//! buyer's procurement system against the PO, or `own`, the marketplace's
//! own invoice) and its state (`issued` for an own invoice; `pending`,
//! `delivered` or `failed` for a cXML one), stored and shown as these words.

use std::{fmt, str::FromStr};

use crate::as_text::{UnknownText, text_column};

/// Declares a closed set of words with `Display`, `FromStr`, a TEXT column
/// and a string in JSON.
macro_rules! words {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownText;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($word => Ok($name::$variant),)+
                    _ => Err(UnknownText { what: $what, text: text.to_owned() }),
                }
            }
        }

        text_column!($name);
    };
}

words!(
    /// How an invoice is sent.
    InvoiceChannel, "invoice channel" {
        Cxml = "cxml",
        Own = "own",
    }
);

words!(
    /// How far an invoice got.
    InvoiceState, "invoice state" {
        Issued = "issued",
        Pending = "pending",
        Delivered = "delivered",
        Failed = "failed",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_back() {
        for state in ["issued", "pending", "delivered", "failed"] {
            assert_eq!(state.parse::<InvoiceState>().expect(state).as_str(), state);
        }
        for channel in ["cxml", "own"] {
            assert_eq!(
                channel.parse::<InvoiceChannel>().expect(channel).as_str(),
                channel
            );
        }
        assert!("Pending".parse::<InvoiceState>().is_err());
    }
}
