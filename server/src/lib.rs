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
//! An app is built once, at start-up, then served. The modules, each importing only from those
//! listed before it (a unit test checks there is no cycle):
//!
//! - `files`: the one rule for the paths a request may name, the cache that holds uploads and
//!   returned files, uploads and their progress, URL inputs (`files::remote`) and `/file=`.
//!   `frontend` (the page's bundle), `theme` and `markdown` import nothing either.
//! - `runtime`: what runs an event: the [`queue`], sessions' `State` ([`session`]), `progress`
//!   and toasts from inside a function, and the calls the queue runs.
//! - `handler`: a function checked against its inputs' and outputs' types (a wrong type is a
//!   compile error), the decoding and encoding around it, and its types erased for the queue.
//! - `flagging`: the datasets flags are saved to.
//! - `builder`: `Blocks::new(|b| ...)`: layout, listeners and their options, what handles read
//!   and write (one, a tuple, or a `#[derive(Inputs)]` struct), examples, Flag buttons, and the
//!   finished app.
//! - `config`, `api_info`, `api_page`, `openapi`: the app as the page and API clients read it.
//! - `http`: the HTTP surface exactly as Gradio has it ([`routes`]), the join/run service that
//!   checks an event's inputs and readies its call, and `launch`.
//! - `interface`, `chat_interface`: whole apps from one function.
//!
//! The page is rendered on the server from the config and hydrated in the browser by the
//! `frontend`: the built-in bundle embedded in this crate, or an app's own cargo-leptos site.
//!
//! **An event's flow.** The page (or a client) joins through `http` with an input per
//! component; `files` checks every file the request names (and fetches URL inputs), the
//! function's decoder checks every value, and the call goes to the [`queue`]. The queue runs
//! it when its concurrency limit allows, with the session's `State` and `progress` for its
//! reports, and each result is a message on the session's event stream (`/queue/data`, SSE)
//! that the page applies as it arrives.
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

/// The HTTP surface, paths exactly as Gradio 6 has them.
pub mod routes {
    // A facade: the handlers themselves stay private in `http`.
    pub use crate::http::{router, router_with, AppState, RegistryError, HEARTBEAT};
}

#[cfg(test)]
mod module_graph;
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
    /// `#[derive(Inputs)]`: a struct of values as one argument, its fields filled by components.
    pub use ferrio_macros::Inputs;

    pub use crate::builder::{
        Blocks, BlocksBuilder, CacheMode, Handle, Listener, TabsBuilder, Trigger, Updates,
    };
    pub use crate::chat_interface::{ChatInterface, ChatReply};
    pub use crate::flagging::FlaggingMode;
    pub use crate::http::LaunchError;
    pub use crate::interface::{Interface, TabbedInterface};
    pub use crate::runtime::progress::{info, warning, Progress};
    pub use crate::theme::Theme;
    /// Every built-in component and layout (the registry's one list).
    pub use ferrio_components::builtins::*;
    pub use ferrio_components::config::{ApiVisibility, FooterLink, ShowProgress, TriggerMode};
    pub use ferrio_components::events::{
        Blurrable, Changeable, Clearable, Clickable, Focusable, Inputtable, Releasable, Stoppable,
        Submittable, Tickable, Uploadable,
    };
    /// `Slider::update()` and the other components' `update()`.
    pub use ferrio_components::Component as _;
    pub use ferrio_components::{
        ButtonSize, ButtonVariant, Cell, ChatMessage, ChatbotButton, ColumnType, ComponentMessage,
        Feedback, FileCount, ImageFormat, ImageSource, LabelValue, Language, LikeData, Many,
        MediaSource, MessageContent, MultimodalValue, Role, SelectData, Selectable, SessionHash,
        SidebarPosition, Table, TextboxButton, TextboxType, Update,
    };
    /// For generator functions: return a `Stream` of outputs (`stream::unfold`, `stream::iter`, ...).
    pub use futures_util::stream::{self, Stream, StreamExt};
}

/// The traits that check a function against its components: what the builder's listener methods
/// ask of a function (`Handler`), of what it returns (`HandlerOutput`) and of its inputs and
/// outputs (tuples of handles). Apps rarely name them; a generic helper over listeners does.
pub mod typing {
    pub use crate::builder::{BatchInputs, BatchOutputs, Inputs, Output, Outputs};
    pub use crate::handler::{AsyncFn, Handler, HandlerOutput, Pace, StreamFn, SyncFn};
}

/// What `#[derive(Inputs)]`'s code names; not an API.
#[doc(hidden)]
pub mod __private {
    pub use crate::builder::{Field, InputFields, Values};
}

/// The README's example compiles (it is a doctest).
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
