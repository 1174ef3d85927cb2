//! The `/config` a Blocks app serves: what the browser renders and what gradio_client reads.

use std::collections::{BTreeMap, HashSet};

use ferrio_components::config::{
    BodyCss, ComponentConfig, LayoutNode, PageConfig, Protocol, SharedProps,
};
use ferrio_components::{ComponentId, Config, ErasedCustom, EventName, GRADIO_VERSION};

use crate::builder::{Blocks, ServerBlock};

/// Names a version of `/theme.css`, so that the page's link to it can be cached for good.
fn theme_hash(css: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(css.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Where Gradio mounts its API routes.
pub(crate) const API_PREFIX: &str = "/gradio_api";

impl Blocks {
    /// The app's config; `root` is the URL it is served at (empty when unknown).
    pub fn config(&self, root: &str) -> Config<ErasedCustom> {
        let dependencies: Vec<_> = self.functions.iter().map(|f| f.config.clone()).collect();
        let selected: HashSet<ComponentId> = dependencies
            .iter()
            .flat_map(|d| &d.targets)
            .filter_map(|(id, event)| id.filter(|_| *event == EventName::Select))
            .collect();
        let components: Vec<ComponentConfig<ErasedCustom>> = self
            .blocks
            .iter()
            .map(|(id, block)| component_config(*id, block, selected.contains(id)))
            .collect();
        let page = PageConfig {
            layout: self.layout.clone(),
            components: components.iter().map(|c| c.id).collect(),
            dependencies: dependencies.iter().map(|d| d.id).collect(),
        };
        Config {
            version: GRADIO_VERSION.to_owned(),
            api_prefix: API_PREFIX.to_owned(),
            mode: self.mode,
            app_id: self.app_id,
            dev_mode: false,
            vibe_mode: false,
            analytics_enabled: false,
            components,
            // Gradio 6 sends `null` for what the app didn't set.
            css: Some(self.css.clone()).filter(|c| !c.is_empty()),
            connect_heartbeat: self.connects_heartbeat(),
            js: None,
            head: Some(self.head.clone()).filter(|h| !h.is_empty()),
            title: self.title.clone(),
            space_id: None,
            enable_queue: true,
            show_error: true,
            footer_links: self.footer_links.clone(),
            run_history: self.run_history,
            is_colab: false,
            max_file_size: self.files.max_file_size,
            stylesheets: Vec::new(),
            theme: if self.theme == crate::theme::Theme::default() {
                "default".to_owned()
            } else {
                "custom".to_owned()
            },
            protocol: Protocol::SseV3,
            body_css: BodyCss::default(),
            fill_height: self.fill_height,
            fill_width: self.fill_width,
            theme_hash: theme_hash(&self.theme_css()),
            pwa: false,
            pages: vec![(String::new(), "Home".to_owned(), true)],
            page: BTreeMap::from([(String::new(), page)]),
            mcp_server: false,
            i18n_translations: None,
            dependencies,
            layout: self.layout.clone(),
            username: None,
            root: root.to_owned(),
        }
    }

    /// The layout tree, for tests and tools.
    pub fn layout(&self) -> &LayoutNode {
        &self.layout
    }
}

fn component_config(
    id: ComponentId,
    block: &ServerBlock,
    selected: bool,
) -> ComponentConfig<ErasedCustom> {
    let api = if block.skip_api() {
        None
    } else {
        block.api_schema()
    };
    let (api_info, example_inputs) = match api {
        Some((info, example)) => (Some(info), Some(example)),
        None => (None, None),
    };
    // As Gradio 6: a component keeps its value across re-renders, a layout keeps nothing.
    let shared = if block.is_layout() {
        SharedProps {
            name: block.type_name().to_owned(),
            selectable: None,
            preserved_by_key: Vec::new(),
        }
    } else {
        SharedProps {
            name: block.type_name().to_owned(),
            selectable: Some(selected),
            preserved_by_key: vec!["value".to_owned()],
        }
    };
    ComponentConfig {
        id,
        block: block.clone(),
        shared,
        skip_api: block.skip_api(),
        component_class_id: class_id(block.type_name()),
        key: None,
        api_info_as_input: api_info.clone(),
        api_info_as_output: api_info.clone(),
        api_info,
        example_inputs,
    }
}

/// A stable id per component class (Gradio hashes the class's source; any stable string works).
fn class_id(type_name: &str) -> String {
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let hash = type_name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}
