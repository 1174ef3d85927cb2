//! `/gradio_api/info`: every named endpoint with its parameters and returns, in the shape
//! gradio_client's `view_api()` reads.

use std::collections::BTreeMap;

use ferrio_components::PythonType;
use serde::Serialize;

use crate::builder::ParamInfo;
use crate::builder::{BlockFunction, Blocks};

#[derive(Debug, Clone, Serialize)]
pub struct ApiInfo {
    pub named_endpoints: BTreeMap<String, EndpointInfo>,
    pub unnamed_endpoints: BTreeMap<String, EndpointInfo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndpointInfo {
    pub parameters: Vec<ParameterInfo>,
    pub returns: Vec<ReturnInfo>,
    pub show_api: bool,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParameterInfo {
    pub label: String,
    pub parameter_name: String,
    pub parameter_has_default: bool,
    pub parameter_default: Option<serde_json::Value>,
    #[serde(rename = "type")]
    pub schema: serde_json::Value,
    pub python_type: PythonType,
    pub component: &'static str,
    pub example_input: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReturnInfo {
    pub label: String,
    #[serde(rename = "type")]
    pub schema: serde_json::Value,
    pub python_type: PythonType,
    pub component: &'static str,
}

impl Blocks {
    /// The API description of every endpoint callers may use (named, not private).
    pub fn api_info(&self) -> ApiInfo {
        let named_endpoints = self
            .functions
            .iter()
            .filter(|f| f.config.show_api)
            .filter_map(|f| Some((format!("/{}", f.api_name()?), endpoint_info(f))))
            .collect();
        ApiInfo {
            named_endpoints,
            unnamed_endpoints: BTreeMap::new(),
        }
    }
}

fn endpoint_info(f: &BlockFunction) -> EndpointInfo {
    EndpointInfo {
        parameters: f
            .inputs
            .iter()
            .zip(&f.parameter_names)
            .filter(|(p, _)| !p.skip_api)
            .map(|(p, name)| ParameterInfo {
                label: label(p),
                parameter_name: name.clone(),
                parameter_has_default: p.default.is_some(),
                parameter_default: p.default.clone(),
                schema: p.api_info.clone(),
                python_type: p.python_type.clone(),
                component: p.class_name,
                example_input: p.example.clone(),
            })
            .collect(),
        returns: f
            .outputs
            .iter()
            .filter(|p| !p.skip_api)
            .map(|p| ReturnInfo {
                label: label(p),
                schema: p.api_info.clone(),
                python_type: p.python_type.clone(),
                component: p.class_name,
            })
            .collect(),
        show_api: f.config.show_api,
        description: f.config.api_description.clone().unwrap_or_default(),
    }
}

/// Gradio labels an unlabelled component with its class name ("Textbox").
fn label(p: &ParamInfo) -> String {
    p.label.clone().unwrap_or_else(|| p.class_name.to_owned())
}
