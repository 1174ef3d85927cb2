//! Wiring listeners: a function runs when its triggers fire (`button.click(f, inputs,
//! outputs)`, `b.on(...)`, `load`, `unload`, batch listeners, `select` and `like` with their
//! event data, Stop buttons).

use std::time::Duration;

use ferrio_components::config::{ApiVisibility, DependencyConfig, ShowProgress, TriggerMode};
use ferrio_components::events::{
    Blurrable, Changeable, Clearable, Clickable, Focusable, Inputtable, Releasable, Stoppable,
    Submittable, Tickable, Uploadable,
};
use ferrio_components::{
    Chatbot, Component, ComponentId, EventData, EventName, FnIndex, LikeData, SelectData,
    Selectable, SessionHash, Timer,
};

use super::{
    BatchInputs, BatchOutputs, BlockFunction, BlocksBuilder, Handle, Inputs, Listener, Outputs,
    ParamInfo, UnloadFn, ROOT,
};
use crate::handler::{
    erase, erase_batch, BatchItem, Decoder, EventFn, Handler, InputError, PendingArgs, Prepend,
};

impl<'a, C: Component> Handle<'a, C> {
    /// The value comes from `f`, run for each visitor when their page loads (Gradio's
    /// `value=callable`): a fresh value per visit rather than one fixed when the app started.
    pub fn value_from<M, F>(self, f: F) -> Listener<'a>
    where
        F: Handler<(), C::Value, M>,
    {
        self.builder.load(f, (), self)
    }

    /// As [`Handle::value_from`], and again every `period` while the page is open (Gradio's
    /// `value=callable, every=...`), quietly: no pending stripe at each refresh.
    pub fn value_every<M, F>(self, f: F, period: Duration) -> Listener<'a>
    where
        F: Handler<(), C::Value, M>,
    {
        let timer = self.builder.add(Timer::new(period.as_secs_f64()));
        let triggers = [self.builder.loaded(), timer.ticked()];
        self.builder
            .on(triggers, f, (), self)
            .show_progress(ShowProgress::Hidden)
    }
}

