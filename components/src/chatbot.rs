//! Chatbot: a conversation in Gradio 6's `messages` format — each message a role (user,
//! assistant, system), its blocks (text, files, components), and optional metadata that shows
//! it as a titled "thought". With a `like` listener, each reply gets 👍 / 👎 buttons.

use std::borrow::Cow;

use derive_setters::Setters;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::Changeable;
use crate::file_data::JsonWithFiles;
use crate::select::EventData;
use crate::FileData;

/// Who says a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The person using the app.
    User,
    /// The bot: the app's replies.
    Assistant,
    /// Instructions for the model (a system prompt).
    System,
}

/// Written out, not derived: documented variants would turn the plain `enum` into a `oneOf`.
impl JsonSchema for Role {
    fn schema_name() -> Cow<'static, str> {
        "Role".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "enum": ["user", "assistant", "system"]})
    }
}

// `#[schemars(description = "")]` keeps a doc out of `/gradio_api/info` (see `crate::schema`).
/// A message id (for nesting thoughts): Gradio takes a number or a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum MessageId {
    /// A number id.
    #[schemars(description = "")]
    Number(i64),
    /// A text id.
    #[schemars(description = "")]
    Text(String),
}

/// Whether a thought is still under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(description = "")]
pub enum ThoughtStatus {
    /// Still thinking: shown open, with a spinner.
    Pending,
    /// Finished: shown folded.
    Done,
}

/// Shows a message as a "thought" (tool use, reasoning) under `title`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Metadata {
    /// The thought's title; a message with one is shown as a thought that folds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(description = "")]
    pub title: Option<String>,
    /// The message's own id, for other thoughts' `parent_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(description = "")]
    pub id: Option<MessageId>,
    /// The id of the thought this one is nested in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(description = "")]
    pub parent_id: Option<MessageId>,
    /// Shown next to the title, subdued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<String>,
    /// Seconds, shown next to the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    /// Pending (open, with a spinner) or done (folded); `None`: open, without a spinner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(description = "")]
    pub status: Option<ThoughtStatus>,
}

/// A suggested reply under a message (Gradio's `OptionDict`: `value`, shown as `label` if
/// given). Carried on the wire; not drawn by the view yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChatOption {
    /// What the person's message says when they pick it.
    #[schemars(description = "")]
    pub value: String,
    /// What the option shows (`None`: its value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(description = "")]
    pub label: Option<String>,
}

/// A file in a conversation (Gradio's `FileMessage`): a picture, a sound or a video is shown,
/// any other file is a link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FileMessage {
    /// The file, as every file crosses the wire.
    #[schemars(description = "")]
    pub file: FileData,
    /// Shown in place of a picture that can't be (and read to screen readers).
    #[serde(default)]
    pub alt_text: Option<String>,
}

/// Another component shown inside a message (Gradio's `ComponentMessage`): a plot, a picture
/// with its own controls, a table, ... drawn by the page as that component, display-only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ComponentMessage {
    /// The component's type, as the config names it (`"image"`, `"label"`).
    pub component: String,
    /// Its wire data; files in it are checked and served like any other.
    pub value: JsonWithFiles,
    /// The props it was built with (Gradio's `constructor_args`: the same as `props` here).
    #[serde(default)]
    #[schemars(description = "")]
    pub constructor_args: serde_json::Map<String, serde_json::Value>,
    /// Its props, as the config has them.
    #[serde(default)]
    pub props: serde_json::Map<String, serde_json::Value>,
}

impl ComponentMessage {
    /// `component` showing `value` (postprocessed as the component would as an output):
    /// `ComponentMessage::new(&Label::new().label("Mood"), scores)`.
    pub fn new<C: Component>(component: &C, value: C::Value) -> Result<Self, ComponentError> {
        let invalid = |e: serde_json::Error| ComponentError::Invalid(e.to_string());
        let data = component.postprocess(value)?;
        let value =
            JsonWithFiles::new(serde_json::to_value(data).map_err(invalid)?).map_err(invalid)?;
        let mut props = match serde_json::to_value(component).map_err(invalid)? {
            serde_json::Value::Object(props) => props,
            _ => serde_json::Map::new(),
        };
        // The value travels on its own (as in Gradio), not twice.
        props.remove("value");
        Ok(ComponentMessage {
            component: C::CLASS_NAME.to_ascii_lowercase(),
            value,
            constructor_args: props.clone(),
            props,
        })
    }

