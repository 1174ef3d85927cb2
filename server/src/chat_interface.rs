//! `ChatInterface`: a chat app from one function of the message and the history (Gradio's
//! `gr.ChatInterface`). The reply may be a string, or a stream of the reply so far, shown as
//! it grows; the API's `/chat` takes a message and gives the reply. A reply can also be any
//! [`ChatReply`]: a [`ChatMessage`] (a thought, a file), several of them, a picture by its
//! path, or another component.
//!
//! ```no_run
//! use ferrio::prelude::*;
//!
//! fn echo(message: String, history: Vec<ChatMessage>) -> String {
//!     format!("You said {message} ({} messages before)", history.len())
//! }
//!
//! # async fn run() -> Result<(), ferrio::prelude::LaunchError> {
//! ChatInterface::new(echo).title("Echo").launch().await
//! # }
//! ```
//!
//! Retry, Undo and Clear sit under the conversation. Extra inputs go after the history: a
//! system prompt, for one, as Gradio's docs show it. With `.multimodal()` the person can attach
//! files: the function gets a [`MultimodalValue`] (the text and the files' paths), and each file
//! shows in the conversation as a message of its own. With
//! `.flagging_mode(FlaggingMode::Manual)` each reply gets 👍 / 👎, and each press saves the
//! conversation so far with the feedback (Gradio's ChatInterface flagging).
//!
//! ```no_run
//! use ferrio::prelude::*;
//!
//! fn answer(message: String, history: Vec<ChatMessage>, system: String) -> String {
//!     // A model would get `system` first, then the history, then the message.
//!     format!("[{system}] {message} ({} before)", history.len())
//! }
//!
//! # async fn run() -> Result<(), ferrio::prelude::LaunchError> {
//! ChatInterface::new(answer)
//!     .additional_inputs(
//!         Textbox::new()
//!             .label("System prompt")
//!             .value("You are a helpful assistant."),
//!     )
//!     .launch()
//!     .await
//! # }
//! ```
//!
//! A reply of several messages shows a tool's use as a folded "thought" before the answer
//! (Gradio's agents guide); a `PathBuf` shows a picture, a sound or a download:
//!
//! ```no_run
//! use ferrio::prelude::*;
//!
//! fn weather(city: String, _history: Vec<ChatMessage>) -> Vec<ChatMessage> {
//!     vec![
//!         ChatMessage::assistant(format!("forecast(\"{city}\") → 21 °C")).thought("Used a tool"),
//!         ChatMessage::assistant(format!("It is 21 °C in {city}.")),
//!     ]
//! }
//!
//! # async fn run() -> Result<(), ferrio::prelude::LaunchError> {
//! ChatInterface::new(weather).launch().await
//! # }
//! ```

use std::marker::PhantomData;
use std::sync::Arc;

use ferrio_components::config::AppMode;
use ferrio_components::{
    Accordion, Button, ButtonSize, ChatMessage, Chatbot, EventName, Json, Markdown,
    MultimodalValue, Row,
};

use crate::builder::{Blocks, BlocksBuilder, Inputs, ParamInfo};
use crate::flagging::{FlagSettings, FlaggingMode};
use crate::handler::{concat_decoders, Handler};
use crate::http::LaunchError;
use crate::interface::ComponentSet;

mod input;
mod reply;
mod turns;
pub(crate) use input::ChatInput;
pub use reply::ChatReply;
pub(crate) use turns::ChatArgs;
use turns::{answer, reply, retry_turn, undo_turn};

/// A chat app (see the module's docs). `A`: the additional inputs' components; `T`: what the
/// person sends (`String`, or [`MultimodalValue`] with [`ChatInterface::multimodal`]).
pub struct ChatInterface<F, M, A = (), T = String> {
    f: F,
    title: Option<String>,
    description: Option<String>,
    placeholder: Option<String>,
    chatbot: Option<Chatbot>,
    examples: Vec<String>,
    additional: A,
    additional_label: String,
    flagging: FlagSettings,
    _marker: PhantomData<fn() -> (M, T)>,
}

