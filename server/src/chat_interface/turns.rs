//! A chat's turns: the function's reply as it grows, Retry, Undo, and the API's `/chat`
//! answer.

use std::sync::Arc;

use ferrio_components::chatbot::groups;
use ferrio_components::{ChatMessage, Role};
use futures_util::StreamExt;

use super::{ChatInput, ChatReply};
use crate::handler::{BoxStream, Handler, Pace, PendingArgs, Prepend, RunError};

/// A chat function's arguments: the message (`T`) and the history, then the additional inputs'
/// values (`()` when there are none).
pub trait ChatArgs<T>: Send + 'static {
    type With: Send + 'static;
    fn with(self, message: T, history: Vec<ChatMessage>) -> Self::With;
}

impl<X, T> ChatArgs<T> for X
where
    X: Prepend<Vec<ChatMessage>> + Send + 'static,
    X::With: Prepend<T>,
{
    type With = <X::With as Prepend<T>>::With;
    fn with(self, message: T, history: Vec<ChatMessage>) -> Self::With {
        self.prepend(history).prepend(message)
    }
}

/// One turn: the message shows at once with an empty reply, then the reply as it grows; the
/// box is emptied. An empty message changes nothing.
pub(super) fn reply<F, M, T, X>(
    f: Arc<F>,
    message: T,
    history: Vec<ChatMessage>,
    extra: X,
) -> BoxStream<Result<(T, Vec<ChatMessage>), RunError>>
where
    T: ChatInput,
    X: ChatArgs<T>,
    F: Handler<X::With, ChatReply, M>,
{
    if message.is_blank() {
        return Box::pin(futures_util::stream::once(
            async move { Ok((message, history)) },
        ));
    }
    let mut shown = history.clone();
    shown.extend(message.clone().into_messages());
    let mut first = shown.clone();
    first.push(ChatMessage::assistant(""));
    let replies = f.call(
        PendingArgs::Ready(extra.with(message, history)),
        &on_the_pool(),
    );
    Box::pin(
        futures_util::stream::once(async move { Ok((T::default(), first)) }).chain(replies.map(
            move |answer| {
                let mut turn = shown.clone();
                turn.extend(answer?.into_messages());
                Ok((T::default(), turn))
            },
        )),
    )
}

/// Where the last turn starts and its message ends: the person's last messages in a row
/// (a file and its text are one turn), if any.
fn last_turn(history: &[ChatMessage]) -> Option<std::ops::Range<usize>> {
    groups(history)
        .into_iter()
        .rev()
        .find(|g| history[g.start].role == Role::User)
}

/// Retry: the last message is answered again, from the history before it. Nothing to retry
/// changes nothing.
pub(super) fn retry_turn<F, M, T, X>(
    f: Arc<F>,
    mut history: Vec<ChatMessage>,
    extra: X,
) -> BoxStream<Result<Vec<ChatMessage>, RunError>>
where
    T: ChatInput,
    X: ChatArgs<T>,
    F: Handler<X::With, ChatReply, M>,
{
    let Some(turn) = last_turn(&history) else {
        return Box::pin(futures_util::stream::once(async move { Ok(history) }));
    };
    let message = T::from_messages(&history[turn.clone()]);
    history.truncate(turn.start);
    Box::pin(reply(f, message, history, extra).map(|turn| turn.map(|(_, chat)| chat)))
}

/// Undo: the last turn goes, and its message is back in the box to edit.
pub(super) fn undo_turn<T: ChatInput>(mut history: Vec<ChatMessage>) -> (T, Vec<ChatMessage>) {
    match last_turn(&history) {
        Some(turn) => {
            let message = T::from_messages(&history[turn.clone()]);
            history.truncate(turn.start);
            (message, history)
        }
        None => (T::default(), history),
    }
}

/// A chat function (a plain one) runs on the blocking pool each time: replies are rarely quick
/// enough to be worth running inline.
fn on_the_pool() -> Arc<Pace> {
    Arc::new(Pace::default())
}