    /// The value as `component`'s data, when this message holds that kind of component.
    pub fn data<C: Component>(&self, component: &C) -> Result<C::Data, ComponentError> {
        if self.component != C::CLASS_NAME.to_ascii_lowercase() {
            return Err(ComponentError::Invalid(format!(
                "the message holds a `{}`, not a `{}`",
                self.component,
                C::CLASS_NAME.to_ascii_lowercase()
            )));
        }
        component.parse_data(self.value.to_json())
    }
}

/// One block of what a message says: text (Markdown, as Gradio renders it), a file, or another
/// component. On the wire it is Gradio 6's typed block (`{"type": "text", "text": ...}`,
/// `{"type": "file", ...}`, `{"type": "component", ...}`); 5.x's shapes are read too (a
/// string, `{"file": ...}`, a component message without `type`, a bare file), so clients and
/// saved conversations written for 5.x keep working.
#[derive(Debug, Clone, PartialEq)]
pub enum MessageContent {
    /// Text, in Markdown.
    Text(String),
    /// A file: a picture, a sound or a video is shown, any other file is a link.
    File(FileMessage),
    /// Another component, drawn display-only.
    Component(ComponentMessage),
}

/// Gradio 6's typed blocks, for [`MessageContent`]'s JSON schema (it is read and written by
/// hand: a derived reader would add its code to the page's wasm a second time).
#[derive(JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
#[allow(dead_code)]
enum Typed {
    #[schemars(description = "")]
    Text {
        #[schemars(description = "")]
        text: String,
    },
    #[schemars(description = "")]
    File(FileMessage),
    #[schemars(description = "")]
    Component(ComponentMessage),
}

impl Serialize for MessageContent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(tag = "type", rename_all = "lowercase")]
        enum TypedRef<'a> {
            Text { text: &'a str },
            File(&'a FileMessage),
            Component(&'a ComponentMessage),
        }
        match self {
            MessageContent::Text(text) => TypedRef::Text { text },
            MessageContent::File(f) => TypedRef::File(f),
            MessageContent::Component(c) => TypedRef::Component(c),
        }
        .serialize(s)
    }
}

/// Read by hand rather than `untagged`, so that a bad block says what is wrong with it.
impl<'de> Deserialize<'de> for MessageContent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        use serde_json::Value;
        let json = Value::deserialize(d)?;
        let file = |json: &Value| FileMessage::deserialize(json).map_err(D::Error::custom);
        let component =
            |json: &Value| ComponentMessage::deserialize(json).map_err(D::Error::custom);
        let Value::Object(block) = &json else {
            return match json {
                Value::String(text) => Ok(MessageContent::Text(text)),
                other => Err(D::Error::custom(format!(
                    "expected text, a file or a component as content, got {other}"
                ))),
            };
        };
        match block.get("type").and_then(Value::as_str) {
            Some("text") => match block.get("text") {
                Some(Value::String(text)) => Ok(MessageContent::Text(text.clone())),
                _ => Err(D::Error::custom("a text block needs its `text`, a string")),
            },
            Some("file") => file(&json).map(MessageContent::File),
            Some("component") => component(&json).map(MessageContent::Component),
            Some(other) => Err(D::Error::custom(format!(
                "unknown content type `{other}`: expected text, file or component"
            ))),
            // 5.x's untyped shapes.
            None if block.contains_key("file") => file(&json).map(MessageContent::File),
            None if block.contains_key("component") => {
                component(&json).map(MessageContent::Component)
            }
            None if block.contains_key("path") => Ok(MessageContent::File(FileMessage {
                file: FileData::deserialize(&json).map_err(D::Error::custom)?,
                alt_text: None,
            })),
            None => Err(D::Error::custom(
                "a content block needs a `type` (text, file or component)",
            )),
        }
    }
}

impl JsonSchema for MessageContent {
    fn schema_name() -> Cow<'static, str> {
        "MessageContent".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        Typed::json_schema(generator)
    }
}

impl MessageContent {
    /// The text, if this is text.
    pub fn text(&self) -> Option<&str> {
        match self {
            MessageContent::Text(text) => Some(text),
            MessageContent::File(_) | MessageContent::Component(_) => None,
        }
    }

    /// The file, if this is a file.
    pub fn file(&self) -> Option<&FileData> {
        match self {
            MessageContent::File(f) => Some(&f.file),
            MessageContent::Text(_) | MessageContent::Component(_) => None,
        }
    }
}

impl Default for MessageContent {
    fn default() -> Self {
        MessageContent::Text(String::new())
    }
}

impl From<String> for MessageContent {
    fn from(text: String) -> Self {
        MessageContent::Text(text)
    }
}