impl<F, M> ChatInterface<F, M, (), String> {
    /// `f(message, history)` answers: with a `String` or another [`ChatReply`] (or a
    /// `Result` of one, whose error the person sees), from an `async fn`, or as a `Stream` of
    /// the reply so far.
    pub fn new(f: F) -> Self {
        ChatInterface {
            f,
            title: None,
            description: None,
            placeholder: None,
            chatbot: None,
            examples: Vec::new(),
            additional: (),
            additional_label: "Additional inputs".to_owned(),
            flagging: FlagSettings {
                mode: FlaggingMode::Never,
                ..FlagSettings::default()
            },
            _marker: PhantomData,
        }
    }
}

impl<F, M, T> ChatInterface<F, M, (), T> {
    /// Inputs the function takes after the message and the history, in a closed accordion
    /// under the chat (Gradio's `additional_inputs`): with a Slider,
    /// `f(message, history, temperature: f64)`. The API's `/chat` takes them too.
    pub fn additional_inputs<A: ComponentSet>(self, inputs: A) -> ChatInterface<F, M, A, T> {
        ChatInterface {
            f: self.f,
            title: self.title,
            description: self.description,
            placeholder: self.placeholder,
            chatbot: self.chatbot,
            examples: self.examples,
            additional: inputs,
            additional_label: self.additional_label,
            flagging: self.flagging,
            _marker: PhantomData,
        }
    }
}

impl<F, M, A> ChatInterface<F, M, A, String> {
    /// Lets the person attach files to a message (Gradio's `multimodal=True`): the function
    /// gets a [`MultimodalValue`], `f(message: MultimodalValue, history, …)`, and the API's
    /// `/chat` takes `{"text": ..., "files": [...]}`.
    pub fn multimodal(self) -> ChatInterface<F, M, A, MultimodalValue> {
        ChatInterface {
            f: self.f,
            title: self.title,
            description: self.description,
            placeholder: self.placeholder,
            chatbot: self.chatbot,
            examples: self.examples,
            additional: self.additional,
            additional_label: self.additional_label,
            flagging: self.flagging,
            _marker: PhantomData,
        }
    }
}

impl<F, M, A, T> ChatInterface<F, M, A, T> {
    /// Shown as a heading above the chat, and as the page title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Markdown shown under the title.
    pub fn description(mut self, markdown: impl Into<String>) -> Self {
        self.description = Some(markdown.into());
        self
    }

    /// Shown in the empty conversation.
    pub fn placeholder(mut self, text: impl Into<String>) -> Self {
        self.placeholder = Some(text.into());
        self
    }

    /// The conversation's look (Gradio's `chatbot=gr.Chatbot(...)`): its label, height,
    /// avatars, Markdown rendering. Its value is the conversation, so one given here is
    /// where it starts.
    pub fn chatbot(mut self, chatbot: Chatbot) -> Self {
        self.chatbot = Some(chatbot);
        self
    }

    /// Example prompts: a click puts one in the message box.
    pub fn examples<S: Into<String>>(mut self, prompts: impl IntoIterator<Item = S>) -> Self {
        self.examples = prompts.into_iter().map(Into::into).collect();
        self
    }

    /// The additional inputs' accordion's label ("Additional inputs" unless set).
    pub fn additional_inputs_label(mut self, label: impl Into<String>) -> Self {
        self.additional_label = label.into();
        self
    }

    /// `Manual`: 👍 / 👎 under each reply; a press saves the conversation up to that reply
    /// with "Like" or "Dislike" as a row of `flagging_dir`'s dataset. `Never` (the default, as
    /// Gradio's) shows none. (`Auto` is taken as `Manual`: a chat has no run to flag.)
    pub fn flagging_mode(mut self, mode: FlaggingMode) -> Self {
        self.flagging.mode = mode;
        self
    }

    /// What a person can say of a reply (Gradio's ChatInterface `flagging_options`; "Like"
    /// and "Dislike" unless set): `["Like", "Dislike", "Inaccurate"]` adds "Inaccurate" under
    /// a flag beside the thumbs, saved with that word as the row's flag.
    pub fn flagging_options<S: Into<String>>(
        mut self,
        options: impl IntoIterator<Item = S>,
    ) -> Self {
        self.flagging.options = options.into_iter().map(Into::into).collect();
        self
    }

