//! Ferrio: wrap a Rust function in a web app that people use in a browser and programs call
//! through Gradio's API.
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
//!
//! # Map
//!
//! An app is built once, at start-up, then served:
//!
//! - **Building.** `blocks` is the builder: components are laid out and each listener is a
//!   function checked against its inputs' and outputs' types by `handler` (a wrong type is a
//!   compile error). `interface` and `chat_interface` build whole apps from one function;
//!   `examples`, `flagging` and `theme` add what Gradio's apps have. `config` and `api_info`
//!   turn the app into what the page and API clients read.
//! - **Serving.** `serve` binds and runs [`routes`], the HTTP surface exactly as Gradio has it.
//!   The page is rendered on the server from the config and hydrated in the browser by the
//!   `frontend`: the built-in bundle embedded in this crate, or an app's own cargo-leptos site.
//! - **An event's flow.** The page (or a client) joins the [`queue`] with an input per
//!   component; `files` checks every file a request names (and `remote` fetches URL inputs);
//!   the queue runs the function when its concurrency limit allows, with the session's
//!   `State` from [`session`] and `progress` for its reports, and each result is a message on
//!   the session's event stream (`/queue/data`, SSE) that the page applies as it arrives.
//!
//! Public: the [`prelude`] (everything an app uses), [`components`] (the component contract,
//! for custom components), [`frontend`] (whose bundle a page runs), and [`queue`], [`session`]
//! and [`routes`] for a custom backend or mounting the app in a larger axum router.

mod api_info;
mod api_page;
mod builder;
mod chat_interface;
mod config;
mod files;
mod flagging;
pub mod frontend;
mod handler;
mod http;
mod interface;
mod markdown;
mod openapi;
mod runtime;
pub mod theme;

pub use runtime::queue;
pub use runtime::sessions as session;

/// The HTTP surface, paths exactly as Gradio 5 has them.
pub mod routes {
    // A facade: the handlers themselves stay private in `http`.
    pub use crate::http::{router, router_with, AppState, RegistryError, HEARTBEAT};
}

#[cfg(test)]
mod test_demos;
// The demos' files use `ferrio::` paths; the unit tests compile some of them in.
#[cfg(test)]
extern crate self as ferrio;

pub use ferrio_components as components;
/// The image library `Image::decoded()` works with.
#[cfg(feature = "image")]
pub use image;

/// Everything an app needs: `use ferrio::prelude::*;`.
pub mod prelude {
    pub use crate::builder::{
        Blocks, BlocksBuilder, CacheMode, Event, Handle, TabsBuilder, Trigger, Updates,
    };
    pub use crate::chat_interface::{ChatInterface, ChatReply};
    pub use crate::flagging::FlaggingMode;
    pub use crate::http::LaunchError;
    pub use crate::interface::{Interface, TabbedInterface};
    pub use crate::runtime::progress::{info, warning, Progress};
    pub use crate::theme::Theme;
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

/// The traits that check a function against its components: what the builder's listener methods
/// ask of a function (`Handler`), of what it returns (`HandlerOutput`) and of its inputs and
/// outputs (tuples of handles). Apps rarely name them; a generic helper over listeners does.
pub mod typing {
    pub use crate::builder::{BatchInputs, BatchOutputs, Inputs, Output, Outputs};
    pub use crate::handler::{AsyncFn, Handler, HandlerOutput, StreamFn, SyncFn};
}

/// The README's example compiles (it is a doctest).
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