impl From<&str> for MessageContent {
    fn from(text: &str) -> Self {
        MessageContent::Text(text.to_owned())
    }
}

impl From<&String> for MessageContent {
    fn from(text: &String) -> Self {
        MessageContent::Text(text.clone())
    }
}

impl From<ComponentMessage> for MessageContent {
    fn from(c: ComponentMessage) -> Self {
        MessageContent::Component(c)
    }
}

impl From<FileData> for MessageContent {
    fn from(file: FileData) -> Self {
        MessageContent::File(FileMessage {
            file,
            alt_text: None,
        })
    }
}

/// A file a function returns, by its path (the server copies it into its cache).
impl From<std::path::PathBuf> for MessageContent {
    fn from(path: std::path::PathBuf) -> Self {
        FileData::from_path(path).into()
    }
}

/// One message, as Gradio's `Message` model has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChatMessage {
    /// Who says it.
    #[schemars(description = "")]
    pub role: Role,
    /// Shows it as a titled thought (`None`: a plain message).
    #[serde(default)]
    #[schemars(description = "")]
    pub metadata: Option<Metadata>,
    /// What it says: one block or more (text, files, components), shown in order. 5.x's
    /// single block, not in a list, is read too.
    #[serde(deserialize_with = "one_or_more")]
    #[schemars(description = "")]
    pub content: Vec<MessageContent>,
    /// Replies offered under it (carried on the wire; not drawn yet).
    #[serde(default)]
    #[schemars(description = "")]
    pub options: Option<Vec<ChatOption>>,
}

/// Gradio 6's list of blocks, or 5.x's one block on its own.
fn one_or_more<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<MessageContent>, D::Error> {
    use serde::de::Error;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Array(blocks) => blocks
            .iter()
            .map(MessageContent::deserialize)
            .collect::<Result<_, _>>()
            .map_err(D::Error::custom),
        one => MessageContent::deserialize(&one)
            .map(|c| vec![c])
            .map_err(D::Error::custom),
    }
}

impl ChatMessage {
    /// A message of one block, text or a file: `ChatMessage::new(Role::User, "hi")`,
    /// `ChatMessage::assistant(PathBuf::from("chart.png"))`.
    pub fn new(role: Role, content: impl Into<MessageContent>) -> Self {
        ChatMessage {
            role,
            metadata: None,
            content: vec![content.into()],
            options: None,
        }
    }
    /// The message with one more block after the others, as Gradio 6 groups them:
    /// `ChatMessage::user("What is this?").and(PathBuf::from("cat.png"))`.
    pub fn and(mut self, content: impl Into<MessageContent>) -> Self {
        self.content.push(content.into());
        self
    }
    /// A message from the person.
    pub fn user(content: impl Into<MessageContent>) -> Self {
        Self::new(Role::User, content)
    }
    /// A message from the bot.
    pub fn assistant(content: impl Into<MessageContent>) -> Self {
        Self::new(Role::Assistant, content)
    }
    /// Instructions for the model.
    pub fn system(content: impl Into<MessageContent>) -> Self {
        Self::new(Role::System, content)
    }
    /// Shows the message as a thought titled `title`.
    // Not derived: sets a field inside `metadata`, creating it if need be.
    pub fn thought(mut self, title: impl Into<String>) -> Self {
        self.metadata.get_or_insert_with(Metadata::default).title = Some(title.into());
        self
    }
    /// The message's text: its first text block.
    pub fn text(&self) -> Option<&str> {
        self.content.iter().find_map(MessageContent::text)
    }
    /// The message's first file.
    pub fn file(&self) -> Option<&FileData> {
        self.content.iter().find_map(MessageContent::file)
    }
    /// Its text, to append to (a reply streamed word by word): the last block when that is
    /// text, else a new text block after the others.
    pub fn text_mut(&mut self) -> &mut String {
        if !matches!(self.content.last(), Some(MessageContent::Text(_))) {
            self.content.push(MessageContent::Text(String::new()));
        }
        match self.content.last_mut() {
            Some(MessageContent::Text(text)) => text,
            _ => unreachable!("a text block was just made the last"),
        }
    }
}

/// What a person thought of a reply (a `like` event's `liked`): 👍, 👎, the thumb taken back,
/// or one of the chatbot's other feedback options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "FeedbackWire", into = "FeedbackWire")]
pub enum Feedback {
    /// 👍 (`true` on the wire, or the option "Like").
    Like,
    /// 👎 (`false` on the wire, or the option "Dislike").
    Dislike,
    /// The person took their 👍 or 👎 back.
    Removed,
    /// Another of the chatbot's feedback options, by its text.
    Other(String),
}

