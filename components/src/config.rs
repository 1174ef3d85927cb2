//! Gradio 6's `/config` JSON: what the browser renders and what gradio_client reads to find
//! endpoints. Field names and shapes follow the capture from Gradio 6.31.0; clients written for
//! 5.x read it too.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Block, ComponentId, CustomBlocks, EventName, FnIndex, NoCustom};

/// `X`: the app's registry of custom components ([`crate::custom_blocks!`]), if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(
    serialize = "X: Serialize",
    deserialize = "X: serde::de::DeserializeOwned"
))]
pub struct Config<X = NoCustom> {
    /// The Gradio version whose protocol the app speaks: gradio_client checks it.
    pub version: String,
    /// Where the API routes are mounted (`/gradio_api`).
    pub api_prefix: String,
    /// What built the app: Blocks, or one of Gradio's ready-made interfaces.
    pub mode: AppMode,
    /// A random id of this run of the app.
    pub app_id: u64,
    /// Gradio's reload mode (the page reloads when the source changes); always off here.
    pub dev_mode: bool,
    /// Gradio's in-browser app editor; always off here.
    pub vibe_mode: bool,
    /// Whether Gradio's usage analytics are sent; always off here.
    pub analytics_enabled: bool,
    /// Every block of the app, with its id and props.
    pub components: Vec<ComponentConfig<X>>,
    /// The app's own CSS, added to the page (`None`: none).
    pub css: Option<String>,
    /// Whether the page keeps a heartbeat stream open, so that the server sees it leave (for
    /// per-session state and `unload` listeners).
    pub connect_heartbeat: bool,
    /// JavaScript the page runs when it loads (`None`: none).
    pub js: Option<String>,
    /// HTML added to the page's `<head>` (`None`: none).
    pub head: Option<String>,
    /// The browser tab's title.
    pub title: String,
    /// The Hugging Face Space the app runs in, if any.
    pub space_id: Option<String>,
    /// Whether events go through the queue (always, since Gradio 5).
    pub enable_queue: bool,
    /// Whether a function's error message is shown in the page.
    pub show_error: bool,
    /// The links in the page's footer, in order (Gradio 6; 5.x's `show_api` was the first).
    pub footer_links: Vec<FooterLink>,
    /// Whether the browser keeps a history of the person's runs (Gradio 6's run history page);
    /// Ferrio keeps none yet, so `false`.
    pub run_history: bool,
    /// Whether the app runs in Google Colab.
    pub is_colab: bool,
    /// The largest upload accepted, in bytes (`None`: no limit).
    pub max_file_size: Option<u64>,
    /// Extra stylesheets the page loads.
    pub stylesheets: Vec<String>,
    /// The theme's name (`"default"`, or `"custom"`).
    pub theme: String,
    /// The queue protocol the clients speak.
    pub protocol: Protocol,
    /// The page's background and text colours, before the theme's CSS arrives.
    pub body_css: BodyCss,
    /// Whether the app stretches to the window's height.
    pub fill_height: bool,
    /// Whether the app stretches to the window's width (no side margins).
    pub fill_width: bool,
    /// Names the version of the theme's CSS (`/theme.css?v=...`), so the page can cache it.
    pub theme_hash: String,
    /// Whether the app can be installed as a progressive web app.
    pub pwa: bool,
    /// `[[route, title, show_in_navbar]]`.
    pub pages: Vec<(String, String, bool)>,
    /// Each page's layout, components and listeners, by route (`""` is the main page).
    pub page: BTreeMap<String, PageConfig>,
    /// Whether the app is also served as an MCP server; always off here.
    pub mcp_server: bool,
    /// The app's translations of its texts, by language.
    pub i18n_translations: Option<serde_json::Value>,
    /// Every event listener, by its `fn_index`.
    pub dependencies: Vec<DependencyConfig>,
    /// The layout tree: which blocks hold which.
    pub layout: LayoutNode,
    /// The signed-in person's name, when the app asks for a login.
    pub username: Option<String>,
    /// The URL the app is served at, as the request reached us.
    pub root: String,
}

impl<X: CustomBlocks> Config<X> {
    /// The block with this id.
    pub fn component(&self, id: ComponentId) -> Option<&ComponentConfig<X>> {
        self.components.iter().find(|c| c.id == id)
    }
}

/// What built the app (Gradio's `mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppMode {
    /// Laid out block by block.
    Blocks,
    /// An `Interface`: a function's inputs, its outputs, and a Submit button.
    Interface,
    /// A `ChatInterface`: a chatbot around a chat function.
    ChatInterface,
    /// A `TabbedInterface`: several interfaces, one per tab.
    TabbedInterface,
}

