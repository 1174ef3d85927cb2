//! Config → views: the layout tree is walked and every block is rendered by an exhaustive
//! `match` on the registry enum, so a block kind without a view does not compile — and custom
//! components go to the app's [`CustomViews`], whose own match is exhaustive too.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use ferrio_components::chatbot::{ComponentMessage, MessageContent};
use ferrio_components::config::{FooterLink, LayoutNode};
use ferrio_components::events::EventName;
use ferrio_components::messages::LogLevel;
use ferrio_components::update::patch as patch_props;
use ferrio_components::{Block, ComponentId, Config, CustomBlocks, NoCustom};
use leptos::context::Provider;
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

use crate::components::{layout::LayoutView, BuiltinView, Preload};
use crate::run_history::{RunHistory, RunsPanel};
use crate::state::PageState;

/// The views of an app's custom components ([`ferrio_components::custom_blocks!`]): implement
/// it with a `match` over the registry, one arm per component, each returning its view.
pub trait CustomViews: CustomBlocks {
    /// The view of this custom component, which has id `id` in the config.
    fn view(&self, id: ComponentId) -> AnyView;
}

impl CustomViews for NoCustom {
    fn view(&self, _: ComponentId) -> AnyView {
        match *self {}
    }
}

/// What rendering needs: the shared state and the config, typed by the app's registry.
#[derive(Clone)]
pub struct Renderer<X> {
    /// The page's state, shared by every view.
    pub state: PageState,
    /// The app's config, as the server embedded it in the page.
    pub config: Arc<Config<X>>,
}

/// The whole app: its layout, the toasts and the footer (the API page link, the theme toggle).
/// Runs the page's `load` listeners once hydrated, and holds the heartbeat open when the server
/// needs to know when the page goes.
#[component]
pub fn App<X: CustomViews>(
    /// The app's config (Gradio's `window.gradio_config`): its components, layout and
    /// listeners.
    config: Arc<Config<X>>,
) -> impl IntoView {
    let state = PageState::new(&config);
    provide_context(state.clone());
    // Set once the WASM has taken over the server's HTML; tests (and styles) wait for it.
    let hydrated = RwSignal::new(false);
    let root = config.layout.id;
    let on_load = state.clone();
    let heartbeat = config.connect_heartbeat;
    // Effects run only in the browser, once: the page's `load` listeners run there, per visit.
    Effect::new(move |_| {
        hydrated.set(true);
        // The server learns when this page goes (its State, its `unload` listeners).
        if heartbeat {
            crate::client::connect_heartbeat(&on_load.session);
        }
        // Untracked: reading inputs here must not make the effect (and `load`) run again.
        untrack(|| on_load.trigger(root, EventName::Load));
    });
    provide_context(MessageComponents::new::<X>(state.clone()));
    let renderer = Renderer {
        state,
        config: config.clone(),
    };
    let children = renderer.children(&config.layout);
    let history = renderer.state.history;
    let footer = footer(&config.footer_links, history);
    // `/gradio_api/runs` leads here, with the history open.
    if let Some(history) = history {
        Effect::new(move |_| {
            if crate::client::wants_runs() {
                history.open.set(true);
            }
        });
    }
    let runs = history.map(|history| view! { <RunsPanel history/> });
    // Gradio's `fill_height` / `fill_width`, as classes the stylesheet acts on.
    let mut class = String::from("ferrio-app gradio-container");
    if config.fill_height {
        class.push_str(" fill-height");
    }
    if config.fill_width {
        class.push_str(" fill-width");
    }
    view! {
        <div class=class data-hydrated=move || hydrated.get().then_some("true")>
            <main class="contain">{children}</main>
            {runs}
            <Toasts/>
            {footer}
        </div>
    }
}

