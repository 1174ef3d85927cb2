//! One view per component, mirroring `ferrio_components`' one file per component.

pub mod button;
pub mod field;
pub mod layout;
pub mod markdown;
pub mod number;
pub mod slider;
pub mod status;
pub mod textbox;
