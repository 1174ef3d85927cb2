//! The join/run service: an event's inputs are checked (defaults filled in, URL inputs fetched,
//! files admitted, `State` read from the session) and its call readied, then queued or run at
//! once.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ferrio_components::messages::OutputData;
use ferrio_components::{ComponentError, ComponentId, EventId, FnIndex, SessionHash};
use futures_util::StreamExt;
use serde_json::Value;

use super::error::ApiError;
use super::AppState;
use crate::builder::{BlockFunction, Blocks};
use crate::files::remote::RemoteError;
use crate::files::FileError;
use crate::handler::{BoxStream, EventFn, InputError, InvalidInput, PreparedCall, RunError, Scope};
use crate::runtime::queue::{Job, QueueError, Work};
use crate::runtime::sessions::SessionStore;

impl AppState {
    /// Checks the inputs and queues the call; errors are the caller's (4xx).
    pub(super) async fn join(
        &self,
        fn_index: FnIndex,
        data: Vec<serde_json::Value>,
        event_data: Option<serde_json::Value>,
        session: SessionHash,
    ) -> Result<EventId, ApiError> {
        self.join_in(fn_index, data, event_data, session, self.0.sessions.clone())
            .await
    }

    /// [`AppState::join`] with the session's State kept in `store`.
    pub(super) async fn join_in(
        &self,
        fn_index: FnIndex,
        data: Vec<serde_json::Value>,
        event_data: Option<serde_json::Value>,
        session: SessionHash,
        store: Arc<dyn SessionStore>,
    ) -> Result<EventId, ApiError> {
        let f = self.function(fn_index)?;
        let work = self
            .prepare(f, data, event_data, session.clone(), store)
            .await?;
        let job = Job {
            session,
            fn_index,
            work,
            generator: f.is_generator(),
            outputs: f.config.outputs.len(),
            time_limit: f.config.time_limit.map(Duration::from_secs_f64),
        };
        self.0.queue.push(job).map_err(|e| match e {
            QueueError::Full(_) | QueueError::Stopped => ApiError::QueueFull,
            QueueError::ShuttingDown => ApiError::ShuttingDown,
            QueueError::UnknownFn(_) => {
                ApiError::UnknownFnIndex(fn_index.0, self.0.blocks.functions().len())
            }
        })
    }
}

/// An API caller may leave out trailing parameters that have a default (a ChatInterface's
/// additional inputs): their defaults are sent for them, as gradio_client does.
fn fill_defaults(f: &BlockFunction, data: &mut Vec<serde_json::Value>) {
    let api: Vec<_> = f.inputs.iter().filter(|p| !p.skip_api).collect();
    let Some(missing) = api.get(data.len()..) else {
        return;
    };
    if !missing.is_empty() && missing.iter().all(|p| p.default.is_some()) {
        data.extend(missing.iter().filter_map(|p| p.default.clone()));
    }
}

impl AppState {
    /// Checks a call's inputs (fetching URL inputs, reading files) and readies the call.
    pub(super) async fn prepare(
        &self,
        f: &BlockFunction,
        mut data: Vec<serde_json::Value>,
        event_data: Option<serde_json::Value>,
        session: SessionHash,
        store: Arc<dyn SessionStore>,
    ) -> Result<Work, ApiError> {
        let fn_index = f.config.id;
        let run = f.run.clone().ok_or(ApiError::NotCallable(fn_index.0))?;
        let batch = f.batch.clone();
        let max = f.config.max_batch_size as usize;
        fill_defaults(f, &mut data);
        let has_files = f.inputs.iter().any(|p| p.has_files);
        if has_files {
            // Boxed: an HTTPS fetch is a large future, which every join would carry otherwise.
            Box::pin(self.fetch_urls(f, &mut data)).await?;
        }
        // The function's decoder reads it after the inputs (a `select`'s selection).
        if f.config.collects_event_data {
            data.push(event_data.unwrap_or(serde_json::Value::Null));
        }
        let slots = StateSlots::of(&self.0.blocks, f);
        let scope = Scope::with_session(self.0.files.clone(), store.clone(), session.clone());
        let prepare = move || -> Result<Work, InputError> {
            if let Some(batch) = batch {
                let mut item = batch(data, &scope)?;
                item.max = max.max(1);
                Ok(Work::Batch(item))
            } else if slots.is_empty() {
                run(data, &scope).map(Work::Call)
            } else {
                stateful_call(run, slots, store, session, data, scope).map(Work::Call)
            }
        };
        // Files are checked on the file system (and images' headers read): not on the runtime.
        // A component whose parsing panics (a bug) costs the caller a 422, not the connection.
        let panicked = || {
            tracing::error!(fn_index = fn_index.0, "checking an event's inputs panicked");
            ApiError::InvalidRequest("the inputs could not be read".into())
        };
        let work = if has_files {
            tokio::task::spawn_blocking(prepare)
                .await
                .map_err(|_| panicked())??
        } else {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(prepare))
                .map_err(|_| panicked())??
        };
        Ok(work)
    }

    /// Runs a `queue(false)` listener's function now, outside the queue, and returns its
    /// outputs (the last, for a generator).
    pub(super) async fn run_now(
        &self,
        f: &BlockFunction,
        call: PreparedCall,
    ) -> Result<OutputData, RunError> {
        let start = Instant::now();
        let time_limit = f.config.time_limit.map(Duration::from_secs_f64);
        let outputs = f.config.outputs.len();
        // In a task of its own: a panic there is the function's, not this request's. The
        // latest result is kept outside it, so a stream stopped by its time limit still has
        // what it showed last (as through the queue).
        let latest = Arc::new(Mutex::new(None::<Vec<serde_json::Value>>));
        let kept = latest.clone();
        let run = tokio::spawn(async move {
            let mut results = call();
            while let Some(result) = results.next().await {
                *kept.lock().unwrap_or_else(|e| e.into_inner()) = Some(result?);
            }
            Ok::<_, RunError>(())
        });
        // Past its time limit, or when the caller hangs up, the run is dropped.
        struct AbortOnDrop(tokio::task::AbortHandle);
        impl Drop for AbortOnDrop {
            fn drop(&mut self) {
                self.0.abort();
            }
        }
        let _abort = AbortOnDrop(run.abort_handle());
        match time_limit {
            None => run.await.map_err(|_| RunError::Panicked)??,
            Some(limit) => match tokio::time::timeout(limit, run).await {
                Ok(done) => done.map_err(|_| RunError::Panicked)??,
                Err(_) if f.is_generator() => {}
                Err(_) => return Err(RunError::TimeLimit(limit.as_secs_f64())),
            },
        }
        let data = latest
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .unwrap_or_else(|| vec![serde_json::Value::Null; outputs]);
        let duration = start.elapsed().as_secs_f64();
        Ok(OutputData {
            data,
            is_generating: false,
            duration,
            average_duration: duration,
            render_config: None,
            changed_state_ids: Vec::new(),
            used_cache: None,
        })
    }

    /// URL inputs are fetched into the cache (then admitted like uploads); a refusal names the
    /// input.
    async fn fetch_urls(
        &self,
        f: &BlockFunction,
        data: &mut [serde_json::Value],
    ) -> Result<(), ApiError> {
        for (index, (value, p)) in data.iter_mut().zip(&f.inputs).enumerate() {
            if !p.has_files {
                continue;
            }
            let result = self.0.remote.localize(value, &self.0.files).await;
            // The server's disk, not the input, is at fault: the same 507 an upload gets.
            if let Err(RemoteError::File(FileError::Storage(e))) = &result {
                tracing::error!(error = %e, "a URL input could not be stored");
                return Err(ApiError::Storage(e.to_string()));
            }
            if let Err(e) = result {
                let label = p.label.clone().unwrap_or_else(|| p.class_name.to_owned());
                let invalid = InvalidInput {
                    index,
                    label,
                    source: ComponentError::Invalid(format!("could not fetch the URL: {e}")),
                };
                return Err(InputError::Values {
                    count: f.inputs.len(),
                    invalid: vec![invalid],
                }
                .into());
            }
        }
        Ok(())
    }
}