/// The footer's links, in the app's order (Gradio 6's `footer_links`); none: no footer. The
/// run history's is there when the app keeps one.
fn footer(links: &[FooterLink], history: Option<RunHistory>) -> Option<impl IntoView> {
    let items: Vec<AnyView> = links
        .iter()
        .filter_map(|link| match link {
            FooterLink::Api => Some(view! { <a href="?view=api">"Use via API"</a> }.into_any()),
            FooterLink::Gradio => Some(view! { <span>"Built with Ferrio"</span> }.into_any()),
            FooterLink::Settings => Some(view! { <ThemeToggle/> }.into_any()),
            FooterLink::Runs => history.map(|history| {
                let toggle = move |_| history.open.update(|open| *open = !*open);
                view! {
                    <button type="button" class="link-button" aria-expanded=move || history.open.get().to_string() on:click=toggle>
                        "Runs"
                    </button>
                }
                .into_any()
            }),
        })
        .enumerate()
        .flat_map(|(i, item)| {
            let dot = (i > 0).then(|| view! { <span>"·"</span> }.into_any());
            dot.into_iter().chain(std::iter::once(item))
        })
        .collect();
    (!items.is_empty()).then(|| view! { <footer class="footer">{items}</footer> })
}

/// Switches between light and dark, remembered in this browser. The label says what a click
/// does; until the page is interactive it can't know the theme in use, so it reads "Theme".
#[component]
fn ThemeToggle() -> impl IntoView {
    let dark = RwSignal::new(None::<bool>);
    Effect::new(move |_| dark.set(Some(crate::client::dark_mode())));
    let label = move || match dark.get() {
        None => "Theme",
        Some(true) => "Light mode",
        Some(false) => "Dark mode",
    };
    let toggle = move |_| {
        let next = !dark.get_untracked().unwrap_or(false);
        crate::client::set_dark_mode(next);
        dark.set(Some(next));
    };
    view! {
        <button type="button" class="theme-toggle" aria-pressed=move || dark.get().map(|d| d.to_string()) on:click=toggle>
            {label}
        </button>
    }
}

/// Messages from inside functions, newest last; each can be closed.
#[component]
fn Toasts() -> impl IntoView {
    let state = expect_context::<PageState>();
    let toasts = state.toasts;
    view! {
        <div class="toasts" aria-live="polite">
            <For each=move || toasts.get() key=|t| t.id let:toast>
                // An error interrupts a screen reader; a note waits its turn.
                <div
                    class=format!("toast {}", level_name(toast.level))
                    role=if toast.level == LogLevel::Error { "alert" } else { "status" }
                >
                    <span class="toast-title">{level_title(toast.level)}</span>
                    <span class="toast-message">{toast.message.clone()}</span>
                    <button
                        class="toast-close"
                        aria-label="Close"
                        on:click=move |_| toasts.update(|t| t.retain(|t| t.id != toast.id))
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}

fn level_name(level: LogLevel) -> &'static str {
    match level {
        LogLevel::Info => "info",
        LogLevel::Warning => "warning",
        LogLevel::Error => "error",
    }
}

fn level_title(level: LogLevel) -> &'static str {
    match level {
        LogLevel::Info => "Info",
        LogLevel::Warning => "Warning",
        LogLevel::Error => "Error",
    }
}

impl<X: CustomViews> Renderer<X> {
    /// The views of a layout node's children, in order (layouts call it for their content).
    pub fn children(&self, node: &LayoutNode) -> Vec<AnyView> {
        node.children
            .iter()
            .flatten()
            .map(|child| self.node(child))
            .collect()
    }

    /// A component is drawn again when an update changes its props; values and statuses live
    /// in the state, so they stay. A layout is drawn once and follows its props as they change,
    /// so what is inside keeps its focus, and what the person chose (a tab, an opened
    /// accordion) stays as it was.
    fn node(&self, node: &LayoutNode) -> AnyView {
        let Some(component) = self.config.component(node.id) else {
            // The server validated the config; an id without a component can only be a bug there.
            return view! { <div class="config-error">{format!("no component {}", node.id)}</div> }
                .into_any();
        };
        if let Some(layout) = self.layout(node, &component.block) {
            return layout;
        }
        let id = component.id;
        let declared = component.block.clone();
        // Only the props are tracked: a view reading its value as it is built must not make
        // the whole block be drawn again when the value changes.
        let state = self.state.clone();
        (move || {
            let patch = state.props_patch(id);
            untrack(|| match patch {
                None => component_view(&declared, id),
                Some(patch) => match declared.with_props(&patch) {
                    Ok(updated) => component_view(&updated, id),
                    Err(e) => view! {
                        <div class="config-error">{format!("bad update of block {id}: {e}")}</div>
                    }
                    .into_any(),
                },
            })
        })
        .into_any()
    }

