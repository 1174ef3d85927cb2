//! The in-process queue's bookkeeping: sessions and their message streams, each function's
//! waiting line and its run times, joining and cancelling.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use ferrio_components::messages::ServerMessage;
use ferrio_components::{EventId, FnIndex, SessionHash};
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use super::run::{cancelled, run, shut_down};
use super::{
    Abandoned, Control, Durations, FnQueue, Inner, Job, Line, LocalQueue, Mailbox, MessageStream,
    Queue, QueueError, RunState, Session, Waiter, KEEP_UNREAD, STATUS_UPDATE_RATE,
};

impl Session {
    fn new() -> Self {
        Session {
            mailbox: Arc::default(),
            pending: 0,
            idle_since: Instant::now(),
            unread_since: Some(Instant::now()),
        }
    }

    fn send(&self, msg: ServerMessage) {
        self.mailbox.send(msg);
    }
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
                    queued: AtomicUsize::new(0),
                    line: Mutex::new(Line::default()),
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
                status_every: STATUS_UPDATE_RATE,
                abandoned: Abandoned::default(),
                stopping: AtomicBool::new(false),
                settled: tokio::sync::Notify::new(),
            }),
        }
    }

    /// Functions that share a waiting line and its limit (`Listener::concurrency_id`): function
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

    /// How often, at most, a waiting event hears its new place in line (Gradio's
    /// `queue(status_update_rate=...)`); zero: at every move.
    pub fn with_status_update_rate(mut self, every: Duration) -> Self {
        Arc::get_mut(&mut self.inner)
            .expect("not shared yet")
            .status_every = every;
        self
    }

    /// What to give up when no client reads a session any more (by default, both after
    /// [`super::ABANDON_GRACE`]).
    pub fn with_abandoned(mut self, abandoned: Abandoned) -> Self {
        Arc::get_mut(&mut self.inner)
            .expect("not shared yet")
            .abandoned = abandoned;
        self
    }

    /// Sessions currently held (for tests and metrics).
    pub fn session_count(&self) -> usize {
        self.inner.sessions().len()
    }

    /// Events joined and not yet completed (for tests and metrics).
    pub fn events_held(&self) -> usize {
        self.inner.events().len()
    }
}

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
            s.pending > 0 || s.idle_since.elapsed() < keep || s.mailbox.readers() > 0
        });
    }

    pub(super) fn events(&self) -> MutexGuard<'_, HashMap<EventId, Arc<Control>>> {
        self.events.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn control(&self, event_id: &EventId) -> Option<Arc<Control>> {
        self.events().get(event_id).cloned()
    }

    /// Whether the session has events joined and not yet completed.
    fn has_pending(&self, session: &SessionHash) -> bool {
        self.sessions().get(session).is_some_and(|s| s.pending > 0)
    }

    fn sessions(&self) -> MutexGuard<'_, HashMap<SessionHash, Session>> {
        // A panic while holding this lock can't leave the map inconsistent: keep serving.
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn send(&self, session: &SessionHash, msg: ServerMessage) {
        if let Some(s) = self.sessions().get(session) {
            s.send(msg);
        }
    }

    /// The last message of an event; closes the stream when it was the session's last one.
    pub(super) fn complete(&self, session: &SessionHash, msg: ServerMessage) {
        if let Some(s) = self.sessions().get_mut(session) {
            s.pending = s.pending.saturating_sub(1);
            s.send(msg);
            if s.pending == 0 {
                s.send(ServerMessage::CloseStream { event_id: None });
                s.idle_since = Instant::now();
            }
        }
        if self.stopping.load(Ordering::SeqCst) {
            self.settled.notify_waiters();
        }
    }

    /// Whether the queue is shutting down (a run it cancels fails as stopped by it).
    pub(super) fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// Waits until every event has completed.
    async fn settled(&self) {
        loop {
            let settled = self.settled.notified();
            if self.events().is_empty() {
                return;
            }
            settled.await;
        }
    }

    /// [`Queue::drain`].
    async fn drain(self: Arc<Self>, grace: Duration) {
        self.stopping.store(true, Ordering::SeqCst);
        let ids: Vec<(EventId, Arc<Control>)> = self
            .events()
            .iter()
            .map(|(id, c)| (id.clone(), c.clone()))
            .collect();
        let mut waiting = 0;
        for (event_id, control) in &ids {
            let mut state = control.state.lock().unwrap_or_else(|e| e.into_inner());
            if matches!(*state, RunState::Waiting(_)) {
                *state = RunState::Cancelled;
                drop(state);
                self.unwait(control, event_id);
                self.complete(&control.session, shut_down(event_id.clone()));
                waiting += 1;
            }
        }
        let running = self.events().len();
        tracing::info!(
            waiting,
            running,
            "shutting down: waiting events failed, running ones get {grace:?}"
        );
        if tokio::time::timeout(grace, self.settled()).await.is_err() {
            let left: Vec<(EventId, SessionHash)> = self
                .events()
                .iter()
                .map(|(id, c)| (id.clone(), c.session.clone()))
                .collect();
            tracing::warn!(
                running = left.len(),
                "shutting down: stopping the events still running"
            );
            for (event_id, session) in &left {
                self.cancel(session, event_id);
            }
            // A plain function can't be interrupted: it completes when it returns.
            let _ = tokio::time::timeout(Duration::from_secs(1), self.settled()).await;
        }
    }

    /// Called when a reader has gone: forget the session if no other reader remains and
    /// nothing is pending or unread; if work is pending, it is abandoned unless a reader comes
    /// back.
    fn release(self: &Arc<Self>, session: &SessionHash) {
        let mut sessions = self.sessions();
        let Some(s) = sessions.get_mut(session) else {
            return;
        };
        if s.mailbox.readers() > 0 {
            return;
        }
        if s.pending == 0 && !s.mailbox.unread() {
            sessions.remove(session);
            return;
        }
        s.unread_since = Some(Instant::now());
        if s.pending > 0 {
            drop(sessions);
            self.watch_streams(session);
        }
    }

    /// How long the session has gone unread, if nobody reads it now.
    fn unread_for(&self, session: &SessionHash) -> Option<Duration> {
        let sessions = self.sessions();
        let since = sessions.get(session)?.unread_since?;
        Some(since.elapsed())
    }

    /// Whether the session has gone unread for `after` (`None`: never abandoned).
    pub(super) fn is_abandoned(&self, session: &SessionHash, after: Option<Duration>) -> bool {
        after.is_some_and(|after| self.unread_for(session).is_some_and(|t| t >= after))
    }

    /// Cancels the session's running generators once it has been abandoned for the grace,
    /// unless a reader comes back first.
    pub(super) fn watch_streams(self: &Arc<Self>, session: &SessionHash) {
        let Some(grace) = self.abandoned.cancel_streams_after else {
            return;
        };
        let Some(unread) = self.unread_for(session) else {
            return;
        };
        let inner = Arc::downgrade(self);
        let session = session.clone();
        tokio::spawn(async move {
            tokio::time::sleep(grace.saturating_sub(unread)).await;
            let Some(inner) = inner.upgrade() else { return };
            if !inner.is_abandoned(&session, Some(grace)) {
                return;
            }
            let streams: Vec<EventId> = inner
                .events()
                .iter()
                .filter(|(_, c)| c.session == session && c.generator)
                .map(|(id, _)| id.clone())
                .collect();
            for event_id in streams {
                let running = inner.control(&event_id).is_some_and(|c| {
                    let state = c.state.lock().unwrap_or_else(|e| e.into_inner());
                    matches!(*state, RunState::Running(_))
                });
                if running && inner.cancel(&session, &event_id) {
                    tracing::info!(
                        %session, %event_id,
                        "cancelled a stream nobody read for {grace:?}"
                    );
                }
            }
        });
    }

    /// Stops a waiting or running event of `session`, as [`Queue::cancel`].
    pub(super) fn cancel(self: &Arc<Self>, session: &SessionHash, event_id: &EventId) -> bool {
        let Some(control) = self.control(event_id).filter(|c| &c.session == session) else {
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
                    self.events().remove(event_id);
                    self.complete(session, cancelled(event_id.clone(), None));
                }
            }
            RunState::Waiting(_) => {
                // Dropping the job frees its inputs now.
                *state = RunState::Cancelled;
                drop(state);
                self.unwait(&control, event_id);
                self.complete(session, cancelled(event_id.clone(), None));
            }
            RunState::Cancelled => {}
        }
        true
    }

    /// A waiting event that will never run leaves the queue's counts and its line now, not
    /// when its turn comes.
    pub(super) fn unwait(self: &Arc<Self>, control: &Control, event_id: &EventId) {
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        if let Some(fq) = self.fns.get(control.fn_index.0 as usize) {
            fq.leave(event_id, self);
        }
        self.events().remove(event_id);
    }
}

