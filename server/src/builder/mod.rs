//! The builder API: `Blocks::new(|b| { ... })` lays out components and wires events to functions.
//!
//! The builder's state and handles are here; the built app ([`Blocks`]) is in `app`, laying out
//! in `layout`, wiring listeners in `listeners` (their options in `event`), what handles read and
//! write in `io`, and turning the builder into the app in `finish`. `examples` and `flagger`
//! add Gradio's example tables and Flag buttons; `initial_files` publishes the files blocks
//! show when the app starts.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::marker::PhantomData;

use ferrio_components::config::LayoutNode;
use ferrio_components::ComponentId;

mod app;
pub(crate) mod examples;
mod fields;
mod finish;
mod flagger;
mod initial_files;
mod io;
mod layout;
mod listeners;
mod options;

pub use app::Blocks;
pub(crate) use app::UnloadFn;
pub(crate) use app::{BlockFunction, ServerBlock, SessionSettings};
pub use examples::CacheMode;
pub use fields::{Field, InputFields, Values};
pub(crate) use initial_files::publish_files_in;
pub use io::{BatchInputs, BatchOutputs, Inputs, Output, Outputs, Updates};
pub(crate) use io::{ParamInfo, Shown};
pub use layout::TabsBuilder;
pub(crate) use listeners::default_api_name;
pub use listeners::Trigger;

use examples::PendingExamples;

/// A component added to the app; `Copy`, so it can be an input of one event and an output of
/// another. Its type says which events it has and what value its functions see.
pub struct Handle<'a, C> {
    id: ComponentId,
    builder: &'a BlocksBuilder,
    _component: PhantomData<fn() -> C>,
}

impl<C> Clone for Handle<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C> Copy for Handle<'_, C> {}

/// The builder `Blocks::new` hands to its closure. Methods take `&self` so that handles (which
/// borrow it) and further calls can be used side by side.
#[derive(Default)]
pub struct BlocksBuilder {
    state: RefCell<BuilderState>,
}

#[derive(Default)]
struct BuilderState {
    next_id: u32,
    blocks: Vec<(ComponentId, ServerBlock)>,
    /// Typed copies of the components, for the functions' decoders and encoders.
    typed: HashMap<ComponentId, Box<dyn Any>>,
    /// Open containers, innermost last; the root (id 0) is implicit.
    open: Vec<(ComponentId, Vec<LayoutNode>)>,
    functions: Vec<BlockFunction>,
    examples: Vec<PendingExamples>,
}

/// The layout's root, which fires `load` (Gradio's Blocks id).
const ROOT: ComponentId = ComponentId(0);

/// A registered listener; its methods set the listener's options.
pub struct Listener<'a> {
    builder: &'a BlocksBuilder,
    index: usize,
}
