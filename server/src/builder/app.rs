//! The built app: [`Blocks`] with its settings, and each listener as the server holds it
//! ([`BlockFunction`]).

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use ferrio_components::config::{ApiVisibility, AppMode, DependencyConfig, FooterLink, LayoutNode};
use ferrio_components::{Block, ComponentId, Dataset, ErasedCustom, FnIndex, SessionHash};

use super::examples::PendingExamples;
use super::{BlocksBuilder, ParamInfo};
use crate::files::remote::RemoteSettings;
use crate::files::FileSettings;
use crate::handler::{BatchFn, EventFn};

/// A block as the server holds it: built in, or a custom component in erased form.
pub(crate) type ServerBlock = Block<ErasedCustom>;

/// How long running events may take to finish once the server is told to stop.
pub(crate) const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);

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
    pub(crate) status_update_rate: Duration,
    pub(crate) abandoned: crate::runtime::queue::Abandoned,
    pub(crate) shutdown_grace: Duration,
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
    pub(crate) footer_links: Vec<FooterLink>,
    pub(crate) run_history: bool,
    pub(crate) fill_height: bool,
    pub(crate) fill_width: bool,
}

/// How long a session outlives its page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SessionSettings {
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
    /// Other names its endpoint answers to, undocumented ([`Listener::api_alias`]).
    ///
    /// [`Listener::api_alias`]: super::Listener::api_alias
    pub(crate) aliases: Vec<String>,
    /// For an alias, the endpoint it stands for.
    pub(crate) alias_of: Option<FnIndex>,
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

    /// Every listener, by fn_index (the order of the config's `dependencies`).
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

    /// How often, at most, an event waiting in line hears its new place and ETA (Gradio's
    /// `queue(status_update_rate=...)`; every second unless set). Its first place is sent when
    /// it joins; later ones only when its place changed. `Duration::ZERO` sends one at every
    /// move of the line, which costs a message to every event behind each start.
    pub fn status_update_rate(mut self, every: Duration) -> Self {
        self.status_update_rate = every;
        self
    }

    /// A generator whose session no client has read for `after` is cancelled (as Gradio stops
    /// the streams of a client that went away), so a closed tab doesn't hold a concurrency
    /// slot for nothing. 30 s unless set; `None`: streams run to their end.
    pub fn cancel_abandoned_streams(mut self, after: Option<Duration>) -> Self {
        self.abandoned.cancel_streams_after = after;
        self
    }

    /// An event still waiting when its turn comes is dropped if no client has read its
    /// session for `after` (it ran for nobody), and the log says so. 30 s unless set; `None`:
    /// every event runs.
    pub fn drop_abandoned_events(mut self, after: Option<Duration>) -> Self {
        self.abandoned.drop_waiting_after = after;
        self
    }

    /// How long events still running when the server is told to stop (Ctrl-C, SIGTERM) may
    /// take to finish before they fail; 20 s unless set, inside the 30 s a container runtime
    /// waits before it kills.
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
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

    /// The page's colours, radius and fonts ([`crate::theme::Theme`]; Gradio's `theme`).
    pub fn theme(mut self, theme: crate::theme::Theme) -> Self {
        self.theme = theme;
        self
    }

    /// The links in the page's footer, in order (Gradio 6's `footer_links`; all by default).
    /// Leaving out [`FooterLink::Api`] also hides the API page (5.x's `show_api=False`); the
    /// API itself still answers.
    pub fn footer_links(mut self, links: impl IntoIterator<Item = FooterLink>) -> Self {
        self.footer_links = links.into_iter().collect();
        self
    }

    /// Whether the page keeps each person's run history (Gradio 6's `run_history`; on by
    /// default): every finished call of a public endpoint, in their browser only, listed under
    /// the footer's "Runs" ([`FooterLink::Runs`]) and loaded back onto the page without
    /// running again. Nothing of it reaches the server.
    pub fn run_history(mut self, keep: bool) -> Self {
        self.run_history = keep;
        self
    }

    /// Whether the app stretches to the window's height, its last row taking what is left
    /// (Gradio's `fill_height`).
    pub fn fill_height(mut self, fill: bool) -> Self {
        self.fill_height = fill;
        self
    }

    /// Whether the app spans the window's width, without side margins (Gradio's
    /// `fill_width`).
    pub fn fill_width(mut self, fill: bool) -> Self {
        self.fill_width = fill;
        self
    }

    /// Whether the page links to the API page, and serves it.
    pub(crate) fn shows_api(&self) -> bool {
        self.footer_links.contains(&FooterLink::Api)
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

    /// The Dataset (examples table) `id`, to fill in its rows.
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

    /// Which waiting line each event joins, by fn_index: an alias its endpoint's, else the first
    /// event with its `concurrency_id`, or itself.
    pub fn concurrency_pools(&self) -> Vec<usize> {
        let mut first: HashMap<&str, usize> = HashMap::new();
        let mut pools: Vec<usize> = Vec::with_capacity(self.functions.len());
        for (i, f) in self.functions.iter().enumerate() {
            // Aliases come after every other listener: their endpoint's pool is known.
            let pool = match (f.alias_of, &f.concurrency_id) {
                (Some(of), _) => pools[of.0 as usize],
                (None, Some(id)) => *first.entry(id.as_str()).or_insert(i),
                (None, None) => i,
            };
            pools.push(pool);
        }
        pools
    }
}

impl Blocks {
    /// The initial value of `State` component `id`; `None` for other components.
    pub fn state_initial(&self, id: ComponentId) -> Option<&serde_json::Value> {
        self.states.get(&id)
    }
}

impl BlockFunction {
    /// An API-only listener at `index` that runs this one's function under another name,
    /// undocumented, in the same line and under the same limit ([`Blocks::concurrency_pools`]).
    pub(crate) fn alias(&self, index: usize, name: String) -> BlockFunction {
        let mut config = self.config.clone();
        config.id = FnIndex(index as u32);
        config.targets = Vec::new();
        config.trigger_after = None;
        config.cancels = Vec::new();
        config.js = None;
        config.api_name = Some(name);
        config.api_visibility = ApiVisibility::Undocumented;
        BlockFunction {
            config,
            inputs: self.inputs.clone(),
            outputs: self.outputs.clone(),
            parameter_names: self.parameter_names.clone(),
            concurrency_limit: self.concurrency_limit,
            concurrency_id: self.concurrency_id.clone(),
            named: true,
            run: self.run.clone(),
            batch: self.batch.clone(),
            unload: None,
            aliases: Vec::new(),
            alias_of: Some(self.config.id),
        }
    }

    pub fn api_name(&self) -> Option<&str> {
        self.config.api_name.as_deref()
    }

    /// The inputs an API caller sends, each with its parameter name (State left out).
    pub(crate) fn api_parameters(&self) -> impl Iterator<Item = (&str, &ParamInfo)> {
        self.inputs
            .iter()
            .zip(&self.parameter_names)
            .filter(|(p, _)| !p.skip_api)
            .map(|(p, name)| (name.as_str(), p))
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
