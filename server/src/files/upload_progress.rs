//! `/gradio_api/upload_progress?upload_id=…`: how much of an upload has arrived, for a client
//! that named its upload (`POST /gradio_api/upload?upload_id=…`), as Gradio's frontend follows it.
//!
//! Gradio polls a deque every 50 ms; here each upload owns a `watch` channel the parser writes
//! to as chunks arrive, and a reader wakes only when there is news. An upload's record stays a
//! short while after it ends (so a reader that connects late still hears `done`), then goes:
//! nothing here grows with the number of uploads served.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use ferrio_components::messages::{ErrorDetail, UploadProgressMessage};
use futures_util::Stream;
use serde::Deserialize;
use tokio::sync::{watch, Notify};

/// How long a reader waits for an upload it asks about to begin (Gradio's 3 s).
pub(crate) const WAIT_FOR_UPLOAD: Duration = Duration::from_secs(3);
/// How long a finished upload's record is kept for readers that come late.
const LINGER: Duration = Duration::from_secs(30);
/// Gradio sends a heartbeat on a quiet progress stream every 15 s.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// A client's name for one upload: 1–128 letters, digits, `-` or `_`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub(crate) struct UploadId(String);

#[derive(Debug, thiserror::Error)]
pub(crate) enum ProgressError {
    #[error("invalid upload_id {0:?}: use 1 to 128 letters, digits, '-' or '_'")]
    BadId(String),
    #[error("upload_id {0:?} is already in use by an upload in progress")]
    InUse(String),
    #[error("Upload not found: {0:?}")]
    NotFound(String),
}

impl ProgressError {
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            ProgressError::BadId(_) => StatusCode::BAD_REQUEST,
            ProgressError::InUse(_) => StatusCode::CONFLICT,
            ProgressError::NotFound(_) => StatusCode::NOT_FOUND,
        }
    }
}

impl IntoResponse for ProgressError {
    fn into_response(self) -> Response {
        (self.status(), Json(ErrorDetail::message(self.to_string()))).into_response()
    }
}

impl TryFrom<String> for UploadId {
    type Error = ProgressError;

    fn try_from(id: String) -> Result<Self, Self::Error> {
        let ok = (1..=128).contains(&id.len())
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(UploadId(id))
        } else {
            Err(ProgressError::BadId(id))
        }
    }
}

/// What has arrived of one upload: bytes per file, in the order the files came.
#[derive(Debug, Clone, Default, PartialEq)]
struct Status {
    files: Vec<(String, u64)>,
    done: bool,
}

/// Every named upload in progress (or just ended).
#[derive(Debug, Default)]
pub(crate) struct UploadProgress {
    uploads: Mutex<HashMap<UploadId, watch::Sender<Status>>>,
    /// Wakes readers waiting for an upload to begin.
    begun: Notify,
}

impl UploadProgress {
    /// Starts following an upload; its record is marked done when the returned handle drops.
    pub(crate) fn begin(self: &Arc<Self>, id: UploadId) -> Result<Tracked, ProgressError> {
        let mut uploads = self.uploads.lock().expect("upload progress lock");
        if uploads.get(&id).is_some_and(|tx| !tx.borrow().done) {
            return Err(ProgressError::InUse(id.0));
        }
        let (tx, _) = watch::channel(Status::default());
        uploads.insert(id.clone(), tx.clone());
        drop(uploads);
        self.begun.notify_waiters();
        Ok(Tracked {
            id,
            tx,
            registry: Arc::downgrade(self),
        })
    }

    /// The upload's news as Gradio's messages, ending with `done`; waits up to `wait` for an
    /// upload that has not begun yet.
    pub(crate) async fn follow(
        self: &Arc<Self>,
        id: &UploadId,
        wait: Duration,
    ) -> Result<impl Stream<Item = UploadProgressMessage> + Send + 'static, ProgressError> {
        let deadline = tokio::time::Instant::now() + wait;
        let rx = loop {
            // Registered before looking, so a `begin` between the two still wakes us.
            let begun = self.begun.notified();
            if let Some(tx) = self.uploads.lock().expect("upload progress lock").get(id) {
                break tx.subscribe();
            }
            if tokio::time::timeout_at(deadline, begun).await.is_err() {
                return Err(ProgressError::NotFound(id.0.clone()));
            }
        };
        Ok(messages(rx))
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.uploads.lock().expect("upload progress lock").len()
    }
}

/// Turns a status channel into update messages (the bytes since the last one, per file).
fn messages(rx: watch::Receiver<Status>) -> impl Stream<Item = UploadProgressMessage> + Send {
    struct Reader {
        rx: watch::Receiver<Status>,
        seen: Vec<u64>,
        pending: std::collections::VecDeque<UploadProgressMessage>,
        finished: bool,
    }
    let reader = Reader {
        rx,
        seen: Vec::new(),
        pending: Default::default(),
        finished: false,
    };
    futures_util::stream::unfold(reader, |mut r| async move {
        loop {
            if let Some(msg) = r.pending.pop_front() {
                return Some((msg, r));
            }
            if r.finished {
                return None;
            }
            let status = r.rx.borrow_and_update().clone();
            for (i, (name, received)) in status.files.iter().enumerate() {
                if r.seen.len() <= i {
                    r.seen.push(0);
                }
                if *received > r.seen[i] {
                    r.pending.push_back(UploadProgressMessage::Update {
                        orig_name: name.clone(),
                        chunk_size: received - r.seen[i],
                    });
                    r.seen[i] = *received;
                }
            }
            if status.done {
                r.pending.push_back(UploadProgressMessage::Done);
                r.finished = true;
                continue;
            }
            if !r.pending.is_empty() {
                continue;
            }
            match tokio::time::timeout(HEARTBEAT, r.rx.changed()).await {
                Err(_) => return Some((UploadProgressMessage::Heartbeat, r)),
                // Every sender is gone without `done` (can't happen: `Tracked` marks it on drop).
                Ok(Err(_)) => r.finished = true,
                Ok(Ok(())) => {}
            }
        }
    })
}

