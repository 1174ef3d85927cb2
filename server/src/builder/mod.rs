//! The builder API: `Blocks::new(|b| { ... })` lays out components and wires events to functions.

use std::any::Any;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::marker::PhantomData;
use std::path::PathBuf;
use std::time::Duration;

use ferrio_components::config::{AppMode, DependencyConfig, LayoutNode, ShowProgress, TriggerMode};
use ferrio_components::events::{
    Blurrable, Changeable, Clearable, Clickable, Focusable, Inputtable, Releasable, Stoppable,
    Submittable, Tickable, Uploadable,
};
use ferrio_components::file_data::JsonWithFiles;
use ferrio_components::update::Updatable;
use ferrio_components::{
    Accordion, Block, Button, Chatbot, Column, Component, ComponentId, CustomComponent, Dataset,
    ErasedCustom, EventData, EventName, FnIndex, Form, Group, LikeData, Row, SelectData,
    Selectable, SessionHash, Sidebar, Tab, Tabs, Timer,
};

use crate::examples::{Examples, PendingExamples};
use crate::files::remote::RemoteSettings;
use crate::files::{FileSettings, Files};
use crate::handler::{erase, erase_batch, BatchFn, Decoder, EventFn, Handler, InputError, Prepend};

mod io;
pub use io::{BatchInputs, BatchOutputs, Inputs, Output, Outputs, ParamInfo, Shown, Updates};

/// A block as the server holds it: built in, or a custom component in erased form.
pub type ServerBlock = Block<ErasedCustom>;

/// A built app: its blocks, layout and event functions. Serve it with [`Blocks::launch`] or
/// turn it into a router with [`crate::routes::router`].
pub struct Blocks {
    pub(crate) title: String,
    pub(crate) blocks: Vec<(ComponentId, ServerBlock)>,
    pub(crate) layout: LayoutNode,
    pub(crate) functions: Vec<BlockFunction>,
    /// Random per launch, as Gradio's.
    pub(crate) app_id: u64,
    pub(crate) mode: AppMode,
    pub(crate) default_concurrency_limit: Option<usize>,
    pub(crate) max_size: Option<usize>,
    /// Each `State` component's initial value: sessions start from it.
    pub(crate) states: HashMap<ComponentId, serde_json::Value>,
    pub(crate) files: FileSettings,
    pub(crate) remote: RemoteSettings,
    pub(crate) sessions: SessionSettings,
    /// Example tables whose rows become wire data when the app starts.
    pub(crate) examples: Vec<PendingExamples>,
    pub(crate) theme: crate::theme::Theme,
    /// The developer's own CSS, after the theme's.
    pub(crate) css: String,
    /// The developer's own HTML at the end of the page's `<head>`.
    pub(crate) head: String,
    pub(crate) show_api: bool,
}

/// How long a session outlives its page.
#[derive(Debug, Clone, Copy)]
pub struct SessionSettings {
    /// A session's `State` is forgotten this long after its last use or heartbeat.
    pub ttl: Duration,
    /// The page is gone when its heartbeat stream has been closed this long (not back from a
    /// network blip): `unload` listeners run then.
    pub unload_grace: Duration,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings {
            ttl: crate::runtime::sessions::SESSION_TTL,
            unload_grace: crate::runtime::sessions::UNLOAD_GRACE,
        }
    }
}

/// One event listener: its config entry, its API signature and the erased function.
pub struct BlockFunction {
    pub(crate) config: DependencyConfig,
    pub(crate) inputs: Vec<ParamInfo>,
    pub(crate) outputs: Vec<ParamInfo>,
    pub(crate) parameter_names: Vec<String>,
    /// `None`: the app's default (`Blocks::default_concurrency_limit`).
    pub(crate) concurrency_limit: Option<Option<usize>>,
    /// Events with the same id wait in one line under one limit.
    pub(crate) concurrency_id: Option<String>,
    /// The developer named the endpoint (`.api_name(...)`): that name wins over a default one.
    pub(crate) named: bool,
    /// `None` for listeners that only cancel other events.
    pub(crate) run: Option<EventFn>,
    /// A batch listener's function, which the queue runs over several events at once.
    pub(crate) batch: Option<BatchFn>,
    /// An `unload` listener's function, given the session whose page went away.
    pub(crate) unload: Option<UnloadFn>,
}

/// What an `unload` listener runs: its function for one session.
pub(crate) type UnloadFn = std::sync::Arc<
    dyn Fn(SessionHash) -> crate::handler::BoxStream<Result<(), crate::handler::RunError>>
        + Send
        + Sync,
>;

impl Blocks {
    /// Builds an app: `build` adds components (in layout order) and wires their events.
    pub fn new(build: impl FnOnce(&BlocksBuilder)) -> Blocks {
        let builder = BlocksBuilder::default();
        build(&builder);
        builder.finish()
    }

