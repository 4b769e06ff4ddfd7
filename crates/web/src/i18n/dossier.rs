//! Texts of the dossier pages: (key, Nederlands, English).

pub(super) const TEXTS: &[(&str, &str, &str)] = &[];
