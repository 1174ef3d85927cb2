//! What the person sends: text in a Textbox, or text and files in a MultimodalTextbox
//! ([`ChatInput`]), and how a message becomes the conversation's messages and back.

use ferrio_components::events::Stoppable;
use ferrio_components::{
    ChatMessage, MessageContent, MultimodalTextbox, MultimodalValue, Role, Textbox,
};

use crate::interface::IoComponent;

/// What the person sends: text (`String`, typed in a Textbox) or, with
/// [`ChatInterface::multimodal`], text and files ([`MultimodalValue`], a MultimodalTextbox).
pub trait ChatInput: Clone + Default + Send + Sync + 'static {
    /// The message box.
    type Box: IoComponent<Value = Self> + Stoppable;
    fn message_box() -> Self::Box;
    /// Nothing to send (spaces only, no files).
    fn is_blank(&self) -> bool;
    /// The person's messages in the conversation: its files, then its text (Gradio's order).
    fn into_messages(self) -> Vec<ChatMessage>;
    /// The message a turn's messages came from, to send again (Retry) or edit (Undo).
    fn from_messages(messages: &[ChatMessage]) -> Self;
    /// An example prompt.
    fn from_text(text: String) -> Self;
}

impl ChatInput for String {
    type Box = Textbox;
    fn message_box() -> Textbox {
        Textbox::new()
            .label("Message")
            .show_label(false)
            .placeholder("Type a message…")
            .scale(7)
            // Shown while a reply is on its way (Gradio's ChatInterface: `stop_btn`).
            .stop_btn(true)
    }
    fn is_blank(&self) -> bool {
        self.trim().is_empty()
    }
    fn into_messages(self) -> Vec<ChatMessage> {
        vec![ChatMessage::user(self)]
    }
    fn from_messages(messages: &[ChatMessage]) -> String {
        texts(messages)
    }
    fn from_text(text: String) -> String {
        text
    }
}

impl ChatInput for MultimodalValue {
    type Box = MultimodalTextbox;
    fn message_box() -> MultimodalTextbox {
        MultimodalTextbox::new()
            .label("Message")
            .show_label(false)
            .placeholder("Type a message or attach files…")
            .scale(7)
            // The interface has its own Submit button.
            .submit_btn(false)
            // Shown while a reply is on its way (Gradio's ChatInterface: `stop_btn`).
            .stop_btn(true)
    }
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
    /// One message of the files, then the text, as Gradio 6 groups them.
    fn into_messages(self) -> Vec<ChatMessage> {
        let mut blocks: Vec<MessageContent> = self.files.into_iter().map(Into::into).collect();
        if !self.text.trim().is_empty() {
            blocks.push(self.text.into());
        }
        if blocks.is_empty() {
            return Vec::new();
        }
        vec![ChatMessage {
            role: Role::User,
            metadata: None,
            content: blocks,
            options: None,
        }]
    }
    fn from_messages(messages: &[ChatMessage]) -> MultimodalValue {
        MultimodalValue {
            text: texts(messages),
            files: messages
                .iter()
                .flat_map(|m| &m.content)
                .filter_map(MessageContent::file)
                .map(|f| f.path.clone().into())
                .collect(),
        }
    }
    fn from_text(text: String) -> MultimodalValue {
        MultimodalValue::text(text)
    }
}

/// The text blocks' text, one per line.
fn texts(messages: &[ChatMessage]) -> String {
    messages
        .iter()
        .flat_map(|m| &m.content)
        .filter_map(MessageContent::text)
        .collect::<Vec<_>>()
        .join("\n")
}