    /// The page title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    pub fn functions(&self) -> &[BlockFunction] {
        &self.functions
    }

    /// How many runs of an event may execute at once unless the event says otherwise (Gradio's
    /// `queue(default_concurrency_limit=...)`; 1 unless set, `None` for unlimited).
    pub fn default_concurrency_limit(mut self, limit: Option<usize>) -> Self {
        self.default_concurrency_limit = limit.map(|l| l.max(1));
        self
    }

    /// How many events may wait in the queue at once; joins beyond it are refused with a 503
    /// (Gradio's `queue(max_size=...)`). Unbounded unless set.
    pub fn max_size(mut self, max_size: usize) -> Self {
        self.max_size = Some(max_size);
        self
    }

    /// Files under these directories (or these files) may be sent to and served by the app,
    /// besides uploads and the files its functions return (Gradio's `allowed_paths`).
    pub fn allowed_paths<P: Into<PathBuf>>(mut self, paths: impl IntoIterator<Item = P>) -> Self {
        self.files.allowed_paths = paths.into_iter().map(Into::into).collect();
        self
    }

    /// Never sent or served, even inside the cache or an allowed path; functions may not return
    /// files from here either (Gradio's `blocked_paths`).
    pub fn blocked_paths<P: Into<PathBuf>>(mut self, paths: impl IntoIterator<Item = P>) -> Self {
        self.files.blocked_paths = paths.into_iter().map(Into::into).collect();
        self
    }

    /// The largest file an upload may carry, in bytes; larger ones are refused with a 413 as
    /// soon as they cross it (Gradio's `max_file_size`). Unlimited unless set.
    pub fn max_file_size(mut self, bytes: u64) -> Self {
        self.files.max_file_size = Some(bytes);
        self
    }

    /// Where uploads and returned files are stored (default: `$FERRIO_TEMP_DIR`, else
    /// `<system temp>/ferrio`).
    pub fn cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.files.cache_dir = Some(dir.into());
        self
    }

    /// Every `frequency`, removes cached files older than `age` (Gradio's `delete_cache`).
    pub fn delete_cache(mut self, frequency: Duration, age: Duration) -> Self {
        self.files.delete_cache = Some((frequency, age));
        self
    }

    /// Whether a `FileData` input whose path is an http(s) URL (gradio_client's
    /// `handle_file(url)`) is fetched, from public addresses only (default: yes, as Gradio).
    pub fn fetch_urls(mut self, fetch: bool) -> Self {
        self.remote.enabled = fetch;
        self
    }

    /// Hosts whose URLs are fetched even when they resolve to private addresses (a DNS that
    /// answers internal addresses for a public service); `*.example.org` for its subdomains.
    pub fn trusted_hosts<S: Into<String>>(mut self, hosts: impl IntoIterator<Item = S>) -> Self {
        self.remote.trusted_hosts = hosts.into_iter().map(Into::into).collect();
        self
    }

    /// How long a session's `State` is kept after its last use, or after its page went away
    /// (its heartbeats stopped); 1 hour by default, as in Gradio.
    pub fn state_ttl(mut self, ttl: Duration) -> Self {
        self.sessions.ttl = ttl;
        self
    }

    /// How long a page's heartbeat stream may be gone before the page counts as closed and
    /// the `unload` listeners run (10 s by default, so a network blip that the browser
    /// reconnects from is not a close).
    pub fn unload_grace(mut self, grace: Duration) -> Self {
        self.sessions.unload_grace = grace;
        self
    }

    /// The Dataset (examples table) `id`, to fill in its rows.
    /// The page's colours, radius and fonts ([`crate::theme::Theme`]; Gradio's `theme`).
    pub fn theme(mut self, theme: crate::theme::Theme) -> Self {
        self.theme = theme;
        self
    }

    /// `false` hides "Use via API" and the API page (Gradio's `show_api`); the API itself
    /// still answers.
    pub fn show_api(mut self, show: bool) -> Self {
        self.show_api = show;
        self
    }

    /// CSS of your own, applied after the theme (Gradio's `css`): target components by their
    /// `elem_id` and `elem_classes`, the page by `.gradio-container`.
    pub fn css(mut self, css: impl Into<String>) -> Self {
        self.css = css.into();
        self
    }

    /// HTML of your own at the end of the page's `<head>` (Gradio's `head`): meta tags,
    /// scripts, fonts. It is trusted as written.
    pub fn head(mut self, html: impl Into<String>) -> Self {
        self.head = html.into();
        self
    }

    /// What `/theme.css` serves: the theme's variables, then the app's own CSS.
    pub fn theme_css(&self) -> String {
        let mut css = self.theme.css();
        if !self.css.is_empty() {
            css.push('\n');
            css.push_str(&self.css);
            css.push('\n');
        }
        css
    }

    pub(crate) fn dataset_mut(&mut self, id: ComponentId) -> Option<&mut Dataset> {
        self.blocks.iter_mut().find_map(|(i, b)| match b {
            Block::Dataset(d) if *i == id => Some(d),
            _ => None,
        })
    }

    /// The functions to run when a session's page goes away ([`BlocksBuilder::unload`]).
    pub(crate) fn unload_functions(&self) -> impl Iterator<Item = &UnloadFn> {
        self.functions.iter().filter_map(|f| f.unload.as_ref())
    }

    /// Whether the page should hold a heartbeat stream open (Gradio's `connect_heartbeat`):
    /// the server then knows when it goes, to run `unload` and to time out its State.
    pub fn connects_heartbeat(&self) -> bool {
        !self.states.is_empty() || self.unload_functions().next().is_some()
    }

    /// The type of the app's first custom component, if it has one: the page then needs the
    /// app's own bundle, which has its view.
    pub(crate) fn custom_component(&self) -> Option<&str> {
        self.blocks.iter().find_map(|(_, block)| match block {
            Block::Custom(custom) => Some(ferrio_components::CustomBlocks::type_name(custom)),
            _ => None,
        })
    }

    /// Each event's concurrency limit, by fn_index, with the app's default filled in. Events
    /// that share a `concurrency_id` share the lowest limit set among them (as in Gradio).
    pub fn concurrency_limits(&self) -> Vec<Option<usize>> {
        let own = |f: &BlockFunction| {
            f.concurrency_limit
                .unwrap_or(self.default_concurrency_limit)
        };
        let pools = self.concurrency_pools();
        let mut limits: Vec<Option<usize>> = self.functions.iter().map(own).collect();
        for (i, f) in self.functions.iter().enumerate() {
            let pool = pools[i];
            limits[pool] = match (limits[pool], own(f)) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        pools.iter().map(|&pool| limits[pool]).collect()
    }

    /// Which waiting line each event joins, by fn_index: the first event with its
    /// `concurrency_id`, or itself.
    pub fn concurrency_pools(&self) -> Vec<usize> {
        let mut first: HashMap<&str, usize> = HashMap::new();
        self.functions
            .iter()
            .enumerate()
            .map(|(i, f)| match &f.concurrency_id {
                Some(id) => *first.entry(id.as_str()).or_insert(i),
                None => i,
            })
            .collect()
    }
}

impl Blocks {
    /// The initial value of `State` component `id`; `None` for other components.
    pub fn state_initial(&self, id: ComponentId) -> Option<&serde_json::Value> {
        self.states.get(&id)
    }

    /// When the app starts: the files blocks show at first (`Image::new().value("cat.png")`, a
    /// chatbot's avatars) are copied into the cache, as a function's outputs are, and kept
    /// there for as long as the app runs; the config then points at the copies, and so do the
    /// API's defaults. A file the server may not hand out (missing, hidden, blocked, a URL) is
    /// left out, with an error in the log: it becomes `null` where it stood (one avatar of
    /// two), or, where a value can't do without it (a gallery's picture), its prop takes its
    /// default (empty).
    pub(crate) fn publish_initial_files(&mut self, files: &Files) {
        for (id, block) in &mut self.blocks {
            let Ok(declared) = serde_json::to_value(&*block) else {
                continue;
            };
            let Some(props) = declared.get("props").and_then(|p| p.as_object()) else {
                continue;
            };
            let mut published = props.clone();
            let mut missing = Vec::new();
            for (name, prop) in props {
                let Some((copy, refused)) = publish_files_in(files, prop) else {
                    continue;
                };
                for error in &refused {
                    tracing::error!(component = %id, prop = %name, %error, "a file it shows was left out");
                }
                if !refused.is_empty() {
                    missing.push(name.clone());
                }
                published.insert(name.clone(), copy);
            }
            if published == *props {
                continue;
            }
            let with = |props: serde_json::Map<String, serde_json::Value>| {
                let mut json = declared.clone();
                json["props"] = serde_json::Value::Object(props);
                serde::Deserialize::deserialize(json)
            };
            let mut without_missing = published.clone();
            missing.iter().for_each(|name| {
                without_missing.remove(name);
            });
            match with(published).or_else(|_| with(without_missing)) {
                Ok(with_copies) => *block = with_copies,
                Err(error) => tracing::error!(component = %id, %error, "its files were left out"),
            }
        }
        for param in self.functions.iter_mut().flat_map(|f| f.inputs.iter_mut()) {
            let Some((copy, refused)) = param
                .default
                .as_ref()
                .and_then(|d| publish_files_in(files, d))
            else {
                continue;
            };
            for error in &refused {
                tracing::error!(component = %param.id, %error, "a file in its API default was left out");
            }
            param.default = Some(copy);
        }
    }
}

/// `json` with each file in it copied into the cache and pinned there (a value the app shows
/// from the start), and why any file was left out (it is `null` in its place); `None` when it
/// holds no file.
pub(crate) fn publish_files_in(
    files: &Files,
    json: &serde_json::Value,
) -> Option<(serde_json::Value, Vec<String>)> {
    let mut value = JsonWithFiles::new(json.clone()).ok()?;
    value.files().next()?;
    let mut refused = Vec::new();
    value.retain_files(|f| match files.publish(f) {
        Ok(()) => true,
        Err(error) => {
            refused.push(error.to_string());
            false
        }
    });
    let value = value.to_json();
    files.pin_all(&value);
    Some((value, refused))
}

impl BlockFunction {
    pub fn api_name(&self) -> Option<&str> {
        self.config.api_name.as_deref()
    }

    /// Whether the function streams several results.
    pub fn is_generator(&self) -> bool {
        self.config.types.generator
    }

    /// How many runs may execute at once, if set for this event (`Some(None)`: unlimited);
    /// `None` means the app's default.
    pub fn concurrency_limit(&self) -> Option<Option<usize>> {
        self.concurrency_limit
    }
}

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

