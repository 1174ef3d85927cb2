//! Reporting from inside a running function: progress (`Progress`, Gradio's `gr.Progress`) and
//! toasts (`info`, `warning`: Gradio's `gr.Info`, `gr.Warning`). They reach the person running
//! the event as `progress` and `log` messages on its stream.
//!
//! The queue runs every function inside its event's context, so these need no argument: call
//! them anywhere in the function (plain or async) or in what it calls. Outside an event (a task
//! the function spawned itself, a test) they do nothing.

use std::cell::RefCell;
use std::sync::Arc;

use ferrio_components::messages::{LogLevel, ProgressUnit, ServerMessage};
use ferrio_components::EventId;

/// Where a running event's messages go.
#[derive(Clone)]
pub(crate) struct EventContext {
    pub(crate) event_id: EventId,
    pub(crate) send: Arc<dyn Fn(ServerMessage) + Send + Sync>,
    /// Whatever must live as long as the event's work (its concurrency permit): a blocking
    /// thread holds a clone until it returns.
    pub(crate) _permit: Arc<dyn std::any::Any + Send + Sync>,
}

tokio::task_local! {
    static EVENT: EventContext;
}

thread_local! {
    /// The context of the event a blocking-pool thread is running, for plain functions.
    static BLOCKING_EVENT: RefCell<Option<EventContext>> = const { RefCell::new(None) };
}

impl EventContext {
    /// Runs `fut` with this context as the current one.
    pub(crate) async fn scope<F: std::future::Future>(self, fut: F) -> F::Output {
        EVENT.scope(self, fut).await
    }

    pub(crate) fn current() -> Option<EventContext> {
        EVENT
            .try_with(Clone::clone)
            .ok()
            .or_else(|| BLOCKING_EVENT.with(|c| c.borrow().clone()))
    }

    /// Runs the blocking `f` with `context` as the current one on this thread.
    pub(crate) fn in_blocking<T>(context: Option<EventContext>, f: impl FnOnce() -> T) -> T {
        struct Reset;
        impl Drop for Reset {
            fn drop(&mut self) {
                BLOCKING_EVENT.with(|c| c.borrow_mut().take());
            }
        }
        BLOCKING_EVENT.with(|c| *c.borrow_mut() = context);
        let _reset = Reset;
        f()
    }

    fn emit(make: impl FnOnce(EventId) -> ServerMessage) {
        if let Some(context) = EventContext::current() {
            (context.send)(make(context.event_id.clone()));
        }
    }
}

/// Shows an information toast to the person running this event.
pub fn info(message: impl Into<String>) {
    log(LogLevel::Info, message.into());
}

/// Shows a warning toast to the person running this event.
pub fn warning(message: impl Into<String>) {
    log(LogLevel::Warning, message.into());
}

fn log(level: LogLevel, log: String) {
    EventContext::emit(|event_id| ServerMessage::Log {
        event_id,
        log,
        level,
        duration: Some(10.0),
        visible: true,
        title: None,
    });
}

/// Progress of the running event, shown as a bar over its outputs.
///
/// ```no_run
/// use ferrio::prelude::Progress;
/// fn slow(x: String) -> String {
///     for _ in Progress::new().tqdm(0..4) {
///         std::thread::sleep(std::time::Duration::from_millis(250));
///     }
///     x
/// }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Progress {
    desc: Option<String>,
    unit: String,
}

impl Progress {
    /// A reporter for the running event (Gradio's `gr.Progress()`), counting "steps" and
    /// with no description until set.
    pub fn new() -> Self {
        Progress {
            desc: None,
            unit: "steps".to_owned(),
        }
    }

    /// A description shown beside the bar.
    pub fn desc(mut self, desc: impl Into<String>) -> Self {
        self.desc = Some(desc.into());
        self
    }

    /// What the steps count ("steps", "files", "tokens").
    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = unit.into();
        self
    }

    /// Sets the bar to `fraction` (0 to 1).
    pub fn update(&self, fraction: f64) {
        let unit = ProgressUnit {
            index: None,
            length: None,
            unit: None,
            progress: Some(fraction.clamp(0.0, 1.0)),
            desc: self.desc.clone(),
        };
        EventContext::emit(|event_id| ServerMessage::Progress {
            event_id,
            progress_data: vec![unit],
        });
    }

    /// Wraps an iterator so that each item moves the bar (Gradio's `progress.tqdm`); the length
    /// comes from the iterator's size hint when it knows it.
    pub fn tqdm<I: IntoIterator>(&self, iter: I) -> Steps<I::IntoIter> {
        let iter = iter.into_iter();
        let length = match iter.size_hint() {
            (low, Some(high)) if low == high => Some(low as u64),
            _ => None,
        };
        Steps {
            iter,
            index: 0,
            length,
            progress: self.clone(),
        }
    }

    fn step(&self, index: u64, length: Option<u64>) {
        let unit = ProgressUnit {
            index: Some(index),
            length,
            unit: Some(self.unit.clone()),
            progress: None,
            desc: self.desc.clone(),
        };
        EventContext::emit(|event_id| ServerMessage::Progress {
            event_id,
            progress_data: vec![unit],
        });
    }
}

/// An iterator that reports its progress; see [`Progress::tqdm`].
pub struct Steps<I> {
    iter: I,
    index: u64,
    length: Option<u64>,
    progress: Progress,
}

impl<I: Iterator> Iterator for Steps<I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        let item = self.iter.next()?;
        self.progress.step(self.index, self.length);
        self.index += 1;
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    fn recording() -> (EventContext, Arc<Mutex<Vec<ServerMessage>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let context = EventContext {
            event_id: EventId("e".into()),
            send: Arc::new(move |m| sink.lock().unwrap().push(m)),
            _permit: Arc::new(()),
        };
        (context, seen)
    }

    #[tokio::test]
    async fn steps_report_index_and_length_as_gradio_does() {
        let (context, seen) = recording();
        let items: Vec<u32> = context
            .scope(async { Progress::new().tqdm(0..4).collect() })
            .await;
        assert_eq!(items, [0, 1, 2, 3]);
        let seen = seen.lock().unwrap();
        let indexes: Vec<_> = seen
            .iter()
            .map(|m| match m {
                ServerMessage::Progress { progress_data, .. } => (
                    progress_data[0].index,
                    progress_data[0].length,
                    progress_data[0].unit.clone(),
                ),
                other => panic!("{other:?}"),
            })
            .collect();
        let steps = Some("steps".to_owned());
        assert_eq!(
            indexes,
            [
                (Some(0), Some(4), steps.clone()),
                (Some(1), Some(4), steps.clone()),
                (Some(2), Some(4), steps.clone()),
                (Some(3), Some(4), steps)
            ]
        );
    }

    #[test]
    fn blocking_code_sees_its_event_and_only_while_it_runs() {
        let (context, seen) = recording();
        EventContext::in_blocking(Some(context), || {
            info("hello");
            Progress::new().desc("half").update(0.5);
        });
        warning("after the event: goes nowhere");
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        assert!(
            matches!(&seen[0], ServerMessage::Log { log, level: LogLevel::Info, .. } if log == "hello")
        );
        assert!(
            matches!(&seen[1], ServerMessage::Progress { progress_data, .. } if progress_data[0].progress == Some(0.5))
        );
    }
}
