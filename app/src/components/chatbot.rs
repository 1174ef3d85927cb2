//! The Chatbot's view: the conversation (text, files, components, thoughts), with
//! `select` on a message and `like` on a reply.

use std::collections::HashMap;

use ferrio_components::chatbot::{
    groups, ComponentMessage, FileMessage, Metadata, Role, ThoughtStatus,
};
use ferrio_components::{
    ChatMessage, Chatbot, ChatbotButton, ComponentId, EventName, Feedback, LikeData,
    MessageContent, SelectData,
};
use leptos::html::Div;
use leptos::prelude::*;

use super::copy::CopyButton;
use super::field::Field;
use super::file::file_href;
use super::icons::{FileIcon, FlagIcon, ThumbDownIcon, ThumbUpIcon};
use super::markdown::Rendered;
use crate::render::MessageComponents;
use crate::state::PageState;

/// What a block of a message shows. A text block's text is left out, so a reply that streams
/// changes only its text node, never the block's frame.
#[derive(Clone, PartialEq)]
enum Shown {
    Text,
    File(FileMessage),
    Component(ComponentMessage),
}

super::builtin_view!(Chatbot => ChatbotView in chat);

/// The conversation, newest at the bottom. A message's frame is built once; while a reply
/// streams only its text node changes (a folded thought stays as the person left it), and the
/// view follows the newest text unless the person has scrolled up to read. Text is Markdown
/// (rendered by the server); a file shows as a picture, a player or a link; a component as
/// itself, display-only. With a `like` listener each reply ends with 👍 / 👎.
#[component]
pub fn ChatbotView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Chatbot,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Chatbot>(id);
    let log = NodeRef::<Div>::new();
    let count = Memo::new(move |_| value.with(Vec::len));
    let follow = StoredValue::new(true);
    Effect::new(move |_| {
        value.track();
        if follow.get_value() {
            // After the new text is in the page.
            request_animation_frame(move || {
                if let Some(el) = log.get_untracked() {
                    el.set_scroll_top(el.scroll_height());
                }
            });
        }
    });
    let on_scroll = move |_| {
        if let Some(el) = log.get_untracked() {
            follow.set_value(el.scroll_height() - el.scroll_top() - el.client_height() < 40);
        }
    };
    let placeholder = props.placeholder.clone();
    // Each role's picture, beside the first message of each of its turns.
    let (user_avatar, assistant_avatar) = (
        props.avatar(Role::User).map(|f| file_href(&f.path)),
        props.avatar(Role::Assistant).map(|f| file_href(&f.path)),
    );
    let avatar_of = move |role: Role| match role {
        Role::User => user_avatar.clone(),
        Role::Assistant => assistant_avatar.clone(),
        Role::System => None,
    };
    let with_avatars = props.avatar_images.0.is_some() || props.avatar_images.1.is_some();
    // A message can be picked (click, or Enter on it) when something listens to `select`.
    let pick = state.listens(id, EventName::Select).then(|| {
        let state = state.clone();
        Callback::new(move |i: usize| {
            // By its first block: a file by its name, a component by its kind.
            let text = value.with_untracked(|v| {
                v.get(i)
                    .and_then(|m| m.content.first())
                    .map(|block| match block {
                        MessageContent::Text(text) => text.clone(),
                        MessageContent::File(f) => f.file.name().to_owned(),
                        MessageContent::Component(c) => c.component.clone(),
                    })
            });
            if let Some(text) = text {
                state.select(id, SelectData::<Chatbot>::new(i, text));
            }
        })
    });
    // Where each reply (an assistant's messages in a row; with `like_user_message`, a
    // person's too) starts, keyed by where it ends.
    let like_user = props.like_user_message;
    let replies = Memo::new(move |_| {
        value.with(|v| {
            groups(v)
                .into_iter()
                .filter(|g| like_user || v[g.start].role == Role::Assistant)
                .map(|g| (g.end - 1, g.start))
                .collect::<HashMap<usize, usize>>()
        })
    });
    // The feedback given on each reply (by its start), with the reply it was given on: a reply
    // replaced (Retry, Undo, a new conversation) starts unrated, as Gradio's; one still
    // streaming keeps its rating as it grows.
    let given = RwSignal::new(HashMap::<usize, (Feedback, Vec<MessageContent>)>::new());
    Effect::new(move |_| {
        value.with(|v| {
            let stale: Vec<usize> = given.with_untracked(|g| {
                g.iter()
                    .filter(|(start, (_, rated))| !grew_from(rated, &reply_at(v, **start)))
                    .map(|(start, _)| *start)
                    .collect()
            });
            if !stale.is_empty() {
                given.update(|g| g.retain(|start, _| !stale.contains(start)));
            }
        });
    });
    // The chatbot's feedback options: thumbs, and the others under a flag.
    let options = StoredValue::new(props.feedback());
    let offers_any =
        options.with_value(|(thumbs, others)| !thumbs.is_empty() || !others.is_empty());
    let rate = (offers_any && state.listens(id, EventName::Like)).then(|| {
        let state = state.clone();
        Callback::new(move |(start, pressed): (usize, Feedback)| {
            let before = given.with_untracked(|g| g.get(&start).map(|(f, _)| f.clone()));
            // Pressing the thumb already down takes it back.
            let liked = if before.as_ref() == Some(&pressed) {
                Feedback::Removed
            } else {
                pressed
            };
            let contents = value.with_untracked(|v| reply_at(v, start));
            given.update(|g| {
                if liked == Feedback::Removed {
                    g.remove(&start);
                } else {
                    g.insert(start, (liked.clone(), contents.clone()));
                }
            });
            state.like(
                id,
                LikeData {
                    index: start,
                    value: contents,
                    liked,
                },
            );
        })
    });
    let copies = props.has_button(ChatbotButton::Copy);
    // The whole conversation's text, one message a paragraph (Gradio's `copy_all`).
    let copy_all = props.has_button(ChatbotButton::CopyAll).then(|| {
        let all = Signal::derive(move || {
            value.with(|v| {
                v.iter()
                    .filter_map(ChatMessage::text)
                    .collect::<Vec<_>>()
                    .join("\n\n")
            })
        });
        view! { <div class="chat-buttons"><CopyButton text=all label="Copy conversation"/></div> }
    });
    view! {
        <Field id kind="chatbot" common=props.common default_label="Chatbot" group=true>
            {copy_all}
            <div
                class="chat"
                class:with-avatars=with_avatars
                role="log"
                node_ref=log
                style:height=props.height.map(|h| format!("{h}px"))
                on:scroll=on_scroll
            >
                {move || (count.get() == 0).then(|| placeholder.clone().map(|p| view! { <div class="chat-placeholder">{p}</div> }))}
                <For each=move || 0..count.get() key=|i| *i let:i>
                    {
                        let role = Memo::new(move |_| value.with(|v| v.get(i).map(|m| m.role)));
                        let starts_turn = Memo::new(move |_| value.with(|v| i == 0 || v.get(i - 1).map(|m| m.role) != v.get(i).map(|m| m.role)));
                        let avatar_of = avatar_of.clone();
                        let metadata = Memo::new(move |_| value.with(|v| v.get(i).and_then(|m| m.metadata.clone())));
                        let blocks = Memo::new(move |_| value.with(|v| v.get(i).map_or(0, |m| m.content.len())));
                        let text_shown = TextShown { markdown: props.render_markdown, line_breaks: props.line_breaks, copy: copies };
                        // Drawn again only when a block comes or goes (rare: a streamed text
                        // grows inside its block).
                        let body = move || {
                            (0..blocks.get()).map(|j| block_view(value, (id, i, j), text_shown).into_any()).collect::<Vec<_>>()
                        };
                        let pick = pick.map(|p| Callback::new(move |()| p.run(i)));
                        let reply_start = Memo::new(move |_| replies.with(|r| r.get(&i).copied()));
                        let thumbs = move || {
                            let rate = rate?;
                            let start = reply_start.get()?;
                            let name = match role.get()? {
                                Role::User => "Rate this message",
                                _ => "Rate this reply",
                            };
                            Some(feedback_view(start, given, rate, options, name))
                        };
                        view! {
                            {move || role.get().map(|role| {
                                let avatar = starts_turn.get().then(|| avatar_of(role)).flatten();
                                message_view(Author { role, avatar }, metadata, body, pick)
                            })}
                            {thumbs}
                        }
                    }
                </For>
            </div>
        </Field>
    }
}