impl<'a, C> Handle<'a, C> {
    pub fn id(&self) -> ComponentId {
        self.id
    }

    /// This component as an output that takes an [`Update`](ferrio_components::Update) of
    /// its props (and maybe its value) from the function, Gradio's `gr.update(...)`:
    /// `.click(hide, (), details.update())` with `fn hide() -> Update<Textbox>`.
    pub fn update(self) -> Updates<'a, C> {
        Updates(self)
    }
}

impl<'a, C: Component> Handle<'a, C> {
    /// The value comes from `f`, run for each visitor when their page loads (Gradio's
    /// `value=callable`): a fresh value per visit rather than one fixed when the app started.
    pub fn value_from<M, F>(self, f: F) -> Event<'a>
    where
        F: Handler<(), C::Value, M>,
    {
        self.builder.load(f, (), self)
    }

    /// As [`Handle::value_from`], and again every `period` while the page is open (Gradio's
    /// `value=callable, every=...`), quietly: no pending stripe at each refresh.
    pub fn value_every<M, F>(self, f: F, period: Duration) -> Event<'a>
    where
        F: Handler<(), C::Value, M>,
    {
        let timer = self.builder.add(Timer::new(period.as_secs_f64()));
        let triggers = [self.builder.loaded(), timer.ticked()];
        self.builder
            .on(triggers, f, (), self)
            .show_progress(ShowProgress::Hidden)
    }
}

/// A layout block [`BlocksBuilder::layout`] can open, so that a function may update it.
pub trait Container: Into<Block> + Updatable {}
impl Container for Row {}
impl Container for Column {}
impl Container for Group {}
impl Container for Accordion {}
impl Container for Sidebar {}

/// Inside [`BlocksBuilder::tabs`]: the only thing a `Tabs` holds is tabs, so this is the only
/// method it offers.
pub struct TabsBuilder<'a> {
    builder: &'a BlocksBuilder,
}

impl<'a> TabsBuilder<'a> {
    /// A page labelled `label`; `fill` adds its content, and its value is returned.
    pub fn tab<T>(&self, label: impl Into<String>, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.tab_with(Tab::new(label), fill)
    }
    pub fn tab_with<T>(&self, tab: Tab, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.builder.container(tab.into(), fill)
    }
    /// [`TabsBuilder::tab_with`] that also gives the Tab's handle, so a function can show,
    /// hide, rename or disable it: `extras.update()` as an output takes
    /// `Tab::update().visible(true)`.
    pub fn layout_tab<T>(
        &self,
        tab: Tab,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> (Handle<'a, Tab>, T) {
        self.builder.typed_container(tab, fill)
    }
}

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

impl BlocksBuilder {
    fn next_id(state: &mut BuilderState) -> ComponentId {
        state.next_id += 1;
        ComponentId(state.next_id)
    }

    /// Adds a component (or static block such as `Markdown`) at the current place in the layout.
    pub fn add<C: Into<Block> + Clone + 'static>(&self, component: C) -> Handle<'_, C> {
        let block = component.clone().into().widen();
        self.add_block(component, block)
    }

    /// Adds a component defined outside Ferrio ([`CustomComponent`]); the app must be launched
    /// with a registry that has it ([`Blocks::launch_with`]).
    pub fn add_custom<C: CustomComponent>(&self, component: C) -> Handle<'_, C> {
        let block = Block::Custom(ErasedCustom::new(&component));
        self.add_block(component, block)
    }

    fn add_block<C: Clone + 'static>(&self, component: C, block: ServerBlock) -> Handle<'_, C> {
        let mut s = self.state.borrow_mut();
        if s.open.is_empty() {
            s.open.push((ROOT, Vec::new()));
        }
        let id = Self::next_id(&mut s);
        s.typed.insert(id, Box::new(component));
        s.blocks.push((id, block));
        s.open
            .last_mut()
            .expect("root is open")
            .1
            .push(LayoutNode { id, children: None });
        Handle {
            id,
            builder: self,
            _component: PhantomData,
        }
    }

