//! What the queue runs: a call prepared from an event's checked inputs (or its part in a
//! batch), and the errors a call can end with.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use ferrio_components::messages::Validation;
use ferrio_components::{ComponentError, EventDataError};
use futures_util::Stream;

use crate::files::Files;

pub(crate) type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;
pub(crate) type BoxStream<T> = Pin<Box<dyn Stream<Item = T> + Send + 'static>>;

/// A bad input: which one, and why. Reported to the caller as a 4xx.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputError {
    #[error("expected {expected} input value(s), got {got}")]
    Count { expected: usize, got: usize },
    /// Some of the `count` inputs are invalid; every one of them is listed.
    #[error("{}", .invalid.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Values {
        count: usize,
        invalid: Vec<InvalidInput>,
    },
    /// The event data a listener takes (a `select`'s selection, a `like`'s feedback) is
    /// missing (an API call) or malformed.
    #[error("{0}")]
    EventData(EventDataError),
}

/// One input that can't be turned into its function argument.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("input {index} ({label}): {source}")]
pub struct InvalidInput {
    pub index: usize,
    pub label: String,
    pub source: ComponentError,
}

impl InputError {
    /// Gradio 5's per-input validation answer (a 422's `detail`), which gradio_client reads.
    pub fn validation(&self) -> Vec<Validation> {
        match self {
            InputError::Count { .. } => vec![Validation::invalid("data", self.to_string())],
            InputError::EventData(_) => {
                vec![Validation::invalid("event_data", self.to_string())]
            }
            InputError::Values { count, invalid } => (0..*count)
                .map(|i| match invalid.iter().find(|v| v.index == i) {
                    Some(v) => Validation::invalid(v.label.clone(), v.source.to_string()),
                    None => Validation::valid(),
                })
                .collect(),
        }
    }
}

/// Why a run produced no output. Sent to the client as a failed `process_completed`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunError {
    /// The function returned `Err`: its message is meant for the person using the app.
    #[error("{0}")]
    Handler(String),
    #[error("output {index} ({label}): {source}")]
    Output {
        index: usize,
        label: String,
        source: ComponentError,
    },
    /// An input that passed its checks when the event was sent failed to decode when it ran.
    #[error("{0}")]
    Input(InputError),
    /// A batch function returned a different number of results than it got inputs.
    #[error("the batch function returned {got} result(s) for {expected} input(s)")]
    BatchSize { expected: usize, got: usize },
    /// The function ran past its event's `time_limit`.
    #[error("The function took longer than its time limit ({0} s).")]
    TimeLimit(f64),
    /// The server shut down before the function finished (it ran past the shutdown's grace).
    #[error("The server shut down before this event finished.")]
    ShutDown,
    /// The function panicked; details stay in the server log.
    #[error("The function failed unexpectedly (it panicked). The server log has the details.")]
    Panicked,
}

/// A call with its inputs already checked, ready to run: the queue holds these. It yields the
/// outputs once, or once per item for a generator.
pub(crate) type PreparedCall =
    Box<dyn FnOnce() -> BoxStream<Result<Vec<serde_json::Value>, RunError>> + Send>;

/// One event's part of a batch: its arguments (checked, maybe still to decode), and how to run
/// a batch of them.
pub struct BatchItem {
    pub(crate) args: Box<dyn Any + Send>,
    pub(crate) run: BatchRun,
    /// Where its outputs' files go.
    pub(crate) files: Arc<Files>,
    /// The most events one call takes (`max_batch_size`).
    pub(crate) max: usize,
}

/// What a batch run gives: each event's outputs, or why its input could not be decoded; `Err`
/// when the function itself failed (every event of the batch hears it).
pub(crate) type BatchResults = Result<Vec<Result<Vec<serde_json::Value>, RunError>>, RunError>;

/// Runs one call of a batch function over the events' arguments, in order.
pub(crate) type BatchRun =
    Arc<dyn Fn(Vec<Box<dyn Any + Send>>, Arc<Files>) -> BoxFuture<BatchResults> + Send + Sync>;

impl BatchItem {
    /// This event alone, as a call of its own (a batch of one).
    pub fn into_call(self) -> PreparedCall {
        Box::new(move || -> BoxStream<_> {
            Box::pin(futures_util::stream::once(async move {
                let mut results = (self.run)(vec![self.args], self.files).await?;
                results.pop().unwrap_or(Err(RunError::BatchSize {
                    expected: 1,
                    got: 0,
                }))
            }))
        })
    }
}