/// The API's turn: the reply to a message with no history, as the function gave it.
pub(super) fn answer<F, M, T, X>(
    f: Arc<F>,
    message: T,
    extra: X,
) -> BoxStream<Result<serde_json::Value, RunError>>
where
    X: ChatArgs<T>,
    F: Handler<X::With, ChatReply, M>,
{
    Box::pin(
        f.call(
            PendingArgs::Ready(extra.with(message, Vec::new())),
            &on_the_pool(),
        )
        .map(|answer| answer.map(|a| a.to_api())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrio_components::MultimodalValue;

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
        let turns: Vec<Vec<ChatMessage>> =
            retry_turn::<_, _, String, _>(Arc::new(echo), history.clone(), ())
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

        let (message, kept) = undo_turn::<String>(history.clone());
        assert_eq!(message, "two");
        assert_eq!(kept, history[..2]);
        // Nothing to undo or retry: nothing changes.
        assert_eq!(undo_turn::<String>(Vec::new()), (String::new(), Vec::new()));
        let same: Vec<_> = retry_turn::<_, _, String, _>(Arc::new(echo), Vec::new(), ())
            .collect()
            .await;
        assert_eq!(same.len(), 1);
    }

    fn files_and_text(m: MultimodalValue, h: Vec<ChatMessage>) -> String {
        format!("{} file(s), '{}', after {}", m.files.len(), m.text, h.len())
    }

    #[tokio::test]
    async fn a_multimodal_turn_shows_its_files_then_its_text_and_retry_sends_them_again() {
        let message = MultimodalValue {
            text: "what are these?".into(),
            files: vec!["/c/1/a.png".into(), "/c/2/b.pdf".into()],
        };
        let turns: Vec<_> = reply(Arc::new(files_and_text), message.clone(), Vec::new(), ())
            .map(Result::unwrap)
            .collect()
            .await;
        let (boxed, chat) = turns.last().unwrap();
        // The box is emptied.
        assert_eq!(boxed, &MultimodalValue::default());
        // One message of the files then the text, as Gradio 6 groups them.
        assert_eq!(chat.len(), 2);
        let sent = &chat[0].content;
        assert_eq!(sent.len(), 3);
        assert_eq!(sent[0].file().unwrap().path, "/c/1/a.png");
        assert_eq!(sent[1].file().unwrap().name(), "b.pdf");
        assert_eq!(sent[2].text(), Some("what are these?"));
        assert_eq!(
            chat[1],
            ChatMessage::assistant("2 file(s), 'what are these?', after 0")
        );
        // Files alone are a message; nothing at all is not.
        let files_only = MultimodalValue {
            text: " ".into(),
            files: vec!["/c/1/a.png".into()],
        };
        assert_eq!(files_only.clone().into_messages().len(), 1);
        assert!(!files_only.is_blank());
        assert!(MultimodalValue::text(" ").is_blank());

        // The whole turn (both files and the text) is the last message: undo gives it back.
        let (back, kept) = undo_turn::<MultimodalValue>(chat.clone());
        assert_eq!(back, message);
        assert!(kept.is_empty());
        let again: Vec<Vec<ChatMessage>> =
            retry_turn::<_, _, MultimodalValue, _>(Arc::new(files_and_text), chat.clone(), ())
                .map(Result::unwrap)
                .collect()
                .await;
        assert_eq!(again.last().unwrap(), chat);
        // A text chat retries only the text of a turn that had a file.
        assert_eq!(undo_turn::<String>(chat.clone()).0, "what are these?");
    }

    /// A tool's use as a thought, working then done, then the answer: each item is the reply
    /// so far.
    fn with_a_tool(
        message: String,
        _: Vec<ChatMessage>,
    ) -> impl futures_util::Stream<Item = Vec<ChatMessage>> {
        let working = ChatMessage::assistant("").thought("Looking it up");
        let done = ChatMessage::assistant(format!("found {message}")).thought("Looked it up");
        futures_util::stream::iter([
            vec![working],
            vec![done.clone(), ChatMessage::assistant("Here it is.")],
        ])
    }

    #[tokio::test]
    async fn a_reply_of_several_messages_replaces_the_one_before_as_it_streams() {
        let before = vec![ChatMessage::user("hi"), ChatMessage::assistant("hello")];
        let turns: Vec<Vec<ChatMessage>> =
            reply(Arc::new(with_a_tool), "cats".into(), before.clone(), ())
                .map(|turn| turn.unwrap().1)
                .collect()
                .await;
        assert_eq!(turns.len(), 3);
        assert_eq!(turns[1].len(), 4);
        assert_eq!(turns[1][3].text(), Some(""));
        let last = turns.last().unwrap();
        assert_eq!(
            last[..3],
            [
                before[0].clone(),
                before[1].clone(),
                ChatMessage::user("cats")
            ]
        );
        assert_eq!(
            last[3],
            ChatMessage::assistant("found cats").thought("Looked it up")
        );
        assert_eq!(last[4], ChatMessage::assistant("Here it is."));
        assert_eq!(last.len(), 5);
        // The API gives what the function gave, as JSON.
        let api: Vec<serde_json::Value> = answer(Arc::new(with_a_tool), "dogs".to_owned(), ())
            .map(Result::unwrap)
            .collect()
            .await;
        assert_eq!(api[1][0]["metadata"]["title"], "Looked it up");
        assert_eq!(api[1][1]["content"][0]["text"], "Here it is.");
        let text: Vec<serde_json::Value> = answer(Arc::new(echo), "hi".to_owned(), ())
            .map(Result::unwrap)
            .collect()
            .await;
        assert_eq!(text, [serde_json::json!("hi after 0")]);
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
}