    /// A copy of the component behind `id`, as its own type.
    pub(crate) fn component<C: Clone + 'static>(&self, id: ComponentId) -> C {
        self.state.borrow().typed[&id]
            .downcast_ref::<C>()
            .expect("a handle's type matches its component")
            .clone()
    }

    fn container<'a, T>(&'a self, block: Block, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.open_container(block, None, fill).1
    }

    /// A layout block that a function can update (Gradio's `with gr.Column() as col:`): `fill`
    /// adds its children, and the handle comes back with what `fill` returns, to be an output
    /// as `col.update()`:
    ///
    /// ```
    /// use ferrio::prelude::*;
    /// Blocks::new(|b| {
    ///     let show = b.add(Checkbox::new().label("Advanced"));
    ///     let (advanced, _) = b.layout(Column::new().visible(false), |b| b.add(Slider::new(0.0, 1.0)));
    ///     show.change(|on: bool| Column::update().visible(on), show, advanced.update());
    /// });
    /// ```
    pub fn layout<'a, L: Container, T>(
        &'a self,
        layout: L,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> (Handle<'a, L>, T) {
        self.typed_container(layout, fill)
    }

    /// A container kept typed too, so that its updates are checked against its props.
    fn typed_container<'a, L: Into<Block> + Updatable, T>(
        &'a self,
        layout: L,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> (Handle<'a, L>, T) {
        let block = layout.clone().into();
        let (id, filled) = self.open_container(block, Some(Box::new(layout)), fill);
        let handle = Handle {
            id,
            builder: self,
            _component: PhantomData,
        };
        (handle, filled)
    }

    fn open_container<'a, T>(
        &'a self,
        block: Block,
        typed: Option<Box<dyn Any>>,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> (ComponentId, T) {
        {
            let mut s = self.state.borrow_mut();
            if s.open.is_empty() {
                s.open.push((ROOT, Vec::new()));
            }
            let id = Self::next_id(&mut s);
            if let Some(typed) = typed {
                s.typed.insert(id, typed);
            }
            s.blocks.push((id, block.widen()));
            s.open.push((id, Vec::new()));
        }
        let filled = fill(self);
        let mut s = self.state.borrow_mut();
        let (id, children) = s.open.pop().expect("container is open");
        s.open.last_mut().expect("root is open").1.push(LayoutNode {
            id,
            children: Some(children),
        });
        (id, filled)
    }

    /// Children side by side. Like every container, it returns what `fill` returns, so handles
    /// made inside can be wired outside.
    pub fn row<'a, T>(&'a self, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.row_with(Row::new(), fill)
    }
    pub fn row_with<'a, T>(&'a self, row: Row, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.container(row.into(), fill)
    }
    /// Children stacked (inside a Row: one column of it).
    pub fn column<'a, T>(&'a self, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.column_with(Column::new(), fill)
    }
    pub fn column_with<'a, T>(
        &'a self,
        column: Column,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> T {
        self.container(column.into(), fill)
    }
    /// Children in one panel, without gaps.
    pub fn group<'a, T>(&'a self, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.group_with(Group::new(), fill)
    }
    pub fn group_with<'a, T>(
        &'a self,
        group: Group,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> T {
        self.container(group.into(), fill)
    }

    /// Tabs: `fill` adds the pages with [`TabsBuilder::tab`] (and can add nothing else).
    pub fn tabs<'a, T>(&'a self, fill: impl FnOnce(&TabsBuilder<'a>) -> T) -> T {
        self.tabs_with(Tabs::new(), fill)
    }
    pub fn tabs_with<'a, T>(&'a self, tabs: Tabs, fill: impl FnOnce(&TabsBuilder<'a>) -> T) -> T {
        self.container(tabs.into(), |builder| fill(&TabsBuilder { builder }))
    }
    /// [`BlocksBuilder::tabs_with`] that also gives the Tabs' handle, so a function can show
    /// another tab: `tabs.update()` as an output takes `Tabs::update().selected("results")`.
    pub fn layout_tabs<'a, T>(
        &'a self,
        tabs: Tabs,
        fill: impl FnOnce(&TabsBuilder<'a>) -> T,
    ) -> (Handle<'a, Tabs>, T) {
        self.typed_container(tabs, |builder| fill(&TabsBuilder { builder }))
    }
    /// A section under `label` that folds open and shut (open at first).
    pub fn accordion<'a, T>(
        &'a self,
        label: impl Into<String>,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> T {
        self.accordion_with(Accordion::new(label), fill)
    }
    pub fn accordion_with<'a, T>(
        &'a self,
        accordion: Accordion,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> T {
        self.container(accordion.into(), fill)
    }
    /// A collapsible panel at the side of the page.
    pub fn sidebar<'a, T>(&'a self, fill: impl FnOnce(&'a BlocksBuilder) -> T) -> T {
        self.sidebar_with(Sidebar::new(), fill)
    }
    pub fn sidebar_with<'a, T>(
        &'a self,
        sidebar: Sidebar,
        fill: impl FnOnce(&'a BlocksBuilder) -> T,
    ) -> T {
        self.container(sidebar.into(), fill)
    }

    /// A table of examples for `inputs` (Gradio's `gr.Examples`), placed here: each row holds
    /// a value for every input, typed as the inputs' values are; clicking a row loads it into
    /// them. `.cached(event)` also shows that listener's outputs for the row, computed once.
    ///
    /// ```no_run
    /// # use ferrio::prelude::*;
    /// # fn greet(name: String, n: f64) -> String { name }
    /// # Blocks::new(|b| {
    /// let (name, times) = (b.add(Textbox::new().label("Name")), b.add(Number::new()));
    /// let out = b.add(Textbox::new());
    /// let go = b.button("Greet").click(greet, (name, times), out).id();
    /// b.examples((name, times), [("Ada".to_owned(), 1.0), ("Grace".to_owned(), 3.0)])
    ///     .cached(go);
    /// # });
    /// ```
    pub fn examples<'a, O>(
        &'a self,
        inputs: O,
        rows: impl IntoIterator<Item = O::Values>,
    ) -> Examples<'a>
    where
        O: Outputs<'a>,
    {
        let params = inputs.params(self);
        // Each State is its session's: an example can't hold one.
        assert!(
            params.iter().all(|p| !p.skip_api),
            "examples can't fill State inputs"
        );
        let encode = inputs.encoder(self);
        let rows = std::sync::Mutex::new(rows.into_iter().collect::<Vec<_>>());
        let encode_rows = Box::new(move |scope: &crate::handler::Scope| {
            let rows = std::mem::take(&mut *rows.lock().unwrap_or_else(|e| e.into_inner()));
            rows.into_iter().map(|row| encode(row, scope)).collect()
        });
        let headers = params
            .iter()
            .map(|p| p.label.clone().unwrap_or_else(|| p.class_name.to_owned()))
            .collect();
        let kinds = params.iter().map(|p| p.class_name.to_lowercase()).collect();
        let dataset = self.add(Dataset::new(Vec::new(), headers, kinds)).id();
        let samples = std::sync::Arc::default();
        let cache = std::sync::Arc::default();
        let ids: Vec<ComponentId> = params.iter().map(|p| p.id).collect();
        let index_param = ParamInfo {
            id: dataset,
            label: Some("Examples".to_owned()),
            class_name: "Dataset",
            api_info: serde_json::json!({"type": "integer"}),
            python_type: ferrio_components::PythonType::new("int"),
            example: serde_json::json!(0),
            skip_api: false,
            has_files: false,
            default: None,
        };
        let loader = crate::examples::loader(
            std::sync::Arc::clone(&samples),
            std::sync::Arc::clone(&cache),
        );
        let event = self.register_erased(
            vec![(Some(dataset), EventName::Click)],
            false,
            "load_example".to_owned(),
            vec![index_param],
            params,
            loader,
        );
        let index = event.id().0 as usize;
        let _ = event
            .queue(false)
            .show_progress(ShowProgress::Hidden)
            .private();
        let shown = inputs.shown(self);
        self.state.borrow_mut().examples.push(PendingExamples::new(
            dataset,
            encode_rows,
            shown,
            samples,
            std::sync::Arc::clone(&cache),
        ));
        Examples {
            builder: self,
            dataset,
            loader: index,
            inputs: ids,
            cache,
        }
    }

    /// Makes the examples' loader (listener `loader`) also give `event`'s outputs for the row.
    pub(crate) fn cache_examples(
        &self,
        loader: usize,
        inputs: &[ComponentId],
        event: FnIndex,
        cache: &std::sync::Arc<std::sync::OnceLock<crate::examples::Cache>>,
        mode: crate::examples::CacheMode,
    ) {
        let mut s = self.state.borrow_mut();
        let target = s
            .functions
            .get(event.0 as usize)
            .expect("cached(event): event is a listener of this app");
        assert_eq!(
            target.config.inputs, inputs,
            "cached(event): the listener's inputs must be the examples' inputs, in order"
        );
        let run = target
            .run
            .clone()
            .expect("cached(event): the listener runs a function");
        let (ids, params) = (target.config.outputs.clone(), target.outputs.clone());
        let _ = cache.set(crate::examples::Cache::new(run, mode));
        let load = &mut s.functions[loader];
        load.config.outputs.extend(ids);
        load.outputs.extend(params);
    }

    /// A Button; shorthand for `add(Button::new(text))`.
    pub fn button(&self, text: impl Into<String>) -> Handle<'_, Button> {
        self.add(Button::new(text))
    }

    /// Runs `f` when any of `triggers` fires (Gradio's `gr.on`):
    /// `b.on([name.submitted(), go.clicked()], greet, name, out)`.
    pub fn on<'a, I, O, M, F>(
        &'a self,
        triggers: impl IntoIterator<Item = Trigger>,
        f: F,
        inputs: I,
        outputs: O,
    ) -> Event<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        let targets = triggers
            .into_iter()
            .map(|t| (Some(t.target), t.event))
            .collect();
        self.listen_to(targets, f, inputs, outputs)
    }

    /// Runs `f` when the page loads in a browser (Gradio's `demo.load`): each visitor's
    /// session runs it once, e.g. to fill outputs with fresh values.
    pub fn load<'a, I, O, M, F>(&'a self, f: F, inputs: I, outputs: O) -> Event<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        self.listen(ROOT, EventName::Load, f, inputs, outputs)
    }

    /// Runs `f` with a visitor's session when their page goes away (closed, reloaded,
    /// navigated off: its heartbeat stream stays closed), as Gradio's `demo.unload`: to free
    /// what the session held (`|session: SessionHash| ...`). It returns nothing and runs
    /// outside the queue; no client can call it.
    pub fn unload<M, F>(&self, f: F) -> Event<'_>
    where
        F: Handler<(SessionHash,), (), M>,
    {
        let f = std::sync::Arc::new(f);
        let run: UnloadFn = std::sync::Arc::new(move |session| {
            f.clone()
                .call(crate::handler::PendingArgs::Ready((session,)))
        });
        self.push_without_inputs((None, EventName::Unload), Some(run), |config| {
            config.show_api = false;
            config.queue = false;
        })
    }

    /// The page's load, as a trigger for [`BlocksBuilder::on`].
    pub fn loaded(&self) -> Trigger {
        Trigger {
            target: ROOT,
            event: EventName::Load,
        }
    }

    fn listen<'a, I, O, M, F>(
        &'a self,
        target: ComponentId,
        event: EventName,
        f: F,
        inputs: I,
        outputs: O,
    ) -> Event<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        self.listen_to(vec![(Some(target), event)], f, inputs, outputs)
    }

    fn listen_to<'a, I, O, M, F>(
        &'a self,
        targets: Vec<(Option<ComponentId>, EventName)>,
        f: F,
        inputs: I,
        outputs: O,
    ) -> Event<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        self.register(
            targets,
            f,
            inputs.params(self),
            inputs.decoder(self),
            outputs,
        )
    }

    /// Runs `f` when `event` (one with data: `select`, `like`) fires on `target`; `f` gets the
    /// event's data first, once `check` (what the component could have sent) accepts it.
    fn listen_with_data<'a, D, I, O, M, F>(
        &'a self,
        target: ComponentId,
        event: EventName,
        check: impl Fn(&D) -> Result<(), ferrio_components::EventDataError> + Send + Sync + 'static,
        f: F,
        inputs: I,
        outputs: O,
    ) -> Event<'a>
    where
        D: EventData,
        I: Inputs<'a>,
        I::Args: Prepend<D>,
        O: Outputs<'a>,
        F: Handler<<I::Args as Prepend<D>>::With, O::Values, M>,
    {
        let inner = inputs.decoder(self);
        // The route appends the join's `event_data` to the inputs of listeners that collect it.
        let decoder: Decoder<<I::Args as Prepend<D>>::With> = Box::new(move |mut data, files| {
            let event_data = D::from_event(data.pop()).and_then(|d| check(&d).map(|()| d));
            let args = inner(data, files)?;
            let event_data = event_data.map_err(InputError::EventData)?;
            Ok(args.map(move |args| args.prepend(event_data)))
        });
        let event = self.register(
            vec![(Some(target), event)],
            f,
            inputs.params(self),
            decoder,
            outputs,
        );
        event.with(|f| f.config.collects_event_data = true)
    }

    pub(crate) fn register<'a, A, O, M, F>(
        &'a self,
        targets: Vec<(Option<ComponentId>, EventName)>,
        f: F,
        input_params: Vec<ParamInfo>,
        decoder: Decoder<A>,
        outputs: O,
    ) -> Event<'a>
    where
        A: Send + 'static,
        O: Outputs<'a>,
        F: Handler<A, O::Values, M>,
    {
        let output_params = outputs.params(self);
        let encode_files = output_params.iter().any(|p| p.has_files);
        let run = erase(f, decoder, outputs.encoder(self), encode_files);
        self.register_erased(
            targets,
            F::GENERATOR,
            default_api_name::<F>(),
            input_params,
            output_params,
            run,
        )
    }

    /// Runs `f` once for several events at a time (Gradio's `batch=True`): it takes one list
    /// per input and returns one list per output, an item per event, in order. The queue
    /// gathers up to `max_batch_size` waiting events of this listener (4 unless set with
    /// [`Event::max_batch_size`]) into one call; it doesn't wait for more to arrive. To the
    /// page and the API it is an ordinary one-event endpoint.
    ///
    /// ```no_run
    /// # use ferrio::prelude::*;
    /// fn shout_all(texts: Vec<String>) -> Vec<String> {
    ///     texts.iter().map(|t| t.to_uppercase()).collect()
    /// }
    /// # Blocks::new(|b| {
    /// let text = b.add(Textbox::new());
    /// let go = b.button("Shout");
    /// b.on_batch([go.clicked()], shout_all, text, text).max_batch_size(16);
    /// # });
    /// ```
    ///
    /// A batch function returns once (it can't be a generator) and can't use `State`.
    pub fn on_batch<'a, I, O, M, F>(
        &'a self,
        triggers: impl IntoIterator<Item = Trigger>,
        f: F,
        inputs: I,
        outputs: O,
    ) -> Event<'a>
    where
        I: BatchInputs<'a>,
        O: BatchOutputs<'a>,
        F: Handler<I::Batch, O::Batch, M>,
    {
        const {
            assert!(
                !F::GENERATOR,
                "a batch function returns its lists once: it can't be a generator"
            )
        };
        let input_params = inputs.params(self);
        let output_params = outputs.params(self);
        // Each event's State is its session's: one call can't serve several.
        let state = input_params
            .iter()
            .chain(&output_params)
            .find(|p| p.skip_api);
        assert!(
            state.is_none(),
            "a batch function can't read or write State (each event's State is its session's)"
        );
        let encode_files = output_params.iter().any(|p| p.has_files);
        let batch = erase_batch(
            f,
            inputs.decoder(self),
            I::gather,
            O::split,
            outputs.encoder(self),
            encode_files,
        );
        let one = batch.clone();
        // Called alone (a direct call), an event is a batch of one.
        let run: EventFn = std::sync::Arc::new(move |data, files| {
            one(data, files).map(crate::handler::BatchItem::into_call)
        });
        let targets = triggers
            .into_iter()
            .map(|t| (Some(t.target), t.event))
            .collect();
        self.register_erased(
            targets,
            false,
            default_api_name::<F>(),
            input_params,
            output_params,
            run,
        )
        .with(|f| {
            f.batch = Some(batch);
            f.config.batch = true;
        })
    }

    pub(crate) fn register_erased(
        &self,
        targets: Vec<(Option<ComponentId>, EventName)>,
        generator: bool,
        api_name: String,
        input_params: Vec<ParamInfo>,
        output_params: Vec<ParamInfo>,
        run: EventFn,
    ) -> Event<'_> {
        let mut s = self.state.borrow_mut();
        let index = s.functions.len();
        let mut config = DependencyConfig::new(
            FnIndex(index as u32),
            targets,
            input_params.iter().map(|p| p.id).collect(),
            output_params.iter().map(|p| p.id).collect(),
        );
        config.types.generator = generator;
        // As in Gradio: a `change` listener keeps only the latest trigger while it runs.
        if config
            .targets
            .first()
            .is_some_and(|t| t.1 == EventName::Change)
        {
            config.trigger_mode = TriggerMode::AlwaysLast;
        }
        let parameter_names = input_params
            .iter()
            .enumerate()
            .map(|(i, p)| default_parameter_name(p.label.as_deref(), i))
            .collect();
        s.functions.push(BlockFunction {
            config,
            inputs: input_params,
            outputs: output_params,
            parameter_names,
            concurrency_limit: None,
            concurrency_id: None,
            named: false,
            run: Some(run),
            batch: None,
            unload: None,
        });
        // Gradio names an endpoint after its function; Rust knows a fn item's path.
        s.functions[index].config.api_name = Some(api_name);
        Event {
            builder: self,
            index,
        }
    }

    /// A listener that runs no function and stops `events`' runs (Gradio's `fn=None,
    /// cancels=[...]`).
    fn listen_cancel(
        &self,
        target: ComponentId,
        event: EventName,
        events: Vec<FnIndex>,
    ) -> Event<'_> {
        self.push_without_inputs((Some(target), event), None, |config| {
            config.backend_fn = false;
            config.queue = false;
            config.show_api = false;
            config.cancels = events;
            config.types.cancel = true;
        })
    }

    /// A listener with no inputs, outputs or queued function (a Stop, an `unload`), set up
    /// by `configure`.
    fn push_without_inputs(
        &self,
        target: (Option<ComponentId>, EventName),
        unload: Option<UnloadFn>,
        configure: impl FnOnce(&mut DependencyConfig),
    ) -> Event<'_> {
        let mut s = self.state.borrow_mut();
        let index = s.functions.len();
        let mut config =
            DependencyConfig::new(FnIndex(index as u32), vec![target], Vec::new(), Vec::new());
        configure(&mut config);
        s.functions.push(BlockFunction {
            config,
            inputs: Vec::new(),
            outputs: Vec::new(),
            parameter_names: Vec::new(),
            concurrency_limit: Some(None),
            concurrency_id: None,
            named: false,
            run: None,
            batch: None,
            unload,
        });
        Event {
            builder: self,
            index,
        }
    }

    fn finish(self) -> Blocks {
        let mut s = self.state.into_inner();
        let mut root = s.open.drain(..).next().map(|(_, c)| c).unwrap_or_default();
        // Forms come last in id order, as Gradio allocates them when a layout closes.
        let mut next_id = s.next_id;
        wrap_forms(&mut root, false, &mut s.blocks, &mut next_id);
        dedupe_api_names(&mut s.functions);
        // Markdown is rendered once, here, so the browser bundle needs no parser; HTML is
        // sanitized here, whatever order its builder methods were called in.
        for (_, block) in &mut s.blocks {
            match block {
                Block::Markdown(m) => m.html = crate::markdown::render(&m.value, false),
                Block::Html(h) => {
                    let raw = std::mem::take(&mut h.value);
                    h.value = h.clean(raw);
                }
                _ => {}
            }
        }
        let states = s
            .blocks
            .iter()
            .filter_map(|(id, block)| match block {
                Block::State(state) => Some((*id, state.initial.clone())),
                _ => None,
            })
            .collect();
        Blocks {
            title: "Ferrio".to_owned(),
            states,
            blocks: s.blocks,
            layout: LayoutNode {
                id: ROOT,
                children: Some(root),
            },
            functions: s.functions,
            app_id: uuid::Uuid::new_v4().as_u64_pair().0,
            mode: AppMode::Blocks,
            default_concurrency_limit: Some(1),
            max_size: None,
            files: FileSettings::default(),
            remote: RemoteSettings::default(),
            sessions: SessionSettings::default(),
            examples: s.examples,
            theme: crate::theme::Theme::default(),
            css: String::new(),
            head: String::new(),
            show_api: true,
        }
    }
}