impl BlocksBuilder {
    /// Runs `f` when any of `triggers` fires (Gradio's `gr.on`):
    /// `b.on([name.submitted(), go.clicked()], greet, name, out)`.
    pub fn on<'a, I, O, M, F>(
        &'a self,
        triggers: impl IntoIterator<Item = Trigger>,
        f: F,
        inputs: I,
        outputs: O,
    ) -> Listener<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        let targets = triggers
            .into_iter()
            .map(|t| (Some(t.target), t.event))
            .collect();
        self.listen_to(targets, f, inputs, outputs)
    }

    /// Runs `f` when the page loads in a browser (Gradio's `demo.load`): each visitor's
    /// session runs it once, e.g. to fill outputs with fresh values.
    pub fn load<'a, I, O, M, F>(&'a self, f: F, inputs: I, outputs: O) -> Listener<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        self.listen(ROOT, EventName::Load, f, inputs, outputs)
    }

    /// Runs `f` with a visitor's session when their page goes away (closed, reloaded,
    /// navigated off: its heartbeat stream stays closed), as Gradio's `demo.unload`: to free
    /// what the session held (`|session: SessionHash| ...`). It returns nothing and runs
    /// outside the queue; no client can call it.
    pub fn unload<M, F>(&self, f: F) -> Listener<'_>
    where
        F: Handler<(SessionHash,), (), M>,
    {
        let f = std::sync::Arc::new(f);
        let pace = std::sync::Arc::new(crate::handler::Pace::default());
        let run: UnloadFn = std::sync::Arc::new(move |session| {
            f.clone().call(PendingArgs::Ready((session,)), &pace)
        });
        self.push_without_inputs((None, EventName::Unload), Some(run), |config| {
            config.api_visibility = ApiVisibility::Private;
            config.queue = false;
        })
    }

    /// The page's load, as a trigger for [`BlocksBuilder::on`].
    pub fn loaded(&self) -> Trigger {
        Trigger {
            target: ROOT,
            event: EventName::Load,
        }
    }

    fn listen<'a, I, O, M, F>(
        &'a self,
        target: ComponentId,
        event: EventName,
        f: F,
        inputs: I,
        outputs: O,
    ) -> Listener<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        self.listen_to(vec![(Some(target), event)], f, inputs, outputs)
    }

    pub(super) fn listen_to<'a, I, O, M, F>(
        &'a self,
        targets: Vec<(Option<ComponentId>, EventName)>,
        f: F,
        inputs: I,
        outputs: O,
    ) -> Listener<'a>
    where
        I: Inputs<'a>,
        O: Outputs<'a>,
        F: Handler<I::Args, O::Values, M>,
    {
        self.register(
            targets,
            f,
            inputs.params(self),
            inputs.decoder(self),
            outputs,
        )
    }

    /// Runs `f` when `event` (one with data: `select`, `like`) fires on `target`; `f` gets the
    /// event's data first, once `check` (what the component could have sent) accepts it.
    fn listen_with_data<'a, D, I, O, M, F>(
        &'a self,
        target: ComponentId,
        event: EventName,
        check: impl Fn(&D) -> Result<(), ferrio_components::EventDataError> + Send + Sync + 'static,
        f: F,
        inputs: I,
        outputs: O,
    ) -> Listener<'a>
    where
        D: EventData,
        I: Inputs<'a>,
        I::Args: Prepend<D>,
        O: Outputs<'a>,
        F: Handler<<I::Args as Prepend<D>>::With, O::Values, M>,
    {
        let inner = inputs.decoder(self);
        // The route appends the join's `event_data` to the inputs of listeners that collect it.
        let decoder: Decoder<<I::Args as Prepend<D>>::With> = Box::new(move |mut data, files| {
            let event_data = D::from_event(data.pop()).and_then(|d| check(&d).map(|()| d));
            let args = inner(data, files)?;
            let event_data = event_data.map_err(InputError::EventData)?;
            Ok(args.map(move |args| args.prepend(event_data)))
        });
        let event = self.register(
            vec![(Some(target), event)],
            f,
            inputs.params(self),
            decoder,
            outputs,
        );
        event.with(|f| f.config.collects_event_data = true)
    }

    pub(crate) fn register<'a, A, O, M, F>(
        &'a self,
        targets: Vec<(Option<ComponentId>, EventName)>,
        f: F,
        input_params: Vec<ParamInfo>,
        decoder: Decoder<A>,
        outputs: O,
    ) -> Listener<'a>
    where
        A: Send + 'static,
        O: Outputs<'a>,
        F: Handler<A, O::Values, M>,
    {
        let output_params = outputs.params(self);
        let encode_files = output_params.iter().any(|p| p.has_files);
        let run = erase(f, decoder, outputs.encoder(self), encode_files);
        self.register_erased(
            targets,
            F::GENERATOR,
            default_api_name::<F>(),
            input_params,
            output_params,
            run,
        )
    }

    /// Runs `f` once for several events at a time (Gradio's `batch=True`): it takes one list
    /// per input and returns one list per output, an item per event, in order. The queue
    /// gathers up to `max_batch_size` waiting events of this listener (4 unless set with
    /// [`Listener::max_batch_size`]) into one call; it doesn't wait for more to arrive. To the
    /// page and the API it is an ordinary one-event endpoint.
    ///
    /// ```no_run
    /// # use ferrio::prelude::*;
    /// fn shout_all(texts: Vec<String>) -> Vec<String> {
    ///     texts.iter().map(|t| t.to_uppercase()).collect()
    /// }
    /// # Blocks::new(|b| {
    /// let text = b.add(Textbox::new());
    /// let go = b.button("Shout");
    /// b.on_batch([go.clicked()], shout_all, text, text).max_batch_size(16);
    /// # });
    /// ```
    ///
    /// A batch function returns once (it can't be a generator) and can't use `State`.
    pub fn on_batch<'a, I, O, M, F>(
        &'a self,
        triggers: impl IntoIterator<Item = Trigger>,
        f: F,
        inputs: I,
        outputs: O,
    ) -> Listener<'a>
    where
        I: BatchInputs<'a>,
        O: BatchOutputs<'a>,
        F: Handler<I::Batch, O::Batch, M>,
    {
        const {
            assert!(
                !F::GENERATOR,
                "a batch function returns its lists once: it can't be a generator"
            )
        };
        let input_params = inputs.params(self);
        let output_params = outputs.params(self);
        // Each event's State is its session's: one call can't serve several.
        let state = input_params
            .iter()
            .chain(&output_params)
            .find(|p| p.skip_api);
        assert!(
            state.is_none(),
            "a batch function can't read or write State (each event's State is its session's)"
        );
        let encode_files = output_params.iter().any(|p| p.has_files);
        let batch = erase_batch(
            f,
            inputs.decoder(self),
            I::gather,
            O::split,
            outputs.encoder(self),
            encode_files,
        );
        let one = batch.clone();
        // Called alone (a direct call), an event is a batch of one.
        let run: EventFn =
            std::sync::Arc::new(move |data, files| one(data, files).map(BatchItem::into_call));
        let targets = triggers
            .into_iter()
            .map(|t| (Some(t.target), t.event))
            .collect();
        self.register_erased(
            targets,
            false,
            default_api_name::<F>(),
            input_params,
            output_params,
            run,
        )
        .with(|f| {
            f.batch = Some(batch);
            f.config.batch = true;
        })
    }

    pub(crate) fn register_erased(
        &self,
        targets: Vec<(Option<ComponentId>, EventName)>,
        generator: bool,
        api_name: String,
        input_params: Vec<ParamInfo>,
        output_params: Vec<ParamInfo>,
        run: EventFn,
    ) -> Listener<'_> {
        let mut s = self.state.borrow_mut();
        let index = s.functions.len();
        let mut config = DependencyConfig::new(
            FnIndex(index as u32),
            targets,
            input_params.iter().map(|p| p.id).collect(),
            output_params.iter().map(|p| p.id).collect(),
        );
        config.types.generator = generator;
        // As in Gradio: a `change` listener keeps only the latest trigger while it runs.
        if config
            .targets
            .first()
            .is_some_and(|t| t.1 == EventName::Change)
        {
            config.trigger_mode = TriggerMode::AlwaysLast;
        }
        let parameter_names = input_params
            .iter()
            .enumerate()
            .map(|(i, p)| default_parameter_name(p.label.as_deref(), i))
            .collect();
        s.functions.push(BlockFunction {
            config,
            inputs: input_params,
            outputs: output_params,
            parameter_names,
            concurrency_limit: None,
            concurrency_id: None,
            named: false,
            run: Some(run),
            batch: None,
            unload: None,
            aliases: Vec::new(),
            alias_of: None,
        });
        // Gradio names an endpoint after its function; Rust knows a fn item's path.
        s.functions[index].config.api_name = Some(api_name);
        Listener {
            builder: self,
            index,
        }
    }

    /// A listener that runs no function and stops `events`' runs (Gradio's `fn=None,
    /// cancels=[...]`).
    fn listen_cancel(
        &self,
        target: ComponentId,
        event: EventName,
        events: Vec<FnIndex>,
    ) -> Listener<'_> {
        self.push_without_inputs((Some(target), event), None, |config| {
            config.backend_fn = false;
            config.queue = false;
            config.api_visibility = ApiVisibility::Private;
            config.cancels = events;
            config.types.cancel = true;
        })
    }

    /// A listener with no inputs, outputs or queued function (a Stop, an `unload`), set up
    /// by `configure`.
    fn push_without_inputs(
        &self,
        target: (Option<ComponentId>, EventName),
        unload: Option<UnloadFn>,
        configure: impl FnOnce(&mut DependencyConfig),
    ) -> Listener<'_> {
        let mut s = self.state.borrow_mut();
        let index = s.functions.len();
        let mut config =
            DependencyConfig::new(FnIndex(index as u32), vec![target], Vec::new(), Vec::new());
        configure(&mut config);
        s.functions.push(BlockFunction {
            config,
            inputs: Vec::new(),
            outputs: Vec::new(),
            parameter_names: Vec::new(),
            concurrency_limit: Some(None),
            concurrency_id: None,
            named: false,
            run: None,
            batch: None,
            unload,
            aliases: Vec::new(),
            alias_of: None,
        });
        Listener {
            builder: self,
            index,
        }
    }
}

