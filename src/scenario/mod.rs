//! Scenario files: format, parsing and validation.