/// The layout's root, which fires `load` (Gradio's Blocks id).
const ROOT: ComponentId = ComponentId(0);

/// Gradio wraps each run of neighbouring form components in a `Form` block. In a Row the Form
/// takes its children's place: its scale is the sum of theirs (1 where unset) and its minimum
/// width the sum of their minimum widths, as Gradio's `Form.add_child` has it.
fn wrap_forms(
    children: &mut Vec<LayoutNode>,
    in_row: bool,
    blocks: &mut Vec<(ComponentId, ServerBlock)>,
    next_id: &mut u32,
) {
    let is_form_component = |id: ComponentId, blocks: &[(ComponentId, ServerBlock)]| {
        blocks
            .iter()
            .any(|(b, block)| *b == id && block.is_form_component())
    };
    let mut out: Vec<LayoutNode> = Vec::with_capacity(children.len());
    let mut run: Vec<LayoutNode> = Vec::new();
    let flush = |run: &mut Vec<LayoutNode>,
                 out: &mut Vec<LayoutNode>,
                 blocks: &mut Vec<(ComponentId, ServerBlock)>,
                 next_id: &mut u32| {
        if run.is_empty() {
            return;
        }
        *next_id += 1;
        let id = ComponentId(*next_id);
        let mut form = Form {
            scale: 0,
            min_width: 0,
        };
        if in_row {
            for child in run.iter() {
                let (scale, min_width) = blocks
                    .iter()
                    .find(|(b, _)| *b == child.id)
                    .map_or((None, 0), |(_, block)| flex_of(block));
                form.scale += scale.unwrap_or(1);
                form.min_width += min_width;
            }
        }
        blocks.push((id, Block::from(form).widen()));
        out.push(LayoutNode {
            id,
            children: Some(std::mem::take(run)),
        });
    };
    for mut node in children.drain(..) {
        if let Some(grandchildren) = node.children.as_mut() {
            flush(&mut run, &mut out, blocks, next_id);
            let is_row = blocks
                .iter()
                .any(|(b, block)| *b == node.id && matches!(block, Block::Row(_)));
            wrap_forms(grandchildren, is_row, blocks, next_id);
            out.push(node);
        } else if is_form_component(node.id, blocks) {
            run.push(node);
        } else {
            flush(&mut run, &mut out, blocks, next_id);
            out.push(node);
        }
    }
    flush(&mut run, &mut out, blocks, next_id);
    *children = out;
}

