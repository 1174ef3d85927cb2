//! A session's messages on their way to its reader: a list behind a lock, and a bell.
//!
//! A channel would do, but tokio's allocates a block of 32 messages (7.4 KB) for every
//! session, most of which hear four, and takes an async lock per message to let one reader
//! take over from another. Here the newest reader is the only one that reads: an older one
//! (a half-open connection the server can't tell is dead) ends as soon as a newer comes.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

use ferrio_components::messages::ServerMessage;
use tokio::sync::Notify;

#[derive(Default)]
pub(super) struct Mailbox {
    letters: Mutex<Letters>,
    /// Rung at each message and at each new reader.
    bell: Notify,
}

#[derive(Default)]
struct Letters {
    messages: VecDeque<ServerMessage>,
    /// The newest reader's number.
    newest: u64,
    /// Readers whose streams are still alive, the newest and any older not yet ended.
    alive: usize,
}

/// A reader's ticket: only the newest reads.
pub(super) struct Ticket(u64);

impl Mailbox {
    fn letters(&self) -> MutexGuard<'_, Letters> {
        // Pushing and popping can't leave the list inconsistent: a poisoned lock still serves.
        self.letters.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn send(&self, msg: ServerMessage) {
        self.letters().messages.push_back(msg);
        self.bell.notify_waiters();
    }

    /// Whether messages wait for a reader.
    pub(super) fn unread(&self) -> bool {
        !self.letters().messages.is_empty()
    }

    /// Readers still alive.
    pub(super) fn readers(&self) -> usize {
        self.letters().alive
    }

    /// A new reader: the ones before it end.
    pub(super) fn new_reader(&self) -> Ticket {
        let ticket = {
            let mut letters = self.letters();
            letters.newest += 1;
            letters.alive += 1;
            Ticket(letters.newest)
        };
        self.bell.notify_waiters();
        ticket
    }

    /// A reader's stream ended (or was dropped).
    pub(super) fn reader_gone(&self) {
        let mut letters = self.letters();
        letters.alive = letters.alive.saturating_sub(1);
    }

    /// The next message for `ticket`'s reader, waiting for it; `None` once a newer reader came.
    pub(super) async fn next(&self, ticket: &Ticket) -> Option<ServerMessage> {
        loop {
            // Listening before looking: a message sent in between still rings.
            let rung = self.bell.notified();
            tokio::pin!(rung);
            rung.as_mut().enable();
            {
                let mut letters = self.letters();
                if letters.newest != ticket.0 {
                    return None;
                }
                if let Some(msg) = letters.messages.pop_front() {
                    return Some(msg);
                }
            }
            rung.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt;

    fn heartbeat() -> ServerMessage {
        ServerMessage::Heartbeat
    }

    #[tokio::test]
    async fn a_reader_gets_what_was_sent_before_and_after_it_came() {
        let mailbox = std::sync::Arc::new(Mailbox::default());
        mailbox.send(heartbeat());
        let ticket = mailbox.new_reader();
        assert!(matches!(
            mailbox.next(&ticket).await,
            Some(ServerMessage::Heartbeat)
        ));
        assert!(!mailbox.unread());
        // Nothing yet: it waits, and the next message wakes it.
        let waiting = tokio::spawn({
            let mailbox = mailbox.clone();
            async move { mailbox.next(&ticket).await }
        });
        tokio::task::yield_now().await;
        mailbox.send(heartbeat());
        assert!(waiting.await.unwrap().is_some());
    }

    #[tokio::test]
    async fn a_newer_reader_ends_the_older_and_takes_the_rest() {
        let mailbox = std::sync::Arc::new(Mailbox::default());
        let old = mailbox.new_reader();
        let waiting = tokio::spawn({
            let mailbox = mailbox.clone();
            async move { mailbox.next(&old).await }
        });
        tokio::task::yield_now().await;
        let new = mailbox.new_reader();
        assert!(waiting.await.unwrap().is_none(), "the older reader ends");
        assert_eq!(mailbox.readers(), 2, "until its stream says it is gone");
        mailbox.reader_gone();
        mailbox.send(heartbeat());
        assert!(mailbox.next(&new).now_or_never().flatten().is_some());
        assert_eq!(mailbox.readers(), 1);
    }
}
