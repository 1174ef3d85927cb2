//! `Interface`: a whole app from one function, its inputs and its outputs (Gradio's
//! `gr.Interface`), type-checked like any listener.
//!
//! ```no_run
//! use ferrio::prelude::*;
//!
//! fn greet(name: String) -> String {
//!     format!("Hello, {name}!")
//! }
//!
//! # async fn run() -> Result<(), ferrio::serve::LaunchError> {
//! Interface::new(greet, Textbox::new().label("Name"), Textbox::new().label("Greeting"))
//!     .title("Greeter")
//!     .launch()
//!     .await
//! # }
//! ```

use std::marker::PhantomData;

use ferrio_components::config::AppMode;
use ferrio_components::{
    Audio, Block, Button, Chatbot, Checkbox, CheckboxGroup, Code, ColorPicker, Column, Component,
    Dataframe, Decoded, Dropdown, File, Gallery, Html, Image, Json, Label, Many, Markdown, Number,
    Radio, Row, Slider, Textbox, Video,
};

use crate::blocks::{Blocks, BlocksBuilder, Handle};
use crate::handler::{Handler, Inputs, Outputs};
use crate::serve::LaunchError;

/// The components an Interface lays out for one side of its function: one component, a tuple
/// of them, or `()`.
pub trait ComponentSet: 'static {
    /// The function's arguments when these are its inputs.
    type Args: Send + 'static;
    /// What the function returns when these are its outputs.
    type Values: Send + 'static;
    type Handles<'a>: Inputs<'a, Args = Self::Args> + Outputs<'a, Values = Self::Values> + Copy;
    fn add(self, b: &BlocksBuilder) -> Self::Handles<'_>;
}

impl ComponentSet for () {
    type Args = ();
    type Values = ();
    type Handles<'a> = ();
    fn add(self, _: &BlocksBuilder) {}
}

/// A component an Interface can take as an input or an output. (A marker, so that one component
/// and tuples of them can both be a [`ComponentSet`].)
pub trait IoComponent: Component + Into<Block> {}

impl IoComponent for Textbox {}
impl IoComponent for Number {}
impl IoComponent for Slider {}
impl IoComponent for Checkbox {}
impl IoComponent for CheckboxGroup {}
impl IoComponent for Radio {}
impl IoComponent for Dropdown {}
impl IoComponent for Dropdown<Many> {}
impl IoComponent for File {}
impl IoComponent for File<Many> {}
impl IoComponent for Image {}
impl IoComponent for Image<Decoded> {}
impl IoComponent for Audio {}
impl IoComponent for Video {}
impl IoComponent for Gallery {}
impl IoComponent for ColorPicker {}
impl IoComponent for Code {}
impl IoComponent for Json {}
impl IoComponent for Html {}
impl IoComponent for Label {}
impl IoComponent for Chatbot {}
impl IoComponent for Dataframe {}

impl<C: IoComponent> ComponentSet for C {
    type Args = (C::Value,);
    type Values = C::Value;
    type Handles<'a> = Handle<'a, C>;
    fn add(self, b: &BlocksBuilder) -> Handle<'_, C> {
        b.add(self)
    }
}

macro_rules! component_sets {
    ($($C:ident $c:ident),+) => {
        impl<$($C: IoComponent),+> ComponentSet for ($($C,)+) {
            type Args = ($($C::Value,)+);
            type Values = ($($C::Value,)+);
            type Handles<'a> = ($(Handle<'a, $C>,)+);
            fn add(self, b: &BlocksBuilder) -> Self::Handles<'_> {
                let ($($c,)+) = self;
                ($(b.add($c),)+)
            }
        }
    };
}

component_sets!(A a);
component_sets!(A a, B b);
component_sets!(A a, B b, C c);
component_sets!(A a, B b, C c, D d);
component_sets!(A a, B b, C c, D d, E e);
component_sets!(A a, B b, C c, D d, E e, F f);

/// One function as an app: inputs and a Submit button on the left, outputs on the right, the
/// endpoint named `predict` in the API, as Gradio lays it out.
pub struct Interface<F, I: ComponentSet, O, M> {
    f: F,
    inputs: I,
    outputs: O,
    title: Option<String>,
    description: Option<String>,
    api_name: String,
    examples: Vec<I::Values>,
    cache_examples: bool,
    _marker: PhantomData<fn() -> M>,
}

