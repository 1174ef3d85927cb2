//! Layout blocks: they hold children and have no value.

use serde::{Deserialize, Serialize};

/// Children side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    #[serde(default)]
    pub equal_height: bool,
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elem_id: Option<String>,
    #[serde(default)]
    pub elem_classes: Vec<String>,
}

/// Children stacked; inside a Row, `scale` sets its share of the width.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    #[serde(default = "one")]
    pub scale: u32,
    #[serde(default = "default_min_width")]
    pub min_width: u32,
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elem_id: Option<String>,
    #[serde(default)]
    pub elem_classes: Vec<String>,
}

/// Children drawn as one panel, without gaps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elem_id: Option<String>,
    #[serde(default)]
    pub elem_classes: Vec<String>,
}

/// Gradio wraps each run of neighbouring form components (Textbox, Number, ...) in a Form; the
/// config builder inserts these, developers don't.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form {
    #[serde(default)]
    pub scale: u32,
    #[serde(default)]
    pub min_width: u32,
}

fn yes() -> bool {
    true
}
fn one() -> u32 {
    1
}
fn default_min_width() -> u32 {
    320
}

impl Default for Row {
    fn default() -> Self {
        Row {
            equal_height: false,
            visible: true,
            elem_id: None,
            elem_classes: Vec::new(),
        }
    }
}

impl Row {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn equal_height(mut self, equal: bool) -> Self {
        self.equal_height = equal;
        self
    }
    pub fn visible(mut self, visible: bool) -> Self {
        self.visible = visible;
        self
    }
    pub fn elem_id(mut self, id: impl Into<String>) -> Self {
        self.elem_id = Some(id.into());
        self
    }
}

impl Default for Column {
    fn default() -> Self {
        Column {
            scale: 1,
            min_width: default_min_width(),
            visible: true,
            elem_id: None,
            elem_classes: Vec::new(),
        }
    }
}

impl Column {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn scale(mut self, scale: u32) -> Self {
        self.scale = scale;
        self
    }
    pub fn min_width(mut self, px: u32) -> Self {
        self.min_width = px;
        self
    }
    pub fn visible(mut self, visible: bool) -> Self {
        self.visible = visible;
        self
    }
    pub fn elem_id(mut self, id: impl Into<String>) -> Self {
        self.elem_id = Some(id.into());
        self
    }
}

impl Default for Group {
    fn default() -> Self {
        Group {
            visible: true,
            elem_id: None,
            elem_classes: Vec::new(),
        }
    }
}

impl Group {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn visible(mut self, visible: bool) -> Self {
        self.visible = visible;
        self
    }
}

/// Tabs: holds `Tab`s, of which one is shown at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tabs {
    /// The `id` (or, if tabs have none, the position) of the tab shown first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<String>,
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elem_id: Option<String>,
    #[serde(default)]
    pub elem_classes: Vec<String>,
}

impl Default for Tabs {
    fn default() -> Self {
        Tabs {
            selected: None,
            visible: true,
            elem_id: None,
            elem_classes: Vec::new(),
        }
    }
}

impl Tabs {
    pub fn new() -> Self {
        Self::default()
    }
    /// Shows the tab with this `id` first.
    pub fn selected(mut self, id: impl Into<String>) -> Self {
        self.selected = Some(id.into());
        self
    }
}

/// One page of a `Tabs`; its label is the tab's button (Gradio's `Tab`, `tabitem` in configs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tab {
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default = "yes")]
    pub interactive: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elem_id: Option<String>,
    #[serde(default)]
    pub elem_classes: Vec<String>,
}

impl Tab {
    pub fn new(label: impl Into<String>) -> Self {
        Tab {
            label: label.into(),
            id: None,
            visible: true,
            interactive: true,
            elem_id: None,
            elem_classes: Vec::new(),
        }
    }
    /// The id `Tabs::selected` refers to.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
    pub fn visible(mut self, visible: bool) -> Self {
        self.visible = visible;
        self
    }
    /// A tab that can't be switched to.
    pub fn interactive(mut self, interactive: bool) -> Self {
        self.interactive = interactive;
        self
    }
}

/// A labelled section that folds open and shut.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Accordion {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default = "yes")]
    pub open: bool,
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elem_id: Option<String>,
    #[serde(default)]
    pub elem_classes: Vec<String>,
}

impl Accordion {
    pub fn new(label: impl Into<String>) -> Self {
        Accordion {
            label: Some(label.into()),
            open: true,
            visible: true,
            elem_id: None,
            elem_classes: Vec::new(),
        }
    }
    /// Whether it starts open (Gradio's default: yes).
    pub fn open(mut self, open: bool) -> Self {
        self.open = open;
        self
    }
    pub fn visible(mut self, visible: bool) -> Self {
        self.visible = visible;
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SidebarPosition {
    #[default]
    Left,
    Right,
}

/// A panel at the side of the page that can be collapsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sidebar {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default = "yes")]
    pub open: bool,
    #[serde(default = "sidebar_width")]
    pub width: u32,
    #[serde(default)]
    pub position: SidebarPosition,
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elem_id: Option<String>,
    #[serde(default)]
    pub elem_classes: Vec<String>,
}

fn sidebar_width() -> u32 {
    320
}

impl Default for Sidebar {
    fn default() -> Self {
        Sidebar {
            label: None,
            open: true,
            width: sidebar_width(),
            position: SidebarPosition::Left,
            visible: true,
            elem_id: None,
            elem_classes: Vec::new(),
        }
    }
}

impl Sidebar {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn open(mut self, open: bool) -> Self {
        self.open = open;
        self
    }
    pub fn position(mut self, position: SidebarPosition) -> Self {
        self.position = position;
        self
    }
    pub fn width(mut self, px: u32) -> Self {
        self.width = px;
        self
    }
}
