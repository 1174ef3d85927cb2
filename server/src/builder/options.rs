//! A registered listener's options (`api_name`, `concurrency_limit`, `queue`, ...) and the
//! listeners chained after it (`then`, `success`, `failure`).

use std::time::Duration;

use ferrio_components::config::{ApiVisibility, DependencyConfig, ShowProgress, TriggerMode};
use ferrio_components::FnIndex;

use super::{BlockFunction, Inputs, Listener, Outputs};
use crate::handler::Handler;

impl<'a> Listener<'a> {
    /// Runs `f` after this event completes, whether it succeeded or not (Gradio's `.then`).
    pub fn then<I, O, M, F>(self, f: F, inputs: I, outputs: O) -> Listener<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        self.chain(f, inputs, outputs, |_| {})
    }

    /// Runs `f` after this event completes successfully (Gradio's `.success`).
    pub fn success<I, O, M, F>(self, f: F, inputs: I, outputs: O) -> Listener<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        self.chain(f, inputs, outputs, |c| c.trigger_only_on_success = true)
    }

    /// Runs `f` after this event fails: its function returned `Err` or panicked, or its
    /// inputs were refused (Gradio's `.failure`).
    pub fn failure<I, O, M, F>(self, f: F, inputs: I, outputs: O) -> Listener<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        self.chain(f, inputs, outputs, |c| c.trigger_only_on_failure = true)
    }

    fn chain<I, O, M, F>(
        self,
        f: F,
        inputs: I,
        outputs: O,
        only: impl FnOnce(&mut DependencyConfig),
    ) -> Listener<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        let after = self.id();
        self.builder
            .listen_to(Vec::new(), f, inputs, outputs)
            .with(|next| {
                next.config.trigger_after = Some(after);
                only(&mut next.config);
            })
    }
}

impl Listener<'_> {
    /// This listener's fn_index: pass it to another listener's `cancels`.
    pub fn id(&self) -> FnIndex {
        FnIndex(self.index as u32)
    }

    /// Stops these events' runs (waiting or running) when this listener fires.
    pub fn cancels(self, events: impl IntoIterator<Item = FnIndex>) -> Self {
        let events: Vec<FnIndex> = events.into_iter().collect();
        self.with(|f| f.config.cancels = events)
    }

    pub(crate) fn with(self, f: impl FnOnce(&mut BlockFunction)) -> Self {
        f(&mut self.builder.state.borrow_mut().functions[self.index]);
        self
    }

    /// The endpoint's name in the API (`/gradio_api/call/<name>`, `client.predict(api_name="/<name>")`).
    pub fn api_name(self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.with(|f| {
            f.config.api_name = Some(name.trim_start_matches('/').to_owned());
            f.named = true;
        })
    }

    /// Another name the endpoint answers to, undocumented (not in `/info`): a name clients
    /// still call after a rename. It runs the same function, in the same line and under the
    /// same concurrency limit; a name another endpoint has gets a `_1` suffix, as defaults do.
    pub fn api_alias(self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.with(|f| f.aliases.push(name.trim_start_matches('/').to_owned()))
    }

    /// Who sees and who may call the endpoint (Gradio 6's `api_visibility`): listed and
    /// callable (`Public`, the default), callable by name but not listed (`Undocumented`), or
    /// neither (`Private`: only the page's own events run it).
    pub fn api_visibility(self, visibility: ApiVisibility) -> Self {
        self.with(|f| f.config.api_visibility = visibility)
    }

    /// `api_visibility(ApiVisibility::Private)`: out of the API docs and the REST API; the
    /// page still runs it.
    pub fn private(self) -> Self {
        self.api_visibility(ApiVisibility::Private)
    }

    /// Python-style names of the inputs, for API callers' keyword arguments.
    pub fn parameter_names<S: Into<String>>(self, names: impl IntoIterator<Item = S>) -> Self {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        self.with(|f| {
            for (slot, name) in f.parameter_names.iter_mut().zip(names) {
                *slot = name;
            }
        })
    }

    /// How many runs of this event may execute at once (`None`: unlimited). Gradio's default is 1.
    pub fn concurrency_limit(self, limit: Option<usize>) -> Self {
        self.with(|f| f.concurrency_limit = Some(limit.map(|l| l.max(1))))
    }

    /// Makes this event share its waiting line and concurrency limit with every other event of
    /// the same id (one GPU serving several endpoints); the lowest limit set among them holds.
    pub fn concurrency_id(self, id: impl Into<String>) -> Self {
        let id = id.into();
        self.with(|f| f.concurrency_id = Some(id))
    }

    /// What the page does with a trigger while a run of this listener is in flight: drop it
    /// (`Once`, the default), start another run (`Multiple`), or run once more with the latest
    /// when the run ends (`AlwaysLast`, the default for `change`).
    pub fn trigger_mode(self, mode: TriggerMode) -> Self {
        self.with(|f| f.config.trigger_mode = mode)
    }

    /// How the outputs show the run: a pending stripe with the function's progress (`Full`,
    /// the default), the stripe alone (`Minimal`), or nothing (`Hidden`; errors still show).
    pub fn show_progress(self, show: ShowProgress) -> Self {
        self.with(|f| f.config.show_progress = show)
    }

    /// `false`: the page calls the function directly (`/gradio_api/run/predict`), outside the
    /// queue, so it never waits in line and has no concurrency limit (Gradio's `queue=False`):
    /// for quick functions, such as a UI update. API clients still may join it through the
    /// queue.
    pub fn queue(self, queue: bool) -> Self {
        self.with(|f| f.config.queue = queue)
    }

    /// The most events a batch listener ([`BlocksBuilder::on_batch`]) runs in one call.
    ///
    /// [`BlocksBuilder::on_batch`]: super::BlocksBuilder::on_batch
    pub fn max_batch_size(self, max: usize) -> Self {
        let max = max.clamp(1, u32::MAX as usize) as u32;
        self.with(|f| f.config.max_batch_size = max)
    }

    /// How long a run may take. A generator is then stopped and its event completes with
    /// what it yielded last (Gradio's `time_limit` for streams); a plain function's run fails
    /// with a message saying so. No limit by default.
    pub fn time_limit(self, limit: Duration) -> Self {
        let seconds = limit.as_secs_f64();
        self.with(|f| f.config.time_limit = (seconds > 0.0).then_some(seconds))
    }

    /// The endpoint's description in the API docs.
    pub fn api_description(self, text: impl Into<String>) -> Self {
        let text = text.into();
        self.with(|f| f.config.api_description = Some(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::Blocks;
    use ferrio_components::Textbox;

    fn shout(s: String) -> String {
        s.to_uppercase()
    }

    #[test]
    fn chained_listeners_wait_for_their_parent() {
        let blocks = Blocks::new(|b| {
            let a = b.add(Textbox::new());
            let go = b.button("Go").click(shout, a, a);
            let first = go.id();
            go.then(shout, a, a)
                .success(shout, a, a)
                .failure(shout, a, a);
            assert_eq!(first, FnIndex(0));
        });
        let deps: Vec<_> = blocks.functions.iter().map(|f| &f.config).collect();
        assert!(deps[1].targets.is_empty());
        assert_eq!(deps[1].trigger_after, Some(FnIndex(0)));
        assert!(!deps[1].trigger_only_on_success && !deps[1].trigger_only_on_failure);
        assert_eq!(deps[2].trigger_after, Some(FnIndex(1)));
        assert!(deps[2].trigger_only_on_success);
        assert_eq!(deps[3].trigger_after, Some(FnIndex(2)));
        assert!(deps[3].trigger_only_on_failure);
    }
}