/// A component's `scale` and `min_width` props (read from its config form, so custom
/// components have theirs too).
fn flex_of(block: &ServerBlock) -> (Option<u32>, u32) {
    let json = serde_json::to_value(block).unwrap_or_default();
    let props = &json["props"];
    let scale = props["scale"]
        .as_u64()
        .map(|s| s.min(u32::MAX.into()) as u32);
    let min_width = props["min_width"]
        .as_u64()
        .unwrap_or(160)
        .min(u32::MAX.into()) as u32;
    (scale, min_width)
}

/// `reference::echo` → `echo`; closures and odd names → `predict`, as Gradio names lambdas.
fn default_api_name<F>() -> String {
    let full = std::any::type_name::<F>();
    let last = full.rsplit("::").next().unwrap_or(full);
    let is_ident = !last.is_empty()
        && last.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !last.starts_with(|c: char| c.is_ascii_digit());
    if is_ident && !full.contains("{{closure}}") {
        last.to_owned()
    } else {
        "predict".to_owned()
    }
}

/// A Python-style parameter name from the label (`"First name"` → `first_name`).
fn default_parameter_name(label: Option<&str>, index: usize) -> String {
    let name: String = label
        .unwrap_or_default()
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let name = name.trim_matches('_').to_owned();
    const PYTHON_KEYWORDS: &[&str] = &[
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "false", "finally", "for", "from", "global", "if", "import",
        "in", "is", "lambda", "none", "nonlocal", "not", "or", "pass", "raise", "return", "true",
        "try", "while", "with", "yield",
    ];
    if name.is_empty()
        || name.starts_with(|c: char| c.is_ascii_digit())
        || PYTHON_KEYWORDS.contains(&name.as_str())
    {
        format!("param_{index}")
    } else {
        name
    }
}

/// Two endpoints can't share a name: later ones get `_1`, `_2`, ... as in Gradio, except that a
/// name the developer gave is kept and a default name (the function's) yields to it.
fn dedupe_api_names(functions: &mut [BlockFunction]) {
    let mut seen = HashSet::new();
    let (named, defaulted): (Vec<_>, Vec<_>) = functions.iter_mut().partition(|f| f.named);
    for f in named.into_iter().chain(defaulted) {
        let Some(name) = f.config.api_name.clone() else {
            continue;
        };
        let mut candidate = name.clone();
        let mut n = 0;
        while !seen.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{name}_{n}");
        }
        f.config.api_name = Some(candidate);
    }
}

/// One event of one component, for listeners with several triggers ([`BlocksBuilder::on`]):
/// made by the typed methods of a handle (`button.clicked()`, `textbox.submitted()`), so a
/// component can only name an event it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trigger {
    target: ComponentId,
    event: EventName,
}

impl Trigger {
    /// For the crate's own layouts, which know the component has the event.
    pub(crate) fn new(target: ComponentId, event: EventName) -> Trigger {
        Trigger { target, event }
    }
}

/// A registered listener; its methods set the listener's options.
pub struct Event<'a> {
    builder: &'a BlocksBuilder,
    index: usize,
}

