//! Ferrio's demo apps, served by name (`cargo run -p ferrio-demo -- kitchen-sink`). Each is a
//! small file a user could copy as the start of their own app: they use only built-in
//! components, so they run on the bundle embedded in `ferrio` (the demo of a custom component is
//! `examples/custom-app`).

pub mod big;
pub mod chat;
pub mod hello;
pub mod image;
pub mod interface;
pub mod kitchen_sink;
pub mod multimodal_chat;
pub mod reference;
pub mod tabbed;
pub mod typewriter;

use ferrio::prelude::Blocks;

/// A demo the binary can serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demo {
    /// Mirrors Gradio 6.31's reference app (`shared/protocol/gradio-6.31.0/app.py`) endpoint for
    /// endpoint.
    Reference,
    /// A greeting with a layout, markdown and an error message: a first app to copy.
    Hello,
    /// A streaming function and a Stop button that cancels it.
    Typewriter,
    /// One function as a whole app, with `Interface`.
    Interface,
    /// Every component and layout, each wired to a function.
    KitchenSink,
    /// 300 components in ten tabs, 150 listeners: how a big app loads (`./x bench-page`).
    Big,
    /// Upload a picture, get it back transformed.
    Image,
    /// Two interfaces in tabs, with `TabbedInterface`.
    Tabbed,
    /// A streaming echo bot, with `ChatInterface`.
    Chat,
    /// A chat that takes files, with `ChatInterface::multimodal`.
    MultimodalChat,
}

impl Demo {
    /// Every demo, in the order the binary lists them.
    pub const ALL: &'static [Demo] = &[
        Demo::Reference,
        Demo::Hello,
        Demo::Typewriter,
        Demo::Interface,
        Demo::KitchenSink,
        Demo::Big,
        Demo::Image,
        Demo::Tabbed,
        Demo::Chat,
        Demo::MultimodalChat,
    ];

    /// The name the binary serves it by (`ferrio-demo kitchen-sink`).
    pub fn name(self) -> &'static str {
        match self {
            Demo::Reference => "reference",
            Demo::Hello => "hello",
            Demo::Typewriter => "typewriter",
            Demo::Interface => "interface",
            Demo::KitchenSink => "kitchen-sink",
            Demo::Big => "big",
            Demo::Image => "image",
            Demo::Tabbed => "tabbed",
            Demo::Chat => "chat",
            Demo::MultimodalChat => "multimodal-chat",
        }
    }

    /// The demo called `name` ([`Demo::name`]), if there is one.
    pub fn from_name(name: &str) -> Option<Demo> {
        Demo::ALL.iter().copied().find(|d| d.name() == name)
    }

    /// The demo's app, ready to launch or to serve from a router.
    pub fn build(self) -> Blocks {
        match self {
            Demo::Reference => reference::app(),
            Demo::Hello => hello::app(),
            Demo::Typewriter => typewriter::app(),
            Demo::Interface => interface::app(),
            Demo::KitchenSink => kitchen_sink::app(),
            Demo::Big => big::app(),
            Demo::Image => image::app(),
            Demo::Tabbed => tabbed::app(),
            Demo::Chat => chat::app(),
            Demo::MultimodalChat => multimodal_chat::app(),
        }
    }
}