impl Feedback {
    /// As a flagging dataset's `flag` column has it ("Like", "Dislike", the option, "").
    pub fn label(&self) -> &str {
        match self {
            Feedback::Like => "Like",
            Feedback::Dislike => "Dislike",
            Feedback::Removed => "",
            Feedback::Other(option) => option,
        }
    }
}

/// Gradio's wire form: `true`, `false`, `""` (taken back) or the option's text.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum FeedbackWire {
    Bool(bool),
    Text(String),
}

impl From<FeedbackWire> for Feedback {
    fn from(wire: FeedbackWire) -> Self {
        match wire {
            FeedbackWire::Bool(true) => Feedback::Like,
            FeedbackWire::Bool(false) => Feedback::Dislike,
            FeedbackWire::Text(text) if text.is_empty() => Feedback::Removed,
            // As the options name them (Gradio's pages send a bool for the thumbs).
            FeedbackWire::Text(text) if text == "Like" => Feedback::Like,
            FeedbackWire::Text(text) if text == "Dislike" => Feedback::Dislike,
            FeedbackWire::Text(text) => Feedback::Other(text),
        }
    }
}

impl From<Feedback> for FeedbackWire {
    fn from(feedback: Feedback) -> Self {
        match feedback {
            Feedback::Like => FeedbackWire::Bool(true),
            Feedback::Dislike => FeedbackWire::Bool(false),
            Feedback::Removed => FeedbackWire::Text(String::new()),
            Feedback::Other(text) => FeedbackWire::Text(text),
        }
    }
}

fn liked_by_default() -> Feedback {
    Feedback::Like
}

/// One `like` event (Gradio's `gr.LikeData`): the reply's first message's `index`, the
/// contents of its messages (a reply may be several in a row), and the feedback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LikeData {
    /// The position of the reply's first message in the conversation.
    pub index: usize,
    /// The contents of the reply's messages.
    pub value: Vec<MessageContent>,
    /// What the person thought of it (👍 when the page leaves it out, as in Gradio).
    #[serde(default = "liked_by_default")]
    pub liked: Feedback,
}

impl EventData for LikeData {
    const WHAT: &'static str = "feedback";
}

impl LikeData {
    /// The reply's text (its text messages, one per line).
    pub fn text(&self) -> String {
        self.value
            .iter()
            .filter_map(MessageContent::text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The messages of one speaker in a row, as the page groups them (one reply, one turn): the
/// ranges of `messages`, in order.
pub fn groups(messages: &[ChatMessage]) -> Vec<std::ops::Range<usize>> {
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        match groups.last_mut() {
            Some(last) if messages[last.start].role == m.role => last.end = i + 1,
            _ => groups.push(i..i + 1),
        }
    }
    groups
}

/// A button of a [`Chatbot`] (Gradio 6's `buttons`; its `share`, to Hugging Face, is left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatbotButton {
    /// Under each text message: copies it.
    Copy,
    /// On the chatbot: copies the whole conversation.
    CopyAll,
}

/// Only the `messages` format: Gradio's older `tuples` format is deprecated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatbotFormat {
    /// Each message a `{"role", "content", "metadata", "options"}` object.
    #[default]
    Messages,
}

/// A chatbot's props; its wire value is the conversation, a list of messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct Chatbot {
    /// The conversation shown at first.
    #[serde(default)]
    pub value: Vec<ChatMessage>,
    /// Gradio's `type`: always `messages`.
    #[serde(rename = "type", default)]
    #[setters(skip)]
    pub format: ChatbotFormat,
    /// Pixels; the conversation scrolls inside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Shown while there are no messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(into)]
    pub placeholder: Option<String>,
    /// Text messages are Markdown (rendered and sanitized by the server); off: shown as typed.
    #[serde(default = "yes")]
    pub render_markdown: bool,
    /// A single newline breaks the line (GitHub's chat style), as in Gradio by default; off,
    /// only a blank line starts another.
    #[serde(default = "yes")]
    pub line_breaks: bool,
    /// Pictures beside the person's and the assistant's messages (Gradio's `avatar_images`):
    /// files on the server, copied into its cache when the app starts.
    #[serde(default)]
    #[setters(skip)]
    pub avatar_images: (Option<FileData>, Option<FileData>),
    /// The chatbot's buttons (Gradio 6's `buttons`; 5.x's `show_copy_button` is
    /// [`ChatbotButton::Copy`]): a copy button under each text message, and one that copies
    /// the whole conversation. Both by default.
    #[serde(default = "copy_buttons")]
    #[setters(skip)]
    pub buttons: Vec<ChatbotButton>,
    /// Whether the person's own messages get the feedback buttons too, not only the replies
    /// (Gradio 6's `like_user_message`).
    #[serde(default)]
    pub like_user_message: bool,
    /// What a person can say of a reply when something listens to `like`: "Like" and
    /// "Dislike" (exactly so) are 👍 / 👎, any other option sits under a flag button.
    #[serde(default = "like_and_dislike")]
    #[setters(skip)]
    pub feedback_options: Vec<String>,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
}