/// The contents of the reply (an assistant's messages in a row) starting at `start`.
fn reply_at(messages: &[ChatMessage], start: usize) -> Vec<MessageContent> {
    groups(messages)
        .into_iter()
        .find(|g| g.start == start)
        .map(|g| messages[g].iter().flat_map(|m| m.content.clone()).collect())
        .unwrap_or_default()
}

/// Whether reply `now` is `rated` or what it became as it streamed on: the same blocks, the
/// last one's text longer, perhaps more after it.
fn grew_from(rated: &[MessageContent], now: &[MessageContent]) -> bool {
    rated.len() <= now.len()
        && rated
            .iter()
            .zip(now)
            .enumerate()
            .all(|(i, pair)| match pair {
                (r, n) if r == n => true,
                (MessageContent::Text(r), MessageContent::Text(n)) => {
                    i + 1 == rated.len() && n.starts_with(r.as_str())
                }
                _ => false,
            })
}

/// 👍 / 👎 under a reply (those of the chatbot's feedback options), and its other options
/// under a flag; the one given stays pressed.
fn feedback_view(
    start: usize,
    given: RwSignal<HashMap<usize, (Feedback, Vec<MessageContent>)>>,
    rate: Callback<(usize, Feedback)>,
    options: StoredValue<(Vec<Feedback>, Vec<Feedback>)>,
    // What is rated, for screen readers: "Rate this reply", or a person's own message.
    name: &'static str,
) -> AnyView {
    let pressed = move |f: &Feedback| given.with(|g| g.get(&start).is_some_and(|(g, _)| g == f));
    let (thumbs, others) = options.get_value();
    let thumbs = thumbs
        .into_iter()
        .map(|feedback| {
            let icon = match feedback {
                Feedback::Like => view! { <ThumbUpIcon/> }.into_any(),
                _ => view! { <ThumbDownIcon/> }.into_any(),
            };
            let shown = feedback.clone();
            view! {
                <button
                    type="button"
                    class="thumb"
                    aria-label=feedback.label().to_owned()
                    aria-pressed=move || pressed(&shown).to_string()
                    on:click=move |_| rate.run((start, feedback.clone()))
                >
                    {icon}
                </button>
            }
        })
        .collect_view();
    let menu = (!others.is_empty()).then(|| {
        let flagged = {
            let others = others.clone();
            move || others.iter().any(pressed)
        };
        let menu = NodeRef::<leptos::html::Details>::new();
        let items = others
            .into_iter()
            .map(|option| {
                let shown = option.clone();
                view! {
                    <li>
                        <button
                            type="button"
                            class="feedback-option"
                            aria-pressed=move || pressed(&shown).to_string()
                            on:click=move |_| {
                                // The choice is made: the menu folds away.
                                if let Some(menu) = menu.get_untracked() {
                                    menu.set_open(false);
                                }
                                rate.run((start, option.clone()));
                            }
                        >
                            {option.label().to_owned()}
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="feedback-more" node_ref=menu>
                <summary class="thumb" class:given=flagged aria-label="More feedback">
                    <FlagIcon/>
                </summary>
                <ul class="feedback-options">{items}</ul>
            </details>
        }
        .into_any()
    });
    view! {
        <div class="feedback" role="group" aria-label=name>
            {thumbs}
            {menu}
        </div>
    }
    .into_any()
}

/// A file in the conversation: a picture, a sound or a video plays in place; anything else is a
/// link to download it.
fn file_view(f: FileMessage) -> AnyView {
    let name = f.file.name().to_owned();
    let href = file_href(&f.file.path);
    let kind = f
        .file
        .mime_type
        .as_deref()
        .and_then(|m| m.split('/').next())
        .unwrap_or_default()
        .to_owned();
    let alt = f.alt_text.clone().unwrap_or_else(|| name.clone());
    match kind.as_str() {
        "image" => view! { <img class="message-file" src=href alt=alt/> }.into_any(),
        "audio" => {
            view! { <audio class="message-file" src=href controls=true aria-label=alt></audio> }
                .into_any()
        }
        "video" => {
            view! { <video class="message-file" src=href controls=true aria-label=alt></video> }
                .into_any()
        }
        _ => view! {
            <a class="message-file-link" href=href download=name.clone()>
                <FileIcon/>
                {name.clone()}
            </a>
        }
        .into_any(),
    }
}

/// How text messages are shown (the chatbot's `render_markdown`, `line_breaks`).
#[derive(Clone, Copy)]
struct TextShown {
    markdown: bool,
    line_breaks: bool,
    /// With a button that copies the text as written.
    copy: bool,
}

/// A message's text: as Markdown once the server has rendered it, as typed until then.
fn text_view(
    text: impl Fn() -> String + Clone + Send + Sync + 'static,
    shown: TextShown,
) -> AnyView {
    let copy = shown.copy.then(|| {
        let text = text.clone();
        view! { <CopyButton text=Signal::derive(text) label="Copy message"/> }
    });
    if !shown.markdown {
        return view! { <div class="message-text plain">{text}</div> {copy} }.into_any();
    }
    let rendered = Rendered::follow(text.clone(), None, shown.line_breaks);
    let body = move || match rendered.html.get() {
        Some(html) => view! { <div class="message-text prose" inner_html=html></div> }.into_any(),
        None => view! { <div class="message-text plain">{text()}</div> }.into_any(),
    };
    view! { {body} {copy} }.into_any()
}

/// Who wrote a message, and the picture beside it where it starts their turn.
struct Author {
    role: Role,
    avatar: Option<String>,
}

/// Block `j` of message `i` of chatbot `id`: its text, file or component.
fn block_view(
    value: RwSignal<Vec<ChatMessage>>,
    (id, i, j): (ComponentId, usize, usize),
    text_shown: TextShown,
) -> impl IntoView {
    let shown = Memo::new(move |_| {
        value.with(|v| {
            v.get(i)
                .and_then(|m| m.content.get(j))
                .map(|block| match block {
                    MessageContent::Text(_) => Shown::Text,
                    MessageContent::File(f) => Shown::File(f.clone()),
                    MessageContent::Component(c) => Shown::Component(c.clone()),
                })
        })
    });
    let text = move || {
        value.with(|v| match v.get(i).and_then(|m| m.content.get(j)) {
            Some(MessageContent::Text(text)) => text.clone(),
            _ => String::new(),
        })
    };
    // A component block's id: apart from the config's, and the same on the server and in the
    // page (12 bits of message, 4 of block).
    let block =
        ComponentId(0x8000_0000 | (id.0 << 16) | ((i as u32 & 0xfff) << 4) | (j as u32 & 0xf));
    let components = use_context::<MessageComponents>();
    move || match shown.get() {
        Some(Shown::Text) => text_view(text, text_shown),
        Some(Shown::File(f)) => file_view(f),
        Some(Shown::Component(c)) => match &components {
            Some(components) => components.view(block, &c),
            None => {
                view! { <p class="error">{format!("a `{}` can't be shown here", c.component)}</p> }
                    .into_any()
            }
        },
        None => ().into_any(),
    }
}

fn message_view<B: IntoView + 'static>(
    author: Author,
    metadata: Memo<Option<Metadata>>,
    blocks: impl Fn() -> B + Clone + Send + Sync + 'static,
    pick: Option<Callback<()>>,
) -> impl IntoView {
    let (class, who) = match author.role {
        Role::User => ("user", "You: "),
        Role::Assistant => ("assistant", "Assistant: "),
        Role::System => ("system", "System: "),
    };
    let body = move || {
        view! { <div class="message-body">{blocks()}</div> }
    };
    let frame = move || match metadata.get().filter(|m| m.title.is_some()) {
        Some(meta) => {
            let mut summary = meta.title.unwrap_or_default();
            if let Some(log) = meta.log {
                summary.push_str(&format!(" · {log}"));
            }
            if let Some(seconds) = meta.duration {
                summary.push_str(&format!(" ({seconds:.1}s)"));
            }
            let pending = meta.status == Some(ThoughtStatus::Pending);
            view! {
                <details class="thought" open=meta.status != Some(ThoughtStatus::Done)>
                    <summary>
                        {pending.then(|| view! { <span class="spinner" role="img" aria-label="working"></span> })}
                        {summary}
                    </summary>
                    {body()}
                </details>
            }
            .into_any()
        }
        None => body().into_any(),
    };
    view! {
        <div
            class=format!("message {class}")
            class:selectable=pick.is_some()
            data-role=class
            tabindex=pick.map(|_| "0")
            on:click=move |_| if let Some(p) = pick { p.run(()) }
            on:keydown=move |ev| {
                if let Some(p) = pick.filter(|_| ev.key() == "Enter") {
                    p.run(());
                }
            }
        >
            {author.avatar.map(|src| view! { <img class="avatar" src=src alt=""/> })}
            <span class="sr-only">{who}</span>
            {frame}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::grew_from;
    use ferrio_components::MessageContent;

    fn text(t: &str) -> MessageContent {
        MessageContent::Text(t.into())
    }

    #[test]
    fn a_rating_stays_while_its_reply_streams_on_and_goes_when_it_is_replaced() {
        let rated = [text("Looked it up"), text("It is su")];
        // Streaming on: the last text longer, then another message.
        assert!(grew_from(
            &rated,
            &[text("Looked it up"), text("It is sunny")]
        ));
        assert!(grew_from(
            &rated,
            &[text("Looked it up"), text("It is sunny"), text("!")]
        ));
        assert!(grew_from(&rated, &rated));
        // Replaced: answered again (it starts empty), changed, or gone.
        assert!(!grew_from(&rated, &[text("")]));
        assert!(!grew_from(&rated, &[text("Looked it up"), text("It is")]));
        assert!(!grew_from(
            &rated,
            &[text("Looked again"), text("It is sunny")]
        ));
        assert!(!grew_from(&rated, &[]));
    }
}
