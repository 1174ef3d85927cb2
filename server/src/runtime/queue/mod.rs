//! The event queue: events wait in join order behind each function's concurrency limit, run, and
//! report on their session's message stream. Everything is driven by channels and semaphores;
//! nothing polls.
//!
//! [`Queue`] is the boundary a shared backend (Redis, NATS) will implement to put many replicas
//! behind one URL; [`LocalQueue`] is the in-process one.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use ferrio_components::messages::ServerMessage;
use ferrio_components::{EventId, FnIndex, SessionHash};
use futures_util::Stream;
use tokio::sync::{mpsc, Semaphore};
use tokio::time::Instant;

use crate::runtime::call::{BatchItem, PreparedCall};

// The types are here; `LocalQueue`'s bookkeeping (sessions' streams, waiting lines) is in
// `local`, running an event (alone or in a batch) in `run`.
mod local;
mod mailbox;
mod run;

use mailbox::Mailbox;

/// The messages of one session, ending with `close_stream` once nothing is pending.
pub type MessageStream = Pin<Box<dyn Stream<Item = ServerMessage> + Send>>;

/// One run of an event's function, its inputs already checked.
pub struct Job {
    /// The page (or client) that sent the event: its stream gets the job's messages, and its
    /// `State` values are the ones the function reads and writes.
    pub session: SessionHash,
    /// Which listener's function runs (its index in the config's `dependencies`).
    pub fn_index: FnIndex,
    /// The call itself.
    pub work: Work,
    /// A generator's results are streamed as `process_generating` messages.
    pub generator: bool,
    /// How many outputs the function has (a generator that yields nothing completes with nulls).
    pub outputs: usize,
    /// How long the run may take (`time_limit`): a generator then stops and completes with
    /// what it yielded last, as Gradio's streams do; a plain function fails.
    pub time_limit: Option<Duration>,
}

/// What a job runs: a call of its own, or its part in a batch (a batch listener's events
/// waiting together are run by one call).
pub enum Work {
    /// An event run alone.
    Call(PreparedCall),
    /// An event of a batch listener (Gradio's `batch=True`), run together with others
    /// waiting for the same function.
    Batch(BatchItem),
}

impl Work {
    /// The job as a call of its own (a batch item is a batch of one).
    pub fn into_call(self) -> PreparedCall {
        match self {
            Work::Call(call) => call,
            Work::Batch(item) => item.into_call(),
        }
    }
}

/// Why the queue refused a job.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueueError {
    /// The app has no listener with this fn_index.
    #[error("no event with fn_index {0}")]
    UnknownFn(FnIndex),
    /// As many events as the app's `max_size` are already waiting (Gradio's `queue_full`).
    #[error("the queue is full ({0} events waiting)")]
    Full(usize),
    /// The queue can run nothing more (the runtime that ran it has shut down).
    #[error("the queue has stopped")]
    Stopped,
    /// The server is shutting down: it finishes what runs and takes nothing new.
    #[error("the server is shutting down: try again in a moment")]
    ShuttingDown,
}

/// Where events wait and where their messages go.
pub trait Queue: Send + Sync + 'static {
    /// Queues a job; its messages go to its session's stream.
    fn push(&self, job: Job) -> Result<EventId, QueueError>;
    /// The session's messages, or `None` when the session has nothing pending (Gradio answers
    /// that with `session_not_found`). One reader at a time: a new one (a client reconnecting)
    /// ends the one before, then reads on from where it stopped, so nothing is lost.
    fn stream(&self, session: &SessionHash) -> Option<MessageStream>;
    /// Stops a waiting or running event of `session` (its future is dropped); it completes
    /// with `success: false` and no error message. `false` when there is no such event.
    fn cancel(&self, session: &SessionHash, event_id: &EventId) -> bool;
    /// How many events wait to start, over every function (`/queue/status`; what `max_size`
    /// bounds).
    fn waiting(&self) -> usize;
    /// Shuts the queue down without losing anything silently: it refuses new events
    /// ([`QueueError::ShuttingDown`]), fails the waiting ones with an error that says why, and
    /// gives the running ones `grace` to finish before failing them too. Done when every
    /// event has completed.
    fn drain(&self, grace: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// The in-process queue.
pub struct LocalQueue {
    inner: Arc<Inner>,
}

struct Inner {
    sessions: Mutex<HashMap<SessionHash, Session>>,
    /// Events waiting (not yet running), over all functions; bounded by `max_size`.
    waiting: AtomicUsize,
    max_size: Option<usize>,
    /// How long finished results wait for a reader before they are dropped.
    keep_unread: Duration,
    sweeper: OnceLock<()>,
    fns: Vec<Arc<FnQueue>>,
    /// Events not yet completed, for cancelling them.
    events: Mutex<HashMap<EventId, Arc<Control>>>,
    /// How often, at most, a waiting event hears its new place in line.
    status_every: Duration,
    abandoned: Abandoned,
    /// Shutting down: no new events.
    stopping: AtomicBool,
    /// Signalled as events complete while shutting down.
    settled: tokio::sync::Notify,
}

/// What the queue does with work nobody waits for any more. A session is abandoned when no
/// client has read its stream for a while: since its last reader went, or since it joined if
/// none ever came (a REST call's result is read on its stream too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Abandoned {
    /// A generator of a session abandoned this long is cancelled, as Gradio stops the streams
    /// of a client that went away; `None`: it runs to its end.
    pub cancel_streams_after: Option<Duration>,
    /// A waiting event of a session abandoned this long is dropped when its turn comes,
    /// instead of running for nobody; `None`: it runs.
    pub drop_waiting_after: Option<Duration>,
}

