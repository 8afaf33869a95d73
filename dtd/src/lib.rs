//! Validation of XML documents against an external DTD subset.