    /// Where likes are saved (`.ferrio/flagged` unless set).
    pub fn flagging_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.flagging.dir = dir.into();
        self
    }
}

impl<F, M, A, T> ChatInterface<F, M, A, T>
where
    T: ChatInput,
    A: ComponentSet,
    A::Args: ChatArgs<T>,
    F: Handler<<A::Args as ChatArgs<T>>::With, ChatReply, M>,
    M: 'static,
{
    /// The app as Blocks (a Chatbot, the message box, the buttons and their listeners, the
    /// `/chat` endpoint), to serve or to put in a router.
    pub fn into_blocks(self) -> Blocks {
        let ChatInterface {
            f,
            title,
            description,
            placeholder,
            chatbot: custom_chatbot,
            examples,
            additional,
            additional_label,
            flagging,
            ..
        } = self;
        let f = Arc::new(f);
        let heading = title.clone();
        let blocks = Blocks::new(move |b: &BlocksBuilder| {
            if let Some(title) = &heading {
                b.add(Markdown::new(format!(
                    "# {}",
                    crate::interface::escape_markdown(title)
                )));
            }
            if let Some(description) = description {
                b.add(Markdown::new(description));
            }
            let mut chatbot =
                custom_chatbot.unwrap_or_else(|| Chatbot::new().label("Chatbot").height(420));
            if let Some(text) = placeholder {
                chatbot = chatbot.placeholder(text);
            }
            if !flagging.options.is_empty() {
                chatbot = chatbot.feedback_options(flagging.options.clone());
            }
            let chat = b.add(chatbot);
            let (message, send) = b.row_with(Row::new().equal_height(true), |b| {
                (
                    b.add(T::message_box()),
                    b.add(Button::new("Submit").primary().scale(1)),
                )
            });
            let (retry, undo, clear) = b.row(|b| {
                (
                    b.add(Button::new("↻ Retry").size(ButtonSize::Sm)),
                    b.add(Button::new("↶ Undo").size(ButtonSize::Sm)),
                    b.add(Button::new("Clear").size(ButtonSize::Sm)),
                )
            });
            let extra = if A::LEN > 0 {
                let accordion = Accordion::new(additional_label).open(false);
                b.accordion_with(accordion, |b| additional.add(b))
            } else {
                additional.add(b)
            };
            // Each listener's inputs are its own, then the additional ones, which API callers
            // may leave out: they default to the components' first values.
            let with_extra = |first: &dyn Fn() -> Vec<ParamInfo>| {
                let mut params = first();
                let defaults = Inputs::initial_data(&extra, b);
                params.extend(Inputs::params(&extra, b).into_iter().zip(defaults).map(
                    |(p, default)| ParamInfo {
                        default: Some(default),
                        ..p
                    },
                ));
                params
            };
            let turn = f.clone();
            let sent = b
                .register(
                    vec![
                        (Some(message.id()), EventName::Submit),
                        (Some(send.id()), EventName::Click),
                    ],
                    move |(text, history): (T, Vec<ChatMessage>), extra: A::Args| {
                        reply(turn.clone(), text, history, extra)
                    },
                    with_extra(&|| Inputs::params(&(message, chat), b)),
                    concat_decoders(
                        Inputs::decoder(&(message, chat), b),
                        2,
                        Inputs::decoder(&extra, b),
                    ),
                    (message, chat),
                )
                .private()
                .id();
            let again = f.clone();
            let retried = b
                .register(
                    vec![(Some(retry.id()), EventName::Click)],
                    move |(history,): (Vec<ChatMessage>,), extra: A::Args| {
                        retry_turn::<_, _, T, _>(again.clone(), history, extra)
                    },
                    with_extra(&|| Inputs::params(&chat, b)),
                    concat_decoders(Inputs::decoder(&chat, b), 1, Inputs::decoder(&extra, b)),
                    chat,
                )
                .private()
                .id();
            // The box's stop button ends a reply where it is; what came so far stays.
            message.cancel_on_stop([sent, retried]).private();
            // A turn still being answered is stopped by Undo and Clear, so it can't come back.
            undo.click(undo_turn::<T>, chat, (message, chat))
                .private()
                .queue(false)
                .cancels([sent, retried]);
            clear
                .click(Vec::<ChatMessage>::new, (), chat)
                .private()
                .queue(false)
                .cancels([sent, retried]);
            if !examples.is_empty() {
                let examples: Vec<T> = examples.into_iter().map(T::from_text).collect();
                b.examples(message, examples);
            }
            if flagging.mode != FlaggingMode::Never {
                let flagger = b.flagger(
                    flagging.dir,
                    Inputs::flag_columns(&chat, b),
                    Inputs::params(&chat, b),
                );
                flagger.likes(chat);
            }
            // The API's `/chat`: a message (and the additional inputs) in, the reply out
            // (streamed for a streaming function), through a listener nobody sees, as
            // Gradio's ChatInterface has it.
            // JSON, as Gradio's: text stays a string, messages come as objects.
            // Its files are the function's, as a chatbot's are.
            let response = b.add(
                Json::new()
                    .label("Response")
                    .visible(false)
                    .serve_files(true),
            );
            let api = b.add(Button::new("chat").visible(false));
            // Gradio 6 names it after the function (a closure's is `chat`); 5.x's `/chat`
            // answers too.
            let name = match crate::builder::default_api_name::<F>() {
                closure if closure == "predict" => "chat".to_owned(),
                name => name,
            };
            let call = f.clone();
            b.register(
                vec![(Some(api.id()), EventName::Click)],
                move |(text,): (T,), extra: A::Args| answer(call.clone(), text, extra),
                with_extra(&|| Inputs::params(&message, b)),
                concat_decoders(Inputs::decoder(&message, b), 1, Inputs::decoder(&extra, b)),
                response,
            )
            .api_name(name)
            .api_alias("chat")
            .parameter_names(["message"]);
        });
        let mut blocks = blocks.title(title.unwrap_or_else(|| "Ferrio".to_owned()));
        blocks.mode = AppMode::ChatInterface;
        blocks
    }

    /// Serves the app; see [`Blocks::launch`].
    pub async fn launch(self) -> Result<(), LaunchError> {
        self.into_blocks().launch().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrio_components::config::{ApiVisibility, AppMode};

    fn echo(message: String, history: Vec<ChatMessage>) -> String {
        format!("{message} after {}", history.len())
    }

    fn files_and_text(m: MultimodalValue, h: Vec<ChatMessage>) -> String {
        format!("{} file(s), '{}', after {}", m.files.len(), m.text, h.len())
    }

    #[test]
    fn a_multimodal_chat_has_a_multimodal_box_and_api() {
        let blocks = ChatInterface::new(files_and_text)
            .multimodal()
            .examples(["Hi"])
            .into_blocks();
        let config = blocks.config("");
        let boxed = config
            .components
            .iter()
            .find_map(|c| match &c.block {
                ferrio_components::Block::MultimodalTextbox(m) => Some(m),
                _ => None,
            })
            .expect("a multimodal box");
        assert!(!boxed.submit_btn);
        let info = blocks.api_info();
        let chat = &info.named_endpoints["/files_and_text"];
        assert_eq!(chat.parameters[0].component, "MultimodalTextbox");
        // No likes unless flagging is on.
        assert!(!config
            .dependencies
            .iter()
            .any(|d| d.targets.iter().any(|t| t.1 == EventName::Like)));
    }

    #[test]
    fn the_boxs_stop_button_stops_a_reply_or_a_retry() {
        for config in [
            ChatInterface::new(echo).into_blocks().config(""),
            ChatInterface::new(files_and_text)
                .multimodal()
                .into_blocks()
                .config(""),
        ] {
            let stop = config
                .dependencies
                .iter()
                .find(|d| d.targets.iter().any(|t| t.1 == EventName::Stop))
                .expect("a stop listener");
            let message = stop.targets[0].0.expect("on the message box");
            let sent = config
                .dependencies
                .iter()
                .find(|d| d.targets.contains(&(Some(message), EventName::Submit)))
                .unwrap();
            assert!(stop.cancels.contains(&sent.id));
            assert_eq!(stop.cancels.len(), 2);
            assert!(!stop.backend_fn);
            let shown = config.components.iter().find(|c| c.id == message).unwrap();
            let stop_btn = match &shown.block {
                ferrio_components::Block::Textbox(t) => t.stop_btn,
                ferrio_components::Block::MultimodalTextbox(m) => m.stop_btn,
                _ => false,
            };
            assert!(stop_btn);
        }
    }

    #[test]
    fn a_chatbot_of_ones_own_keeps_its_look_and_takes_the_placeholder() {
        let config = ChatInterface::new(echo)
            .chatbot(Chatbot::new().label("Helper").assistant_avatar("bot.png"))
            .placeholder("Ask away")
            .flagging_mode(FlaggingMode::Manual)
            .flagging_options(["Like", "Dislike", "Inaccurate"])
            .into_blocks()
            .config("");
        let chatbot = config
            .components
            .iter()
            .find_map(|c| match &c.block {
                ferrio_components::Block::Chatbot(c) => Some(c),
                _ => None,
            })
            .expect("a chatbot");
        assert_eq!(chatbot.common.label.as_deref(), Some("Helper"));
        assert_eq!(chatbot.placeholder.as_deref(), Some("Ask away"));
        assert_eq!(
            chatbot.avatar_images.1.as_ref().map(|f| f.name()),
            Some("bot.png")
        );
        // The flagging options are what the chatbot offers under each reply.
        assert_eq!(chatbot.feedback_options, ["Like", "Dislike", "Inaccurate"]);
    }

    #[test]
    fn additional_inputs_sit_in_a_closed_accordion_and_default_in_the_api() {
        let f = |m: String, h: Vec<ChatMessage>, n: f64, shout: bool| {
            let text = format!("{m} {} {n}", h.len());
            if shout {
                text.to_uppercase()
            } else {
                text
            }
        };
        let blocks = ChatInterface::new(f)
            .additional_inputs((
                ferrio_components::Slider::new(0.0, 2.0)
                    .value(0.5)
                    .label("Temperature"),
                ferrio_components::Checkbox::new().label("Shout"),
            ))
            .additional_inputs_label("Settings")
            .into_blocks();
        let config = blocks.config("");
        let accordion = config
            .components
            .iter()
            .find_map(|c| match &c.block {
                ferrio_components::Block::Accordion(a) => Some(a),
                _ => None,
            })
            .expect("an accordion");
        assert_eq!(accordion.label.as_deref(), Some("Settings"));
        assert!(!accordion.open);
        let info = blocks.api_info();
        let chat = &info.named_endpoints["/chat"];
        let params: Vec<(&str, bool)> = chat
            .parameters
            .iter()
            .map(|p| (p.parameter_name.as_str(), p.parameter_has_default))
            .collect();
        assert_eq!(
            params,
            [("message", false), ("temperature", true), ("shout", true)]
        );
        assert_eq!(chat.parameters[1].parameter_default, Some(0.5.into()));
    }

    #[test]
    fn the_api_has_the_function_and_the_page_its_own_listener() {
        let config = ChatInterface::new(echo)
            .title("Echo")
            .into_blocks()
            .config("");
        assert_eq!(config.mode, AppMode::ChatInterface);
        let api: Vec<_> = config
            .dependencies
            .iter()
            .filter(|d| d.api_visibility.is_listed())
            .map(|d| d.api_name.clone().unwrap())
            .collect();
        // Gradio 6 names it after the function; 5.x's `/chat` still answers, unlisted.
        assert_eq!(api, ["echo"]);
        let chat = config.dependencies.last().unwrap();
        assert_eq!(chat.api_name.as_deref(), Some("chat"));
        assert_eq!(chat.api_visibility, ApiVisibility::Undocumented);
        // A closure has no name: its endpoint stays `/chat`.
        let config = ChatInterface::new(|m: String, _: Vec<ChatMessage>| m)
            .into_blocks()
            .config("");
        let named: Vec<_> = config
            .dependencies
            .iter()
            .filter(|d| d.api_visibility.is_callable())
            .filter_map(|d| d.api_name.clone())
            .collect();
        assert_eq!(named, ["chat"]);
    }
}
