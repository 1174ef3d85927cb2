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
pub mod download_button;
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

/// Each built-in block's type at the crate root (`ferrio_components::Textbox`), from the
/// registry's one list ([`builtin_blocks!`]), and all of them in [`builtins`].
macro_rules! reexport_blocks {
    ($($group:ident { $($m:ident :: $c:ident = $n:literal),* $(,)? })*) => {
        $($(pub use $m::$c;)*)*

        /// Every built-in block's type, for a glob import: `ferrio::prelude` re-exports them, so
        /// a block added to the registry's list is in the prelude too.
        pub mod builtins {
            $($(pub use crate::$m::$c;)*)*
        }
    };
}
builtin_blocks!(reexport_blocks);
pub use button::{ButtonSize, ButtonVariant};
pub use chatbot::{
    ChatMessage, ChatbotButton, ComponentMessage, Feedback, FileMessage, LikeData, MessageContent,
    Role,
};
pub use choices::Choice;
pub use code::Language;
pub use component::{Component, ComponentError, PythonType};
pub use config::Config;
pub use custom::{CustomBlocks, CustomComponent, ErasedCustom, NoCustom};
pub use dataframe::{Cell, ColumnType, Table};
pub use dropdown::{DropdownValue, Many, One};
pub use events::EventName;
pub use file::{FileCount, FileValue};
pub use file_data::FileData;
pub use gallery::GalleryImage;
pub use ids::{ComponentId, EventId, FnIndex, SessionHash, SessionHashError};
pub use image::{AsPath, Decoded, ImageFormat, ImageSource};
pub use label::{LabelConfidence, LabelData, LabelValue};
pub use layout::SidebarPosition;
pub use media::{Media, MediaKind, MediaSource, Moving, Sound};
pub use multimodal_textbox::{MultimodalData, MultimodalValue};
pub use select::{EventData, EventDataError, SelectData, Selectable};
pub use textbox::{TextboxButton, TextboxType};
pub use update::Update;

/// What [`custom_blocks!`] expands to needs; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}

/// The Gradio version Ferrio's wire protocol follows; `/config` reports it, and gradio_client
/// refuses servers older than 3.36.1.
pub const GRADIO_VERSION: &str = "6.31.0";
