//! A streaming echo bot with `ChatInterface`: the reply grows word by word, and knows how
//! many messages came before; an additional input makes it shout; 👍 / 👎 under a reply
//! saves it. `/chat` in the API.

use std::time::Duration;

use ferrio::prelude::*;
use ferrio::theme::{Hue, Radius, Theme};

/// "You said: …", a word at a time (each item is the reply so far, as Gradio's generators
/// yield it), in capitals if asked.
pub fn echo_bot(
    message: String,
    history: Vec<ChatMessage>,
    capitals: bool,
) -> impl Stream<Item = String> {
    let turn = history.iter().filter(|m| m.role == Role::User).count() + 1;
    let mut reply = format!("You said: {} (message {turn})", message.trim());
    if capitals {
        reply = reply.to_uppercase();
    }
    let words: Vec<String> = reply.split_inclusive(' ').map(str::to_owned).collect();
    stream::unfold(
        (String::new(), words.into_iter()),
        |(mut so_far, mut words)| async move {
            let word = words.next()?;
            tokio::time::sleep(Duration::from_millis(40)).await;
            so_far.push_str(&word);
            Some((so_far.clone(), (so_far, words)))
        },
    )
}

/// The echo bot as a ChatInterface, with a Capitals checkbox, 👍 / 👎 feedback and a theme of
/// its own.
pub fn app() -> Blocks {
    ChatInterface::new(echo_bot)
        .title("Echo bot")
        .description("Answers word by word, and counts your messages.")
        .placeholder("Say something: the bot answers word by word.")
        .examples(["Hello there", "What can you do?"])
        .additional_inputs(Checkbox::new().label("Capitals"))
        // 👍 / 👎 under each reply, saved as rows of a dataset of its own.
        .flagging_mode(FlaggingMode::Manual)
        .flagging_dir(".ferrio/chat-feedback")
        .into_blocks()
        // A look of its own: blue on slate, rounder corners, and a centred title.
        .theme(
            Theme::new()
                .primary(Hue::Blue)
                .neutral(Hue::Slate)
                .radius(Radius::Lg),
        )
        .css(".gradio-container h1 { text-align: center; }")
        .head(r#"<meta name="description" content="A streaming echo bot, made with Ferrio">"#)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_reply_grows_word_by_word_and_counts_turns() {
        let history = vec![ChatMessage::user("a"), ChatMessage::assistant("b")];
        let steps: Vec<String> = echo_bot("hi".into(), history, false).collect().await;
        assert_eq!(steps.first().map(String::as_str), Some("You "));
        assert_eq!(
            steps.last().map(String::as_str),
            Some("You said: hi (message 2)")
        );
        let shouted: Vec<String> = echo_bot("hi".into(), Vec::new(), true).collect().await;
        assert_eq!(
            shouted.last().map(String::as_str),
            Some("YOU SAID: HI (MESSAGE 1)")
        );
    }
}
