//! Orders (SPEC F5): the `OrderRequest` intake ([`intake`]) and the
//! agreements it creates ([`agreements`]).

pub mod agreements;
pub mod intake;
