//! Running one event: alone, or as a member of a batch; streaming a generator's results, and
//! the message that completes it (its outputs, its failure or its cancellation).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ferrio_components::diff::GeneratedOutputs;
use ferrio_components::messages::{ErrorOutput, OutputData, ProcessOutput, ServerMessage};
use ferrio_components::{EventId, FnIndex, SessionHash};
use std::panic::AssertUnwindSafe;

use futures_util::future::{AbortHandle, Abortable, Aborted, CatchUnwind};
use futures_util::{FutureExt, StreamExt};
use serde_json::Value;
use tokio::sync::OwnedSemaphorePermit;

use super::{Batch, FnQueue, Inner, Job, Member, RunState, Work};
use crate::runtime::call::{BatchResults, BatchRun, BoxFuture, PreparedCall, RunError};
use crate::runtime::progress::EventContext;

impl Member {
    fn join(batch: &Arc<Batch>) -> Arc<Member> {
        Arc::new(Member {
            batch: batch.clone(),
            cancelled: AtomicBool::new(false),
        })
    }

    /// Cancels this member; `true` the first time. The batch's call is stopped when no
    /// member is left to want it.
    pub(super) fn cancel(&self) -> bool {
        if self.cancelled.swap(true, Ordering::SeqCst) {
            return false;
        }
        if self.batch.left.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.batch.abort.abort();
        }
        true
    }
}

pub(super) async fn run(
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
        if inner.is_abandoned(&control.session, inner.abandoned.drop_waiting_after) {
            // Dropping the job frees its inputs.
            *state = RunState::Cancelled;
            drop(state);
            inner.unwait(&control, &event_id);
            tracing::info!(session = %control.session, %event_id, "dropped an event nobody waits for");
            inner.complete(&control.session, dropped(event_id));
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
        // The function runs in this task (no hand-off to another: a quick function's event
        // costs fewer wake-ups), cancellable, its panics caught: a bug fails the event, not the
        // server.
        let driver = match work {
            Work::Call(call) => {
                let (abort, registration) = AbortHandle::new_pair();
                let drive = drive(context, fq.clone(), call, generator, time_limit);
                *state = RunState::Running(abort);
                Driver::One(Abortable::new(
                    AssertUnwindSafe(drive).catch_unwind(),
                    registration,
                ))
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
    // A stream begun with nobody reading stops if nobody comes.
    if control.generator {
        inner.watch_streams(&session);
    }
    match driver {
        Driver::One(driver) => {
            let result = match driver.await {
                Ok(Ok(Ok(last))) => Ok(last.unwrap_or_else(|| vec![Value::Null; outputs])),
                Ok(Ok(Err(error))) => Err(Stop::Failed(error)),
                Ok(Err(_panic)) => Err(Stop::Failed(RunError::Panicked)),
                Err(Aborted) if inner.stopping() => Err(Stop::Failed(RunError::ShutDown)),
                Err(Aborted) => Err(Stop::Cancelled),
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

/// An event's run: its last result (a generator's, or the function's one), or its failure.
type Drive = BoxFuture<Result<Option<Vec<Value>>, RunError>>;

/// A started event's driver: its own run, or a batch's, which waits for the other events'
/// arguments (gathered once it runs, so a cancel can always reach it).
enum Driver {
    One(Abortable<CatchUnwind<AssertUnwindSafe<Drive>>>),
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
    fq: &Arc<FnQueue>,
    fn_index: FnIndex,
    room: usize,
    batch: &Arc<Batch>,
) -> Vec<Gathered> {
    if room == 0 {
        return Vec::new();
    }
    let mut taken = Vec::new();
    for id in fq.first_waiting(fn_index, room) {
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
        Ok(data) => ServerMessage::completed(
            event_id,
            OutputData {
                data,
                is_generating: false,
                duration,
                average_duration,
                render_config: None,
                changed_state_ids: Vec::new(),
                used_cache: None,
            },
        ),
        Err(Stop::Cancelled) => cancelled(event_id, Some(duration)),
        Err(Stop::Failed(error)) => {
            tracing::warn!(fn_index = fn_index.0, %error, "event failed");
            ServerMessage::failed(
                event_id,
                ErrorOutput {
                    error: Some(error.to_string()),
                    duration: Some(duration),
                    visible: true,
                    title: Some("Error".to_owned()),
                },
            )
        }
    }
}

/// How a cancelled event completes: unsuccessful, with no message to show.
pub(super) fn cancelled(event_id: EventId, duration: Option<f64>) -> ServerMessage {
    ServerMessage::failed(
        event_id,
        ErrorOutput {
            error: None,
            duration,
            visible: false,
            title: None,
        },
    )
}

/// The end of an event dropped at its turn because its session had been abandoned: a client
/// that comes back reads why.
fn dropped(event_id: EventId) -> ServerMessage {
    ServerMessage::failed(
        event_id,
        ErrorOutput {
            error: Some(
                "dropped when its turn came: no client had read this session's results for \
                 a while"
                    .into(),
            ),
            duration: None,
            visible: true,
            title: Some("Error".into()),
        },
    )
}

/// The end of an event that was still waiting when the server began to shut down.
pub(super) fn shut_down(event_id: EventId) -> ServerMessage {
    ServerMessage::failed(
        event_id,
        ErrorOutput {
            error: Some(
                "The server is shutting down: this event did not run. Try again in a moment."
                    .into(),
            ),
            duration: None,
            visible: true,
            title: Some("Error".into()),
        },
    )
}

/// Why an event ended without a result.
enum Stop {
    Failed(RunError),
    Cancelled,
}

/// Runs the call to its end; a generator's results go out as they come, the first whole and
/// later ones as edits of the one before. Returns the last result.
fn drive(
    context: EventContext,
    fq: Arc<FnQueue>,
    call: PreparedCall,
    generator: bool,
    time_limit: Option<Duration>,
) -> Drive {
    Box::pin(drive_call(context, fq, call, generator, time_limit))
}

async fn drive_call(
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
                        output: ProcessOutput::Data(OutputData {
                            data: sent,
                            is_generating: true,
                            duration,
                            average_duration: fq.mean().unwrap_or(duration),
                            render_config: None,
                            changed_state_ids: Vec::new(),
                            used_cache: None,
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
