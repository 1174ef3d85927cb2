//! Ferrio's shared types, compiled for the server (native) and the browser (wasm32).
//!
//! Both ends parse the wire into these types, so a name or a shape can't disagree between the
//! server and the browser, and a component the server can emit but the browser can't render is a
//! compile error (see [`Block`]).

pub mod block;
pub mod button;
pub mod component;
pub mod config;
pub mod diff;
pub mod events;
pub mod file_data;
pub mod ids;
pub mod layout;
pub mod markdown;
pub mod messages;
pub mod number;
pub mod slider;
pub mod textbox;

pub use block::Block;
pub use button::{Button, ButtonSize, ButtonVariant};
pub use component::{Component, ComponentError, PythonType};
pub use config::Config;
pub use events::EventName;
pub use file_data::FileData;
pub use ids::{ComponentId, EventId, FnIndex, SessionHash};
pub use layout::{Column, Form, Group, Row};
pub use markdown::Markdown;
pub use number::Number;
pub use slider::Slider;
pub use textbox::{Textbox, TextboxType};

/// The Gradio version Ferrio's wire protocol follows; `/config` reports it, and gradio_client
/// refuses servers older than 3.36.1.
pub const GRADIO_VERSION: &str = "5.49.1";
