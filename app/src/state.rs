//! The app's reactive state: one typed signal per component value, and per component the status
//! of the event writing to it (pending, failed).

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

use ferrio_components::messages::{LogLevel, ProgressUnit};
// Not `Update`: leptos's prelude has a trait by that name.
use ferrio_components::update::{split_update, Updatable, Update as PropsUpdate};
// Every built-in block's type: the value signals are made from the registry's list.
use ferrio_components::builtins::*;
use ferrio_components::{
    config::{ApiVisibility, DependencyConfig, TriggerMode},
    Block, Component, ComponentId, Config, CustomBlocks, DropdownValue, EventName, FileValue,
    FnIndex, LikeData, SelectData, Selectable, SessionHash,
};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

use crate::run_history::RunHistory;

/// Props an update set, by the config's names.
pub type PropsPatch = serde_json::Map<String, serde_json::Value>;

/// Declares one value-signal variant per component, typed by its wire data, and typed access
/// for the views (`state.signal::<Slider>(id)`).
macro_rules! value_signals {
    ($($v:ident: $data:ty),* $(,)?) => {
        /// A component's value, typed by its component's wire data.
        #[derive(Clone, Copy)]
        pub enum ValueSignal {
            $(#[doc = concat!("A ", stringify!($v), "'s value, as its wire data.")]
            $v(RwSignal<$data>),)*
            /// A custom component's value as wire JSON; its view reads it typed
            /// ([`PageState::custom_value`]).
            Custom(RwSignal<serde_json::Value>),
            /// Blocks without a value (layouts, markdown).
            None,
        }

        impl ValueSignal {
            /// The value as the queue expects it in `data`.
            pub fn to_json(self) -> serde_json::Value {
                match self {
                    $(ValueSignal::$v(s) => to_json(s),)*
                    ValueSignal::Custom(s) => s.get_untracked(),
                    ValueSignal::None => serde_json::Value::Null,
                }
            }

            /// Applies a value the server sent for this component.
            pub fn set_json(self, v: &serde_json::Value) -> Result<(), String> {
                match self {
                    $(ValueSignal::$v(s) => set_json(s, v, <$v as Component>::EXPECTS),)*
                    ValueSignal::Custom(s) => {
                        s.set(v.clone());
                        Ok(())
                    }
                    ValueSignal::None => Ok(()),
                }
            }
        }

        $(impl Valued for $v {
            type Signal = $data;
            fn signal(v: ValueSignal) -> Option<RwSignal<$data>> {
                match v {
                    ValueSignal::$v(s) => Some(s),
                    _ => None,
                }
            }
        })*
    };
}

/// A component whose value the app holds in a [`ValueSignal`].
pub trait Valued {
    /// What its signal holds: the component's wire data (one value or many for the components
    /// that take either).
    type Signal: Send + Sync + 'static;
    /// Its signal inside a [`ValueSignal`]; `None` if the signal is another component's.
    fn signal(v: ValueSignal) -> Option<RwSignal<Self::Signal>>;
}

/// A built-in block's value signal holds its wire data, but for the components generic over
/// one value or many: one signal holds both kinds, and the wire form tells them apart (`"a"` or
/// `null`, or a list).
macro_rules! signal_data {
    (Dropdown) => {
        DropdownValue
    };
    (File) => {
        FileValue
    };
    ($c:ident) => {
        <$c as Component>::Data
    };
}

/// The value a built-in block's signal starts with (see [`signal_data!`]).
macro_rules! initial_value {
    (Dropdown, $b:ident) => {
        $b.value.clone()
    };
    (File, $b:ident) => {
        $b.value.clone()
    };
    ($c:ident, $b:ident) => {
        $b.initial_data()
    };
}

