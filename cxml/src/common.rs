//! Wire types shared by several cXML documents: credentials, texts,
//! addresses and contacts, money elements, taxes and item descriptions.
//!
//! Each struct mirrors one DTD element: fields in the DTD's sequence,
//! attributes as `@name`, character data as `$text`. Optional parts of the
//! DTD that procsim and the public samples never use are not modelled; the
//! reader skips them.

mod address;
mod credential;
mod item;
mod money;
mod text;

pub use address::{
    Address, BillTo, Contact, Country, CountryCode, Email, Phone, PostalAddress, ShipTo, State,
    TelephoneNumber,
};
pub use credential::{Credential, CredentialMac};
pub use item::{Classification, ItemDetail, ItemId, ItemIn, ItemOut, LineSpec, ManufacturerName};
pub use money::{
    Amount, Discount, DiscountPercent, MoneyElement, Shipping, Tax, TaxDetail, TaxLocation, Total,
    UnitPrice,
};
pub use text::{
    Comments, Description, DocumentReference, Extrinsic, IdReference, Name, OrderReference,
    SupplierOrderInfo, Url, UrlHolder, yes_flag,
};