    fn layout(&self, node: &LayoutNode, block: &Block<X>) -> Option<AnyView> {
        let id = node.id;
        let view = match block {
            Block::Row(props) => LayoutView::row(self, node, self.live(id, props)).into_any(),
            Block::Column(props) => LayoutView::column(self, node, self.live(id, props)).into_any(),
            Block::Group(props) => LayoutView::group(self, node, self.live(id, props)).into_any(),
            Block::Form(props) => LayoutView::form(self, node, props).into_any(),
            Block::Tabs(props) => LayoutView::tabs(self, node, self.live(id, props)).into_any(),
            Block::Tab(props) => LayoutView::lone_tab(self, node, self.live(id, props)).into_any(),
            Block::Accordion(props) => {
                LayoutView::accordion(self, node, self.live(id, props)).into_any()
            }
            Block::Sidebar(props) => {
                LayoutView::sidebar(self, node, self.live(id, props)).into_any()
            }
            _ => return None,
        };
        Some(view)
    }

    /// Block `id`'s props as updates leave them (tracked; merged once per patch, and readers
    /// hear only of a change). The server checks every update against the props' types, so
    /// one that doesn't fit can only be a bug: the declared props stay then.
    pub fn live<P>(&self, id: ComponentId, declared: &P) -> Signal<P>
    where
        P: Serialize + DeserializeOwned + Clone + PartialEq + Send + Sync + 'static,
    {
        let (state, declared) = (self.state.clone(), declared.clone());
        Memo::new(move |_| {
            state
                .props_patch(id)
                .and_then(|patch| patch_props(&declared, &patch).ok())
                .unwrap_or_else(|| declared.clone())
        })
        .into()
    }
}

/// Draws the components chat messages hold (Gradio's `ComponentMessage`) with the app's
/// registry, so a custom component shows in a conversation too. The chatbot's view isn't
/// generic over the registry; it finds this in its context.
#[derive(Clone)]
pub struct MessageComponents(Arc<DrawMessage>);

type DrawMessage = dyn Fn(ComponentId, &ComponentMessage) -> AnyView + Send + Sync;

impl MessageComponents {
    fn new<X: CustomViews>(state: PageState) -> Self {
        MessageComponents(Arc::new(move |id, message| {
            message_component::<X>(&state, id, message)
        }))
    }

    /// `message`'s component, display-only, as block `id` (unique in the page).
    pub fn view(&self, id: ComponentId, message: &ComponentMessage) -> AnyView {
        (self.0)(id, message)
    }
}

fn message_component<X: CustomViews>(
    state: &PageState,
    id: ComponentId,
    message: &ComponentMessage,
) -> AnyView {
    let drawn = message_block::<X>(message)
        .map_err(|e| e.to_string())
        .and_then(|block| {
            if block.is_layout() {
                return Err(format!(
                    "a `{}` can't be shown in a message",
                    message.component
                ));
            }
            let scoped = state.standalone(id, &block, &message.value.to_json())?;
            Ok(view! { <Provider value=scoped>{component_view(&block, id)}</Provider> })
        });
    match drawn {
        Ok(view) => view.into_any(),
        Err(e) => view! { <p class="error" role="alert">{format!("This message can't be shown: {e}")}</p> }
            .into_any(),
    }
}

/// The block a chat message shows: its component, display-only.
fn message_block<X>(message: &ComponentMessage) -> Result<Block<X>, serde_json::Error>
where
    X: CustomBlocks + DeserializeOwned,
{
    let mut props = message.props.clone();
    // Nothing listens to it: a picture to look at, not an input.
    props.insert("interactive".into(), false.into());
    serde_json::from_value(serde_json::json!({"type": message.component, "props": props}))
}

