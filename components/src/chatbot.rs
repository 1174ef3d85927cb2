//! Chatbot: a conversation in Gradio 5's `messages` format — each message a role (user,
//! assistant, system), its text, and optional metadata that shows it as a titled "thought".

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::EventName;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
    System,
}

/// A message id (for nesting thoughts): Gradio takes a number or a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum MessageId {
    Number(i64),
    Text(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ThoughtStatus {
    /// Still thinking: shown open, with a spinner.
    Pending,
    /// Finished: shown folded.
    Done,
}

/// Shows a message as a "thought" (tool use, reasoning) under `title`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Metadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<MessageId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<MessageId>,
    /// Shown next to the title, subdued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<String>,
    /// Seconds, shown next to the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ThoughtStatus>,
}

/// A suggested reply under a message (Gradio's `OptionDict`: `value`, shown as `label` if
/// given). Carried on the wire; not drawn by the view yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChatOption {
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// One message, as Gradio's `Message` model has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChatMessage {
    pub role: Role,
    #[serde(default)]
    pub metadata: Option<Metadata>,
    pub content: String,
    #[serde(default)]
    pub options: Option<Vec<ChatOption>>,
}

impl ChatMessage {
    pub fn new(role: Role, content: impl Into<String>) -> Self {
        ChatMessage {
            role,
            metadata: None,
            content: content.into(),
            options: None,
        }
    }
    pub fn user(content: impl Into<String>) -> Self {
        Self::new(Role::User, content)
    }
    pub fn assistant(content: impl Into<String>) -> Self {
        Self::new(Role::Assistant, content)
    }
    pub fn system(content: impl Into<String>) -> Self {
        Self::new(Role::System, content)
    }
    /// Shows the message as a thought titled `title`.
    pub fn thought(mut self, title: impl Into<String>) -> Self {
        self.metadata.get_or_insert_with(Metadata::default).title = Some(title.into());
        self
    }
}

/// Only the `messages` format: Gradio's older `tuples` format is deprecated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatbotFormat {
    #[default]
    Messages,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Chatbot {
    #[serde(default)]
    pub value: Vec<ChatMessage>,
    #[serde(rename = "type", default)]
    pub format: ChatbotFormat,
    /// Pixels; the conversation scrolls inside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Shown while there are no messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    #[serde(flatten)]
    pub common: CommonProps,
}

impl Chatbot {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn value(mut self, messages: Vec<ChatMessage>) -> Self {
        self.value = messages;
        self
    }
    pub fn height(mut self, px: u32) -> Self {
        self.height = Some(px);
        self
    }
    pub fn placeholder(mut self, text: impl Into<String>) -> Self {
        self.placeholder = Some(text.into());
        self
    }
}
common_builders!(Chatbot);

impl Component for Chatbot {
    type Data = Vec<ChatMessage>;
    type Value = Vec<ChatMessage>;
    const CLASS_NAME: &'static str = "Chatbot";
    const EVENTS: &'static [EventName] = &[EventName::Change, EventName::Select];
    const EXPECTS: &'static str = "a list of messages with \"role\" and \"content\"";

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> Vec<ChatMessage> {
        self.value.clone()
    }
    fn preprocess(&self, data: Vec<ChatMessage>) -> Result<Vec<ChatMessage>, ComponentError> {
        Ok(data)
    }
    fn postprocess(&self, value: Vec<ChatMessage>) -> Result<Vec<ChatMessage>, ComponentError> {
        Ok(value)
    }
    /// `null` is an empty conversation (as Gradio's clear button sends it).
    fn parse_data(&self, json: serde_json::Value) -> Result<Vec<ChatMessage>, ComponentError> {
        if json.is_null() {
            return Ok(Vec::new());
        }
        Vec::<ChatMessage>::deserialize(&json)
            .map_err(|e| ComponentError::Invalid(format!("expected {}: {e}", Self::EXPECTS)))
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("list[dict(role: Literal['user', 'assistant', 'system'], content: str, metadata: dict | None, options: list | None)]")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!([{"role": "user", "metadata": null, "content": "Hello!", "options": null}])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    #[test]
    fn messages_in_gradios_shape() {
        let m = ChatMessage::assistant("Looking it up").thought("Using a tool");
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            json!({"role": "assistant", "metadata": {"title": "Using a tool"},
                   "content": "Looking it up", "options": null})
        );
        let c = Chatbot::new();
        let parsed = c
            .parse_data(json!([{"role": "user", "content": "hi"},
                               {"role": "assistant", "content": "yo", "metadata": {"id": 3, "status": "done"}}]))
            .unwrap();
        assert_eq!(parsed[0], ChatMessage::user("hi"));
        assert_eq!(
            parsed[1].metadata.as_ref().unwrap().id,
            Some(MessageId::Number(3))
        );
        assert_eq!(c.parse_data(json!(null)), Ok(vec![]));
        assert_eq!(c.read_from_flag(&c.flag(&parsed)), Ok(parsed));
    }

    #[test]
    fn bad_messages_say_what_is_wrong() {
        let c = Chatbot::new();
        let err = c
            .parse_data(json!([{"role": "robot", "content": "x"}]))
            .unwrap_err();
        assert!(err.to_string().contains("unknown variant `robot`"), "{err}");
        assert!(c.parse_data(json!("hi")).is_err());
    }

    #[test]
    fn config_and_api() {
        let v = serde_json::to_value(Block::from(Chatbot::new().height(300))).unwrap();
        assert_eq!(v["type"], "chatbot");
        assert_eq!(v["props"]["type"], "messages");
        assert_eq!(v["props"]["value"], json!([]));
        let info = Chatbot::new().api_info();
        assert_eq!(info["type"], "array");
        assert_eq!(info["items"]["$ref"], "#/$defs/ChatMessage");
        assert_eq!(
            info["$defs"]["Role"]["enum"],
            json!(["user", "assistant", "system"])
        );
    }
}