impl<F, I, O, M> Interface<F, I, O, M>
where
    I: ComponentSet,
    O: ComponentSet,
    F: Handler<I::Args, O::Values, M>,
{
    /// `f`'s arguments must be `inputs`' values and it must return `outputs`' values: checked
    /// when this compiles.
    pub fn new(f: F, inputs: I, outputs: O) -> Self {
        Interface {
            f,
            inputs,
            outputs,
            title: None,
            description: None,
            api_name: "predict".to_owned(),
            examples: Vec::new(),
            cache_examples: false,
            _marker: PhantomData,
        }
    }

    /// Shown as a heading above the app, and as the page title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Markdown shown under the title.
    pub fn description(mut self, markdown: impl Into<String>) -> Self {
        self.description = Some(markdown.into());
        self
    }

    /// The endpoint's name in the API (`predict` unless set).
    /// Example inputs, one row each (a value per input), shown as a table under the inputs:
    /// a click fills the inputs in.
    pub fn examples(mut self, rows: impl IntoIterator<Item = I::Values>) -> Self {
        self.examples = rows.into_iter().collect();
        self
    }

    /// Computes the outputs for every example once (in the background when the app starts),
    /// so a click on an example shows them at once (Gradio's `cache_examples=True`).
    pub fn cache_examples(mut self, cache: bool) -> Self {
        self.cache_examples = cache;
        self
    }

    pub fn api_name(mut self, name: impl Into<String>) -> Self {
        self.api_name = name.into();
        self
    }

    /// The app as Blocks, to serve or to put in a router.
    pub fn into_blocks(self) -> Blocks {
        let title = self.title.clone();
        let blocks = Blocks::new(move |b| self.build(b));
        let mut blocks = blocks.title(title.unwrap_or_else(|| "Ferrio".to_owned()));
        blocks.mode = AppMode::Interface;
        blocks
    }

    /// Lays the interface out where `b` is (a whole page, or a tab of a [`TabbedInterface`]).
    fn build(self, b: &BlocksBuilder) {
        let Interface {
            f,
            inputs,
            outputs,
            title,
            description,
            api_name,
            examples,
            cache_examples,
            ..
        } = self;
        if let Some(title) = &title {
            b.add(
                Markdown::new(format!("# {}", escape_markdown(title))).elem_id("interface-title"),
            );
        }
        if let Some(description) = description {
            b.add(Markdown::new(description));
        }
        let (ins, submit, outs) = b.row_with(Row::new().equal_height(false), |b| {
            let (ins, submit) = b.column_with(Column::new().scale(1), |b| {
                let ins = inputs.add(b);
                let submit = b.add(Button::new("Submit").primary());
                (ins, submit)
            });
            let outs = b.column_with(Column::new().scale(1), |b| outputs.add(b));
            (ins, submit, outs)
        });
        let predict = submit.click(f, ins, outs).api_name(api_name).id();
        if !examples.is_empty() {
            let table = b.examples(ins, examples);
            if cache_examples {
                table.cached(predict);
            }
        }
    }

    /// Serves the app; see [`Blocks::launch`].
    pub async fn launch(self) -> Result<(), LaunchError> {
        self.into_blocks().launch().await
    }
}

/// One interface, ready to be laid out in a tab of a [`TabbedInterface`]: `interface.into()`.
pub struct InterfaceTab(Box<dyn FnOnce(&BlocksBuilder)>);

impl<F, I, O, M> From<Interface<F, I, O, M>> for InterfaceTab
where
    I: ComponentSet,
    O: ComponentSet,
    F: Handler<I::Args, O::Values, M>,
    M: 'static,
{
    fn from(interface: Interface<F, I, O, M>) -> Self {
        InterfaceTab(Box::new(move |b| interface.build(b)))
    }
}

/// Several interfaces, one per tab (Gradio's `gr.TabbedInterface`). Their endpoints keep
/// their names, numbered when they clash (`/predict`, `/predict_1`).
///
/// ```no_run
/// use ferrio::prelude::*;
/// # async fn run() -> Result<(), ferrio::serve::LaunchError> {
/// let shout = Interface::new(|s: String| s.to_uppercase(), Textbox::new(), Textbox::new());
/// let count = Interface::new(|s: String| s.len() as f64, Textbox::new(), Number::new());
/// TabbedInterface::new([shout.into(), count.into()], ["Shout", "Count"])
///     .title("Text tools")
///     .launch()
///     .await
/// # }
/// ```
pub struct TabbedInterface {
    tabs: Vec<(String, InterfaceTab)>,
    title: Option<String>,
}

