//! Texts of the plan pages: (key, Nederlands, English).

pub(super) const TEXTS: &[(&str, &str, &str)] = &[];