impl FnQueue {
    pub(super) fn mean(&self) -> Option<f64> {
        let d = self.durations.lock().unwrap_or_else(|e| e.into_inner());
        (d.count > 0).then_some(d.mean)
    }

    pub(super) fn record(&self, seconds: f64) -> f64 {
        self.durations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .record(seconds)
    }

    fn concurrency(&self) -> f64 {
        self.limit.map_or(f64::INFINITY, |n| n as f64)
    }

    pub(super) fn line(&self) -> MutexGuard<'_, Line> {
        self.line.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Where an event at `rank` (events ahead of it) can expect to start, from measured runs.
    fn rank_eta(&self, rank: usize) -> Option<f64> {
        self.mean()
            .map(|mean| mean * (rank as f64 / self.concurrency() + 1.0))
    }

    fn estimation(&self, event_id: &EventId, (rank, queue_size): (usize, usize)) -> ServerMessage {
        ServerMessage::Estimation {
            event_id: event_id.clone(),
            rank,
            queue_size,
            rank_eta: self.rank_eta(rank),
        }
    }

    /// Joins the line and tells the event its rank (the events ahead of it) at once; those
    /// ahead hear the longer line with the next update. Under the line's lock, so no later
    /// update can overtake this first one.
    fn enter(
        self: &Arc<Self>,
        event_id: &EventId,
        session: &SessionHash,
        fn_index: FnIndex,
        inner: &Arc<Inner>,
    ) {
        let mut line = self.line();
        let place = (line.waiting.len(), line.waiting.len() + 1);
        inner.send(session, self.estimation(event_id, place));
        line.waiting.push_back(Waiter {
            event_id: event_id.clone(),
            session: session.clone(),
            fn_index,
            told: place,
        });
        self.moved(line, inner);
    }

