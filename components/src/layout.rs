//! Layout blocks: they hold children and have no value.

use serde::{Deserialize, Serialize};

use crate::Block;

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

impl From<Row> for Block {
    fn from(r: Row) -> Block {
        Block::Row(r)
    }
}
impl From<Column> for Block {
    fn from(c: Column) -> Block {
        Block::Column(c)
    }
}
impl From<Group> for Block {
    fn from(g: Group) -> Block {
        Block::Group(g)
    }
}
impl From<Form> for Block {
    fn from(f: Form) -> Block {
        Block::Form(f)
    }
}
