//! Orders (SPEC F5): the `OrderRequest` intake ([`intake`], which reads
//! the wire document once through [`ordered`]), the orders
//! table it and the storefront's subscriptions share ([`orders`]) and the
//! agreements they create ([`agreements`]).

pub mod agreements;
pub mod intake;
mod ordered;
pub mod orders;