/// Only `sse_v3` exists for Ferrio: gradio_client 1.x requires it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Protocol {
    /// Join with a POST, then read one SSE stream per session.
    #[serde(rename = "sse_v3")]
    SseV3,
}

/// The page's colours before the theme's CSS has loaded, so it doesn't flash white in dark mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyCss {
    /// The background, in light mode.
    pub body_background_fill: String,
    /// The text colour, in light mode.
    pub body_text_color: String,
    /// The background, in dark mode.
    pub body_background_fill_dark: String,
    /// The text colour, in dark mode.
    pub body_text_color_dark: String,
}

impl Default for BodyCss {
    fn default() -> Self {
        BodyCss {
            body_background_fill: "white".into(),
            body_text_color: "#27272a".into(),
            body_background_fill_dark: "#0f0f11".into(),
            body_text_color_dark: "#f4f4f5".into(),
        }
    }
}

/// One page of a multipage app: what it shows and which listeners run on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageConfig {
    /// The page's layout tree.
    pub layout: LayoutNode,
    /// The blocks on the page.
    pub components: Vec<ComponentId>,
    /// The listeners of its blocks' events.
    pub dependencies: Vec<FnIndex>,
}

/// One entry of `components[]`: the block (`type` + `props`) and what the API docs need.
/// Serialized in Gradio 6's key order, with [`SharedProps`] written into `props`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(bound(deserialize = "X: serde::de::DeserializeOwned"))]
pub struct ComponentConfig<X = NoCustom> {
    /// The block's id, as the layout and the listeners name it.
    pub id: ComponentId,
    /// Its `type` and `props`.
    #[serde(flatten)]
    pub block: Block<X>,
    /// The props Gradio 6 gives every block besides its own (not read back: the page has
    /// them from the block and the listeners).
    #[serde(skip)]
    pub shared: SharedProps,
    /// Whether it stays out of the API docs (layouts, buttons, State).
    pub skip_api: bool,
    /// An id of the block's class, the same for every block of that type.
    pub component_class_id: String,
    /// Gradio's `key` (keeps a re-rendered block's value); always `None` here.
    pub key: Option<serde_json::Value>,
    /// The JSON schema of its wire data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_info: Option<serde_json::Value>,
    /// The schema of its data as an input (the same as `api_info` here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_info_as_input: Option<serde_json::Value>,
    /// The schema of its data as an output (the same as `api_info` here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_info_as_output: Option<serde_json::Value>,
    /// An example of its wire data, for the API docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example_inputs: Option<serde_json::Value>,
}

/// The props Gradio 6 writes into every block's `props`: no client reads them, but a config
/// without them isn't one Gradio 6 sends.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SharedProps {
    /// The block's type name again (Gradio's `name`).
    pub name: String,
    /// For a component (not a layout): whether a listener of its `select` event is attached
    /// (Gradio's `_selectable`).
    pub selectable: Option<bool>,
    /// The props a re-render keeps when the block has a `key` (`["value"]` for a component,
    /// none for a layout).
    pub preserved_by_key: Vec<String>,
}

impl<X: Serialize> Serialize for ComponentConfig<X> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeMap};
        let block = serde_json::to_value(&self.block).map_err(S::Error::custom)?;
        let (kind, mut props) = match block {
            serde_json::Value::Object(mut b) => (
                b.remove("type").unwrap_or_default(),
                b.remove("props").unwrap_or_default(),
            ),
            other => {
                return Err(S::Error::custom(format!(
                    "a block is not an object: {other}"
                )))
            }
        };
        // Added, never replacing a prop of the block's own (a custom component may have a
        // `name`).
        if let serde_json::Value::Object(props) = &mut props {
            let shared = &self.shared;
            props
                .entry("preserved_by_key")
                .or_insert_with(|| serde_json::json!(shared.preserved_by_key));
            props
                .entry("name")
                .or_insert_with(|| shared.name.clone().into());
            if let Some(selectable) = shared.selectable {
                props.entry("_selectable").or_insert(selectable.into());
            }
        }
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("type", &kind)?;
        m.serialize_entry("props", &props)?;
        m.serialize_entry("skip_api", &self.skip_api)?;
        m.serialize_entry("component_class_id", &self.component_class_id)?;
        m.serialize_entry("key", &self.key)?;
        for (key, value) in [
            ("api_info", &self.api_info),
            ("api_info_as_input", &self.api_info_as_input),
            ("api_info_as_output", &self.api_info_as_output),
            ("example_inputs", &self.example_inputs),
        ] {
            if let Some(value) = value {
                m.serialize_entry(key, value)?;
            }
        }
        m.end()
    }
}