/// One value signal per built-in component and static block, from the registry's one list
/// (`ferrio_components::builtin_blocks!`); layouts and server-side blocks have none.
macro_rules! builtin_value_signals {
    (
        components { $($cm:ident :: $c:ident = $cn:literal),* $(,)? }
        statics { $($sm:ident :: $s:ident = $sn:literal),* $(,)? }
        server_only { $($hm:ident :: $h:ident = $hn:literal),* $(,)? }
        layouts { $($lm:ident :: $l:ident = $ln:literal),* $(,)? }
    ) => {
        value_signals! { $($c: signal_data!($c),)* $($s: signal_data!($s),)* }

        impl ValueSignal {
            fn for_block<X: CustomBlocks>(block: &Block<X>) -> Self {
                match block {
                    $(Block::$c(c) => ValueSignal::$c(RwSignal::new(initial_value!($c, c))),)*
                    $(Block::$s(c) => ValueSignal::$s(RwSignal::new(initial_value!($s, c))),)*
                    Block::Custom(x) => ValueSignal::Custom(RwSignal::new(x.initial_data())),
                    $(Block::$h(_))|* | $(Block::$l(_))|* => ValueSignal::None,
                }
            }
        }
    };
}

ferrio_components::builtin_blocks!(builtin_value_signals);

fn to_json<T: Serialize + Send + Sync + Clone + 'static>(s: RwSignal<T>) -> serde_json::Value {
    s.with_untracked(|v| serde_json::to_value(v).unwrap_or(serde_json::Value::Null))
}

fn set_json<T: DeserializeOwned + Send + Sync + 'static>(
    s: RwSignal<T>,
    v: &serde_json::Value,
    expects: &str,
) -> Result<(), String> {
    let parsed =
        T::deserialize(v).map_err(|_| format!("the server sent {v}, expected {expects}"))?;
    s.set(parsed);
    Ok(())
}

/// What the person sees of the event that writes to a component.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// No event is writing to it.
    Idle,
    /// Waiting in the queue: `rank` events ahead, `size` waiting, and the expected wait.
    Queued {
        /// How many events are ahead of this one (0: next).
        rank: usize,
        /// How many events are waiting in all.
        size: usize,
        /// The expected wait in seconds, if the server estimated one.
        eta: Option<f64>,
    },
    /// Running; with the function's latest progress report, if it sent one.
    Pending(Option<ProgressUnit>),
    /// The event failed: the message shown on the component (a function's `Err`, Gradio's
    /// `gr.Error`).
    Failed(String),
}

/// A message from inside a function (`ferrio::info`, `ferrio::warning`), shown for a while.
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    /// Tells toasts apart, to close the right one.
    pub id: u64,
    /// Info, warning or error: the toast's colour and title.
    pub level: LogLevel,
    /// What the function said.
    pub message: String,
}

/// A custom component's value, typed by its data model `D`.
pub struct CustomValue<D> {
    json: RwSignal<serde_json::Value>,
    _data: PhantomData<fn() -> D>,
}

impl<D> Clone for CustomValue<D> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<D> Copy for CustomValue<D> {}

impl<D: Serialize + DeserializeOwned> CustomValue<D> {
    /// The value (tracked); `None` if the server sent something that isn't a `D`.
    pub fn get(&self) -> Option<D> {
        self.json.with(|v| D::deserialize(v).ok())
    }
    /// The value without tracking it (in event handlers).
    pub fn get_untracked(&self) -> Option<D> {
        self.json.with_untracked(|v| D::deserialize(v).ok())
    }
    /// Sets the value, as the person's input does (the events that read it send it).
    pub fn set(&self, data: D) {
        if let Ok(v) = serde_json::to_value(data) {
            self.json.set(v);
        }
    }
}

