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
//! # async fn run() -> Result<(), ferrio::prelude::LaunchError> {
//! Interface::new(greet, Textbox::new().label("Name"), Textbox::new().label("Greeting"))
//!     .title("Greeter")
//!     .launch()
//!     .await
//! # }
//! ```

use std::marker::PhantomData;

use std::sync::Arc;

use ferrio_components::config::{ApiVisibility, AppMode, ShowProgress};
use ferrio_components::{
    Audio, Block, Button, ButtonVariant, Chatbot, Checkbox, CheckboxGroup, Code, ColorPicker,
    Column, Component, Dataframe, Dropdown, EventName, File, Gallery, Html, Image, Json, Label,
    Many, Markdown, MultimodalTextbox, Number, Radio, Row, Slider, Textbox, Video,
};

use crate::builder::{Blocks, BlocksBuilder, CacheMode, Handle, Trigger};
use crate::flagging::{FlagSettings, FlaggingMode};
use crate::handler::{BoxStream, EventFn, Handler, InputError, PreparedCall, Scope};

use crate::builder::{Inputs, Outputs, ParamInfo};
use crate::http::LaunchError;

/// The components an Interface lays out for one side of its function: one component, a tuple
/// of them, or `()`.
pub trait ComponentSet: 'static {
    /// How many components.
    const LEN: usize;
    /// The function's arguments when these are its inputs.
    type Args: Send + 'static;
    /// What the function returns when these are its outputs.
    type Values: Send + 'static;
    type Handles<'a>: Inputs<'a, Args = Self::Args> + Outputs<'a, Values = Self::Values> + Copy;
    fn add(self, b: &BlocksBuilder) -> Self::Handles<'_>;
}

impl ComponentSet for () {
    const LEN: usize = 0;
    type Args = ();
    type Values = ();
    type Handles<'a> = ();
    fn add(self, _: &BlocksBuilder) {}
}

/// A component an Interface can take as an input or an output. (A marker, so that one component
/// and tuples of them can both be a [`ComponentSet`].)
pub trait IoComponent: Component + Into<Block> {}

impl IoComponent for Textbox {}
impl IoComponent for MultimodalTextbox {}
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
#[cfg(feature = "image")]
impl IoComponent for Image<ferrio_components::Decoded> {}
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
    const LEN: usize = 1;
    type Args = (C::Value,);
    type Values = C::Value;
    type Handles<'a> = Handle<'a, C>;
    fn add(self, b: &BlocksBuilder) -> Handle<'_, C> {
        b.add(self)
    }
}