/// `{"id": 0, "children": [...]}`; leaves have no `children`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayoutNode {
    /// The block at this place of the tree.
    pub id: ComponentId,
    /// The blocks it holds, in order; `None` for a component.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<LayoutNode>>,
}

/// How a running event shows its progress on its outputs (Gradio's `show_progress`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShowProgress {
    /// A spinner, the queue position and the time elapsed, over the outputs.
    #[default]
    Full,
    /// Only the time elapsed, without covering the outputs.
    Minimal,
    /// Nothing.
    Hidden,
}

/// What a listener does when its event fires again while it runs (Gradio's `trigger_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerMode {
    /// Ignores the new firing.
    #[default]
    Once,
    /// Runs again for each one.
    Multiple,
    /// Runs once more when the current run ends, with the latest values.
    AlwaysLast,
}

/// Who sees and who may call a listener's endpoint (Gradio 6's `api_visibility`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiVisibility {
    /// Listed in `/info` and the API page, and callable by name.
    #[default]
    Public,
    /// Callable by name (`/call/<name>`, `client.predict(api_name=...)`), but not listed.
    Undocumented,
    /// Neither listed nor callable by name: only the page's own events run it.
    Private,
}

impl ApiVisibility {
    /// Whether `/info` and the API page list it.
    pub fn is_listed(self) -> bool {
        self == ApiVisibility::Public
    }

    /// Whether a client may call it by its `api_name`.
    pub fn is_callable(self) -> bool {
        self != ApiVisibility::Private
    }
}

/// A link in the page's footer (Gradio 6's `footer_links`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FooterLink {
    /// "Use via API": the API page.
    Api,
    /// "Built with ...": who made the framework.
    Gradio,
    /// The settings: here, the light/dark switch.
    Settings,
    /// The person's run history (shown only where the app keeps one).
    Runs,
}

impl FooterLink {
    /// Gradio 6's default: every link.
    pub const ALL: [FooterLink; 4] = [
        FooterLink::Api,
        FooterLink::Gradio,
        FooterLink::Settings,
        FooterLink::Runs,
    ];
}

/// What kind of function a listener runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DependencyTypes {
    /// It streams: several results, each sent as it comes.
    pub generator: bool,
    /// It only cancels other listeners' runs.
    pub cancel: bool,
}

/// One entry of `dependencies[]`: an event listener. Its `id` is the `fn_index` clients send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DependencyConfig {
    /// The listener's `fn_index`.
    pub id: FnIndex,
    /// What fires it: a component's event, or (no component) the session's `unload`.
    pub targets: Vec<(Option<ComponentId>, EventName)>,
    /// The components whose values it takes, in order.
    pub inputs: Vec<ComponentId>,
    /// The components its results go to, in order.
    pub outputs: Vec<ComponentId>,
    /// Whether it runs a function on the server (not only JavaScript in the page).
    pub backend_fn: bool,
    /// JavaScript the page runs first, on the inputs.
    pub js: Option<String>,
    /// Whether its runs wait in the queue.
    pub queue: bool,
    /// Its endpoint's name in the API (`/predict`), if it has one.
    pub api_name: Option<String>,
    /// What its endpoint does, for the API docs.
    pub api_description: Option<String>,
    /// Whether the page scrolls to the outputs when it finishes.
    pub scroll_to_output: bool,
    /// How its progress shows on the outputs.
    pub show_progress: ShowProgress,
    /// The components that show its progress, when not its outputs.
    pub show_progress_on: Option<Vec<ComponentId>>,
    /// Whether the function takes several requests' inputs at once (Gradio's `batch`).
    pub batch: bool,
    /// The most requests one batched call takes.
    pub max_batch_size: u32,
    /// The listeners whose runs it cancels when it fires.
    pub cancels: Vec<FnIndex>,
    /// Whether it streams, or only cancels.
    pub types: DependencyTypes,
    /// Whether the page sends the event's data (`select`, `like`) with its inputs.
    pub collects_event_data: bool,
    /// The listener whose end fires it (a `.then()`), if any.
    pub trigger_after: Option<FnIndex>,
    /// With `trigger_after`: only when that run succeeded (`.success()`).
    pub trigger_only_on_success: bool,
    /// With `trigger_after`: only when that run failed.
    pub trigger_only_on_failure: bool,
    /// What it does when its event fires again while it runs.
    pub trigger_mode: TriggerMode,
    /// Whether its endpoint is listed in the API docs, and callable by its name.
    pub api_visibility: ApiVisibility,
    /// The `gr.render` block it was created in, if any.
    pub rendered_in: Option<ComponentId>,
    /// The id of the `gr.render` run that created it, if any.
    pub render_id: Option<u32>,
    /// How results travel: `"sse"`.
    pub connection: String,
    /// The longest a streaming run may last, in seconds (`None`: no limit).
    pub time_limit: Option<f64>,
    /// How often a streaming input sends its data, in seconds.
    pub stream_every: f64,
    /// The names of the event's own arguments (Gradio's `event_specific_args`).
    pub event_specific_args: Option<Vec<String>>,
    /// Which of `inputs` pass a component's props rather than its value (Gradio 6); none here.
    pub component_prop_inputs: Vec<usize>,
    /// JavaScript that replaces the function, run in the page.
    pub js_implementation: Option<String>,
}

