//! The event queue: events wait in join order behind each function's concurrency limit, run, and
//! report on their session's message stream. Everything is driven by channels and semaphores;
//! nothing polls.
//!
//! [`Queue`] is the boundary a shared backend (Redis, NATS) will implement to put many replicas
//! behind one URL; [`LocalQueue`] is the in-process one.

use std::collections::{HashMap, VecDeque};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use ferrio_components::diff::GeneratedOutputs;
use ferrio_components::messages::{ErrorOutput, Output, OutputData, ServerMessage};
use ferrio_components::{EventId, FnIndex, SessionHash};
use futures_util::{Stream, StreamExt};
use serde_json::Value;
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};

use crate::handler::{BatchItem, BatchResults, BatchRun, PreparedCall, RunError};
use crate::progress::EventContext;

/// The messages of one session, ending with `close_stream` once nothing is pending.
pub type MessageStream = Pin<Box<dyn Stream<Item = ServerMessage> + Send>>;

/// One run of an event's function, its inputs already checked.
pub struct Job {
    pub session: SessionHash,
    pub fn_index: FnIndex,
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
    Call(PreparedCall),
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

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueueError {
    #[error("no event with fn_index {0}")]
    UnknownFn(FnIndex),
    #[error("the queue is full ({0} events waiting)")]
    Full(usize),
    #[error("the queue has stopped")]
    Stopped,
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
}

/// How to stop one event.
struct Control {
    session: SessionHash,
    fn_index: FnIndex,
    state: Mutex<RunState>,
}

enum RunState {
    /// The job waits here, not in the dispatcher's channel, so cancelling frees it at once.
    Waiting(Job),
    Running(tokio::task::AbortHandle),
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

impl Member {
    fn join(batch: &Arc<Batch>) -> Arc<Member> {
        Arc::new(Member {
            batch: batch.clone(),
            cancelled: AtomicBool::new(false),
        })
    }

    /// Cancels this member; `true` the first time. The batch's call is stopped when no
    /// member is left to want it.
    fn cancel(&self) -> bool {
        if self.cancelled.swap(true, Ordering::SeqCst) {
            return false;
        }
        if self.batch.left.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.batch.abort.abort();
        }
        true
    }
}

struct Session {
    tx: mpsc::UnboundedSender<ServerMessage>,
    rx: Arc<tokio::sync::Mutex<mpsc::UnboundedReceiver<ServerMessage>>>,
    /// Counts the readers that came: a newer one takes over from those before it.
    readers: tokio::sync::watch::Sender<u64>,
    /// Events joined and not yet completed.
    pending: usize,
    /// When its last event completed; a session nobody reads is forgotten after a while.
    idle_since: Instant,
}

impl Session {
    fn new() -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        Session {
            tx,
            rx: Arc::new(tokio::sync::Mutex::new(rx)),
            readers: tokio::sync::watch::Sender::new(0),
            pending: 0,
            idle_since: Instant::now(),
        }
    }

    fn send(&self, msg: ServerMessage) {
        // The receiver lives as long as the session, which outlives this borrow.
        let _ = self.tx.send(msg);
    }
}

/// One function's waiting line (or several functions', with `concurrency_id`).
struct FnQueue {
    limit: Option<usize>,
    /// `None`: unlimited concurrency.
    permits: Option<Arc<Semaphore>>,
    /// Jobs go through one dispatcher per function, so they start strictly in join order.
    dispatch: OnceLock<mpsc::UnboundedSender<EventId>>,
    /// The events waiting, in join order, with their sessions: ranks are places here.
    line: Mutex<VecDeque<(EventId, SessionHash)>>,
    durations: Mutex<Durations>,
}

/// Running mean of run times, for ETAs and `average_duration`.
#[derive(Default)]
struct Durations {
    count: u64,
    mean: f64,
}

impl Durations {
    fn record(&mut self, seconds: f64) -> f64 {
        self.count += 1;
        self.mean += (seconds - self.mean) / self.count as f64;
        self.mean
    }
}

impl LocalQueue {
    /// A queue for functions with these concurrency limits (`None`: unlimited), by fn_index.
    pub fn new(limits: impl IntoIterator<Item = Option<usize>>) -> Self {
        Self::with_expiry(limits, KEEP_UNREAD)
    }