macro_rules! component_sets {
    ($($C:ident $c:ident $i:tt),+) => {
        impl<$($C: IoComponent),+> ComponentSet for ($($C,)+) {
            const LEN: usize = [$($i),+].len();
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

crate::handler::all_the_tuples!(component_sets);

/// One function as an app: inputs and a Submit button on the left, outputs on the right, the
/// endpoint named after the function (Gradio 6; `predict` still answers, as in 5.x), as
/// Gradio lays it out.
pub struct Interface<F, I: ComponentSet, O, M> {
    f: F,
    inputs: I,
    outputs: O,
    title: Option<String>,
    description: Option<String>,
    article: Option<String>,
    /// `None`: the function's name.
    api_name: Option<String>,
    examples: Vec<I::Values>,
    cache_examples: bool,
    cache_mode: CacheMode,
    live: bool,
    flagging: FlagSettings,
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
            article: None,
            api_name: None,
            examples: Vec::new(),
            cache_examples: false,
            cache_mode: CacheMode::Eager,
            live: false,
            flagging: FlagSettings::default(),
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

    /// Markdown shown under the whole interface (Gradio's `article`).
    pub fn article(mut self, markdown: impl Into<String>) -> Self {
        self.article = Some(markdown.into());
        self
    }

    /// Runs the function whenever an input changes, without a Submit button (Gradio's `live`).
    pub fn live(mut self, live: bool) -> Self {
        self.live = live;
        self
    }

    /// Whether people flag with a button (`Manual`, the default), every run is flagged
    /// (`Auto`), or neither (`Never`). Flags are rows of `flagging_dir`'s `dataset1.csv`.
    pub fn flagging_mode(mut self, mode: FlaggingMode) -> Self {
        self.flagging.mode = mode;
        self
    }

    /// Reasons to flag: one button per reason ("Flag as Incorrect"), saved in the `flag` column.
    pub fn flagging_options<S: Into<String>>(
        mut self,
        reasons: impl IntoIterator<Item = S>,
    ) -> Self {
        self.flagging.options = reasons.into_iter().map(Into::into).collect();
        self
    }

    /// Where flags are saved (`.ferrio/flagged` unless set).
    pub fn flagging_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.flagging.dir = dir.into();
        self
    }

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

    /// When cached examples' outputs are computed: at startup (`Eager`, the default) or at
    /// each example's first click (`Lazy`), as Gradio's `cache_mode`.
    pub fn cache_mode(mut self, mode: CacheMode) -> Self {
        self.cache_mode = mode;
        self
    }

    /// The endpoint's name in the API: the function's name unless set (`greet` for
    /// `fn greet`; a closure's endpoint is `predict`). Unset, 5.x's `predict` answers too.
    pub fn api_name(mut self, name: impl Into<String>) -> Self {
        self.api_name = Some(name.into());
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

    /// Lays the interface out where `b` is (a whole page, or a tab of a [`TabbedInterface`]),
    /// as Gradio does: inputs with Clear and Submit (Stop for a generator) on the left, outputs
    /// with the Flag buttons on the right, the examples under them, then the article.
    fn build(self, b: &BlocksBuilder) {
        let Interface {
            f,
            inputs,
            outputs,
            title,
            description,
            article,
            api_name,
            examples,
            cache_examples,
            cache_mode,
            live,
            flagging,
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
        let manual = flagging.mode == FlaggingMode::Manual;
        let (ins, clear, submit, stop, outs, flag_buttons) =
            b.row_with(Row::new().equal_height(false), |b| {
                let (ins, clear, submit, stop) = b.column_with(Column::new().scale(1), |b| {
                    let ins = inputs.add(b);
                    let (clear, submit, stop) = b.row(|b| {
                        let clear = b.button("Clear");
                        // Live needs inputs to change; without any, the button stays (Gradio's Generate).
                        let live = live && I::LEN > 0;
                        let submit = (!live).then(|| b.add(Button::new("Submit").primary()));
                        let stop = (F::GENERATOR && !live)
                            .then(|| b.add(Button::new("Stop").variant(ButtonVariant::Stop)));
                        (clear, submit, stop)
                    });
                    (ins, clear, submit, stop)
                });
                let (outs, flag_buttons) = b.column_with(Column::new().scale(1), |b| {
                    let outs = outputs.add(b);
                    let mut reasons = flagging.options.clone();
                    if reasons.is_empty() {
                        reasons.push(String::new());
                    }
                    let flag_buttons: Vec<_> = if manual {
                        b.row(|b| {
                            reasons
                                .into_iter()
                                .map(|reason| {
                                    let text = match reason.as_str() {
                                        "" => "Flag".to_owned(),
                                        r => format!("Flag as {r}"),
                                    };
                                    (b.button(text), reason)
                                })
                                .collect()
                        })
                    } else {
                        Vec::new()
                    };
                    (outs, flag_buttons)
                });
                (ins, clear, submit, stop, outs, flag_buttons)
            });
        let triggers: Vec<Trigger> = match submit {
            Some(submit) => vec![submit.clicked()],
            // Live: any input's change runs it.
            None => Inputs::params(&ins, b)
                .iter()
                .map(|p| Trigger::new(p.id, EventName::Change))
                .collect(),
        };
        let predict = b.on(triggers, f, ins, outs);
        let predict = match api_name {
            Some(name) => predict.api_name(name),
            None => predict.api_alias("predict"),
        }
        .id();
        if let Some(stop) = stop {
            stop.cancel_on_click([predict]);
        }
        let mut params = Inputs::params(&ins, b);
        params.extend(Inputs::params(&outs, b));
        let mut initial = ins.initial_data(b);
        initial.extend(outs.initial_data(b));
        clear_listener(b, clear, params.clone(), initial);
        if flagging.mode != FlaggingMode::Never {
            let mut columns = ins.flag_columns(b);
            columns.extend(outs.flag_columns(b));
            let flagger = b.flagger(flagging.dir, columns, params);
            for (button, reason) in flag_buttons {
                flagger.button(button, reason);
            }
            if flagging.mode == FlaggingMode::Auto {
                flagger.after(predict);
            }
        }
        if !examples.is_empty() {
            let table = b.examples(ins, examples);
            if cache_examples {
                table.cached_with(predict, cache_mode);
            }
        }
        if let Some(article) = article {
            b.add(Markdown::new(article));
        }
    }

    /// Serves the app; see [`Blocks::launch`].
    pub async fn launch(self) -> Result<(), LaunchError> {
        self.into_blocks().launch().await
    }
}

/// Clear puts every input and output back to its first value, on the page's side of the
/// queue (Gradio's Clear runs in the browser; here it is a quick direct call).
fn clear_listener(
    b: &BlocksBuilder,
    clear: Handle<'_, Button>,
    outputs: Vec<ParamInfo>,
    initial: Vec<serde_json::Value>,
) {
    let run: EventFn = Arc::new(move |data: Vec<serde_json::Value>, scope: &Scope| {
        if !data.is_empty() {
            return Err(InputError::Count {
                expected: 0,
                got: data.len(),
            });
        }
        // A file shown from the start comes back as the cached copy the config points at.
        let values = initial
            .iter()
            .map(
                |v| match crate::builder::publish_files_in(&scope.files, v) {
                    Some((copy, _)) => copy,
                    None => v.clone(),
                },
            )
            .collect::<Vec<_>>();
        Ok(Box::new(move || -> BoxStream<_> {
            Box::pin(futures_util::stream::once(async move { Ok(values) }))
        }) as PreparedCall)
    });
    let target = vec![(Some(clear.id()), EventName::Click)];
    b.register_erased(target, false, "clear".to_owned(), Vec::new(), outputs, run)
        .with(|f| {
            f.config.api_visibility = ApiVisibility::Private;
            // Not an endpoint at all (Gradio's `api_name=False`).
            f.config.api_name = None;
            f.config.queue = false;
            f.config.show_progress = ShowProgress::Hidden;
            f.concurrency_limit = Some(None);
        });
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
/// # async fn run() -> Result<(), ferrio::prelude::LaunchError> {
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

    /// The app as Blocks, each interface on a tab of its own, to serve or to put in a router.
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
    use ferrio_components::{Block, FnIndex};

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
        // `/add` (Gradio 6 names it after the function), Clear's and Flag's listeners, which
        // are no endpoints, and 5.x's `/predict`, undocumented, for the clients that call it.
        assert_eq!(config.dependencies.len(), 4);
        let names: Vec<_> = config
            .dependencies
            .iter()
            .map(|d| d.api_name.as_deref())
            .collect();
        assert_eq!(names, [Some("add"), None, None, Some("predict")]);
        let (add, predict) = (&config.dependencies[0], &config.dependencies[3]);
        assert_eq!(add.api_visibility, ApiVisibility::Public);
        assert_eq!(predict.api_visibility, ApiVisibility::Undocumented);
        assert!(predict.targets.is_empty());
        assert_eq!((predict.inputs.len(), add.inputs.len()), (2, 2));
        assert_eq!(predict.outputs, add.outputs);
        // One line, one limit: the alias waits with the endpoint.
        let pools = blocks.concurrency_pools();
        assert_eq!(pools[3], pools[0]);
        let info = blocks.api_info();
        let listed: Vec<_> = info.named_endpoints.keys().collect();
        assert_eq!(listed, ["/add"]);
        let kinds: Vec<&str> = config
            .components
            .iter()
            .map(|c| c.block.type_name())
            .collect();
        assert!(
            kinds.starts_with(&[
                "markdown", "row", "column", "number", "number", "row", "button", "button",
                "column", "number", "row", "button"
            ]),
            "{kinds:?}"
        );
        let buttons: Vec<&str> = config
            .components
            .iter()
            .filter_map(|c| match &c.block {
                Block::Button(b) => Some(b.value.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(buttons, ["Clear", "Submit", "Flag"]);
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
            .filter_map(|d| d.api_name.clone())
            .collect();
        // A closure's endpoint is `predict`, a function's is its name; 5.x's names follow.
        assert_eq!(names, ["predict", "add", "predict_1"]);
    }

    #[test]
    fn live_runs_on_each_change_and_a_generator_gets_stop() {
        let live = Interface::new(|s: String| s, Textbox::new(), Textbox::new())
            .live(true)
            .flagging_mode(FlaggingMode::Never)
            .article("*More* below.")
            .into_blocks()
            .config("");
        let predict = &live.dependencies[0];
        assert_eq!(
            predict.targets,
            [(Some(predict.inputs[0]), EventName::Change)]
        );
        let blocks: Vec<&crate::builder::ServerBlock> =
            live.components.iter().map(|c| &c.block).collect();
        assert!(!blocks
            .iter()
            .any(|b| matches!(b, Block::Button(b) if b.value == "Submit")));
        assert!(blocks
            .iter()
            .any(|b| matches!(b, Block::Markdown(m) if m.html.contains("<em>More</em>"))));

        let ticks = |s: String| futures_util::stream::iter([s]);
        let config = Interface::new(ticks, Textbox::new(), Textbox::new())
            .into_blocks()
            .config("");
        let stop = config
            .dependencies
            .iter()
            .find(|d| d.cancels == [FnIndex(0)])
            .expect("Stop cancels /predict");
        let Some(Block::Button(b)) = config
            .components
            .iter()
            .find(|c| Some(c.id) == stop.targets[0].0)
            .map(|c| &c.block)
        else {
            panic!()
        };
        assert_eq!(b.value, "Stop");
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
