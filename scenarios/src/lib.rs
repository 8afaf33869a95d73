//! The Gherkin scenarios' World and step definitions live here once the
//! flows exist (see SPEC.md section 4); `features/` holds the feature files.
