//! `/gradio_api/info`: every named endpoint with its parameters and returns, in the shape
//! gradio_client's `view_api()` reads.

use std::collections::BTreeMap;

use ferrio_components::config::ApiVisibility;
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
    pub api_visibility: ApiVisibility,
    pub description: String,
    /// The call in each language, by the API page's `data-lang` (Gradio 6's `code_snippets`,
    /// sent by the plain `/info` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_snippets: Option<BTreeMap<&'static str, String>>,
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

/// Which endpoints an API description lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Listing {
    /// The public ones: what the API page shows.
    Public,
    /// What `/info` gives clients: the public ones, and the old names that still answer
    /// ([`crate::builder::Listener::api_alias`]), so that code written for them keeps working
    /// with keyword arguments too.
    Clients,
    /// Every one a client may call by name, undocumented ones too (`?all_endpoints=true`).
    Callable,
}

impl Blocks {
    /// The API description of the public endpoints.
    pub fn api_info(&self) -> ApiInfo {
        self.api_info_of(Listing::Public)
    }

    pub(crate) fn api_info_of(&self, listing: Listing) -> ApiInfo {
        let named_endpoints = self
            .functions
            .iter()
            .filter(|f| match listing {
                Listing::Public => f.config.api_visibility.is_listed(),
                Listing::Clients => f.config.api_visibility.is_listed() || f.alias_of.is_some(),
                Listing::Callable => f.config.api_visibility.is_callable(),
            })
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
            .api_parameters()
            .map(|(name, p)| ParameterInfo {
                label: label(p),
                parameter_name: name.to_owned(),
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
        api_visibility: f.config.api_visibility,
        description: f.config.api_description.clone().unwrap_or_default(),
        code_snippets: None,
    }
}

/// Why `/call/v2`'s keyword arguments don't fit an endpoint.
#[derive(Debug, thiserror::Error)]
pub(crate) enum KeywordError {
    #[error("has no parameter `{name}`; its parameters: {expected}")]
    Unknown { name: String, expected: String },
    #[error("needs a value for its parameter `{0}`")]
    Missing(String),
}

impl BlockFunction {
    /// `/call/v2`'s keyword arguments as the inputs `/call` takes, in order: named as `/info`'s
    /// `parameter_name`s, a left-out one taking its default.
    pub(crate) fn inputs_from_keywords(
        &self,
        mut kwargs: serde_json::Map<String, serde_json::Value>,
    ) -> Result<Vec<serde_json::Value>, KeywordError> {
        let params: Vec<_> = self.api_parameters().collect();
        if let Some(unknown) = kwargs.keys().find(|k| !params.iter().any(|(n, _)| n == k)) {
            let expected: Vec<_> = params.iter().map(|(n, _)| format!("`{n}`")).collect();
            return Err(KeywordError::Unknown {
                name: unknown.clone(),
                expected: match expected.is_empty() {
                    true => "none".to_owned(),
                    false => expected.join(", "),
                },
            });
        }
        params
            .iter()
            .map(|(name, param)| {
                kwargs
                    .remove(*name)
                    .or_else(|| param.default.clone())
                    .ok_or_else(|| KeywordError::Missing((*name).to_owned()))
            })
            .collect()
    }
}

/// Gradio labels an unlabelled component with its class name ("Textbox").
fn label(p: &ParamInfo) -> String {
    p.label.clone().unwrap_or_else(|| p.class_name.to_owned())
}
