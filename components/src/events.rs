//! The events a component can trigger, as Gradio names them on the wire (`targets: [[3, "click"]]`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventName {
    Click,
    Change,
    Input,
    Submit,
    Focus,
    Blur,
    /// A slider's handle let go.
    Release,
}

impl EventName {
    pub fn as_str(self) -> &'static str {
        match self {
            EventName::Click => "click",
            EventName::Change => "change",
            EventName::Input => "input",
            EventName::Submit => "submit",
            EventName::Focus => "focus",
            EventName::Blur => "blur",
            EventName::Release => "release",
        }
    }
}
