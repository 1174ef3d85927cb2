//! What a chat function answers (Gradio's ChatInterface takes a string, a message, a list of
//! messages, a file or a component): text, a thought, a picture, a table, several messages in
//! a row. Each becomes the assistant's messages of the turn; a streaming function yields the
//! reply so far, each item replacing the one before.

use std::path::PathBuf;

use ferrio_components::{ChatMessage, ComponentMessage, FileData, MessageContent, Role};

use crate::handler::{HandlerOutput, RunError};

/// A chat function's answer. Functions return what they have (`String`, [`ChatMessage`],
/// `Vec<ChatMessage>`, [`MessageContent`], [`ComponentMessage`], [`FileData`], a `PathBuf`
/// to a file, or a `Result` of any of them); it becomes this.
#[derive(Debug, Clone, PartialEq)]
pub enum ChatReply {
    /// Text (Markdown unless the Chatbot says otherwise): one message from the assistant.
    Text(String),
    /// One message as built: a thought with its metadata, a file, a component.
    Message(Box<ChatMessage>),
    /// Several messages: thoughts (tool use, reasoning) and then the answer, say.
    Messages(Vec<ChatMessage>),
}

impl ChatReply {
    /// The assistant's messages in the conversation: every one is the assistant's, whatever
    /// role it was given (as in Gradio).
    pub fn into_messages(self) -> Vec<ChatMessage> {
        let messages = match self {
            ChatReply::Text(text) => vec![ChatMessage::assistant(text)],
            ChatReply::Message(message) => vec![*message],
            ChatReply::Messages(messages) => messages,
        };
        messages
            .into_iter()
            .map(|m| ChatMessage {
                role: Role::Assistant,
                ..m
            })
            .collect()
    }

    /// As the API's `/chat` gives it: what the function answered (Gradio's), text as a
    /// string, a message as an object, several as a list; files in them are served.
    pub fn to_api(&self) -> serde_json::Value {
        let assistant = |m: &ChatMessage| ChatMessage {
            role: Role::Assistant,
            ..m.clone()
        };
        match self {
            ChatReply::Text(text) => serde_json::Value::from(text.as_str()),
            ChatReply::Message(m) => serde_json::to_value(assistant(m)).unwrap_or_default(),
            ChatReply::Messages(ms) => {
                serde_json::to_value(ms.iter().map(assistant).collect::<Vec<_>>())
                    .unwrap_or_default()
            }
        }
    }
}

impl From<String> for ChatReply {
    fn from(text: String) -> Self {
        ChatReply::Text(text)
    }
}

impl From<&str> for ChatReply {
    fn from(text: &str) -> Self {
        ChatReply::Text(text.to_owned())
    }
}

impl From<ChatMessage> for ChatReply {
    fn from(message: ChatMessage) -> Self {
        ChatReply::Message(Box::new(message))
    }
}

impl From<Vec<ChatMessage>> for ChatReply {
    fn from(messages: Vec<ChatMessage>) -> Self {
        ChatReply::Messages(messages)
    }
}

/// A file or a component on its own: one message.
macro_rules! one_message {
    ($($t:ty),*) => {$(
        impl From<$t> for ChatReply {
            fn from(content: $t) -> Self {
                ChatReply::Message(Box::new(ChatMessage::assistant(content)))
            }
        }
    )*};
}
one_message!(MessageContent, ComponentMessage, FileData, PathBuf);

/// What a chat function may return (and a `Result` of it, whose error the person sees).
macro_rules! replies {
    ($($t:ty),*) => {$(
        impl HandlerOutput<ChatReply> for $t {
            fn into_result(self) -> Result<ChatReply, RunError> {
                Ok(self.into())
            }
        }
        impl<E: std::fmt::Display> HandlerOutput<ChatReply> for Result<$t, E> {
            fn into_result(self) -> Result<ChatReply, RunError> {
                self.map(Into::into).map_err(|e| RunError::Handler(e.to_string()))
            }
        }
    )*};
}
replies!(
    String,
    &'static str,
    ChatMessage,
    Vec<ChatMessage>,
    MessageContent,
    ComponentMessage,
    FileData,
    PathBuf
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_answer_is_the_assistants_messages() {
        let text: ChatReply = "hi".into();
        assert_eq!(text.clone().into_messages(), [ChatMessage::assistant("hi")]);
        assert_eq!(text.to_api(), json!("hi"));

        let thought = ChatMessage::assistant("Looked it up").thought("Search");
        let reply = ChatReply::from(vec![thought.clone(), ChatMessage::user("42")]);
        // A message given another role is still the assistant's.
        assert_eq!(
            reply.clone().into_messages(),
            [thought.clone(), ChatMessage::assistant("42")]
        );
        let api = reply.to_api();
        assert_eq!(api[0]["metadata"]["title"], "Search");
        assert_eq!(api[1]["role"], "assistant");

        let file = ChatReply::from(PathBuf::from("/tmp/chart.png"));
        let messages = file.clone().into_messages();
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0].file().map(FileData::name), Some("chart.png"));
        assert_eq!(
            file.to_api()["content"][0]["file"]["path"],
            "/tmp/chart.png"
        );
        assert!(ChatReply::Messages(Vec::new()).into_messages().is_empty());
    }

    #[test]
    fn results_carry_the_error_to_the_person() {
        let ok: Result<ChatMessage, String> = Ok(ChatMessage::assistant("fine"));
        assert_eq!(
            HandlerOutput::<ChatReply>::into_result(ok),
            Ok(ChatReply::from(ChatMessage::assistant("fine")))
        );
        let failed: Result<String, &str> = Err("the model is asleep");
        assert_eq!(
            HandlerOutput::<ChatReply>::into_result(failed),
            Err(RunError::Handler("the model is asleep".into()))
        );
    }
}
