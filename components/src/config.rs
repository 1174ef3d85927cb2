//! Gradio 5's `/config` JSON: what the browser renders and what gradio_client reads to find
//! endpoints. Field names and shapes follow the capture from Gradio 5.49.1.

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
    /// A Gradio-5 version string: gradio_client checks it.
    pub version: String,
    pub api_prefix: String,
    pub mode: AppMode,
    pub app_id: u64,
    pub dev_mode: bool,
    pub vibe_mode: bool,
    pub analytics_enabled: bool,
    pub components: Vec<ComponentConfig<X>>,
    pub css: String,
    pub connect_heartbeat: bool,
    pub js: String,
    pub head: String,
    pub title: String,
    pub space_id: Option<String>,
    pub enable_queue: bool,
    pub show_error: bool,
    pub show_api: bool,
    pub is_colab: bool,
    pub max_file_size: Option<u64>,
    pub stylesheets: Vec<String>,
    pub theme: String,
    pub protocol: Protocol,
    pub body_css: BodyCss,
    pub fill_height: bool,
    pub fill_width: bool,
    pub theme_hash: String,
    pub pwa: bool,
    /// `[[route, title, show_in_navbar]]`.
    pub pages: Vec<(String, String, bool)>,
    pub page: BTreeMap<String, PageConfig>,
    pub mcp_server: bool,
    pub i18n_translations: Option<serde_json::Value>,
    pub dependencies: Vec<DependencyConfig>,
    pub layout: LayoutNode,
    pub username: Option<String>,
    /// The URL the app is served at, as the request reached us.
    pub root: String,
}

impl<X: CustomBlocks> Config<X> {
    pub fn component(&self, id: ComponentId) -> Option<&ComponentConfig<X>> {
        self.components.iter().find(|c| c.id == id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppMode {
    Blocks,
    Interface,
    ChatInterface,
    TabbedInterface,
}

/// Only `sse_v3` exists for Ferrio: gradio_client 1.x requires it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Protocol {
    #[serde(rename = "sse_v3")]
    SseV3,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyCss {
    pub body_background_fill: String,
    pub body_text_color: String,
    pub body_background_fill_dark: String,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageConfig {
    pub layout: LayoutNode,
    pub components: Vec<ComponentId>,
    pub dependencies: Vec<FnIndex>,
}

/// One entry of `components[]`: the block (`type` + `props`) and what the API docs need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(
    serialize = "X: Serialize",
    deserialize = "X: serde::de::DeserializeOwned"
))]
pub struct ComponentConfig<X = NoCustom> {
    pub id: ComponentId,
    #[serde(flatten)]
    pub block: Block<X>,
    pub skip_api: bool,
    pub component_class_id: String,
    pub key: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_info: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_info_as_input: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_info_as_output: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example_inputs: Option<serde_json::Value>,
}

/// `{"id": 0, "children": [...]}`; leaves have no `children`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayoutNode {
    pub id: ComponentId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<LayoutNode>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShowProgress {
    #[default]
    Full,
    Minimal,
    Hidden,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerMode {
    #[default]
    Once,
    Multiple,
    AlwaysLast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DependencyTypes {
    pub generator: bool,
    pub cancel: bool,
}

/// One entry of `dependencies[]`: an event listener. Its `id` is the `fn_index` clients send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DependencyConfig {
    pub id: FnIndex,
    /// What fires it: a component's event, or (no component) the session's `unload`.
    pub targets: Vec<(Option<ComponentId>, EventName)>,
    pub inputs: Vec<ComponentId>,
    pub outputs: Vec<ComponentId>,
    pub backend_fn: bool,
    pub js: Option<String>,
    pub queue: bool,
    pub api_name: Option<String>,
    pub api_description: Option<String>,
    pub scroll_to_output: bool,
    pub show_progress: ShowProgress,
    pub show_progress_on: Option<Vec<ComponentId>>,
    pub batch: bool,
    pub max_batch_size: u32,
    pub cancels: Vec<FnIndex>,
    pub types: DependencyTypes,
    pub collects_event_data: bool,
    pub trigger_after: Option<FnIndex>,
    pub trigger_only_on_success: bool,
    pub trigger_only_on_failure: bool,
    pub trigger_mode: TriggerMode,
    pub show_api: bool,
    pub rendered_in: Option<ComponentId>,
    pub render_id: Option<u32>,
    pub connection: String,
    pub time_limit: Option<f64>,
    pub stream_every: f64,
    pub like_user_message: bool,
    pub event_specific_args: Option<Vec<String>>,
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
            show_api: true,
            rendered_in: None,
            render_id: None,
            connection: "sse".into(),
            time_limit: None,
            stream_every: 0.5,
            like_user_message: false,
            event_specific_args: None,
            js_implementation: None,
        }
    }

    pub fn is_triggered_by(&self, id: ComponentId, event: EventName) -> bool {
        self.targets
            .iter()
            .any(|&(t, e)| t == Some(id) && e == event)
    }
}
