//! Ferrio: wrap a Rust function in a web app that people use in a browser and programs call
//! through Gradio 5's API.
//!
//! ```no_run
//! use ferrio::prelude::*;
//!
//! fn greet(name: String) -> String {
//!     format!("Hello, {name}!")
//! }
//!
//! #[tokio::main]
//! async fn main() -> anyhow::Result<()> {
//!     let app = Blocks::new(|b| {
//!         let name = b.add(Textbox::new().label("Name"));
//!         let greeting = b.add(Textbox::new().label("Greeting"));
//!         b.button("Greet").click(greet, name, greeting);
//!     });
//!     app.launch().await?;
//!     Ok(())
//! }
//! ```

pub mod api_info;
pub mod api_page;
pub mod blocks;
pub mod chat_interface;
pub mod config;
pub mod demos;
pub mod error;
pub mod examples;
pub mod files;
pub mod flagging;
pub mod handler;
pub mod interface;
pub mod markdown;
pub mod openapi;
pub mod progress;
pub mod queue;
pub mod remote;
pub mod routes;
pub mod serve;
pub mod session;
pub mod theme;
pub mod upload_progress;

pub use ferrio_components as components;
/// The image library `Image::decoded()` works with.
pub use image;

/// Everything an app needs: `use ferrio::prelude::*;`.
pub mod prelude {
    pub use crate::blocks::{Blocks, BlocksBuilder, Event, Handle, TabsBuilder, Trigger};
    pub use crate::chat_interface::{ChatInterface, ChatReply};
    pub use crate::flagging::FlaggingMode;
    pub use crate::handler::Updates;
    pub use crate::interface::{Interface, TabbedInterface};
    pub use crate::progress::{info, warning, Progress};
    pub use ferrio_components::config::{ShowProgress, TriggerMode};
    pub use ferrio_components::events::{
        Blurrable, Changeable, Clearable, Clickable, Focusable, Inputtable, Releasable, Stoppable,
        Submittable, Tickable, Uploadable,
    };
    /// `Slider::update()` and the other components' `update()`.
    pub use ferrio_components::Component as _;
    pub use ferrio_components::{
        Accordion, Audio, Button, ButtonSize, ButtonVariant, Cell, ChatMessage, Chatbot, Checkbox,
        CheckboxGroup, Code, ColorPicker, Column, ColumnType, ComponentMessage, Dataframe,
        Dropdown, Feedback, File, FileCount, Gallery, Group, Html, Image, ImageSource, Json, Label,
        LabelValue, Language, LikeData, Many, Markdown, MediaSource, MessageContent,
        MultimodalTextbox, MultimodalValue, Number, Radio, Role, Row, SelectData, Selectable,
        SessionHash, Sidebar, SidebarPosition, Slider, State, Tab, Table, Tabs, Textbox,
        TextboxType, Timer, Update, Video,
    };
    /// For generator functions: return a `Stream` of outputs (`stream::unfold`, `stream::iter`, ...).
    pub use futures_util::stream::{self, Stream, StreamExt};
}

/// The README's example compiles (it is a doctest).
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