    /// Leaves the line (to run, or cancelled); the events behind hear their new rank, as
    /// Gradio re-sends `estimation` when the queue moves.
    pub(super) fn leave(self: &Arc<Self>, event_id: &EventId, inner: &Arc<Inner>) {
        let mut line = self.line();
        // Events start in join order: the one leaving is nearly always the first.
        let at = if line
            .waiting
            .front()
            .is_some_and(|w| &w.event_id == event_id)
        {
            0
        } else {
            match line.waiting.iter().position(|w| &w.event_id == event_id) {
                Some(at) => at,
                None => return,
            }
        };
        line.waiting.remove(at);
        self.moved(line, inner);
    }

    /// The line changed: the events in it hear their new places now if the last update is
    /// `status_every` old, else once it is (one update scheduled, however many moves).
    fn moved(self: &Arc<Self>, mut line: MutexGuard<'_, Line>, inner: &Arc<Inner>) {
        let now = Instant::now();
        let due = line.told_at.map_or(now, |at| at + inner.status_every);
        if due <= now {
            self.tell_places(&mut line, inner);
        } else if !line.scheduled {
            line.scheduled = true;
            let this = self.clone();
            // Weak: a pending update must not keep a dropped queue alive.
            let inner = Arc::downgrade(inner);
            tokio::spawn(async move {
                tokio::time::sleep_until(due).await;
                let Some(inner) = inner.upgrade() else { return };
                let mut line = this.line();
                line.scheduled = false;
                this.tell_places(&mut line, &inner);
            });
        }
    }

    /// Sends each waiting event its place, where it differs from the one it was last told.
    fn tell_places(&self, line: &mut Line, inner: &Inner) {
        line.told_at = Some(Instant::now());
        let queue_size = line.waiting.len();
        for (rank, waiter) in line.waiting.iter_mut().enumerate() {
            if waiter.told != (rank, queue_size) {
                waiter.told = (rank, queue_size);
                inner.send(
                    &waiter.session,
                    self.estimation(&waiter.event_id, waiter.told),
                );
            }
        }
    }

    /// The first `room` events of `fn_index` waiting, in join order (a batch's next members).
    pub(super) fn first_waiting(&self, fn_index: FnIndex, room: usize) -> Vec<EventId> {
        self.line()
            .waiting
            .iter()
            .filter(|w| w.fn_index == fn_index)
            .take(room)
            .map(|w| w.event_id.clone())
            .collect()
    }

    /// A slot for an event that can start now: none waits ahead of it in the dispatcher and
    /// the function has a free slot. A line that isn't full skips the dispatcher's hand-off
    /// (a wake-up less per event). A free slot is never one a waiting job was promised: the
    /// semaphore gives released permits to its waiters first.
    fn start_now(&self) -> Option<Option<OwnedSemaphorePermit>> {
        if self.queued.load(Ordering::SeqCst) > 0 {
            return None;
        }
        match &self.permits {
            None => Some(None),
            Some(sem) => sem.clone().try_acquire_owned().ok().map(Some),
        }
    }