impl DependencyConfig {
    /// A listener with Gradio's defaults for everything but what identifies it.
    pub fn new(
        id: FnIndex,
        targets: Vec<(Option<ComponentId>, EventName)>,
        inputs: Vec<ComponentId>,
        outputs: Vec<ComponentId>,
    ) -> Self {
        DependencyConfig {
            id,
            targets,
            inputs,
            outputs,
            backend_fn: true,
            js: None,
            queue: true,
            api_name: None,
            api_description: None,
            scroll_to_output: false,
            show_progress: ShowProgress::Full,
            show_progress_on: None,
            batch: false,
            max_batch_size: 4,
            cancels: Vec::new(),
            types: DependencyTypes::default(),
            collects_event_data: false,
            trigger_after: None,
            trigger_only_on_success: false,
            trigger_only_on_failure: false,
            trigger_mode: TriggerMode::Once,
            api_visibility: ApiVisibility::Public,
            rendered_in: None,
            render_id: None,
            connection: "sse".into(),
            time_limit: None,
            stream_every: 0.5,
            event_specific_args: None,
            component_prop_inputs: Vec::new(),
            js_implementation: None,
        }
    }

    /// Whether `event` of component `id` fires it.
    pub fn is_triggered_by(&self, id: ComponentId, event: EventName) -> bool {
        self.targets
            .iter()
            .any(|&(t, e)| t == Some(id) && e == event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn component_entries_carry_gradio_6_shared_props_in_its_order() {
        let entry = ComponentConfig::<NoCustom> {
            id: ComponentId(1),
            block: Block::Textbox(crate::Textbox::new()),
            shared: SharedProps {
                name: "textbox".into(),
                selectable: Some(true),
                preserved_by_key: vec!["value".into()],
            },
            skip_api: false,
            component_class_id: "c".into(),
            key: None,
            api_info: Some(json!({"type": "string"})),
            api_info_as_input: None,
            api_info_as_output: None,
            example_inputs: None,
        };
        let v = serde_json::to_value(&entry).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(
            keys,
            [
                "id",
                "type",
                "props",
                "skip_api",
                "component_class_id",
                "key",
                "api_info"
            ]
        );
        assert_eq!(v["props"]["name"], "textbox");
        assert_eq!(v["props"]["_selectable"], true);
        assert_eq!(v["props"]["preserved_by_key"], json!(["value"]));
        // The page reads it back as the block it was.
        let back: ComponentConfig = serde_json::from_value(v).unwrap();
        assert_eq!(back.block, entry.block);

        // A layout has no `_selectable`.
        let mut layout = entry.clone();
        layout.block = Block::Row(crate::Row::default());
        layout.shared = SharedProps {
            name: "row".into(),
            selectable: None,
            preserved_by_key: Vec::new(),
        };
        let v = serde_json::to_value(&layout).unwrap();
        assert!(v["props"].get("_selectable").is_none(), "{v}");
        assert_eq!(v["props"]["preserved_by_key"], json!([]));
    }

    #[test]
    fn visibility_and_footer_links_are_gradio_6_strings() {
        let seen = serde_json::to_value([
            ApiVisibility::Public,
            ApiVisibility::Undocumented,
            ApiVisibility::Private,
        ])
        .unwrap();
        assert_eq!(seen, json!(["public", "undocumented", "private"]));
        assert!(
            ApiVisibility::Undocumented.is_callable() && !ApiVisibility::Undocumented.is_listed()
        );
        assert!(!ApiVisibility::Private.is_callable());
        assert_eq!(
            serde_json::to_value(FooterLink::ALL).unwrap(),
            json!(["api", "gradio", "settings", "runs"])
        );
        let dep = DependencyConfig::new(FnIndex(0), Vec::new(), Vec::new(), Vec::new());
        let v = serde_json::to_value(dep).unwrap();
        assert_eq!(v["api_visibility"], "public");
        assert_eq!(v["component_prop_inputs"], json!([]));
        assert!(v.get("show_api").is_none() && v.get("like_user_message").is_none());
    }
}