/// The upload's side: reports bytes as they arrive; marks the upload done when dropped, however
/// it ended (stored, refused, or the client went away).
#[derive(Debug)]
pub(crate) struct Tracked {
    id: UploadId,
    tx: watch::Sender<Status>,
    registry: Weak<UploadProgress>,
}

impl Tracked {
    /// `bytes` more of the file `name` arrived.
    pub(crate) fn add(&self, name: &str, bytes: u64) {
        self.tx.send_modify(|s| match s.files.last_mut() {
            Some((last, received)) if last == name => *received += bytes,
            _ => s.files.push((name.to_owned(), bytes)),
        });
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.tx.send_modify(|s| s.done = true);
        let (id, tx, registry) = (self.id.clone(), self.tx.clone(), self.registry.clone());
        let forget = move || {
            let Some(registry) = registry.upgrade() else {
                return;
            };
            let mut uploads = registry.uploads.lock().expect("upload progress lock");
            // Only this upload's record: the id may have been reused since.
            if uploads.get(&id).is_some_and(|t| t.same_channel(&tx)) {
                uploads.remove(&id);
            }
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    tokio::time::sleep(LINGER).await;
                    forget();
                });
            }
            Err(_) => forget(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    fn id(s: &str) -> UploadId {
        UploadId::try_from(s.to_owned()).unwrap()
    }

    #[test]
    fn ids_are_short_plain_names() {
        assert!(UploadId::try_from("abc-123_X".to_owned()).is_ok());
        for bad in ["", "a/b", "a b", "ä", &"x".repeat(129)] {
            assert!(UploadId::try_from(bad.to_owned()).is_err(), "{bad:?}");
        }
    }

    #[tokio::test]
    async fn a_reader_hears_each_files_new_bytes_then_done() {
        let progress = Arc::new(UploadProgress::default());
        let tracked = progress.begin(id("u1")).unwrap();
        let stream = progress.follow(&id("u1"), WAIT_FOR_UPLOAD).await.unwrap();
        tracked.add("a.bin", 10);
        tracked.add("a.bin", 5);
        tracked.add("b.bin", 7);
        drop(tracked);
        let got: Vec<_> = stream.collect().await;
        // However the reader was scheduled, the bytes add up per file and `done` comes last.
        let mut sums: Vec<(String, u64)> = Vec::new();
        for msg in &got[..got.len() - 1] {
            let UploadProgressMessage::Update {
                orig_name,
                chunk_size,
            } = msg
            else {
                panic!("{got:?}");
            };
            match sums.last_mut() {
                Some((name, n)) if name == orig_name => *n += chunk_size,
                _ => sums.push((orig_name.clone(), *chunk_size)),
            }
        }
        assert_eq!(sums, [("a.bin".to_owned(), 15), ("b.bin".to_owned(), 7)]);
        assert_eq!(got.last(), Some(&UploadProgressMessage::Done));
    }

    #[tokio::test]
    async fn a_reader_may_come_before_the_upload_begins() {
        let progress = Arc::new(UploadProgress::default());
        let waiting = {
            let progress = progress.clone();
            tokio::spawn(async move { progress.follow(&id("early"), WAIT_FOR_UPLOAD).await })
        };
        tokio::task::yield_now().await;
        let tracked = progress.begin(id("early")).unwrap();
        tracked.add("x", 3);
        drop(tracked);
        let got: Vec<_> = waiting.await.unwrap().unwrap().collect().await;
        assert_eq!(got.last(), Some(&UploadProgressMessage::Done));
    }

    #[tokio::test]
    async fn unknown_uploads_are_not_found_and_ids_in_use_are_refused() {
        let progress = Arc::new(UploadProgress::default());
        let missing = progress
            .follow(&id("nope"), Duration::from_millis(20))
            .await;
        assert!(matches!(missing, Err(ProgressError::NotFound(_))));
        let first = progress.begin(id("same")).unwrap();
        assert!(matches!(
            progress.begin(id("same")),
            Err(ProgressError::InUse(_))
        ));
        drop(first);
        // A finished upload's id may be used again.
        assert!(progress.begin(id("same")).is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn finished_uploads_are_forgotten() {
        let progress = Arc::new(UploadProgress::default());
        drop(progress.begin(id("gone")).unwrap());
        assert_eq!(progress.len(), 1);
        // A late reader still hears `done` while the record lingers.
        let late: Vec<_> = progress
            .follow(&id("gone"), WAIT_FOR_UPLOAD)
            .await
            .unwrap()
            .collect()
            .await;
        assert_eq!(late, [UploadProgressMessage::Done]);
        tokio::time::sleep(LINGER + Duration::from_secs(1)).await;
        assert_eq!(progress.len(), 0);
    }
}
