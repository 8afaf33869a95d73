//! Orders (SPEC F5): the `OrderRequest` intake ([`intake`]), the orders
//! table it and the storefront's subscriptions share ([`orders`]) and the
//! agreements they create ([`agreements`]).

pub mod agreements;
pub mod intake;
pub mod orders;
