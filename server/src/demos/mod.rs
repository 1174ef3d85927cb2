//! Demo apps the server binary serves by name (`ferrio-server <demo>`). Each is a small file a
//! user could copy as the start of their own app.

pub mod reference;

use crate::blocks::Blocks;

/// A demo the binary can serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demo {
    /// Mirrors `shared/protocol/reference_app.py` endpoint for endpoint.
    Reference,
}

impl Demo {
    pub const ALL: &'static [Demo] = &[Demo::Reference];

    pub fn name(self) -> &'static str {
        match self {
            Demo::Reference => "reference",
        }
    }

    pub fn from_name(name: &str) -> Option<Demo> {
        Demo::ALL.iter().copied().find(|d| d.name() == name)
    }

    pub fn build(self) -> Blocks {
        match self {
            Demo::Reference => reference::app(),
        }
    }
}