fn copy_buttons() -> Vec<ChatbotButton> {
    vec![ChatbotButton::Copy, ChatbotButton::CopyAll]
}

fn like_and_dislike() -> Vec<String> {
    vec![
        Feedback::Like.label().to_owned(),
        Feedback::Dislike.label().to_owned(),
    ]
}

fn yes() -> bool {
    true
}

impl Default for Chatbot {
    fn default() -> Self {
        Chatbot {
            value: Vec::new(),
            format: ChatbotFormat::default(),
            height: None,
            placeholder: None,
            render_markdown: true,
            line_breaks: true,
            avatar_images: (None, None),
            buttons: copy_buttons(),
            like_user_message: false,
            feedback_options: like_and_dislike(),
            common: CommonProps::default(),
        }
    }
}

impl Chatbot {
    /// An empty conversation in Markdown, with 👍 / 👎 on replies when something listens to
    /// `like`.
    pub fn new() -> Self {
        Self::default()
    }
    /// The chatbot's buttons: `[]` for none, `[ChatbotButton::Copy]` for one under each
    /// message only.
    // Not derived: takes any list.
    pub fn buttons(mut self, buttons: impl IntoIterator<Item = ChatbotButton>) -> Self {
        self.buttons = buttons.into_iter().collect();
        self
    }
    /// Whether the chatbot shows `button`.
    pub fn has_button(&self, button: ChatbotButton) -> bool {
        self.buttons.contains(&button)
    }
    /// A picture beside the person's messages (the first of Gradio's `avatar_images`).
    // Not derived: a file by its path, into one half of `avatar_images`.
    pub fn user_avatar(mut self, path: impl AsRef<std::path::Path>) -> Self {
        self.avatar_images.0 = Some(FileData::from_path(path));
        self
    }
    /// A picture beside the assistant's messages (the second of Gradio's `avatar_images`).
    // Not derived: a file by its path, into one half of `avatar_images`.
    pub fn assistant_avatar(mut self, path: impl AsRef<std::path::Path>) -> Self {
        self.avatar_images.1 = Some(FileData::from_path(path));
        self
    }
    /// The feedback a person can give a reply (Gradio's `feedback_options`; "Like" and
    /// "Dislike" by default): `["Like", "Dislike", "Inaccurate", "Harmful"]` adds two reasons
    /// under a flag; `["Inaccurate"]` alone shows no thumbs. A `like` listener gets the one
    /// picked as [`Feedback::Other`].
    // Not derived: takes any strings, as an iterator.
    pub fn feedback_options<S: Into<String>>(
        mut self,
        options: impl IntoIterator<Item = S>,
    ) -> Self {
        self.feedback_options = options.into_iter().map(Into::into).collect();
        self
    }
    /// The options shown as thumbs (👍 first), and the others, in order.
    pub fn feedback(&self) -> (Vec<Feedback>, Vec<Feedback>) {
        let options: Vec<Feedback> = self
            .feedback_options
            .iter()
            .map(|o| Feedback::from(FeedbackWire::Text(o.clone())))
            .collect();
        let thumbs = [Feedback::Like, Feedback::Dislike]
            .into_iter()
            .filter(|t| options.contains(t))
            .collect();
        let others = options
            .into_iter()
            .filter(|o| matches!(o, Feedback::Other(_)))
            .collect();
        (thumbs, others)
    }
    /// Whether a person could have given `feedback` here: one of the options (taking one back
    /// is always possible). A `like` event with any other is refused, so a flagging dataset
    /// holds only the options offered.
    pub fn check_feedback(&self, feedback: &Feedback) -> Result<(), crate::EventDataError> {
        if *feedback == Feedback::Removed
            || self.feedback_options.iter().any(|o| o == feedback.label())
        {
            return Ok(());
        }
        Err(crate::EventDataError::Invalid(
            LikeData::WHAT,
            format!(
                "\"{}\" is not one of the chatbot's feedback options ({})",
                feedback.label(),
                self.feedback_options.join(", ")
            ),
        ))
    }
    /// The avatar shown beside `role`'s messages, if any.
    pub fn avatar(&self, role: Role) -> Option<&FileData> {
        match role {
            Role::User => self.avatar_images.0.as_ref(),
            Role::Assistant => self.avatar_images.1.as_ref(),
            Role::System => None,
        }
    }
}
common_builders!(Chatbot);