/// `reference::echo` → `echo`; closures and odd names → `predict`, as Gradio names lambdas.
pub(crate) fn default_api_name<F>() -> String {
    let full = std::any::type_name::<F>();
    let last = full.rsplit("::").next().unwrap_or(full);
    let is_ident = !last.is_empty()
        && last.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !last.starts_with(|c: char| c.is_ascii_digit());
    if is_ident && !full.contains("{{closure}}") {
        last.to_owned()
    } else {
        "predict".to_owned()
    }
}

/// A Python-style parameter name from the label (`"First name"` → `first_name`).
fn default_parameter_name(label: Option<&str>, index: usize) -> String {
    let name: String = label
        .unwrap_or_default()
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let name = name.trim_matches('_').to_owned();
    const PYTHON_KEYWORDS: &[&str] = &[
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "false", "finally", "for", "from", "global", "if", "import",
        "in", "is", "lambda", "none", "nonlocal", "not", "or", "pass", "raise", "return", "true",
        "try", "while", "with", "yield",
    ];
    if name.is_empty()
        || name.starts_with(|c: char| c.is_ascii_digit())
        || PYTHON_KEYWORDS.contains(&name.as_str())
    {
        format!("param_{index}")
    } else {
        name
    }
}

/// One event of one component, for listeners with several triggers ([`BlocksBuilder::on`]):
/// made by the typed methods of a handle (`button.clicked()`, `textbox.submitted()`), so a
/// component can only name an event it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trigger {
    target: ComponentId,
    event: EventName,
}

