//! `ChatInterface`: a chat app from one function of the message and the history (Gradio's
//! `gr.ChatInterface`). The reply may be a string, or a stream of the reply so far, shown as
//! it grows; the API's `/chat` takes a message and gives the reply.
//!
//! ```no_run
//! use ferrio::prelude::*;
//!
//! fn echo(message: String, history: Vec<ChatMessage>) -> String {
//!     format!("You said {message} ({} messages before)", history.len())
//! }
//!
//! # async fn run() -> Result<(), ferrio::serve::LaunchError> {
//! ChatInterface::new(echo).title("Echo").launch().await
//! # }
//! ```
//!
//! Retry, Undo and Clear sit under the conversation. Extra inputs go after the history: a
//! system prompt, for one, as Gradio's docs show it.
//!
//! ```no_run
//! use ferrio::prelude::*;
//!
//! fn answer(message: String, history: Vec<ChatMessage>, system: String) -> String {
//!     // A model would get `system` first, then the history, then the message.
//!     format!("[{system}] {message} ({} before)", history.len())
//! }
//!
//! # async fn run() -> Result<(), ferrio::serve::LaunchError> {
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

use std::marker::PhantomData;
use std::sync::Arc;

use ferrio_components::config::AppMode;
use ferrio_components::{
    Accordion, Button, ButtonSize, ChatMessage, Chatbot, EventName, Markdown, Role, Row, Textbox,
};
use futures_util::StreamExt;

use crate::blocks::{Blocks, BlocksBuilder};
use crate::handler::{
    concat_decoders, BoxStream, Handler, Inputs, ParamInfo, PendingArgs, Prepend, RunError,
};
use crate::interface::ComponentSet;
use crate::serve::LaunchError;

/// A chat function's arguments: the message and the history, then the additional inputs'
/// values (`()` when there are none).
pub trait ChatArgs: Send + 'static {
    type With: Send + 'static;
    fn with(self, message: String, history: Vec<ChatMessage>) -> Self::With;
}

impl<T> ChatArgs for T
where
    T: Prepend<Vec<ChatMessage>> + Send + 'static,
    T::With: Prepend<String>,
{
    type With = <T::With as Prepend<String>>::With;
    fn with(self, message: String, history: Vec<ChatMessage>) -> Self::With {
        self.prepend(history).prepend(message)
    }
}

/// A chat app (see the module's docs). `A`: the additional inputs' components.
pub struct ChatInterface<F, M, A = ()> {
    f: F,
    title: Option<String>,
    description: Option<String>,
    placeholder: Option<String>,
    examples: Vec<String>,
    additional: A,
    additional_label: String,
    _marker: PhantomData<fn() -> M>,
}

impl<F, M> ChatInterface<F, M, ()> {
    /// `f(message, history)` answers: with a `String` (or `Result<String, E>`, whose error
    /// the person sees), from an `async fn`, or as a `Stream` of the reply so far.
    pub fn new(f: F) -> Self {
        ChatInterface {
            f,
            title: None,
            description: None,
            placeholder: None,
            examples: Vec::new(),
            additional: (),
            additional_label: "Additional inputs".to_owned(),
            _marker: PhantomData,
        }
    }

    /// Inputs the function takes after the message and the history, in a closed accordion
    /// under the chat (Gradio's `additional_inputs`): with a Slider,
    /// `f(message, history, temperature: f64)`. The API's `/chat` takes them too.
    pub fn additional_inputs<A: ComponentSet>(self, inputs: A) -> ChatInterface<F, M, A> {
        ChatInterface {
            f: self.f,
            title: self.title,
            description: self.description,
            placeholder: self.placeholder,
            examples: self.examples,
            additional: inputs,
            additional_label: self.additional_label,
            _marker: PhantomData,
        }
    }
}

impl<F, M, A> ChatInterface<F, M, A> {
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
}