impl TabbedInterface {
    /// `interfaces[i]` goes in a tab named `names[i]` ("Tab 2" when names run out).
    pub fn new<S: Into<String>>(
        interfaces: impl IntoIterator<Item = InterfaceTab>,
        names: impl IntoIterator<Item = S>,
    ) -> Self {
        let mut names = names.into_iter().map(Into::into);
        let tabs = interfaces
            .into_iter()
            .enumerate()
            .map(|(i, tab)| {
                (
                    names.next().unwrap_or_else(|| format!("Tab {}", i + 1)),
                    tab,
                )
            })
            .collect();
        TabbedInterface { tabs, title: None }
    }

    /// The page's title, also shown as its heading.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    pub fn into_blocks(self) -> Blocks {
        let TabbedInterface { tabs, title } = self;
        let heading = title.clone();
        let blocks = Blocks::new(move |b| {
            if let Some(title) = &heading {
                b.add(
                    Markdown::new(format!("# {}", escape_markdown(title))).elem_id("tabbed-title"),
                );
            }
            b.tabs(|t| {
                for (name, tab) in tabs {
                    t.tab(name, |b| (tab.0)(b));
                }
            });
        });
        let mut blocks = blocks.title(title.unwrap_or_else(|| "Ferrio".to_owned()));
        blocks.mode = AppMode::TabbedInterface;
        blocks
    }

    /// Serves the app; see [`Blocks::launch`].
    pub async fn launch(self) -> Result<(), LaunchError> {
        self.into_blocks().launch().await
    }
}

/// A title is plain text: characters markdown would read as markup are escaped.
pub(crate) fn escape_markdown(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let escape = "\\`*_{}[]<>()#+-.!|".contains(c);
            escape.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrio_components::Block;

    fn add(a: f64, b: f64) -> f64 {
        a + b
    }

    #[test]
    fn lays_out_inputs_submit_and_outputs_and_names_the_endpoint_predict() {
        let blocks = Interface::new(
            add,
            (Number::new().label("a"), Number::new().label("b")),
            Number::new(),
        )
        .title("Adder")
        .into_blocks();
        let config = blocks.config("");
        assert_eq!(config.mode, AppMode::Interface);
        assert_eq!(config.title, "Adder");
        assert_eq!(config.dependencies.len(), 1);
        assert_eq!(config.dependencies[0].api_name.as_deref(), Some("predict"));
        assert_eq!(config.dependencies[0].inputs.len(), 2);
        let kinds: Vec<&str> = config
            .components
            .iter()
            .map(|c| c.block.type_name())
            .collect();
        assert!(
            kinds.starts_with(&[
                "markdown", "row", "column", "number", "number", "button", "column", "number"
            ]),
            "{kinds:?}"
        );
        let Block::Button(submit) = &config.components[5].block else {
            panic!()
        };
        assert_eq!(submit.value, "Submit");
    }

    #[test]
    fn a_tabbed_interface_puts_each_interface_in_its_tab() {
        let shout = Interface::new(|s: String| s.to_uppercase(), Textbox::new(), Textbox::new());
        let sum = Interface::new(add, (Number::new(), Number::new()), Number::new()).title("Sum");
        let config = TabbedInterface::new([shout.into(), sum.into()], ["Shout"])
            .title("Tools")
            .into_blocks()
            .config("");
        assert_eq!(config.mode, AppMode::TabbedInterface);
        assert_eq!(config.title, "Tools");
        let tabs: Vec<&str> = config
            .components
            .iter()
            .filter_map(|c| match &c.block {
                Block::Tab(t) => Some(t.label.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(tabs, ["Shout", "Tab 2"]);
        let names: Vec<_> = config
            .dependencies
            .iter()
            .map(|d| d.api_name.clone().unwrap())
            .collect();
        assert_eq!(names, ["predict", "predict_1"]);
    }

    #[test]
    fn titles_are_text_not_markup() {
        assert_eq!(escape_markdown("a <b> *c*"), "a \\<b\\> \\*c\\*");
        let blocks = Interface::new(|s: String| s, Textbox::new(), Textbox::new())
            .title("<script>")
            .into_blocks();
        let Block::Markdown(m) = &blocks.config("").components[0].block else {
            panic!()
        };
        assert!(!m.html.contains("<script>"), "{}", m.html);
    }
}
