//! One view per component, mirroring `ferrio_components`' one file per component.

pub mod button;
pub mod chatbot;
pub mod checkbox;
pub mod checkbox_group;
pub mod code;
pub mod color_picker;
pub mod dataframe;
pub mod dataset;
pub mod dropdown;
pub mod field;
pub mod file;
pub mod gallery;
pub mod html;
pub mod image;
pub mod json;
pub mod label;
pub mod layout;
pub mod markdown;
pub mod media;
pub mod number;
pub mod radio;
pub mod slider;
pub mod status;
pub mod textbox;
pub mod timer;
pub mod upload;