/// Which of an event's inputs and outputs are `State`, by position: inputs are filled from
/// the session's store before the function runs, outputs go back into it (and reach the
/// caller as `null`, as in Gradio).
pub(super) struct StateSlots {
    inputs: Vec<(usize, ComponentId, Value)>,
    outputs: Vec<(usize, ComponentId)>,
}

impl StateSlots {
    pub(super) fn of(blocks: &Blocks, f: &BlockFunction) -> Self {
        StateSlots {
            inputs: f
                .config
                .inputs
                .iter()
                .enumerate()
                .filter_map(|(i, id)| Some((i, *id, blocks.state_initial(*id)?.clone())))
                .collect(),
            outputs: f
                .config
                .outputs
                .iter()
                .enumerate()
                .filter(|(_, id)| blocks.state_initial(**id).is_some())
                .map(|(i, id)| (i, *id))
                .collect(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.inputs.is_empty() && self.outputs.is_empty()
    }

    /// How many inputs callers don't send (the REST API leaves them out, as `/info` does).
    pub(super) fn hidden_inputs(&self) -> usize {
        self.inputs.len()
    }

    /// `data` as sent by a caller who left the State inputs out: with a `null` in each slot.
    pub(super) fn with_hidden_inputs(&self, mut data: Vec<Value>) -> Vec<Value> {
        for (i, _, _) in &self.inputs {
            if *i <= data.len() {
                data.insert(*i, Value::Null);
            }
        }
        data
    }

    /// The inputs with each State slot holding the session's value (or the initial one).
    pub(super) fn fill(
        &self,
        store: &dyn SessionStore,
        session: &SessionHash,
        mut data: Vec<Value>,
    ) -> Vec<Value> {
        for (i, id, initial) in &self.inputs {
            if let Some(slot) = data.get_mut(*i) {
                *slot = store.get(session, *id).unwrap_or_else(|| initial.clone());
            }
        }
        data
    }

    /// Keeps the State outputs in the store, leaving `null` in their place.
    pub(super) fn keep(
        &self,
        store: &dyn SessionStore,
        session: &SessionHash,
        outputs: &mut [Value],
    ) {
        for (i, id) in &self.outputs {
            if let Some(slot) = outputs.get_mut(*i) {
                store.set(session, *id, std::mem::take(slot));
            }
        }
    }
}

/// `call` with the session's State read when the event starts (not when it was queued, so an
/// event queued behind another sees what that one stored) and its State outputs kept.
fn stateful_call(
    run: EventFn,
    slots: StateSlots,
    store: Arc<dyn SessionStore>,
    session: SessionHash,
    data: Vec<Value>,
    scope: Scope,
) -> Result<PreparedCall, InputError> {
    // Checked now too, so a bad input is refused when it is sent.
    let _checked = run(slots.fill(&*store, &session, data.clone()), &scope)?;
    Ok(Box::new(move || -> BoxStream<_> {
        let call = match run(slots.fill(&*store, &session, data), &scope) {
            Ok(call) => call,
            Err(e) => {
                return Box::pin(futures_util::stream::once(async move {
                    Err(RunError::Handler(e.to_string()))
                }))
            }
        };
        Box::pin(call().map(move |result| {
            result.map(|mut outputs| {
                slots.keep(&*store, &session, &mut outputs);
                outputs
            })
        }))
    }))
}
