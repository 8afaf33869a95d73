//! `ProfileRequest`: "which transactions do you support, at which URLs?"

use serde::{Deserialize, Serialize};

/// `<!ELEMENT ProfileRequest EMPTY>`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileRequest {}