impl Trigger {
    /// For the crate's own layouts, which know the component has the event.
    pub(crate) fn new(target: ComponentId, event: EventName) -> Trigger {
        Trigger { target, event }
    }
}

/// Typed listener methods, one per event: `button.click(...)` compiles only for components
/// that have a `click` event (that implement `ferrio_components::events::Clickable`).
macro_rules! listeners {
    ($($(#[$doc:meta])* $trait:ident :: $method:ident / $cancel_method:ident / $trigger:ident => $event:expr;)*) => {$(
        impl<'a, C: $trait> Handle<'a, C> {
            $(#[$doc])*
            pub fn $method<I, O, M, F>(self, f: F, inputs: I, outputs: O) -> Listener<'a>
            where
                I: Inputs<'a>,
                O: Outputs<'a>,
                F: Handler<I::Args, O::Values, M>,
            {
                self.builder.listen(self.id, $event, f, inputs, outputs)
            }

            /// Stops these events' runs when this event fires (a Stop button).
            pub fn $cancel_method(self, events: impl IntoIterator<Item = FnIndex>) -> Listener<'a> {
                self.builder.listen_cancel(self.id, $event, events.into_iter().collect())
            }

            /// This event, as one trigger of a listener with several ([`BlocksBuilder::on`]).
            pub fn $trigger(&self) -> Trigger {
                Trigger {
                    target: self.id,
                    event: $event,
                }
            }
        }
    )*};
}

listeners! {
    /// Runs `f` when the component is clicked.
    Clickable::click / cancel_on_click / clicked => EventName::Click;
    /// Runs `f` when the value changes, by the person or by a function's output.
    Changeable::change / cancel_on_change / changed => EventName::Change;
    /// Runs `f` on each edit the person makes.
    Inputtable::input / cancel_on_input / inputted => EventName::Input;
    /// Runs `f` when the person presses Enter (or, in a colour picker, picks a colour).
    Submittable::submit / cancel_on_submit / submitted => EventName::Submit;
    /// Runs `f` when the component gains focus.
    Focusable::focus / cancel_on_focus / focused => EventName::Focus;
    /// Runs `f` when the component loses focus.
    Blurrable::blur / cancel_on_blur / blurred => EventName::Blur;
    /// Runs `f` when the person lets go of a slider's handle.
    Releasable::release / cancel_on_release / released => EventName::Release;
    /// Runs `f` when the person adds files (after they are uploaded).
    Uploadable::upload / cancel_on_upload / uploaded => EventName::Upload;
    /// Runs `f` when the person clears the value.
    Clearable::clear / cancel_on_clear / cleared => EventName::Clear;
    /// Runs `f` at each tick of a Timer, while it is active.
    Tickable::tick / cancel_on_tick / ticked => EventName::Tick;
    /// Runs `f` when the person presses the box's stop button (`stop_btn`); with
    /// `cancel_on_stop(events)` the button stops those events' runs, and shows while one is
    /// under way.
    Stoppable::stop / cancel_on_stop / stopped => EventName::Stop;
}

impl<'a, C: Selectable> Handle<'a, C> {
    /// Runs `f` when the person selects part of the value (a choice, a table cell, a message,
    /// a picture, some text): `f` gets the selection first, then the inputs' values (Gradio's
    /// `evt: gr.SelectData`). API callers can't send a selection, so their calls get a 422.
    ///
    /// ```no_run
    /// # use ferrio::prelude::*;
    /// fn picked(pick: SelectData<Dataframe>) -> String {
    ///     let (row, col) = pick.index;
    ///     format!("row {row}, column {col}: {}", pick.value.text())
    /// }
    /// # Blocks::new(|b| {
    /// let table = b.add(Dataframe::new(Table::new(["item", "price"])));
    /// let out = b.add(Textbox::new());
    /// table.select(picked, (), out);
    /// # });
    /// ```
    pub fn select<I, O, M, F>(self, f: F, inputs: I, outputs: O) -> Listener<'a>
    where
        I: Inputs<'a>,
        I::Args: Prepend<SelectData<C>>,
        O: Outputs<'a>,
        F: Handler<<I::Args as Prepend<SelectData<C>>>::With, O::Values, M>,
    {
        self.builder
            .listen_with_data(self.id, EventName::Select, |_| Ok(()), f, inputs, outputs)
    }

    /// Stops these events' runs when the person selects part of the value.
    pub fn cancel_on_select(self, events: impl IntoIterator<Item = FnIndex>) -> Listener<'a> {
        self.builder
            .listen_cancel(self.id, EventName::Select, events.into_iter().collect())
    }
}