    /// Like [`LocalQueue::new`]; results nobody reads are dropped after `keep_unread`.
    pub fn with_expiry(
        limits: impl IntoIterator<Item = Option<usize>>,
        keep_unread: Duration,
    ) -> Self {
        let fns = limits
            .into_iter()
            .map(|limit| {
                let limit = limit.map(|n| n.max(1));
                Arc::new(FnQueue {
                    limit,
                    permits: limit.map(|n| Arc::new(Semaphore::new(n))),
                    dispatch: OnceLock::new(),
                    line: Mutex::new(VecDeque::new()),
                    durations: Mutex::new(Durations::default()),
                })
            })
            .collect();
        LocalQueue {
            inner: Arc::new(Inner {
                sessions: Mutex::new(HashMap::new()),
                waiting: AtomicUsize::new(0),
                max_size: None,
                keep_unread,
                sweeper: OnceLock::new(),
                fns,
                events: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Functions that share a waiting line and its limit (`Event::concurrency_id`): function
    /// `i` joins the line of function `pools[i]` (itself when it has its own).
    pub fn with_pools(mut self, pools: impl IntoIterator<Item = usize>) -> Self {
        let inner = Arc::get_mut(&mut self.inner).expect("not shared yet");
        let own = inner.fns.clone();
        for (slot, pool) in inner.fns.iter_mut().zip(pools) {
            if let Some(line) = own.get(pool) {
                *slot = line.clone();
            }
        }
        self
    }

    /// Refuses joins while `max_size` events are waiting (`None`: no bound).
    pub fn with_max_size(mut self, max_size: Option<usize>) -> Self {
        Arc::get_mut(&mut self.inner)
            .expect("not shared yet")
            .max_size = max_size;
        self
    }

    /// Sessions currently held (for tests and metrics).
    pub fn session_count(&self) -> usize {
        self.inner.sessions().len()
    }
}

/// Gradio keeps a session's state for an hour after its stream is gone; unread results too.
pub const KEEP_UNREAD: Duration = Duration::from_secs(3600);

impl Inner {
    /// Starts (once) the task that forgets sessions whose results nobody came to read, so a
    /// client that joins and never reads can't grow the server's memory without bound.
    fn start_sweeper(self: &Arc<Self>) {
        self.sweeper.get_or_init(|| {
            let weak = Arc::downgrade(self);
            let every = (self.keep_unread / 4).max(Duration::from_millis(10));
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(every);
                loop {
                    tick.tick().await;
                    let Some(inner) = weak.upgrade() else { return };
                    inner.sweep();
                }
            });
        });
    }

    fn sweep(&self) {
        let keep = self.keep_unread;
        self.sessions().retain(|_, s| {
            // A session with a reader, or with events pending, stays.
            s.pending > 0 || s.idle_since.elapsed() < keep || s.readers.receiver_count() > 0
        });
    }

    fn events(&self) -> MutexGuard<'_, HashMap<EventId, Arc<Control>>> {
        self.events.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn control(&self, event_id: &EventId) -> Option<Arc<Control>> {
        self.events().get(event_id).cloned()
    }

    fn sessions(&self) -> MutexGuard<'_, HashMap<SessionHash, Session>> {
        // A panic while holding this lock can't leave the map inconsistent: keep serving.
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn send(&self, session: &SessionHash, msg: ServerMessage) {
        if let Some(s) = self.sessions().get(session) {
            s.send(msg);
        }
    }

    /// The last message of an event; closes the stream when it was the session's last one.
    fn complete(&self, session: &SessionHash, msg: ServerMessage) {
        if let Some(s) = self.sessions().get_mut(session) {
            s.pending = s.pending.saturating_sub(1);
            s.send(msg);
            if s.pending == 0 {
                s.send(ServerMessage::CloseStream { event_id: None });
                s.idle_since = Instant::now();
            }
        }
    }

    /// Called when a reader goes: forget the session if nothing is pending or unread.
    /// Called when a reader goes (its own receiver still counted): forget the session if no
    /// other reader remains and nothing is pending or unread.
    fn release(&self, session: &SessionHash) {
        let mut sessions = self.sessions();
        let Some(s) = sessions.get(session) else {
            return;
        };
        let unread = s.rx.try_lock().map_or(true, |rx| !rx.is_empty());
        if s.pending == 0 && !unread && s.readers.receiver_count() <= 1 {
            sessions.remove(session);
        }
    }
}

impl FnQueue {
    fn mean(&self) -> Option<f64> {
        let d = self.durations.lock().unwrap_or_else(|e| e.into_inner());
        (d.count > 0).then_some(d.mean)
    }

    fn record(&self, seconds: f64) -> f64 {
        self.durations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .record(seconds)
    }

    fn concurrency(&self) -> f64 {
        self.limit.map_or(f64::INFINITY, |n| n as f64)
    }

    fn line(&self) -> MutexGuard<'_, VecDeque<(EventId, SessionHash)>> {
        self.line.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Where an event at `rank` (events ahead of it) can expect to start, from measured runs.
    fn rank_eta(&self, rank: usize) -> Option<f64> {
        self.mean()
            .map(|mean| mean * (rank as f64 / self.concurrency() + 1.0))
    }

    /// Joins the line and tells the event its rank (the events ahead of it). Under the
    /// line's lock, so no re-sent rank can overtake this first one.
    fn enter(&self, event_id: &EventId, session: &SessionHash, inner: &Inner) {
        let mut line = self.line();
        line.push_back((event_id.clone(), session.clone()));
        let rank = line.len() - 1;
        inner.send(
            session,
            ServerMessage::Estimation {
                event_id: event_id.clone(),
                rank,
                queue_size: line.len(),
                rank_eta: self.rank_eta(rank),
            },
        );
    }

    /// Leaves the line (to run, or cancelled); the events behind hear their new rank, as
    /// Gradio re-sends `estimation` whenever the queue moves.
    fn leave(&self, event_id: &EventId, inner: &Inner) {
        let mut line = self.line();
        let Some(at) = line.iter().position(|(id, _)| id == event_id) else {
            return;
        };
        line.remove(at);
        let queue_size = line.len();
        for (rank, (event_id, session)) in line.iter().enumerate().skip(at) {
            inner.send(
                session,
                ServerMessage::Estimation {
                    event_id: event_id.clone(),
                    rank,
                    queue_size,
                    rank_eta: self.rank_eta(rank),
                },
            );
        }
    }

    fn dispatcher(self: &Arc<Self>, inner: &Arc<Inner>) -> &mpsc::UnboundedSender<EventId> {
        self.dispatch.get_or_init(|| {
            let (tx, mut rx) = mpsc::unbounded_channel::<EventId>();
            let this = self.clone();
            // Weak: the dispatcher must not keep a dropped queue alive.
            let inner = Arc::downgrade(inner);
            tokio::spawn(async move {
                while let Some(event_id) = rx.recv().await {
                    let permit = match &this.permits {
                        Some(sem) => Some(sem.clone().acquire_owned().await.expect("never closed")),
                        None => None,
                    };
                    let Some(inner) = inner.upgrade() else { return };
                    tokio::spawn(run(inner, this.clone(), event_id, permit));
                }
            });
            tx
        })
    }
}

async fn run(
    inner: Arc<Inner>,
    fq: Arc<FnQueue>,
    event_id: EventId,
    permit: Option<OwnedSemaphorePermit>,
) {
    let Some(control) = inner.control(&event_id) else {
        // Cancelled while waiting: already reported and uncounted.
        return;
    };
    let start = Instant::now();
    // The permit is held by the event's context as long as any of its work runs: a cancelled
    // plain function keeps its blocking thread busy until it returns, and keeps its slot too.
    let permit = Arc::new(permit);
    let done = Arc::new(AtomicBool::new(false));
    // Under the event's lock, so that a cancel sees it either waiting or running, never between.
    let (driver, session, fn_index, outputs) = {
        let mut state = control.state.lock().unwrap_or_else(|e| e.into_inner());
        // Only a waiting job starts here: one cancelled, or taken into a batch, is left be.
        if !matches!(*state, RunState::Waiting(_)) {
            return;
        }
        let RunState::Waiting(job) = std::mem::replace(&mut *state, RunState::Cancelled) else {
            return;
        };
        let Job {
            session,
            fn_index,
            work,
            generator,
            outputs,
            time_limit,
        } = job;
        inner.waiting.fetch_sub(1, Ordering::SeqCst);
        fq.leave(&event_id, &inner);
        inner.send(
            &session,
            ServerMessage::ProcessStarts {
                event_id: event_id.clone(),
                eta: fq.mean(),
            },
        );
        let context = EventContext {
            event_id: event_id.clone(),
            send: {
                let (inner, session, done) = (inner.clone(), session.clone(), done.clone());
                // Nothing more reaches the stream once the event has completed.
                Arc::new(move |msg| {
                    if !done.load(Ordering::SeqCst) {
                        inner.send(&session, msg)
                    }
                })
            },
            _permit: permit.clone(),
        };
        // The function runs in a task of its own: a panic there ends that task, not the
        // server, and cancelling aborts it.
        let driver = match work {
            Work::Call(call) => {
                let driver = tokio::spawn(drive(context, fq.clone(), call, generator, time_limit));
                *state = RunState::Running(driver.abort_handle());
                Driver::One(driver)
            }
            Work::Batch(item) => {
                let (tx, rx) = tokio::sync::oneshot::channel();
                let driver = tokio::spawn(context.scope(drive_batch(
                    rx,
                    item.run.clone(),
                    item.files.clone(),
                    time_limit,
                )));
                let batch = Arc::new(Batch {
                    abort: driver.abort_handle(),
                    left: AtomicUsize::new(1),
                });
                let member = Member::join(&batch);
                *state = RunState::Batched(member.clone());
                Driver::Batch {
                    driver,
                    tx,
                    first: item.args,
                    member,
                    batch,
                    max: item.max,
                }
            }
        };
        (driver, session, fn_index, outputs)
    };
    match driver {
        Driver::One(driver) => {
            let result = match driver.await {
                Ok(Ok(last)) => Ok(last.unwrap_or_else(|| vec![Value::Null; outputs])),
                Ok(Err(error)) => Err(Stop::Failed(error)),
                Err(e) if e.is_cancelled() => Err(Stop::Cancelled),
                Err(_) => Err(Stop::Failed(RunError::Panicked)),
            };
            done.store(true, Ordering::SeqCst);
            inner.events().remove(&event_id);
            let duration = start.elapsed().as_secs_f64();
            drop(permit);
            let average_duration = teach(&fq, &result, duration);
            let msg = completion(event_id, fn_index, result, duration, average_duration);
            inner.complete(&session, msg);
        }
        Driver::Batch {
            driver,
            tx,
            first,
            member,
            batch,
            max,
        } => {
            let mut members = vec![(event_id, session, member)];
            let mut items = vec![first];
            for (id, session, member, args) in gather_batch(&inner, &fq, fn_index, max - 1, &batch)
            {
                members.push((id, session, member));
                items.push(args);
            }
            // The driver only goes when cancelled, and then nobody needs the items.
            let _ = tx.send(items);
            let results: Vec<Result<Vec<Value>, Stop>> = match driver.await {
                Ok(Ok(each)) if each.len() == members.len() => {
                    each.into_iter().map(|r| r.map_err(Stop::Failed)).collect()
                }
                Ok(Ok(each)) => {
                    let error = RunError::BatchSize {
                        expected: members.len(),
                        got: each.len(),
                    };
                    members
                        .iter()
                        .map(|_| Err(Stop::Failed(error.clone())))
                        .collect()
                }
                Ok(Err(error)) => members
                    .iter()
                    .map(|_| Err(Stop::Failed(error.clone())))
                    .collect(),
                Err(e) if e.is_cancelled() => {
                    members.iter().map(|_| Err(Stop::Cancelled)).collect()
                }
                Err(_) => members
                    .iter()
                    .map(|_| Err(Stop::Failed(RunError::Panicked)))
                    .collect(),
            };
            done.store(true, Ordering::SeqCst);
            let duration = start.elapsed().as_secs_f64();
            drop(permit);
            // One call: one run time to learn from.
            let average_duration = match results.iter().find(|r| r.is_ok()) {
                Some(ok) => teach(&fq, ok, duration),
                None => fq.mean().unwrap_or(duration),
            };
            for ((event_id, session, member), result) in members.into_iter().zip(results) {
                // A member cancelled meanwhile was completed then; its result goes nowhere.
                if member.cancelled.swap(true, Ordering::SeqCst) {
                    continue;
                }
                inner.events().remove(&event_id);
                let msg = completion(event_id, fn_index, result, duration, average_duration);
                inner.complete(&session, msg);
            }
        }
    }
}

/// A started event's driver: its own run, or a batch's, which waits for the other events'
/// arguments (gathered once it runs, so a cancel can always reach it).
enum Driver {
    One(tokio::task::JoinHandle<Result<Option<Vec<Value>>, RunError>>),
    Batch {
        driver: tokio::task::JoinHandle<BatchResults>,
        tx: tokio::sync::oneshot::Sender<Vec<Box<dyn std::any::Any + Send>>>,
        first: Box<dyn std::any::Any + Send>,
        member: Arc<Member>,
        batch: Arc<Batch>,
        max: usize,
    },
}

/// An event taken into a running batch: who it is, and its arguments.
type Gathered = (
    EventId,
    SessionHash,
    Arc<Member>,
    Box<dyn std::any::Any + Send>,
);

/// Takes up to `room` more waiting events of `fn_index` from the line, in join order, into a
/// running batch: each becomes a member (cancelled on its own), and hears that it started.
fn gather_batch(
    inner: &Arc<Inner>,
    fq: &FnQueue,
    fn_index: FnIndex,
    room: usize,
    batch: &Arc<Batch>,
) -> Vec<Gathered> {
    if room == 0 {
        return Vec::new();
    }
    let waiting: Vec<EventId> = fq.line().iter().map(|(id, _)| id.clone()).collect();
    let mut taken = Vec::new();
    for id in waiting {
        if taken.len() == room {
            break;
        }
        let Some(control) = inner.control(&id).filter(|c| c.fn_index == fn_index) else {
            continue;
        };
        let (job, member) = {
            let mut state = control.state.lock().unwrap_or_else(|e| e.into_inner());
            if !matches!(
                &*state,
                RunState::Waiting(Job {
                    work: Work::Batch(_),
                    ..
                })
            ) {
                continue;
            }
            // Counted in before it joins, so a cancel can't stop the call it is joining;
            // a batch whose members all left (its call stopped) takes no one.
            if batch.left.fetch_add(1, Ordering::SeqCst) == 0 {
                batch.left.fetch_sub(1, Ordering::SeqCst);
                break;
            }
            let member = Member::join(batch);
            match std::mem::replace(&mut *state, RunState::Batched(member.clone())) {
                RunState::Waiting(job) => (job, member),
                _ => continue,
            }
        };
        let Work::Batch(item) = job.work else {
            continue;
        };
        inner.waiting.fetch_sub(1, Ordering::SeqCst);
        fq.leave(&id, inner);
        inner.send(
            &job.session,
            ServerMessage::ProcessStarts {
                event_id: id.clone(),
                eta: fq.mean(),
            },
        );
        taken.push((id, job.session, member, item.args));
    }
    taken
}

/// Runs one call of a batch function once the batch's arguments arrive.
async fn drive_batch(
    items: tokio::sync::oneshot::Receiver<Vec<Box<dyn std::any::Any + Send>>>,
    run: BatchRun,
    files: Arc<crate::files::Files>,
    time_limit: Option<Duration>,
) -> BatchResults {
    let items = items.await.map_err(|_| RunError::Panicked)?;
    let call = run(items, files);
    match time_limit {
        None => call.await,
        Some(limit) => tokio::time::timeout(limit, call)
            .await
            .map_err(|_| RunError::TimeLimit(limit.as_secs_f64()))?,
    }
}

/// Only complete runs teach the ETA.
fn teach<T>(fq: &FnQueue, result: &Result<T, Stop>, duration: f64) -> f64 {
    match result {
        Ok(_) => fq.record(duration),
        Err(_) => fq.mean().unwrap_or(duration),
    }
}

/// An event's last message: its outputs, its failure, or its cancellation.
fn completion(
    event_id: EventId,
    fn_index: FnIndex,
    result: Result<Vec<Value>, Stop>,
    duration: f64,
    average_duration: f64,
) -> ServerMessage {
    match result {
        Ok(data) => ServerMessage::ProcessCompleted {
            event_id,
            output: Output::Data(OutputData {
                data,
                is_generating: false,
                duration,
                average_duration,
                render_config: None,
                changed_state_ids: Vec::new(),
            }),
            success: true,
            title: None,
        },
        Err(Stop::Cancelled) => cancelled(event_id, Some(duration)),
        Err(Stop::Failed(error)) => {
            tracing::warn!(fn_index = fn_index.0, %error, "event failed");
            ServerMessage::ProcessCompleted {
                event_id,
                output: Output::Error(ErrorOutput {
                    error: Some(error.to_string()),
                    duration: Some(duration),
                    visible: true,
                    title: Some("Error".to_owned()),
                }),
                success: false,
                title: Some("Error".to_owned()),
            }
        }
    }
}

/// How a cancelled event completes: unsuccessful, with no message to show.
fn cancelled(event_id: EventId, duration: Option<f64>) -> ServerMessage {
    ServerMessage::ProcessCompleted {
        event_id,
        output: Output::Error(ErrorOutput {
            error: None,
            duration,
            visible: false,
            title: None,
        }),
        success: false,
        title: None,
    }
}

/// Why an event ended without a result.
enum Stop {
    Failed(RunError),
    Cancelled,
}

/// Runs the call to its end; a generator's results go out as they come, the first whole and
/// later ones as edits of the one before. Returns the last result.
async fn drive(
    context: EventContext,
    fq: Arc<FnQueue>,
    call: PreparedCall,
    generator: bool,
    time_limit: Option<Duration>,
) -> Result<Option<Vec<Value>>, RunError> {
    let send = context.send.clone();
    let event_id = context.event_id.clone();
    let deadline = time_limit.map(|limit| (limit, tokio::time::Instant::now() + limit));
    context
        .scope(async move {
            let mut results = call();
            let mut last: Option<Vec<Value>> = None;
            let mut generated = GeneratedOutputs::default();
            let mut step = Instant::now();
            loop {
                let next = match deadline {
                    None => results.next().await,
                    Some((limit, at)) => match tokio::time::timeout_at(at, results.next()).await {
                        Ok(next) => next,
                        // A stream's time is up: it ends well, with what it showed last.
                        Err(_) if generator => break,
                        Err(_) => return Err(RunError::TimeLimit(limit.as_secs_f64())),
                    },
                };
                let Some(result) = next else { break };
                let data = result?;
                if generator {
                    let duration = step.elapsed().as_secs_f64();
                    step = Instant::now();
                    let sent = generated.encode(data.clone());
                    send(ServerMessage::ProcessGenerating {
                        event_id: event_id.clone(),
                        output: Output::Data(OutputData {
                            data: sent,
                            is_generating: true,
                            duration,
                            average_duration: fq.mean().unwrap_or(duration),
                            render_config: None,
                            changed_state_ids: Vec::new(),
                        }),
                        success: true,
                        // What is left of its time limit, for the page (Gradio's countdown).
                        time_limit: deadline.map(|(_, at)| {
                            at.saturating_duration_since(tokio::time::Instant::now())
                                .as_secs_f64()
                        }),
                    });
                }
                last = Some(data);
            }
            Ok(last)
        })
        .await
}

impl Queue for LocalQueue {
    fn push(&self, job: Job) -> Result<EventId, QueueError> {
        let fq = self
            .inner
            .fns
            .get(job.fn_index.0 as usize)
            .ok_or(QueueError::UnknownFn(job.fn_index))?;
        let max = self.inner.max_size.unwrap_or(usize::MAX);
        self.inner
            .waiting
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .map_err(QueueError::Full)?;
        self.inner.start_sweeper();
        let event_id = EventId(uuid::Uuid::new_v4().simple().to_string());
        let session_hash = job.session.clone();
        self.inner.events().insert(
            event_id.clone(),
            Arc::new(Control {
                session: job.session.clone(),
                fn_index: job.fn_index,
                state: Mutex::new(RunState::Waiting(job)),
            }),
        );
        self.inner
            .sessions()
            .entry(session_hash.clone())
            .or_insert_with(Session::new)
            .pending += 1;
        fq.enter(&event_id, &session_hash, &self.inner);
        if fq.dispatcher(&self.inner).send(event_id.clone()).is_err() {
            // Only when the runtime that ran the dispatcher has shut down.
            self.cancel(&session_hash, &event_id);
            return Err(QueueError::Stopped);
        }
        Ok(event_id)
    }

    fn cancel(&self, session: &SessionHash, event_id: &EventId) -> bool {
        let Some(control) = self
            .inner
            .control(event_id)
            .filter(|c| &c.session == session)
        else {
            return false;
        };
        let mut state = control.state.lock().unwrap_or_else(|e| e.into_inner());
        match &*state {
            // Its run reports the cancellation when the task ends.
            RunState::Running(abort) => abort.abort(),
            // Only this member stops: it completes now, and the call goes on for the others.
            RunState::Batched(member) => {
                if member.cancel() {
                    drop(state);
                    self.inner.events().remove(event_id);
                    self.inner
                        .complete(session, cancelled(event_id.clone(), None));
                }
            }
            RunState::Waiting(_) => {
                // Dropping the job frees its inputs now.
                *state = RunState::Cancelled;
                drop(state);
                // It no longer waits: it leaves the queue's counts now, not when its turn comes.
                self.inner.waiting.fetch_sub(1, Ordering::SeqCst);
                if let Some(fq) = self.inner.fns.get(control.fn_index.0 as usize) {
                    fq.leave(event_id, &self.inner);
                }
                self.inner.events().remove(event_id);
                self.inner
                    .complete(session, cancelled(event_id.clone(), None));
            }
            RunState::Cancelled => {}
        }
        true
    }

    fn stream(&self, session: &SessionHash) -> Option<MessageStream> {
        let rx = {
            let mut sessions = self.inner.sessions();
            let s = sessions.get(session)?;
            if s.pending == 0 {
                // Nothing pending: only unread messages (a finished event's) are worth a stream.
                let unread = match s.rx.try_lock() {
                    Ok(rx) => !rx.is_empty(),
                    Err(_) => true,
                };
                if !unread {
                    sessions.remove(session);
                    return None;
                }
            }
            // A new reader is the client reconnecting: the old stream may be dead without the
            // server knowing (a half-open connection can look alive for minutes), so it ends
            // now rather than keep the messages from the new one.
            s.readers.send_modify(|n| *n += 1);
            (s.rx.clone(), s.readers.subscribe())
        };
        let (rx, newer) = rx;
        let reader = Reader {
            inner: self.inner.clone(),
            session: session.clone(),
            newer,
        };
        Some(Box::pin(futures_util::stream::unfold(
            Some((rx, reader)),
            |state| async move {
                let (rx, mut reader) = state?;
                // The receiver is locked only while a message is awaited, never between two:
                // a stream its client stopped reading (and polling) holds nothing. A newer
                // reader ends this one, which leaves the rest of the messages to it.
                let msg = {
                    let mut guard = tokio::select! {
                        biased;
                        _ = reader.newer.changed() => return None,
                        guard = rx.lock() => guard,
                    };
                    tokio::select! {
                        biased;
                        _ = reader.newer.changed() => return None,
                        msg = guard.recv() => msg?,
                    }
                };
                // After close_stream the reader drops, which may forget the session.
                let next =
                    (!matches!(msg, ServerMessage::CloseStream { .. })).then_some((rx, reader));
                Some((msg, next))
            },
        )))
    }
}

/// A stream's reader of its session; letting go may forget the session.
struct Reader {
    inner: Arc<Inner>,
    session: SessionHash,
    /// Changes when a newer reader of the session comes.
    newer: tokio::sync::watch::Receiver<u64>,
}

impl Drop for Reader {
    fn drop(&mut self) {
        self.inner.release(&self.session);
    }
}