/// The state every view shares: the events' wiring, one value signal and one status per
/// component, and the toasts. Not generic: custom components are only known to the renderer.
#[derive(Clone)]
pub struct PageState {
    /// The config's listeners (Gradio's `dependencies`), by index: what triggers each, what
    /// it reads and writes, what it cancels.
    pub dependencies: Arc<[DependencyConfig]>,
    /// This page's session: every event it sends and the streams it reads carry it.
    pub session: SessionHash,
    values: Arc<HashMap<ComponentId, ValueSignal>>,
    /// The props updates gave each component (Gradio's `gr.update`), merged: its view is
    /// drawn again from the config's props with these over them.
    props: Arc<HashMap<ComponentId, RwSignal<Option<PropsPatch>>>>,
    status: Arc<HashMap<ComponentId, RwSignal<Status>>>,
    /// The components whose views show their status now (a count: a view drawn again shows
    /// its new status before the old one goes). A failure none of its outputs shows is a toast.
    status_shown: Arc<Mutex<HashMap<ComponentId, usize>>>,
    /// The toasts shown now, oldest first.
    pub toasts: RwSignal<Vec<Toast>>,
    /// Each listener's runs in flight, for its `trigger_mode`.
    runs: Arc<Mutex<HashMap<usize, Runs>>>,
    /// The same counts, by listener, for views to follow (a stop button shows meanwhile).
    busy: RwSignal<HashMap<usize, usize>>,
    /// Uploads in flight, by the component they are for.
    uploads: Arc<Mutex<HashMap<ComponentId, usize>>>,
    /// Runs held until the uploads to their inputs end, in the order they were triggered: as in
    /// Gradio, a click right after picking a file runs with the file, not without it.
    held: Arc<Mutex<Vec<(usize, Fired)>>>,
    /// The runs of public endpoints this browser kept (`None`: the app keeps none).
    pub history: Option<RunHistory>,
}

/// A listener's runs in flight, and the trigger deferred until they end (`always_last`).
#[derive(Default)]
struct Runs {
    running: usize,
    deferred: Option<Fired>,
}

/// What fired a listener: the component (none for a chained one) and its event data.
#[derive(Clone, Default)]
pub struct Fired {
    /// The component whose event fired it; `None` for a listener chained after another.
    pub trigger: Option<ComponentId>,
    /// What the event carries (a `select`'s pick, a `like`'s feedback), sent as the
    /// function's `SelectData` or `LikeData`.
    pub event_data: Option<serde_json::Value>,
}

impl PageState {
    /// The page's state for `config`: each component's value as the config gives it, all idle,
    /// and a new session.
    pub fn new<X: CustomBlocks>(config: &Config<X>) -> Self {
        let values = config
            .components
            .iter()
            .map(|c| (c.id, ValueSignal::for_block(&c.block)))
            .collect();
        let status = config
            .components
            .iter()
            .map(|c| (c.id, RwSignal::new(Status::Idle)))
            .collect();
        let props = config
            .components
            .iter()
            .map(|c| (c.id, RwSignal::new(None)))
            .collect();
        PageState {
            session: crate::client::new_session_hash(),
            dependencies: config.dependencies.clone().into(),
            values: Arc::new(values),
            props: Arc::new(props),
            status: Arc::new(status),
            status_shown: Arc::default(),
            toasts: RwSignal::new(Vec::new()),
            runs: Arc::default(),
            busy: RwSignal::default(),
            uploads: Arc::default(),
            held: Arc::default(),
            history: config.run_history.then(RunHistory::load),
        }
    }

    /// The state of one display-only block outside the layout (a component in a chat message):
    /// its value, no events; toasts go to the page's.
    pub fn standalone<X: CustomBlocks>(
        &self,
        id: ComponentId,
        block: &Block<X>,
        value: &serde_json::Value,
    ) -> Result<Self, String> {
        let signal = ValueSignal::for_block(block);
        signal.set_json(value)?;
        Ok(PageState {
            session: self.session.clone(),
            dependencies: Arc::new([]),
            values: Arc::new(HashMap::from([(id, signal)])),
            props: Arc::new(HashMap::from([(id, RwSignal::new(None))])),
            status: Arc::new(HashMap::from([(id, RwSignal::new(Status::Idle))])),
            status_shown: Arc::default(),
            toasts: self.toasts,
            runs: Arc::default(),
            busy: RwSignal::default(),
            uploads: Arc::default(),
            held: Arc::default(),
            history: None,
        })
    }

    /// The value signal of component `id`, untyped; [`ValueSignal::None`] for a block
    /// without a value.
    pub fn value(&self, id: ComponentId) -> ValueSignal {
        self.values.get(&id).copied().unwrap_or(ValueSignal::None)
    }

    /// The value of custom component `id` (of type `C`), typed by its data model.
    pub fn custom_value<C: Component>(&self, id: ComponentId) -> CustomValue<C::Data> {
        match self.value(id) {
            ValueSignal::Custom(json) => CustomValue {
                json,
                _data: PhantomData,
            },
            _ => panic!("component {id} is not a custom component"),
        }
    }