impl<'a> Handle<'a, Chatbot> {
    /// Shows 👍 / 👎 under each reply, and runs `f` when the person presses one: `f` gets the
    /// feedback first ([`LikeData`]: which reply, its contents, like or dislike), then the
    /// inputs' values (Gradio's `chatbot.like` with `gr.LikeData`). API callers can't send
    /// feedback, so their calls get a 422.
    ///
    /// ```no_run
    /// # use ferrio::prelude::*;
    /// fn rated(like: LikeData) -> String {
    ///     format!("{}: {}", like.liked.label(), like.text())
    /// }
    /// # Blocks::new(|b| {
    /// let chat = b.add(Chatbot::new().value(vec![ChatMessage::assistant("Hello!")]));
    /// let log = b.add(Textbox::new().label("Feedback"));
    /// chat.like(rated, (), log);
    /// # });
    /// ```
    pub fn like<I, O, M, F>(self, f: F, inputs: I, outputs: O) -> Listener<'a>
    where
        I: Inputs<'a>,
        I::Args: Prepend<LikeData>,
        O: Outputs<'a>,
        F: Handler<<I::Args as Prepend<LikeData>>::With, O::Values, M>,
    {
        let chatbot: Chatbot = self.builder.component(self.id);
        let offered = move |like: &LikeData| chatbot.check_feedback(&like.liked);
        self.builder
            .listen_with_data(self.id, EventName::Like, offered, f, inputs, outputs)
    }

    /// Stops these events' runs when the person likes or dislikes a reply.
    pub fn cancel_on_like(self, events: impl IntoIterator<Item = FnIndex>) -> Listener<'a> {
        self.builder
            .listen_cancel(self.id, EventName::Like, events.into_iter().collect())
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
    fn parameter_names_come_from_labels() {
        assert_eq!(default_parameter_name(Some("First name"), 0), "first_name");
        assert_eq!(default_parameter_name(Some("In"), 0), "param_0");
        assert_eq!(default_parameter_name(None, 2), "param_2");
        assert_eq!(default_parameter_name(Some("3d"), 1), "param_1");
    }

    #[test]
    fn a_stop_listener_cancels_and_runs_nothing() {
        let blocks = Blocks::new(|b| {
            let a = b.add(Textbox::new());
            let go = b.button("Go").click(shout, a, a).id();
            b.button("Stop").cancel_on_click([go]);
        });
        let stop = &blocks.functions[1];
        assert!(stop.run.is_none());
        assert_eq!(stop.config.cancels, [FnIndex(0)]);
        assert!(
            stop.config.types.cancel
                && !stop.config.backend_fn
                && stop.config.api_visibility == ApiVisibility::Private
        );
        assert_eq!(stop.api_name(), None);
    }
}
