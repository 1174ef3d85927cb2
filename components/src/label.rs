//! Label: a classification result — a single label, or labels with confidences drawn as bars
//! (the top `num_top_classes`).

use derive_setters::Setters;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::Changeable;

// `#[schemars(description = "")]` keeps a doc out of `/gradio_api/info` (see `crate::schema`).
/// One class and how sure the model is of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LabelConfidence {
    /// The class.
    #[schemars(description = "")]
    pub label: String,
    /// How sure, from 0 to 1.
    #[schemars(description = "")]
    pub confidence: f64,
}

/// The wire form (Gradio's `LabelData`): the top label, and the confidences if any, highest
/// first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LabelData {
    /// The label shown large: the top class, or the text.
    #[serde(default)]
    #[schemars(description = "")]
    pub label: Option<String>,
    /// The classes with their confidences, drawn as bars; `None` for a plain label.
    #[serde(default)]
    #[schemars(description = "")]
    pub confidences: Option<Vec<LabelConfidence>>,
}

/// What a function returns to a Label (and gets from one).
#[derive(Debug, Clone, PartialEq)]
pub enum LabelValue {
    /// A single label, without confidences.
    Text(String),
    /// `(class, confidence)` in any order; the label sorts them.
    Confidences(Vec<(String, f64)>),
}

impl From<&str> for LabelValue {
    fn from(s: &str) -> Self {
        LabelValue::Text(s.to_owned())
    }
}
impl From<String> for LabelValue {
    fn from(s: String) -> Self {
        LabelValue::Text(s)
    }
}
impl<S: Into<String>> FromIterator<(S, f64)> for LabelValue {
    fn from_iter<I: IntoIterator<Item = (S, f64)>>(iter: I) -> Self {
        LabelValue::Confidences(iter.into_iter().map(|(s, c)| (s.into(), c)).collect())
    }
}

/// A label's props; its wire value is [`LabelData`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct Label {
    /// The label shown at first.
    #[serde(default)]
    #[setters(skip)]
    pub value: LabelData,
    /// How many of the highest confidences are shown (all when `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_top_classes: Option<usize>,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
}

impl Label {
    /// An empty label.
    pub fn new() -> Self {
        Self::default()
    }
    /// The value shown at first.
    // Not derived: converted as a function's output is (sorted, cut to `num_top_classes`).
    pub fn value(mut self, value: impl Into<LabelValue>) -> Self {
        if let Ok(data) = self.postprocess(value.into()) {
            self.value = data;
        }
        self
    }
}
common_builders!(Label);

impl Component for Label {
    type Data = LabelData;
    type Value = LabelValue;
    const CLASS_NAME: &'static str = "Label";
    const EXPECTS: &'static str = "an object with \"label\" and \"confidences\"";

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> LabelData {
        self.value.clone()
    }
    fn preprocess(&self, data: LabelData) -> Result<LabelValue, ComponentError> {
        Ok(match data.confidences {
            Some(c) => {
                LabelValue::Confidences(c.into_iter().map(|c| (c.label, c.confidence)).collect())
            }
            None => LabelValue::Text(data.label.unwrap_or_default()),
        })
    }
    fn postprocess(&self, value: LabelValue) -> Result<LabelData, ComponentError> {
        match value {
            LabelValue::Text(label) => Ok(LabelData {
                label: Some(label),
                confidences: None,
            }),
            LabelValue::Confidences(mut pairs) => {
                if let Some((label, c)) = pairs.iter().find(|(_, c)| !c.is_finite()) {
                    return Err(ComponentError::Invalid(format!(
                        "the confidence of {label:?} is {c}, not a finite number"
                    )));
                }
                pairs.sort_by(|a, b| b.1.total_cmp(&a.1));
                if let Some(n) = self.num_top_classes {
                    pairs.truncate(n);
                }
                Ok(LabelData {
                    label: pairs.first().map(|(l, _)| l.clone()),
                    confidences: Some(
                        pairs
                            .into_iter()
                            .map(|(label, confidence)| LabelConfidence { label, confidence })
                            .collect(),
                    ),
                })
            }
        }
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("Dict(label: str | None, confidences: List[Dict(label: str, confidence: float)] | None)")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!({"label": "cat", "confidences": [{"label": "cat", "confidence": 0.9}]})
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for Label {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    #[test]
    fn confidences_sorted_and_cut_to_the_top() {
        let l = Label::new().num_top_classes(2);
        let data = l
            .postprocess(
                [("dog", 0.2), ("cat", 0.7), ("cow", 0.1)]
                    .into_iter()
                    .collect(),
            )
            .unwrap();
        assert_eq!(
            serde_json::to_value(&data).unwrap(),
            json!({"label": "cat", "confidences": [
                {"label": "cat", "confidence": 0.7}, {"label": "dog", "confidence": 0.2}]})
        );
        assert_eq!(
            l.preprocess(data),
            Ok(LabelValue::Confidences(vec![
                ("cat".into(), 0.7),
                ("dog".into(), 0.2)
            ]))
        );
        assert!(l
            .postprocess([("x", f64::NAN)].into_iter().collect())
            .is_err());
    }

    #[test]
    fn plain_text_labels_and_flags() {
        let l = Label::new();
        let data = l.postprocess("positive".into()).unwrap();
        assert_eq!(data.label.as_deref(), Some("positive"));
        assert_eq!(l.read_from_flag(&l.flag(&data)), Ok(data));
        assert!(l.parse_data(json!({"label": 3})).is_err());
    }

    #[test]
    fn api_info_is_the_data_model_schema() {
        let info = Label::new().api_info();
        assert_eq!(info["type"], "object");
        assert_eq!(
            info["properties"]["label"]["anyOf"][1],
            json!({"type": "null"})
        );
        let conf = &info["properties"]["confidences"]["anyOf"][0];
        assert_eq!(conf["items"]["$ref"], "#/$defs/LabelConfidence");
        assert_eq!(
            info["$defs"]["LabelConfidence"]["properties"]["confidence"]["type"],
            "number"
        );
        let v = serde_json::to_value(Block::from(Label::new().value("hi"))).unwrap();
        assert_eq!(v["type"], "label");
        assert_eq!(v["props"]["value"]["label"], "hi");
    }
}