    /// The typed value signal of component `id`, which the config says is a `C`.
    pub fn signal<C: Valued>(&self, id: ComponentId) -> RwSignal<C::Signal> {
        C::signal(self.value(id)).expect("a component's value signal matches its block")
    }

    /// What updates changed of component `id`'s props (tracked), `None` if nothing.
    pub fn props_patch(&self, id: ComponentId) -> Option<PropsPatch> {
        self.props.get(&id).and_then(|p| p.get())
    }

    /// Merges `props` into what updates set of block `id`'s props; only a change is written,
    /// so a patch that repeats what is shown draws nothing again.
    fn merge_props(&self, id: ComponentId, props: PropsPatch) {
        let Some(held) = self.props.get(&id).filter(|_| !props.is_empty()) else {
            return;
        };
        let merged = held.with_untracked(|held| {
            let mut merged = held.clone().unwrap_or_default();
            merged.extend(props);
            (Some(&merged) != held.as_ref()).then_some(merged)
        });
        if let Some(merged) = merged {
            held.set(Some(merged));
        }
    }

    /// What the person chose in a layout (the tab shown, an accordion or sidebar opened),
    /// written as the update a function would send (Gradio binds these props the same way):
    /// the choice survives a redraw, and a function setting the prop again is seen as a change.
    pub fn choose<C: Updatable>(&self, id: ComponentId, choice: PropsUpdate<C>) {
        self.merge_props(id, choice.into_parts().1);
    }

    /// What the person sees of the event writing to component `id` (pending, queued, failed).
    pub fn status(&self, id: ComponentId) -> RwSignal<Status> {
        self.status
            .get(&id)
            .copied()
            .unwrap_or_else(|| RwSignal::new(Status::Idle))
    }

    /// As in Gradio: a component is interactive when the developer says so, or else when some
    /// event reads it; a component that is only ever written to is display-only.
    pub fn is_interactive(&self, id: ComponentId, explicit: Option<bool>) -> bool {
        explicit.unwrap_or_else(|| {
            let read = self.dependencies.iter().any(|d| d.inputs.contains(&id));
            let written = self.dependencies.iter().any(|d| d.outputs.contains(&id));
            read || !written
        })
    }

    /// Runs every listener of `event` on component `id`.
    pub fn trigger(&self, id: ComponentId, event: EventName) {
        self.fire(id, event, None);
    }

    /// Runs every `select` listener of component `id`, with what the person picked.
    pub fn select<C: Selectable>(&self, id: ComponentId, pick: SelectData<C>) {
        self.fire(id, EventName::Select, serde_json::to_value(pick).ok());
    }

    /// Runs every `like` listener of chatbot `id`, with the person's feedback on a reply.
    pub fn like(&self, id: ComponentId, feedback: LikeData) {
        self.fire(id, EventName::Like, serde_json::to_value(feedback).ok());
    }

    /// Whether a run that `id`'s `event` listeners cancel is under way (tracked): the box's
    /// stop button shows meanwhile.
    pub fn stoppable(&self, id: ComponentId, event: EventName) -> bool {
        let stops: Vec<FnIndex> = self
            .dependencies
            .iter()
            .filter(|d| d.is_triggered_by(id, event))
            .flat_map(|d| d.cancels.iter().copied())
            .collect();
        if stops.is_empty() {
            return false;
        }
        self.busy.with(|busy| {
            self.dependencies
                .iter()
                .enumerate()
                .any(|(i, d)| stops.contains(&d.id) && busy.get(&i).is_some_and(|&n| n > 0))
        })
    }

    /// Whether anything listens to `event` on `id` (a view skips work nobody asked for).
    pub fn listens(&self, id: ComponentId, event: EventName) -> bool {
        self.dependencies
            .iter()
            .any(|d| d.is_triggered_by(id, event))
    }