impl<'a> Event<'a> {
    /// Runs `f` after this event completes, whether it succeeded or not (Gradio's `.then`).
    pub fn then<I, O, M, F>(self, f: F, inputs: I, outputs: O) -> Event<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        self.chain(f, inputs, outputs, |_| {})
    }

    /// Runs `f` after this event completes successfully (Gradio's `.success`).
    pub fn success<I, O, M, F>(self, f: F, inputs: I, outputs: O) -> Event<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        self.chain(f, inputs, outputs, |c| c.trigger_only_on_success = true)
    }

    /// Runs `f` after this event fails: its function returned `Err` or panicked, or its
    /// inputs were refused (Gradio's `.failure`).
    pub fn failure<I, O, M, F>(self, f: F, inputs: I, outputs: O) -> Event<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        self.chain(f, inputs, outputs, |c| c.trigger_only_on_failure = true)
    }

    fn chain<I, O, M, F>(
        self,
        f: F,
        inputs: I,
        outputs: O,
        only: impl FnOnce(&mut DependencyConfig),
    ) -> Event<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        let after = self.id();
        self.builder
            .listen_to(Vec::new(), f, inputs, outputs)
            .with(|next| {
                next.config.trigger_after = Some(after);
                only(&mut next.config);
            })
    }
}

impl Event<'_> {
    /// This listener's fn_index: pass it to another listener's `cancels`.
    pub fn id(&self) -> FnIndex {
        FnIndex(self.index as u32)
    }

    /// Stops these events' runs (waiting or running) when this listener fires.
    pub fn cancels(self, events: impl IntoIterator<Item = FnIndex>) -> Self {
        let events: Vec<FnIndex> = events.into_iter().collect();
        self.with(|f| f.config.cancels = events)
    }

    pub(crate) fn with(self, f: impl FnOnce(&mut BlockFunction)) -> Self {
        f(&mut self.builder.state.borrow_mut().functions[self.index]);
        self
    }

    /// The endpoint's name in the API (`/gradio_api/call/<name>`, `client.predict(api_name="/<name>")`).
    pub fn api_name(self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.with(|f| {
            f.config.api_name = Some(name.trim_start_matches('/').to_owned());
            f.named = true;
        })
    }

    /// Keeps the endpoint out of the API docs and the REST API; the UI still calls it.
    pub fn private(self) -> Self {
        self.with(|f| {
            f.config.show_api = false;
        })
    }

    /// Python-style names of the inputs, for API callers' keyword arguments.
    pub fn parameter_names<S: Into<String>>(self, names: impl IntoIterator<Item = S>) -> Self {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        self.with(|f| {
            for (slot, name) in f.parameter_names.iter_mut().zip(names) {
                *slot = name;
            }
        })
    }

    /// How many runs of this event may execute at once (`None`: unlimited). Gradio's default is 1.
    pub fn concurrency_limit(self, limit: Option<usize>) -> Self {
        self.with(|f| f.concurrency_limit = Some(limit.map(|l| l.max(1))))
    }

    /// Makes this event share its waiting line and concurrency limit with every other event of
    /// the same id (one GPU serving several endpoints); the lowest limit set among them holds.
    pub fn concurrency_id(self, id: impl Into<String>) -> Self {
        let id = id.into();
        self.with(|f| f.concurrency_id = Some(id))
    }

    /// What the page does with a trigger while a run of this listener is in flight: drop it
    /// (`Once`, the default), start another run (`Multiple`), or run once more with the latest
    /// when the run ends (`AlwaysLast`, the default for `change`).
    pub fn trigger_mode(self, mode: TriggerMode) -> Self {
        self.with(|f| f.config.trigger_mode = mode)
    }

    /// How the outputs show the run: a pending stripe with the function's progress (`Full`,
    /// the default), the stripe alone (`Minimal`), or nothing (`Hidden`; errors still show).
    pub fn show_progress(self, show: ShowProgress) -> Self {
        self.with(|f| f.config.show_progress = show)
    }

    /// `false`: the page calls the function directly (`/gradio_api/run/predict`), outside the
    /// queue, so it never waits in line and has no concurrency limit (Gradio's `queue=False`):
    /// for quick functions, such as a UI update. API clients still may join it through the
    /// queue.
    pub fn queue(self, queue: bool) -> Self {
        self.with(|f| f.config.queue = queue)
    }

    /// The most events a batch listener ([`BlocksBuilder::on_batch`]) runs in one call.
    pub fn max_batch_size(self, max: usize) -> Self {
        let max = max.clamp(1, u32::MAX as usize) as u32;
        self.with(|f| f.config.max_batch_size = max)
    }

    /// How long a run may take. A generator is then stopped and its event completes with
    /// what it yielded last (Gradio's `time_limit` for streams); a plain function's run fails
    /// with a message saying so. No limit by default.
    pub fn time_limit(self, limit: Duration) -> Self {
        let seconds = limit.as_secs_f64();
        self.with(|f| f.config.time_limit = (seconds > 0.0).then_some(seconds))
    }

    /// The endpoint's description in the API docs.
    pub fn api_description(self, text: impl Into<String>) -> Self {
        let text = text.into();
        self.with(|f| f.config.api_description = Some(text))
    }
}

/// Typed listener methods, one per event: `button.click(...)` compiles only for components
/// that have a `click` event (that implement `ferrio_components::events::Clickable`).
macro_rules! listeners {
    ($($(#[$doc:meta])* $trait:ident :: $method:ident / $cancel_method:ident / $trigger:ident => $event:expr;)*) => {$(
        impl<'a, C: $trait> Handle<'a, C> {
            $(#[$doc])*
            pub fn $method<I, O, M, F>(self, f: F, inputs: I, outputs: O) -> Event<'a>
            where
                I: Inputs<'a>,
                O: Outputs<'a>,
                F: Handler<I::Args, O::Values, M>,
            {
                self.builder.listen(self.id, $event, f, inputs, outputs)
            }

            /// Stops these events' runs when this event fires (a Stop button).
            pub fn $cancel_method(self, events: impl IntoIterator<Item = FnIndex>) -> Event<'a> {
                self.builder.listen_cancel(self.id, $event, events.into_iter().collect())
            }

            /// This event, as one trigger of a listener with several ([`BlocksBuilder::on`]).
            pub fn $trigger(&self) -> Trigger {
                Trigger {
                    target: self.id,
                    event: $event,
                }
            }
        }
    )*};
}

listeners! {
    /// Runs `f` when the component is clicked.
    Clickable::click / cancel_on_click / clicked => EventName::Click;
    /// Runs `f` when the value changes, by the person or by a function's output.
    Changeable::change / cancel_on_change / changed => EventName::Change;
    /// Runs `f` on each edit the person makes.
    Inputtable::input / cancel_on_input / inputted => EventName::Input;
    /// Runs `f` when the person presses Enter (or, in a colour picker, picks a colour).
    Submittable::submit / cancel_on_submit / submitted => EventName::Submit;
    /// Runs `f` when the component gains focus.
    Focusable::focus / cancel_on_focus / focused => EventName::Focus;
    /// Runs `f` when the component loses focus.
    Blurrable::blur / cancel_on_blur / blurred => EventName::Blur;
    /// Runs `f` when the person lets go of a slider's handle.
    Releasable::release / cancel_on_release / released => EventName::Release;
    /// Runs `f` when the person adds files (after they are uploaded).
    Uploadable::upload / cancel_on_upload / uploaded => EventName::Upload;
    /// Runs `f` when the person clears the value.
    Clearable::clear / cancel_on_clear / cleared => EventName::Clear;
    /// Runs `f` at each tick of a Timer, while it is active.
    Tickable::tick / cancel_on_tick / ticked => EventName::Tick;
    /// Runs `f` when the person presses the box's stop button (`stop_btn`); with
    /// `cancel_on_stop(events)` the button stops those events' runs, and shows while one is
    /// under way.
    Stoppable::stop / cancel_on_stop / stopped => EventName::Stop;
}

impl<'a, C: Selectable> Handle<'a, C> {
    /// Runs `f` when the person selects part of the value (a choice, a table cell, a message,
    /// a picture, some text): `f` gets the selection first, then the inputs' values (Gradio's
    /// `evt: gr.SelectData`). API callers can't send a selection, so their calls get a 422.
    ///
    /// ```no_run
    /// # use ferrio::prelude::*;
    /// fn picked(pick: SelectData<Dataframe>) -> String {
    ///     let (row, col) = pick.index;
    ///     format!("row {row}, column {col}: {}", pick.value.text())
    /// }
    /// # Blocks::new(|b| {
    /// let table = b.add(Dataframe::new(Table::new(["item", "price"])));
    /// let out = b.add(Textbox::new());
    /// table.select(picked, (), out);
    /// # });
    /// ```
    pub fn select<I, O, M, F>(self, f: F, inputs: I, outputs: O) -> Event<'a>
    where
        I: Inputs<'a>,
        I::Args: Prepend<SelectData<C>>,
        O: Outputs<'a>,
        F: Handler<<I::Args as Prepend<SelectData<C>>>::With, O::Values, M>,
    {
        self.builder
            .listen_with_data(self.id, EventName::Select, |_| Ok(()), f, inputs, outputs)
    }

    /// Stops these events' runs when the person selects part of the value.
    pub fn cancel_on_select(self, events: impl IntoIterator<Item = FnIndex>) -> Event<'a> {
        self.builder
            .listen_cancel(self.id, EventName::Select, events.into_iter().collect())
    }
}