/// Writes `component_view` from the registry's list of built-in blocks
/// (`ferrio_components::builtin_blocks!`): each component and static block is drawn by its
/// [`BuiltinView`], so one in the list without a view does not compile.
macro_rules! component_view {
    (
        components { $($cm:ident :: $c:ident = $cn:literal),* $(,)? }
        statics { $($sm:ident :: $s:ident = $sn:literal),* $(,)? }
        server_only { $($hm:ident :: $h:ident = $hn:literal),* $(,)? }
        layouts { $($lm:ident :: $l:ident = $ln:literal),* $(,)? }
    ) => {
        /// A component's view (any block but a layout).
        fn component_view<X: CustomViews>(block: &Block<X>, id: ComponentId) -> AnyView {
            match block {
                $(Block::$c(props) => props.clone().view(id),)*
                $(Block::$s(props) => props.clone().view(id),)*
                // Its value lives on the server; the page shows nothing of it.
                $(Block::$h(_) => ().into_any(),)*
                Block::Custom(custom) => custom.view(id),
                // Drawn by [`Renderer::layout`], with their children.
                $(Block::$l(_))|* => ().into_any(),
            }
        }

        /// The chunk of the code `component_view` draws `block` with (`None`: the core).
        fn view_chunk<X>(block: &Block<X>) -> Option<&'static str> {
            match block {
                $(Block::$c(_) => <ferrio_components::$cm::$c as BuiltinView>::CHUNK,)*
                $(Block::$s(_) => <ferrio_components::$sm::$s as BuiltinView>::CHUNK,)*
                _ => None,
            }
        }

        /// Fetches that chunk, where the bundle is split.
        fn preload_view<X>(block: &Block<X>) -> Option<Preload> {
            match block {
                $(Block::$c(_) => <ferrio_components::$cm::$c as BuiltinView>::preload(),)*
                $(Block::$s(_) => <ferrio_components::$sm::$s as BuiltinView>::preload(),)*
                _ => None,
            }
        }
    };
}

ferrio_components::builtin_blocks!(component_view);

/// The chunks of view code (`builtin_view!`) a page with `config` draws at once, which the
/// server links in the page's head so that they load with it.
pub fn view_chunks<X>(config: &Config<X>) -> BTreeSet<&'static str>
where
    X: CustomBlocks + DeserializeOwned,
{
    let mut chunks = BTreeSet::new();
    shown_at_once(config, |block| chunks.extend(view_chunk(block)));
    chunks
}

/// Fetches the view code a page with `config` draws at once, where the bundle is split: the page
/// awaits it before it hydrates, so that what it draws matches the server's HTML. One fetch per
/// kind, not per chunk: each view of a chunk has a loader of its own, which loads the chunk once
/// and knows it loaded only when asked itself.
pub fn preloads<X>(config: &Config<X>) -> Vec<Preload>
where
    X: CustomBlocks + DeserializeOwned,
{
    let mut kinds = BTreeMap::new();
    shown_at_once(config, |block| {
        if !kinds.contains_key(block.type_name()) {
            kinds.insert(block.type_name().to_owned(), preload_view(block));
        }
    });
    kinds.into_values().flatten().collect()
}

/// Calls `f` with every block of `config`, and every component shown in a chat message it
/// starts with.
fn shown_at_once<X>(config: &Config<X>, mut f: impl FnMut(&Block<X>))
where
    X: CustomBlocks + DeserializeOwned,
{
    for component in &config.components {
        let block = &component.block;
        f(block);
        let Block::Chatbot(chatbot) = block else {
            continue;
        };
        for content in chatbot.value.iter().flat_map(|message| &message.content) {
            let MessageContent::Component(shown) = content else {
                continue;
            };
            if let Ok(block) = message_block::<X>(shown) {
                f(&block);
            }
        }
    }
}