    fn fire(&self, id: ComponentId, event: EventName, event_data: Option<serde_json::Value>) {
        let deps: Vec<usize> = self
            .dependencies
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_triggered_by(id, event))
            .map(|(i, _)| i)
            .collect();
        for index in deps {
            let fired = Fired {
                trigger: Some(id),
                event_data: event_data.clone(),
            };
            self.run_dependency(index, fired);
        }
    }

    /// Runs the listeners chained after `fn_index` (`.then`, `.success`, `.failure`).
    pub fn run_chained(&self, fn_index: FnIndex, succeeded: bool) {
        let deps: Vec<usize> = self
            .dependencies
            .iter()
            .enumerate()
            .filter(|(_, d)| d.trigger_after == Some(fn_index))
            .filter(|(_, d)| {
                if succeeded {
                    !d.trigger_only_on_failure
                } else {
                    !d.trigger_only_on_success
                }
            })
            .map(|(i, _)| i)
            .collect();
        for index in deps {
            self.run_dependency(index, Fired::default());
        }
    }

    /// Cancels what the listener cancels, then runs its function, unless its `trigger_mode`
    /// says otherwise while a run is in flight: `once` drops the trigger, `always_last` keeps
    /// the latest for when the run ends, `multiple` runs it now (Gradio's dispatch).
    fn run_dependency(&self, index: usize, fired: Fired) {
        let dep = &self.dependencies[index];
        if !dep.cancels.is_empty() {
            // A Stop also drops what the stopped listeners kept for later.
            let mut runs = self.runs.lock().expect("one thread");
            for (i, d) in self.dependencies.iter().enumerate() {
                if dep.cancels.contains(&d.id) {
                    if let Some(r) = runs.get_mut(&i) {
                        r.deferred = None;
                    }
                }
            }
            drop(runs);
            // And the runs of theirs still waiting for an upload: they end unsent.
            let dropped: Vec<usize> = {
                let mut held = self.held.lock().expect("one thread");
                let (dropped, kept) = held
                    .drain(..)
                    .partition(|(i, _)| dep.cancels.contains(&self.dependencies[*i].id));
                *held = kept;
                dropped.into_iter().map(|(i, _)| i).collect()
            };
            for i in dropped {
                self.set_outputs_status(&self.dependencies[i].outputs, Status::Idle);
                self.run_ended(self.dependencies[i].id);
            }
            crate::client::cancel(self.clone(), &dep.cancels);
        }
        if !dep.backend_fn {
            return;
        }
        {
            let mut runs = self.runs.lock().expect("one thread");
            let runs = runs.entry(index).or_default();
            if runs.running > 0 {
                match dep.trigger_mode {
                    TriggerMode::Once => return,
                    TriggerMode::AlwaysLast => {
                        runs.deferred = Some(fired);
                        return;
                    }
                    TriggerMode::Multiple => {}
                }
            }
            runs.running += 1;
        }
        self.busy
            .update(|busy| *busy.entry(index).or_default() += 1);
        if self.uploading(&dep.inputs) {
            self.set_outputs_status(&dep.outputs, Status::Pending(None));
            self.held.lock().expect("one thread").push((index, fired));
            return;
        }
        crate::client::submit(self.clone(), index, fired);
    }

    /// The endpoint whose runs of listener `index` the history keeps: a public one with a
    /// name, when the app keeps a history.
    pub fn recorded_endpoint(&self, index: usize) -> Option<String> {
        let dep = &self.dependencies[index];
        let public = dep.api_visibility == ApiVisibility::Public;
        self.history?;
        dep.api_name
            .as_ref()
            .filter(|_| public)
            .map(|name| format!("/{name}"))
    }

    /// An upload to component `id` began: events reading it wait until it ends.
    pub fn upload_started(&self, id: ComponentId) {
        *self
            .uploads
            .lock()
            .expect("one thread")
            .entry(id)
            .or_default() += 1;
    }

    /// An upload to component `id` ended (its files are the component's value now, or it
    /// failed): the runs held for it that wait for nothing else are sent, in their order.
    pub fn upload_ended(&self, id: ComponentId) {
        {
            let mut uploads = self.uploads.lock().expect("one thread");
            if let Some(n) = uploads.get_mut(&id) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    uploads.remove(&id);
                }
            }
        }
        let ready: Vec<(usize, Fired)> = {
            let mut held = self.held.lock().expect("one thread");
            let (ready, waiting) = held
                .drain(..)
                .partition(|(i, _)| !self.uploading(&self.dependencies[*i].inputs));
            *held = waiting;
            ready
        };
        for (index, fired) in ready {
            crate::client::submit(self.clone(), index, fired);
        }
    }

    /// Whether any of `inputs` has an upload in flight.
    fn uploading(&self, inputs: &[ComponentId]) -> bool {
        let uploads = self.uploads.lock().expect("one thread");
        inputs.iter().any(|id| uploads.contains_key(id))
    }

    /// A run of `fn_index` ended (completed, failed, cancelled or lost): a trigger deferred
    /// meanwhile runs now.
    pub fn run_ended(&self, fn_index: FnIndex) {
        let Some(index) = self.dependencies.iter().position(|d| d.id == fn_index) else {
            return;
        };
        self.busy.update(|busy| {
            if let Some(n) = busy.get_mut(&index) {
                *n = n.saturating_sub(1);
            }
        });
        let deferred = {
            let mut runs = self.runs.lock().expect("one thread");
            let runs = runs.entry(index).or_default();
            runs.running = runs.running.saturating_sub(1);
            if runs.running == 0 {
                runs.deferred.take()
            } else {
                None
            }
        };
        if let Some(fired) = deferred {
            self.run_dependency(index, fired);
        }
    }

    /// Shows a toast; it goes by itself after `seconds`, or when closed.
    pub fn toast(&self, level: LogLevel, message: String, seconds: Option<f64>) {
        let id = self
            .toasts
            .with_untracked(|t| t.last().map_or(0, |t| t.id + 1));
        self.toasts.update(|t| t.push(Toast { id, level, message }));
        let toasts = self.toasts;
        let after = std::time::Duration::from_secs_f64(seconds.unwrap_or(10.0).clamp(1.0, 600.0));
        set_timeout(move || toasts.update(|t| t.retain(|t| t.id != id)), after);
    }

    /// Shows a value a function sent; a value that differs from the shown one fires `change`, as
    /// when the person edits it. An update (`{"__type__": "update", ...}`) changes the props it
    /// names, and the value if it has one.
    pub fn set_output(&self, id: ComponentId, value: &serde_json::Value) -> Result<(), String> {
        let Some((props, value)) = split_update(value) else {
            return self.set_value(id, value);
        };
        // Drawn again only when a prop changes: an update that repeats what is shown (a stream
        // resending it), or sets only the value, keeps focus, caret and scroll.
        self.merge_props(id, props);
        match value {
            Some(value) => self.set_value(id, &value),
            None => Ok(()),
        }
    }

    fn set_value(&self, id: ComponentId, value: &serde_json::Value) -> Result<(), String> {
        let signal = self.value(id);
        if signal.to_json() == *value {
            return Ok(());
        }
        signal.set_json(value)?;
        self.trigger(id, EventName::Change);
        Ok(())
    }

    /// Sets the status of every output of an event (all of them show it pending, or failed).
    pub fn set_outputs_status(&self, outputs: &[ComponentId], status: Status) {
        for id in outputs {
            self.status(*id).set(status.clone());
        }
    }

    /// An event failed: its outputs show `message`, or, when none of them shows a status (a
    /// button, no outputs at all), a toast does, as Gradio's error toast. Never unseen.
    pub fn fail(&self, outputs: &[ComponentId], message: String) {
        let shown = {
            let shown = self.status_shown.lock().expect("one thread");
            outputs
                .iter()
                .any(|id| shown.get(id).is_some_and(|n| *n > 0))
        };
        if !shown {
            self.toast(LogLevel::Error, message.clone(), None);
        }
        self.set_outputs_status(outputs, Status::Failed(message));
    }

    /// A view shows component `id`'s status from now until it is dropped.
    pub fn showing_status(&self, id: ComponentId) {
        let shown = self.status_shown.clone();
        *shown.lock().expect("one thread").entry(id).or_default() += 1;
        on_cleanup(move || {
            if let Some(n) = shown.lock().expect("one thread").get_mut(&id) {
                *n = n.saturating_sub(1);
            }
        });
    }
}