    /// Hands the event to the dispatcher, which starts it when its turn and a slot come.
    fn dispatch(self: &Arc<Self>, event_id: EventId, inner: &Arc<Inner>) -> Result<(), QueueError> {
        self.queued.fetch_add(1, Ordering::SeqCst);
        self.dispatcher(inner).send(event_id).map_err(|_| {
            self.queued.fetch_sub(1, Ordering::SeqCst);
            QueueError::Stopped
        })
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
                    this.queued.fetch_sub(1, Ordering::SeqCst);
                    let Some(inner) = inner.upgrade() else { return };
                    tokio::spawn(run(inner, this.clone(), event_id, permit));
                }
            });
            tx
        })
    }
}

impl Queue for LocalQueue {
    fn push(&self, job: Job) -> Result<EventId, QueueError> {
        if self.inner.stopping() {
            return Err(QueueError::ShuttingDown);
        }
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
        let (session_hash, fn_index) = (job.session.clone(), job.fn_index);
        self.inner.events().insert(
            event_id.clone(),
            Arc::new(Control {
                session: job.session.clone(),
                fn_index: job.fn_index,
                generator: job.generator,
                state: Mutex::new(RunState::Waiting(job)),
            }),
        );
        {
            let mut sessions = self.inner.sessions();
            let session = sessions
                .entry(session_hash.clone())
                .or_insert_with(Session::new);
            session.pending += 1;
            // A join is its client at work: an unread session's grace starts over, or a page
            // idle for a while would see its next event dropped before it opens the stream.
            if session.unread_since.is_some() {
                session.unread_since = Some(Instant::now());
            }
        }
        fq.enter(&event_id, &session_hash, fn_index, &self.inner);
        if let Some(permit) = fq.start_now() {
            tokio::spawn(run(
                self.inner.clone(),
                fq.clone(),
                event_id.clone(),
                permit,
            ));
        } else if let Err(stopped) = fq.dispatch(event_id.clone(), &self.inner) {
            // Only when the runtime that ran the dispatcher has shut down.
            self.cancel(&session_hash, &event_id);
            return Err(stopped);
        }
        Ok(event_id)
    }

    fn cancel(&self, session: &SessionHash, event_id: &EventId) -> bool {
        self.inner.cancel(session, event_id)
    }

    fn waiting(&self) -> usize {
        self.inner.waiting.load(Ordering::SeqCst)
    }

    fn drain(&self, grace: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(self.inner.clone().drain(grace))
    }

    fn stream(&self, session: &SessionHash) -> Option<MessageStream> {
        let (mailbox, ticket) = {
            let mut sessions = self.inner.sessions();
            let s = sessions.get_mut(session)?;
            // Nothing pending: only unread messages (a finished event's) are worth a stream.
            if s.pending == 0 && !s.mailbox.unread() {
                sessions.remove(session);
                return None;
            }
            // A new reader is the client reconnecting: the old stream may be dead without the
            // server knowing (a half-open connection can look alive for minutes), so it ends
            // now rather than keep the messages from the new one.
            s.unread_since = None;
            (s.mailbox.clone(), s.mailbox.new_reader())
        };
        let reader = Reader {
            inner: self.inner.clone(),
            session: session.clone(),
            mailbox,
        };
        Some(Box::pin(futures_util::stream::unfold(
            Some((ticket, reader)),
            |state| async move {
                let (ticket, reader) = state?;
                let msg = loop {
                    let msg = reader.mailbox.next(&ticket).await?;
                    // Decided as it is read, as Gradio does: an event joined since the last
                    // one completed keeps the stream open (a client reusing it must not lose
                    // it); that event's completion closes it instead.
                    let closes = matches!(msg, ServerMessage::CloseStream { .. });
                    if !(closes && reader.inner.has_pending(&reader.session)) {
                        break msg;
                    }
                };
                // After close_stream the reader drops, which may forget the session.
                let next =
                    (!matches!(msg, ServerMessage::CloseStream { .. })).then_some((ticket, reader));
                Some((msg, next))
            },
        )))
    }
}

/// A stream's reader of its session; letting go may forget the session.
struct Reader {
    inner: Arc<Inner>,
    session: SessionHash,
    mailbox: Arc<Mailbox>,
}

impl Drop for Reader {
    fn drop(&mut self) {
        self.mailbox.reader_gone();
        self.inner.release(&self.session);
    }
}
