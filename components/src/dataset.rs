//! Dataset: rows of sample values shown as a table a person clicks (Gradio's `gr.Dataset`,
//! what `gr.Examples` is drawn with). Its value is the clicked row's index; a click fires
//! `click`, whose listener loads the row into the inputs (`BlocksBuilder::examples`).

use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::Clickable;

/// A dataset's props; its wire value is the clicked row's index.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// One row per example: each input's value in its wire form (a picture is a `FileData`).
    #[serde(default)]
    pub samples: Vec<Vec<serde_json::Value>>,
    /// The columns' titles: the inputs' labels.
    #[serde(default)]
    pub headers: Vec<String>,
    /// The inputs' block types (`"textbox"`, `"image"`): how each cell is drawn.
    #[serde(default)]
    pub components: Vec<String>,
    /// How many rows one page of the table shows.
    #[serde(default = "ten")]
    pub samples_per_page: usize,
    /// Gradio's value type: the clicked row's index.
    #[serde(rename = "type", default = "index")]
    pub kind: String,
    /// The clicked row, if any.
    #[serde(default)]
    pub value: Option<usize>,
    /// The props every component has (the label is "Examples").
    #[serde(flatten)]
    pub common: CommonProps,
}

fn ten() -> usize {
    10
}

fn index() -> String {
    "index".to_owned()
}

impl Dataset {
    /// Rows of wire values, one column per input of these `components` types.
    pub fn new(
        samples: Vec<Vec<serde_json::Value>>,
        headers: Vec<String>,
        components: Vec<String>,
    ) -> Self {
        Dataset {
            samples,
            headers,
            components,
            samples_per_page: ten(),
            kind: index(),
            value: None,
            common: CommonProps {
                label: Some("Examples".to_owned()),
                ..CommonProps::default()
            },
        }
    }

    /// How many rows one page of the table shows (10 by default).
    // Not derived: at least 1.
    pub fn samples_per_page(mut self, n: usize) -> Self {
        self.samples_per_page = n.max(1);
        self
    }
}
common_builders!(Dataset);

impl Component for Dataset {
    type Data = Option<usize>;
    type Value = usize;
    const CLASS_NAME: &'static str = "Dataset";
    const EXPECTS: &'static str = "a row index";

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> Option<usize> {
        self.value
    }
    fn preprocess(&self, index: Option<usize>) -> Result<usize, ComponentError> {
        match index {
            Some(i) if i < self.samples.len() => Ok(i),
            Some(i) => Err(ComponentError::Invalid(format!(
                "there is no example {i}: there are {}",
                self.samples.len()
            ))),
            None => Err(ComponentError::Invalid("no example was picked".into())),
        }
    }
    fn postprocess(&self, index: usize) -> Result<Option<usize>, ComponentError> {
        Ok(Some(index))
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("int")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!(0)
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Clickable for Dataset {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    #[test]
    fn a_row_is_picked_by_its_index() {
        let d = Dataset::new(
            vec![vec![json!("a")], vec![json!("b")]],
            vec!["Text".into()],
            vec!["textbox".into()],
        );
        assert_eq!(d.preprocess(d.parse_data(json!(1)).unwrap()), Ok(1));
        assert!(d
            .preprocess(Some(2))
            .unwrap_err()
            .to_string()
            .contains("no example 2"));
        assert!(d.preprocess(None).is_err());
        assert!(d.parse_data(json!("x")).is_err());
        let c = serde_json::to_value(Block::from(d)).unwrap();
        assert_eq!(c["type"], "dataset");
        assert_eq!(c["props"]["type"], "index");
        assert_eq!(c["props"]["samples"], json!([["a"], ["b"]]));
        assert_eq!(c["props"]["label"], "Examples");
    }
}