impl Default for Abandoned {
    /// Both after [`ABANDON_GRACE`]: long enough for a browser or a client to reconnect.
    fn default() -> Self {
        Abandoned {
            cancel_streams_after: Some(ABANDON_GRACE),
            drop_waiting_after: Some(ABANDON_GRACE),
        }
    }
}

/// How long a session may go unread before its work is given up (by default).
pub const ABANDON_GRACE: Duration = Duration::from_secs(30);

/// How to stop one event.
struct Control {
    session: SessionHash,
    fn_index: FnIndex,
    /// Generators are the runs that stop when their session is abandoned.
    generator: bool,
    state: Mutex<RunState>,
}

enum RunState {
    /// The job waits here, not in the dispatcher's channel, so cancelling frees it at once.
    Waiting(Job),
    Running(futures_util::future::AbortHandle),
    /// Running as one member of a batch: cancelling it completes it alone.
    Batched(Arc<Member>),
    /// Cancelled while waiting: already reported, never to run.
    Cancelled,
}

/// A running batch, as its members see it: the call stops only when all are cancelled.
struct Batch {
    abort: tokio::task::AbortHandle,
    /// Members not cancelled.
    left: AtomicUsize,
}

/// One event in a running batch.
struct Member {
    batch: Arc<Batch>,
    /// Set when the member was cancelled (and so already completed).
    cancelled: AtomicBool,
}

struct Session {
    /// Its messages on their way to its reader (a newer reader takes over).
    mailbox: Arc<Mailbox>,
    /// Events joined and not yet completed.
    pending: usize,
    /// When its last event completed; a session nobody reads is forgotten after a while.
    idle_since: Instant,
    /// Since when no client has read it (it joined, or its last reader went); `None` while
    /// one does.
    unread_since: Option<Instant>,
}

/// One function's waiting line (or several functions', with `concurrency_id`).
struct FnQueue {
    limit: Option<usize>,
    /// `None`: unlimited concurrency.
    permits: Option<Arc<Semaphore>>,
    /// Jobs that can't start at once go through one dispatcher per function, so they start
    /// strictly in join order.
    dispatch: OnceLock<mpsc::UnboundedSender<EventId>>,
    /// Jobs handed to the dispatcher and not started yet: while there are any, a new one
    /// queues behind them.
    queued: AtomicUsize,
    line: Mutex<Line>,
    durations: Mutex<Durations>,
}

/// The events waiting for a function, in join order: ranks are places here.
///
/// When the line moves, the events behind hear their new place at most once per
/// `status_every`, and only those whose shown place changed: a start costs O(1) messages
/// amortized, not one per event behind it (which grew with the square of the line).
#[derive(Default)]
struct Line {
    waiting: VecDeque<Waiter>,
    /// When places were last sent to the whole line.
    told_at: Option<Instant>,
    /// A send is scheduled for when `status_every` has passed.
    scheduled: bool,
}

/// One waiting event, and the place it was last told.
struct Waiter {
    event_id: EventId,
    session: SessionHash,
    fn_index: FnIndex,
    /// `(rank, queue_size)` as last sent.
    told: (usize, usize),
}

/// Running mean of run times, for ETAs and `average_duration`.
#[derive(Default)]
struct Durations {
    count: u64,
    mean: f64,
}

/// Gradio keeps a session's state for an hour after its stream is gone; unread results too.
pub const KEEP_UNREAD: Duration = Duration::from_secs(3600);

/// How often, at most, a waiting event hears its new place in line unless the app says
/// otherwise: Gradio's periodic update (`queue(status_update_rate=...)`) is every second.
pub const STATUS_UPDATE_RATE: Duration = Duration::from_secs(1);