impl<'a> Handle<'a, Chatbot> {
    /// Shows 👍 / 👎 under each reply, and runs `f` when the person presses one: `f` gets the
    /// feedback first ([`LikeData`]: which reply, its contents, like or dislike), then the
    /// inputs' values (Gradio's `chatbot.like` with `gr.LikeData`). API callers can't send
    /// feedback, so their calls get a 422.
    ///
    /// ```no_run
    /// # use ferrio::prelude::*;
    /// fn rated(like: LikeData) -> String {
    ///     format!("{}: {}", like.liked.label(), like.text())
    /// }
    /// # Blocks::new(|b| {
    /// let chat = b.add(Chatbot::new().value(vec![ChatMessage::assistant("Hello!")]));
    /// let log = b.add(Textbox::new().label("Feedback"));
    /// chat.like(rated, (), log);
    /// # });
    /// ```
    pub fn like<I, O, M, F>(self, f: F, inputs: I, outputs: O) -> Event<'a>
    where
        I: Inputs<'a>,
        I::Args: Prepend<LikeData>,
        O: Outputs<'a>,
        F: Handler<<I::Args as Prepend<LikeData>>::With, O::Values, M>,
    {
        let chatbot: Chatbot = self.builder.component(self.id);
        let offered = move |like: &LikeData| chatbot.check_feedback(&like.liked);
        self.builder
            .listen_with_data(self.id, EventName::Like, offered, f, inputs, outputs)
    }

    /// Stops these events' runs when the person likes or dislikes a reply.
    pub fn cancel_on_like(self, events: impl IntoIterator<Item = FnIndex>) -> Event<'a> {
        self.builder
            .listen_cancel(self.id, EventName::Like, events.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrio_components::{Number, Textbox};

    fn shout(s: String) -> String {
        s.to_uppercase()
    }

    #[test]
    fn forms_wrap_runs_of_inputs_like_gradio() {
        let blocks = Blocks::new(|b| {
            let a = b.add(Textbox::new());
            let o = b.add(Textbox::new());
            b.button("Go").click(shout, a, o);
            b.row(|b| {
                b.add(Number::new());
            });
        });
        let kinds: Vec<_> = blocks
            .blocks
            .iter()
            .map(|(id, b)| (id.0, b.type_name()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (1, "textbox"),
                (2, "textbox"),
                (3, "button"),
                (4, "row"),
                (5, "number"),
                (6, "form"),
                (7, "form")
            ]
        );
        let top: Vec<u32> = blocks
            .layout
            .children
            .as_ref()
            .unwrap()
            .iter()
            .map(|n| n.id.0)
            .collect();
        assert_eq!(top, vec![6, 3, 4]);
    }

    #[test]
    fn a_form_in_a_row_takes_its_childrens_scale_and_width() {
        let blocks = Blocks::new(|b| {
            b.row(|b| {
                b.add(Textbox::new().scale(7));
                b.add(Number::new().min_width(100));
                b.button("Go");
            });
            b.add(Textbox::new().scale(3));
        });
        let forms: Vec<(u32, u32)> = blocks
            .blocks
            .iter()
            .filter_map(|(_, b)| match b {
                Block::Form(f) => Some((f.scale, f.min_width)),
                _ => None,
            })
            .collect();
        // In the row: 7 + 1 (unset), 160 + 100; outside a row, neither.
        assert_eq!(forms, vec![(8, 260), (0, 0)]);
    }

    #[test]
    fn api_names_default_to_the_function_name_and_are_unique() {
        let blocks = Blocks::new(|b| {
            let a = b.add(Textbox::new());
            b.button("1").click(shout, a, a);
            b.button("2").click(shout, a, a);
            b.button("3").click(|s: String| s, a, a);
        });
        let names: Vec<_> = blocks
            .functions
            .iter()
            .map(|f| f.api_name().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["shout", "shout_1", "predict"]);
    }

    #[test]
    fn a_name_given_by_the_developer_wins_over_a_default_one() {
        let blocks = Blocks::new(|b| {
            let a = b.add(Textbox::new());
            // Registered first, named `shout` by default.
            b.button("1").click(shout, a, a).private();
            b.button("2").click(shout, a, a).api_name("shout");
        });
        let names: Vec<_> = blocks
            .functions
            .iter()
            .map(|f| f.api_name().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["shout_1", "shout"]);
    }

    #[test]
    fn parameter_names_come_from_labels() {
        assert_eq!(default_parameter_name(Some("First name"), 0), "first_name");
        assert_eq!(default_parameter_name(Some("In"), 0), "param_0");
        assert_eq!(default_parameter_name(None, 2), "param_2");
        assert_eq!(default_parameter_name(Some("3d"), 1), "param_1");
    }

    #[test]
    fn chained_listeners_wait_for_their_parent() {
        let blocks = Blocks::new(|b| {
            let a = b.add(Textbox::new());
            let go = b.button("Go").click(shout, a, a);
            let first = go.id();
            go.then(shout, a, a)
                .success(shout, a, a)
                .failure(shout, a, a);
            assert_eq!(first, FnIndex(0));
        });
        let deps: Vec<_> = blocks.functions.iter().map(|f| &f.config).collect();
        assert!(deps[1].targets.is_empty());
        assert_eq!(deps[1].trigger_after, Some(FnIndex(0)));
        assert!(!deps[1].trigger_only_on_success && !deps[1].trigger_only_on_failure);
        assert_eq!(deps[2].trigger_after, Some(FnIndex(1)));
        assert!(deps[2].trigger_only_on_success);
        assert_eq!(deps[3].trigger_after, Some(FnIndex(2)));
        assert!(deps[3].trigger_only_on_failure);
    }

    #[test]
    fn a_stop_listener_cancels_and_runs_nothing() {
        let blocks = Blocks::new(|b| {
            let a = b.add(Textbox::new());
            let go = b.button("Go").click(shout, a, a).id();
            b.button("Stop").cancel_on_click([go]);
        });
        let stop = &blocks.functions[1];
        assert!(stop.run.is_none());
        assert_eq!(stop.config.cancels, [FnIndex(0)]);
        assert!(stop.config.types.cancel && !stop.config.backend_fn && !stop.config.show_api);
        assert_eq!(stop.api_name(), None);
    }
}
