//! Layout blocks: they hold children and have no value.

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

/// Children side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct Row {
    /// Whether the children are stretched to the tallest one's height.
    #[serde(default)]
    pub equal_height: bool,
    /// Whether the row, with its children, is shown.
    #[serde(default = "yes")]
    pub visible: bool,
    /// The HTML `id` of its element, for the app's CSS and JS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(into)]
    pub elem_id: Option<String>,
    /// HTML classes added to its element, for the app's CSS.
    #[serde(default)]
    #[setters(skip)]
    pub elem_classes: Vec<String>,
}

/// Children stacked; inside a Row, `scale` sets its share of the width.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct Column {
    /// Its share of a Row's width, relative to its neighbours' (1 by default).
    #[serde(default = "one")]
    pub scale: u32,
    /// The narrowest it gets inside a Row, in pixels (320 by default): the Row wraps first.
    #[serde(default = "default_min_width")]
    pub min_width: u32,
    /// Whether the column, with its children, is shown.
    #[serde(default = "yes")]
    pub visible: bool,
    /// The HTML `id` of its element, for the app's CSS and JS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(into)]
    pub elem_id: Option<String>,
    /// HTML classes added to its element, for the app's CSS.
    #[serde(default)]
    #[setters(skip)]
    pub elem_classes: Vec<String>,
}

/// Children drawn as one panel, without gaps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
pub struct Group {
    /// Whether the group, with its children, is shown.
    #[serde(default = "yes")]
    pub visible: bool,
    /// The HTML `id` of its element, for the app's CSS and JS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(skip)]
    pub elem_id: Option<String>,
    /// HTML classes added to its element, for the app's CSS.
    #[serde(default)]
    #[setters(skip)]
    pub elem_classes: Vec<String>,
}

/// Gradio wraps each run of neighbouring form components (Textbox, Number, ...) in a Form; the
/// config builder inserts these, developers don't.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form {
    /// In a Row, its components' scales added up (their share of the Row); 0 elsewhere.
    #[serde(default)]
    pub scale: u32,
    /// In a Row, its components' minimum widths added up, in pixels; 0 elsewhere.
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
    /// A visible row; its children keep their own heights.
    pub fn new() -> Self {
        Self::default()
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
    /// A visible column of scale 1, at least 320 px wide.
    pub fn new() -> Self {
        Self::default()
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
    /// A visible group.
    pub fn new() -> Self {
        Self::default()
    }
}

/// Tabs: holds `Tab`s, of which one is shown at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct Tabs {
    /// The `id` (or, if tabs have none, the position) of the tab shown first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(into)]
    pub selected: Option<String>,
    /// Whether the tabs, with their strip of buttons, are shown.
    #[serde(default = "yes")]
    #[setters(skip)]
    pub visible: bool,
    /// The HTML `id` of its element, for the app's CSS and JS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(skip)]
    pub elem_id: Option<String>,
    /// HTML classes added to its element, for the app's CSS.
    #[serde(default)]
    #[setters(skip)]
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
    /// Tabs showing their first tab.
    pub fn new() -> Self {
        Self::default()
    }
}

/// One page of a `Tabs`; its label is the tab's button (Gradio's `Tab`, `tabitem` in configs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct Tab {
    /// The text of the tab's button.
    #[setters(skip)]
    pub label: String,
    /// The id `Tabs::selected` refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(into)]
    pub id: Option<String>,
    /// Whether its button is shown.
    #[serde(default = "yes")]
    pub visible: bool,
    /// Whether it can be switched to (its button greyed out when not).
    #[serde(default = "yes")]
    pub interactive: bool,
    /// The HTML `id` of its element, for the app's CSS and JS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(skip)]
    pub elem_id: Option<String>,
    /// HTML classes added to its element, for the app's CSS.
    #[serde(default)]
    #[setters(skip)]
    pub elem_classes: Vec<String>,
}

impl Tab {
    /// A tab whose button reads `label`.
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
}

/// A labelled section that folds open and shut.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
pub struct Accordion {
    /// The title on its bar, which opens and shuts it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(skip)]
    pub label: Option<String>,
    /// Whether it starts open (Gradio's default: yes).
    #[serde(default = "yes")]
    pub open: bool,
    /// Whether the section, with its children, is shown.
    #[serde(default = "yes")]
    pub visible: bool,
    /// The HTML `id` of its element, for the app's CSS and JS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(skip)]
    pub elem_id: Option<String>,
    /// HTML classes added to its element, for the app's CSS.
    #[serde(default)]
    #[setters(skip)]
    pub elem_classes: Vec<String>,
}

impl Accordion {
    /// An open section titled `label`.
    pub fn new(label: impl Into<String>) -> Self {
        Accordion {
            label: Some(label.into()),
            open: true,
            visible: true,
            elem_id: None,
            elem_classes: Vec::new(),
        }
    }
}

/// Which side of the page a [`Sidebar`] sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SidebarPosition {
    /// The left side (the default).
    #[default]
    Left,
    /// The right side.
    Right,
}

/// A panel at the side of the page that can be collapsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct Sidebar {
    /// The title at its top.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(into)]
    pub label: Option<String>,
    /// Whether it starts open.
    #[serde(default = "yes")]
    pub open: bool,
    /// Its width in pixels, when open (320 by default).
    #[serde(default = "sidebar_width")]
    pub width: u32,
    /// Which side of the page it sits on.
    #[serde(default)]
    pub position: SidebarPosition,
    /// Whether it is shown at all.
    #[serde(default = "yes")]
    #[setters(skip)]
    pub visible: bool,
    /// The HTML `id` of its element, for the app's CSS and JS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(skip)]
    pub elem_id: Option<String>,
    /// HTML classes added to its element, for the app's CSS.
    #[serde(default)]
    #[setters(skip)]
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
    /// An open sidebar on the left, 320 px wide, without a title.
    pub fn new() -> Self {
        Self::default()
    }
}
