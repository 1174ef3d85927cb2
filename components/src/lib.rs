//! Ferrio's shared types, compiled for the server (native) and the browser (wasm32).
//!
//! Both ends parse the wire into these types, so a name or a shape can't disagree between the
//! server and the browser, and a component the server can emit but the browser can't render is a
//! compile error (see [`Block`]).

pub mod block;
pub mod button;
pub mod chatbot;
pub mod checkbox;
pub mod checkbox_group;
pub mod choices;
pub mod code;
pub mod color_picker;
pub mod component;
pub mod config;
pub mod custom;
pub mod dataframe;
pub mod dataset;
pub mod diff;
pub mod dropdown;
pub mod events;
pub mod file;
pub mod file_data;
pub mod gallery;
pub mod html;
pub mod ids;
pub mod image;
pub mod json;
pub mod label;
pub mod layout;
pub mod markdown;
pub mod media;
pub mod messages;
pub mod multimodal_textbox;
pub mod number;
pub mod radio;
pub mod schema;
pub mod select;
pub mod slider;
pub mod state;
pub mod textbox;
pub mod timer;
pub mod update;

pub use block::Block;
pub use button::{Button, ButtonSize, ButtonVariant};
pub use chatbot::{
    ChatMessage, Chatbot, ComponentMessage, Feedback, FileMessage, LikeData, MessageContent, Role,
};
pub use checkbox::Checkbox;
pub use checkbox_group::CheckboxGroup;
pub use choices::Choice;
pub use code::{Code, Language};
pub use color_picker::ColorPicker;
pub use component::{Component, ComponentError, PythonType};
pub use config::Config;
pub use custom::{CustomBlocks, CustomComponent, ErasedCustom, NoCustom};
pub use dataframe::{Cell, ColumnType, Dataframe, Table};
pub use dataset::Dataset;
pub use dropdown::{Dropdown, DropdownValue, Many, One};
pub use events::EventName;
pub use file::{File, FileCount, FileValue};
pub use file_data::FileData;
pub use gallery::{Gallery, GalleryImage};
pub use html::Html;
pub use ids::{ComponentId, EventId, FnIndex, SessionHash};
pub use image::{AsPath, Decoded, Image, ImageSource};
pub use json::Json;
pub use label::{Label, LabelConfidence, LabelData, LabelValue};
pub use layout::{Accordion, Column, Form, Group, Row, Sidebar, SidebarPosition, Tab, Tabs};
pub use markdown::Markdown;
pub use media::{Audio, Media, MediaKind, MediaSource, Moving, Sound, Video};
pub use multimodal_textbox::{MultimodalData, MultimodalTextbox, MultimodalValue};
pub use number::Number;
pub use radio::Radio;
pub use select::{EventData, EventDataError, SelectData, Selectable};
pub use slider::Slider;
pub use state::State;
pub use textbox::{Textbox, TextboxType};
pub use timer::Timer;
pub use update::Update;

/// What [`custom_blocks!`] expands to needs; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}

/// The Gradio version Ferrio's wire protocol follows; `/config` reports it, and gradio_client
/// refuses servers older than 3.36.1.
pub const GRADIO_VERSION: &str = "5.49.1";