impl<F, M, A> ChatInterface<F, M, A>
where
    A: ComponentSet,
    A::Args: ChatArgs,
    F: Handler<<A::Args as ChatArgs>::With, String, M>,
    M: 'static,
{
    pub fn into_blocks(self) -> Blocks {
        let ChatInterface {
            f,
            title,
            description,
            placeholder,
            examples,
            additional,
            additional_label,
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
            let mut chatbot = Chatbot::new().label("Chatbot").height(420);
            if let Some(text) = placeholder {
                chatbot = chatbot.placeholder(text);
            }
            let chat = b.add(chatbot);
            let (message, send) = b.row_with(Row::new().equal_height(true), |b| {
                (
                    b.add(
                        Textbox::new()
                            .label("Message")
                            .show_label(false)
                            .placeholder("Type a message…")
                            .scale(7),
                    ),
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
                    move |(text, history): (String, Vec<ChatMessage>), extra: A::Args| {
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
                        retry_turn(again.clone(), history, extra)
                    },
                    with_extra(&|| Inputs::params(&chat, b)),
                    concat_decoders(Inputs::decoder(&chat, b), 1, Inputs::decoder(&extra, b)),
                    chat,
                )
                .private()
                .id();
            // A turn still being answered is stopped by Undo and Clear, so it can't come back.
            undo.click(undo_turn, chat, (message, chat))
                .private()
                .queue(false)
                .cancels([sent, retried]);
            clear
                .click(Vec::<ChatMessage>::new, (), chat)
                .private()
                .queue(false)
                .cancels([sent, retried]);
            if !examples.is_empty() {
                b.examples(message, examples);
            }
            // The API's `/chat`: a message (and the additional inputs) in, the reply out
            // (streamed for a streaming function), through a listener nobody sees, as
            // Gradio's ChatInterface has it.
            let response = b.add(Textbox::new().label("Response").visible(false));
            let api = b.add(Button::new("chat").visible(false));
            let call = f.clone();
            b.register(
                vec![(Some(api.id()), EventName::Click)],
                move |(text,): (String,), extra: A::Args| answer(call.clone(), text, extra),
                with_extra(&|| Inputs::params(&message, b)),
                concat_decoders(Inputs::decoder(&message, b), 1, Inputs::decoder(&extra, b)),
                response,
            )
            .api_name("chat")
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

/// One turn: the message shows at once with an empty reply, then the reply as it grows; the
/// box is emptied. An empty message changes nothing.
fn reply<F, M, X>(
    f: Arc<F>,
    message: String,
    history: Vec<ChatMessage>,
    extra: X,
) -> BoxStream<Result<(String, Vec<ChatMessage>), RunError>>
where
    X: ChatArgs,
    F: Handler<X::With, String, M>,
{
    if message.trim().is_empty() {
        return Box::pin(futures_util::stream::once(
            async move { Ok((message, history)) },
        ));
    }
    let mut shown = history.clone();
    shown.push(ChatMessage::user(&message));
    let mut first = shown.clone();
    first.push(ChatMessage::assistant(""));
    let replies = f.call(PendingArgs::Ready(extra.with(message, history)));
    Box::pin(
        futures_util::stream::once(async move { Ok((String::new(), first)) }).chain(replies.map(
            move |text| {
                let mut turn = shown.clone();
                turn.push(ChatMessage::assistant(text?));
                Ok((String::new(), turn))
            },
        )),
    )
}

/// Where the last turn starts: the last message of the person, if any.
fn last_turn(history: &[ChatMessage]) -> Option<usize> {
    history.iter().rposition(|m| m.role == Role::User)
}

/// Retry: the last message is answered again, from the history before it. Nothing to retry
/// changes nothing.
fn retry_turn<F, M, X>(
    f: Arc<F>,
    mut history: Vec<ChatMessage>,
    extra: X,
) -> BoxStream<Result<Vec<ChatMessage>, RunError>>
where
    X: ChatArgs,
    F: Handler<X::With, String, M>,
{
    let Some(start) = last_turn(&history) else {
        return Box::pin(futures_util::stream::once(async move { Ok(history) }));
    };
    let message = history.split_off(start).swap_remove(0).content;
    Box::pin(reply(f, message, history, extra).map(|turn| turn.map(|(_, chat)| chat)))
}

/// Undo: the last turn goes, and its message is back in the box to edit.
fn undo_turn(mut history: Vec<ChatMessage>) -> (String, Vec<ChatMessage>) {
    match last_turn(&history) {
        Some(start) => {
            let message = history.split_off(start).swap_remove(0).content;
            (message, history)
        }
        None => (String::new(), history),
    }
}

/// The API's turn: the reply to a message with no history.
fn answer<F, M, X>(f: Arc<F>, message: String, extra: X) -> BoxStream<Result<String, RunError>>
where
    X: ChatArgs,
    F: Handler<X::With, String, M>,
{
    f.call(PendingArgs::Ready(extra.with(message, Vec::new())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrio_components::config::AppMode;

    fn echo(message: String, history: Vec<ChatMessage>) -> String {
        format!("{message} after {}", history.len())
    }

    #[tokio::test]
    async fn a_turn_shows_the_message_then_the_reply() {
        let before = vec![ChatMessage::user("hi"), ChatMessage::assistant("hello")];
        let turns: Vec<_> = reply(Arc::new(echo), "again".into(), before.clone(), ())
            .collect()
            .await;
        let turns: Vec<(String, Vec<ChatMessage>)> =
            turns.into_iter().map(Result::unwrap).collect();
        assert_eq!(turns.len(), 2);
        assert_eq!(turns[0].0, "");
        assert_eq!(turns[0].1[2], ChatMessage::user("again"));
        assert_eq!(turns[0].1[3], ChatMessage::assistant(""));
        assert_eq!(turns[1].1[3], ChatMessage::assistant("again after 2"));
        // Nothing typed: nothing asked.
        let idle: Vec<_> = reply(Arc::new(echo), "  ".into(), before.clone(), ())
            .collect()
            .await;
        assert_eq!(idle.len(), 1);
        assert_eq!(idle[0].as_ref().unwrap().1, before);
    }

    #[tokio::test]
    async fn retry_answers_the_last_message_again_and_undo_takes_it_back() {
        let history = vec![
            ChatMessage::user("one"),
            ChatMessage::assistant("one after 0"),
            ChatMessage::user("two"),
            ChatMessage::assistant("oops"),
        ];
        let turns: Vec<Vec<ChatMessage>> = retry_turn(Arc::new(echo), history.clone(), ())
            .map(Result::unwrap)
            .collect()
            .await;
        assert_eq!(
            turns[0][2..],
            [ChatMessage::user("two"), ChatMessage::assistant("")]
        );
        assert_eq!(
            turns.last().unwrap()[3],
            ChatMessage::assistant("two after 2")
        );
        assert_eq!(turns.last().unwrap().len(), 4);

        let (message, kept) = undo_turn(history.clone());
        assert_eq!(message, "two");
        assert_eq!(kept, history[..2]);
        // Nothing to undo or retry: nothing changes.
        assert_eq!(undo_turn(Vec::new()), (String::new(), Vec::new()));
        let same: Vec<_> = retry_turn(Arc::new(echo), Vec::new(), ()).collect().await;
        assert_eq!(same.len(), 1);
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

    #[tokio::test]
    async fn the_function_gets_the_additional_values_after_the_history() {
        let f = |m: String, h: Vec<ChatMessage>, n: f64| format!("{m}/{}/{n}", h.len());
        let turns: Vec<_> = reply(Arc::new(f), "x".into(), Vec::new(), (1.5,))
            .collect()
            .await;
        let last = turns.last().unwrap().as_ref().unwrap();
        assert_eq!(last.1[1], ChatMessage::assistant("x/0/1.5"));
    }

    #[test]
    fn the_api_has_just_chat_and_the_page_its_own_listener() {
        let config = ChatInterface::new(echo)
            .title("Echo")
            .into_blocks()
            .config("");
        assert_eq!(config.mode, AppMode::ChatInterface);
        let api: Vec<_> = config
            .dependencies
            .iter()
            .filter(|d| d.show_api)
            .map(|d| d.api_name.clone().unwrap())
            .collect();
        assert_eq!(api, ["chat"]);
    }
}
