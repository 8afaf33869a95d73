//! The cXML versions procsim can install, each with the SHA-256 sum of
//! every file as cxml.org publishes it. The sums are facts copied from a
//! verified copy (`../shared/cxml-dtd/README.md` for 1.2.071); a version
//! is added here only with its sums, never downloaded unverified.

/// One file of a version and its pinned sum (lowercase hex).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinnedFile {
    pub name: &'static str,
    pub sha256: &'static str,
}

/// A version procsim knows, with every file that makes it up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinnedVersion {
    pub version: &'static str,
    pub files: &'static [PinnedFile],
}

const fn file(name: &'static str, sha256: &'static str) -> PinnedFile {
    PinnedFile { name, sha256 }
}

static PINNED: &[PinnedVersion] = &[PinnedVersion {
    version: "1.2.071",
    files: &[
        file(
            "Catalog.dtd",
            "113a82e3f7e86c9503a1d1a228735b7e7f453749e7490d71380b758c5ac30ba2",
        ),
        file(
            "Contract.dtd",
            "1a9cea79eff811e909f0c2d696505d5373d7795d5bae78ff22b1a5fb240ee8fb",
        ),
        file(
            "Fulfill.dtd",
            "1bdb5394eac2ea243dcb124e7cb149603a53848a75d89018ee06bdc6e699d21c",
        ),
        file(
            "InvoiceDetail.dtd",
            "4351e2b54d919e8b89c5e1dd6791347649334acec4ec3e0b31180b17163336c1",
        ),
        file(
            "Logistics.dtd",
            "e36913216f99e88ca731f7e65b613dde49830a10961ae5b5493cc3ecbafceafa",
        ),
        file(
            "PaymentRemittance.dtd",
            "4068ed75161e6bf3625062838c9aa96d7ecd93cbe68d2de36e7dd6dbbcf58050",
        ),
        file(
            "Private.dtd",
            "6dac214b0bfc45e88e4574897ec811fb103cf7ffdca3322073c84c107e41338a",
        ),
        file(
            "Quote.dtd",
            "01b084f04a9f6a0ff047c6feb111a08f768abb702c8648d3e40676783e951414",
        ),
        file(
            "cXML.dtd",
            "d267ad7b19cbd6608b972821daacab0f4d94a8ec78610b7127dba23222198a64",
        ),
    ],
}];

/// The pinned files of `version`, if procsim knows it.
pub fn pinned(version: &str) -> Option<&'static PinnedVersion> {
    PINNED.iter().find(|p| p.version == version)
}

/// Every version procsim can install, oldest first.
pub fn known_versions() -> impl Iterator<Item = &'static str> {
    PINNED.iter().map(|p| p.version)
}