impl Component for Chatbot {
    type Data = Vec<ChatMessage>;
    type Value = Vec<ChatMessage>;
    const CLASS_NAME: &'static str = "Chatbot";
    const EXPECTS: &'static str = "a list of messages with \"role\" and \"content\"";
    const HAS_FILES: bool = true;

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
    fn files(data: &mut Vec<ChatMessage>) -> Vec<&mut FileData> {
        data.iter_mut()
            .flat_map(|m| &mut m.content)
            .flat_map(|block| -> Box<dyn Iterator<Item = &mut FileData>> {
                match block {
                    MessageContent::File(f) => Box::new(std::iter::once(&mut f.file)),
                    MessageContent::Component(c) => Box::new(c.value.files_mut()),
                    MessageContent::Text(_) => Box::new(std::iter::empty()),
                }
            })
            .collect()
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("list[dict(role: Literal['user', 'assistant', 'system'], metadata: dict | None, content: list[dict(type: Literal['text'], text: str) | dict(type: Literal['file'], file: filepath, alt_text: str | None) | dict(type: Literal['component'], component: str, value: Any, constructor_args: dict, props: dict)], options: list | None)]")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!([{"role": "user", "metadata": null, "content": [{"type": "text", "text": "Hello!"}], "options": null}])
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for Chatbot {}

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
                   "content": [{"type": "text", "text": "Looking it up"}], "options": null})
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
    fn components_in_messages_are_gradios_component_messages() {
        use crate::{Image, Label};
        let picture = ComponentMessage::new(
            &Image::new().label("Chart"),
            Some(std::path::PathBuf::from("/tmp/chart.png")),
        )
        .unwrap();
        // The config's type name, its props without the value, the value on its own.
        assert_eq!(picture.component, Block::from(Image::new()).type_name());
        assert_eq!(picture.props["label"], "Chart");
        assert!(!picture.props.contains_key("value"));
        let message = ChatMessage::assistant(picture.clone());
        let json = serde_json::to_value(&message).unwrap();
        assert_eq!(json["content"][0]["type"], "component");
        assert_eq!(json["content"][0]["component"], "image");
        assert_eq!(json["content"][0]["value"]["path"], "/tmp/chart.png");
        assert_eq!(json["content"][0]["constructor_args"]["label"], "Chart");
        // Back from the wire (gradio_client sends the history back as it got it).
        let c = Chatbot::new();
        let mut chat = c.parse_data(json!([json])).unwrap();
        assert_eq!(chat[0], message);
        // Its file is checked and served like any other.
        let files = <Chatbot as Component>::files(&mut chat);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, "/tmp/chart.png");
        assert_eq!(
            picture.data(&Image::new()).unwrap().unwrap().path,
            "/tmp/chart.png"
        );
        assert!(picture.data(&Label::new()).is_err());
        assert_eq!(c.read_from_flag(&c.flag(&chat)), Ok(chat));
        // A "file" in it that isn't one is refused.
        let bad = json!([{"role": "assistant", "content": {"component": "image",
            "value": {"meta": {"_type": "gradio.FileData"}}, "constructor_args": {}, "props": {}}}]);
        assert!(c.parse_data(bad).is_err());
        assert_eq!(
            ComponentMessage::new(&Label::new(), "cat".into())
                .unwrap()
                .value
                .to_json(),
            json!({"label": "cat", "confidences": null})
        );
    }

    #[test]
    fn files_in_messages_are_gradios_file_messages() {
        let c = Chatbot::new();
        let mut chat = c
            .parse_data(json!([
                {"role": "user", "content": {"file": {"path": "/c/1/cat.png"}, "alt_text": "a cat"}},
                {"role": "user", "content": "What is this?"},
                {"role": "assistant", "content": "A cat."}
            ]))
            .unwrap();
        let [MessageContent::File(f)] = &chat[0].content[..] else {
            panic!("a file message: {:?}", chat[0]);
        };
        assert_eq!(f.file.path, "/c/1/cat.png");
        assert_eq!(f.alt_text.as_deref(), Some("a cat"));
        assert_eq!(chat[1].text(), Some("What is this?"));
        assert_eq!(chat[0].file().map(|f| f.name()), Some("cat.png"));
        // The server checks (and publishes) every file in a conversation.
        assert_eq!(<Chatbot as Component>::files(&mut chat).len(), 1);
        let json = serde_json::to_value(ChatMessage::assistant(std::path::PathBuf::from(
            "/tmp/chart.png",
        )))
        .unwrap();
        assert_eq!(json["content"][0]["type"], "file");
        assert_eq!(json["content"][0]["file"]["orig_name"], "chart.png");
        assert_eq!(
            json["content"][0]["file"]["meta"]["_type"],
            "gradio.FileData"
        );
        assert_eq!(json["content"][0]["alt_text"], serde_json::Value::Null);
        assert_eq!(c.read_from_flag(&c.flag(&chat)), Ok(chat));
        let err = c
            .parse_data(json!([{"role": "user", "content": {"component": "image"}}]))
            .unwrap_err();
        assert!(
            err.to_string().contains("expected a list of messages"),
            "{err}"
        );
    }

    #[test]
    fn content_is_gradio_6_typed_blocks_and_5x_shapes_are_read() {
        let c = Chatbot::new();
        let picture = json!({"path": "/c/1/cat.png", "meta": {"_type": "gradio.FileData"}});
        // 6.x: a list of typed blocks, several in one message.
        let six = c
            .parse_data(
                json!([{"role": "user", "metadata": null, "options": null, "content": [
                    {"type": "text", "text": "What is this?"},
                    {"type": "file", "file": picture, "alt_text": null},
                ]}]),
            )
            .unwrap();
        let asked =
            ChatMessage::user("What is this?").and(FileData::deserialize(&picture).unwrap());
        assert_eq!(six, std::slice::from_ref(&asked));
        assert_eq!(six[0].text(), Some("What is this?"));
        assert_eq!(six[0].file().map(FileData::name), Some("cat.png"));
        // Written back as 6.x has it.
        let json = serde_json::to_value(&six).unwrap();
        assert_eq!(
            json[0]["content"][0],
            json!({"type": "text", "text": "What is this?"})
        );
        assert_eq!(json[0]["content"][1]["type"], "file");
        // 5.x: one block, untyped: a string, a file message, a bare file.
        let five = c
            .parse_data(json!([
                {"role": "user", "content": "What is this?"},
                {"role": "user", "content": {"file": picture, "alt_text": "a cat"}},
                {"role": "user", "content": picture},
                {"role": "assistant", "content": ["A ", {"type": "text", "text": "cat."}]},
            ]))
            .unwrap();
        assert_eq!(five[0], ChatMessage::user("What is this?"));
        assert_eq!(five[1].file().map(FileData::name), Some("cat.png"));
        assert_eq!(five[2].file().map(FileData::name), Some("cat.png"));
        assert_eq!(five[3].content.len(), 2);
        assert_eq!(c.read_from_flag(&c.flag(&five)), Ok(five.clone()));
        // A bad block says what is wrong with it.
        for (block, says) in [
            (
                json!({"type": "video", "text": "x"}),
                "unknown content type `video`",
            ),
            (json!({"type": "text"}), "needs its `text`"),
            (json!({"text": "x"}), "needs a `type`"),
            (json!(3), "expected text, a file or a component"),
        ] {
            let err = c
                .parse_data(json!([{"role": "user", "content": [block]}]))
                .unwrap_err();
            assert!(err.to_string().contains(says), "{err}");
        }
        // A streamed reply grows its last text block, or starts one after a file.
        let mut reply = ChatMessage::assistant("It is");
        reply.text_mut().push_str(" a cat");
        assert_eq!(reply.text(), Some("It is a cat"));
        let mut shown = ChatMessage::assistant(FileData::deserialize(&picture).unwrap());
        shown.text_mut().push_str("A cat.");
        assert_eq!(shown.content.len(), 2);
        assert_eq!(shown.text(), Some("A cat."));
    }

    #[test]
    fn likes_read_what_gradio_pages_send() {
        let like = LikeData::from_event(Some(
            json!({"index": 1, "value": ["It is ", "sunny"], "liked": true}),
        ))
        .unwrap();
        assert_eq!(like.index, 1);
        assert_eq!(like.liked, Feedback::Like);
        assert_eq!(like.text(), "It is \nsunny");
        let read = |liked: serde_json::Value| {
            LikeData::from_event(Some(json!({"index": 0, "value": [], "liked": liked})))
                .map(|l| l.liked)
        };
        assert_eq!(read(json!(false)), Ok(Feedback::Dislike));
        assert_eq!(read(json!("")), Ok(Feedback::Removed));
        assert_eq!(read(json!("Funny")), Ok(Feedback::Other("Funny".into())));
        // An option named like a thumb is that thumb.
        assert_eq!(read(json!("Dislike")), Ok(Feedback::Dislike));
        assert_eq!(Feedback::Other("Funny".into()).label(), "Funny");
        assert_eq!(Feedback::Dislike.label(), "Dislike");
        // Gradio's default when `liked` is left out.
        let bare = LikeData::from_event(Some(json!({"index": 0, "value": []}))).unwrap();
        assert_eq!(bare.liked, Feedback::Like);
        assert_eq!(
            serde_json::to_value(&bare).unwrap(),
            json!({"index": 0, "value": [], "liked": true})
        );
        assert_eq!(
            LikeData::from_event(None),
            Err(crate::EventDataError::Missing("feedback"))
        );
        assert!(matches!(
            LikeData::from_event(Some(json!({"index": "one", "value": []}))),
            Err(crate::EventDataError::Invalid("feedback", _))
        ));
    }

    #[test]
    fn messages_group_by_speaker() {
        let chat = [
            ChatMessage::user("a"),
            ChatMessage::user("b"),
            ChatMessage::assistant("c"),
            ChatMessage::assistant("d").thought("tool"),
            ChatMessage::user("e"),
        ];
        assert_eq!(groups(&chat), [0..2, 2..4, 4..5]);
        assert!(groups(&[]).is_empty());
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
        // Gradio's default: no avatars, as a pair.
        assert_eq!(v["props"]["avatar_images"], json!([null, null]));
        // Gradio 6's buttons (its Hugging Face `share` aside), and likes on replies only.
        assert_eq!(v["props"]["buttons"], json!(["copy", "copy_all"]));
        assert_eq!(v["props"]["like_user_message"], false);
        let plain = Block::from(Chatbot::new().buttons([]).like_user_message(true));
        let plain = serde_json::to_value(plain).unwrap();
        assert_eq!(plain["props"]["buttons"], json!([]));
        assert_eq!(plain["props"]["like_user_message"], true);
        let with = Chatbot::new().assistant_avatar("assets/bot.png");
        let v = serde_json::to_value(Block::from(with.clone())).unwrap();
        assert_eq!(v["props"]["avatar_images"][0], json!(null));
        assert_eq!(v["props"]["avatar_images"][1]["path"], "assets/bot.png");
        assert_eq!(
            with.avatar(Role::Assistant).map(FileData::name),
            Some("bot.png")
        );
        assert_eq!(with.avatar(Role::User), None);
        assert_eq!(with.avatar(Role::System), None);
        // Gradio's default options, then some of one's own.
        assert_eq!(v["props"]["feedback_options"], json!(["Like", "Dislike"]));
        let (thumbs, others) = Chatbot::new().feedback();
        assert_eq!(thumbs, [Feedback::Like, Feedback::Dislike]);
        assert!(others.is_empty());
        let reasons =
            Chatbot::new().feedback_options(["Inaccurate", "Dislike", "", "Funny", "Like"]);
        assert_eq!(
            reasons.feedback(),
            (
                vec![Feedback::Like, Feedback::Dislike],
                vec![
                    Feedback::Other("Inaccurate".into()),
                    Feedback::Other("Funny".into())
                ]
            )
        );
        assert_eq!(
            serde_json::to_value(Block::from(reasons)).unwrap()["props"]["feedback_options"],
            json!(["Inaccurate", "Dislike", "", "Funny", "Like"])
        );
        let wrong_only = Chatbot::new().feedback_options(["Wrong"]);
        assert!(wrong_only.feedback().0.is_empty());
        // Only what is offered can be given (or taken back).
        assert_eq!(
            wrong_only.check_feedback(&Feedback::Other("Wrong".into())),
            Ok(())
        );
        assert_eq!(wrong_only.check_feedback(&Feedback::Removed), Ok(()));
        let err = wrong_only.check_feedback(&Feedback::Like).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the feedback (event_data) is malformed: \"Like\" is not one of the chatbot's feedback options (Wrong)"
        );
        assert!(Chatbot::new()
            .check_feedback(&Feedback::Other("Spam".into()))
            .is_err());
        assert_eq!(Chatbot::new().check_feedback(&Feedback::Dislike), Ok(()));
        let info = Chatbot::new().api_info();
        assert_eq!(info["type"], "array");
        assert_eq!(info["items"]["$ref"], "#/$defs/ChatMessage");
        assert_eq!(
            info["$defs"]["Role"]["enum"],
            json!(["user", "assistant", "system"])
        );
    }
}
