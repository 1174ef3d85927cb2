//! The app's reactive state: one typed signal per component value, and per component the status
//! of the event writing to it (pending, failed).

use std::collections::HashMap;
use std::sync::Arc;

use ferrio_components::messages::{LogLevel, ProgressUnit};
use ferrio_components::{
    Block, Component, ComponentId, Config, EventName, FnIndex, Number, SessionHash, Slider, Textbox,
};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

/// A component's value, typed by its component's wire data.
#[derive(Clone, Copy)]
pub enum ValueSignal {
    Textbox(RwSignal<<Textbox as Component>::Data>),
    Number(RwSignal<<Number as Component>::Data>),
    Slider(RwSignal<<Slider as Component>::Data>),
    Button(RwSignal<String>),
    /// Blocks without a value (layouts, markdown).
    None,
}

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

impl ValueSignal {
    fn for_block(block: &Block) -> Self {
        match block {
            Block::Textbox(t) => {
                ValueSignal::Textbox(RwSignal::new(t.value.clone().unwrap_or_default()))
            }
            Block::Number(n) => ValueSignal::Number(RwSignal::new(n.value)),
            Block::Slider(n) => ValueSignal::Slider(RwSignal::new(n.value)),
            Block::Button(b) => ValueSignal::Button(RwSignal::new(b.value.clone())),
            Block::Markdown(_)
            | Block::Row(_)
            | Block::Column(_)
            | Block::Group(_)
            | Block::Form(_) => ValueSignal::None,
        }
    }

    /// The value as the queue expects it in `data`.
    pub fn to_json(self) -> serde_json::Value {
        match self {
            ValueSignal::Textbox(s) => to_json(s),
            ValueSignal::Number(s) => to_json(s),
            ValueSignal::Slider(s) => to_json(s),
            ValueSignal::Button(s) => to_json(s),
            ValueSignal::None => serde_json::Value::Null,
        }
    }

    /// Applies a value the server sent for this component.
    pub fn set_json(self, v: &serde_json::Value) -> Result<(), String> {
        match self {
            ValueSignal::Textbox(s) => set_json(s, v, Textbox::EXPECTS),
            ValueSignal::Number(s) => set_json(s, v, Number::EXPECTS),
            ValueSignal::Slider(s) => set_json(s, v, Slider::EXPECTS),
            ValueSignal::Button(s) => set_json(s, v, Button::EXPECTS),
            ValueSignal::None => Ok(()),
        }
    }
}

use ferrio_components::Button;

/// What the person sees of the event that writes to a component.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Idle,
    /// Running; with the function's latest progress report, if it sent one.
    Pending(Option<ProgressUnit>),
    Failed(String),
}

/// A message from inside a function (`ferrio::info`, `ferrio::warning`), shown for a while.
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub level: LogLevel,
    pub message: String,
}

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub session: SessionHash,
    values: Arc<HashMap<ComponentId, ValueSignal>>,
    status: Arc<HashMap<ComponentId, RwSignal<Status>>>,
    pub toasts: RwSignal<Vec<Toast>>,
}

impl AppState {
    pub fn new(config: Arc<Config>) -> Self {
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
        AppState {
            session: crate::client::new_session_hash(),
            config,
            values: Arc::new(values),
            status: Arc::new(status),
            toasts: RwSignal::new(Vec::new()),
        }
    }

    pub fn value(&self, id: ComponentId) -> ValueSignal {
        self.values.get(&id).copied().unwrap_or(ValueSignal::None)
    }

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
            let read = self
                .config
                .dependencies
                .iter()
                .any(|d| d.inputs.contains(&id));
            let written = self
                .config
                .dependencies
                .iter()
                .any(|d| d.outputs.contains(&id));
            read || !written
        })
    }

    /// Runs every listener of `event` on component `id`.
    pub fn trigger(&self, id: ComponentId, event: EventName) {
        let deps: Vec<usize> = self
            .config
            .dependencies
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_triggered_by(id, event))
            .map(|(i, _)| i)
            .collect();
        for index in deps {
            self.run_dependency(index, Some(id));
        }
    }

    /// Runs the listeners chained after `fn_index` (`.then`, `.success`, `.failure`).
    pub fn run_chained(&self, fn_index: FnIndex, succeeded: bool) {
        let deps: Vec<usize> = self
            .config
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
            self.run_dependency(index, None);
        }
    }

    /// Cancels what the listener cancels, then runs its function.
    fn run_dependency(&self, index: usize, trigger: Option<ComponentId>) {
        let dep = &self.config.dependencies[index];
        if !dep.cancels.is_empty() {
            crate::client::cancel(self.clone(), &dep.cancels);
        }
        if dep.backend_fn {
            crate::client::submit(self.clone(), index, trigger);
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

    pub fn set_outputs_status(&self, outputs: &[ComponentId], status: Status) {
        for id in outputs {
            self.status(*id).set(status.clone());
        }
    }
}
