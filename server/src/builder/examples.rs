//! Examples (Gradio's `gr.Examples`): rows of input values shown as a table (a [`Dataset`]);
//! clicking a row loads it into the inputs, and, when a listener's outputs are cached for
//! them, its outputs too, without running the function again.
//!
//! The rows are typed like the inputs' values and turned into wire data when the app starts
//! (files are then copied into the cache). Loading is a `queue(false)` listener of the table's
//! `click`, as in Gradio.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use ferrio_components::config::ShowProgress;
use ferrio_components::{ComponentError, ComponentId, Dataset, EventName, FnIndex};
use futures_util::StreamExt;
use serde_json::Value;

use super::{Blocks, BlocksBuilder, Outputs, ParamInfo, Shown};
use crate::files::Files;
use crate::handler::Scope;
use crate::handler::{BoxStream, EventFn, InputError, InvalidInput, PreparedCall, RunError};

/// The rows, as wire data, once the app has started.
type Samples = Arc<OnceLock<Vec<Vec<Value>>>>;

/// Turns the typed rows into wire data (copying their files into the cache); a row that can't
/// be is left out, with the reason.
pub(crate) type EncodeRows = Box<dyn Fn(&Scope) -> Vec<Result<Vec<Value>, RunError>> + Send + Sync>;

/// When cached outputs are computed (Gradio's `cache_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CacheMode {
    /// In the background when the app starts (a click before a row's turn computes it then).
    #[default]
    Eager,
    /// At each row's first click only: nothing runs at startup.
    Lazy,
}

/// A listener's outputs for each example row, computed once.
pub(crate) struct Cache {
    run: EventFn,
    mode: CacheMode,
    /// One cell per row: the first to ask runs the function, the others wait for it.
    rows: Mutex<HashMap<usize, Arc<tokio::sync::OnceCell<Vec<Value>>>>>,
}

impl Cache {
    /// The listener's outputs for `row` (its last, for a generator): from the cache, or run
    /// now and kept.
    async fn outputs(
        &self,
        row: usize,
        inputs: Vec<Value>,
        scope: &Scope,
    ) -> Result<Vec<Value>, RunError> {
        let cell = self
            .rows
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(row)
            .or_default()
            .clone();
        // A failure is not kept: the next click tries again.
        let outputs = cell
            .get_or_try_init(|| async {
                let call = (self.run)(inputs, scope).map_err(RunError::Input)?;
                let mut results = call();
                let mut last = None;
                while let Some(result) = results.next().await {
                    last = Some(result?);
                }
                let outputs = last.unwrap_or_default();
                // Served for as long as the app runs: out of the cache's sweeps.
                outputs.iter().for_each(|v| scope.files.pin_all(v));
                Ok::<_, RunError>(outputs)
            })
            .await?;
        Ok(outputs.clone())
    }
}

/// Examples whose rows are still typed values, until the app starts.
pub(crate) struct PendingExamples {
    dataset: ComponentId,
    encode: EncodeRows,
    /// Per column: how the table shows a value (a choice by its label).
    shown: Vec<Shown>,
    samples: Samples,
    cache: Arc<OnceLock<Cache>>,
}

/// The examples of a [`BlocksBuilder::examples`] call: cache a listener's outputs for them.
pub struct Examples<'a> {
    pub(crate) builder: &'a BlocksBuilder,
    pub(crate) dataset: ComponentId,
    /// The loading listener's index.
    pub(crate) loader: usize,
    pub(crate) inputs: Vec<ComponentId>,
    pub(crate) cache: Arc<OnceLock<Cache>>,
}

impl Examples<'_> {
    /// The table's id.
    pub fn id(&self) -> ComponentId {
        self.dataset
    }

    /// Caches the outputs of listener `event` (whose inputs are these examples' inputs, in the
    /// same order) for every row: they are computed in the background when the app starts (or
    /// at the first click, if that comes first), and a click then shows them at once, without
    /// running the function (Gradio's `cache_examples`).
    ///
    /// # Panics
    /// When `event`'s inputs are not the examples' inputs: a wiring mistake, found at startup.
    pub fn cached(self, event: FnIndex) -> Self {
        self.cached_with(event, CacheMode::Eager)
    }

    /// [`Examples::cached`], computing each row's outputs when it is first clicked
    /// ([`CacheMode::Lazy`]) or at startup ([`CacheMode::Eager`]).
    pub fn cached_with(self, event: FnIndex, mode: CacheMode) -> Self {
        self.builder
            .cache_examples(self.loader, &self.inputs, event, &self.cache, mode);
        self
    }
}

/// The loading listener's function: the picked row's values, then (when cached) the
/// listener's outputs for it.
pub(crate) fn loader(samples: Samples, cache: Arc<OnceLock<Cache>>) -> EventFn {
    Arc::new(move |data: Vec<Value>, scope: &Scope| {
        let rows = samples.get().map_or(0, Vec::len);
        let bad = |message: String| InputError::Values {
            count: 1,
            invalid: vec![InvalidInput {
                index: 0,
                label: "Examples".to_owned(),
                source: ComponentError::Invalid(message),
            }],
        };
        let row = match data.as_slice() {
            [v] => v.as_u64().map(|n| n as usize),
            _ => {
                return Err(InputError::Count {
                    expected: 1,
                    got: data.len(),
                })
            }
        }
        .ok_or_else(|| bad("expected the index of an example".into()))?;
        if row >= rows {
            return Err(bad(format!("there is no example {row}: there are {rows}")));
        }
        // Cached outputs are every session's: they are made outside any.
        let (samples, cache) = (samples.clone(), cache.clone());
        let scope = Scope::new(scope.files.clone());
        Ok(Box::new(move || -> BoxStream<_> {
            Box::pin(futures_util::stream::once(async move {
                let inputs = samples.get().map(|s| s[row].clone()).unwrap_or_default();
                let mut values = inputs.clone();
                if let Some(cache) = cache.get() {
                    values.extend(cache.outputs(row, inputs, &scope).await?);
                }
                Ok(values)
            }))
        }) as PreparedCall)
    })
}

impl PendingExamples {
    pub(crate) fn new(
        dataset: ComponentId,
        encode: EncodeRows,
        shown: Vec<Shown>,
        samples: Samples,
        cache: Arc<OnceLock<Cache>>,
    ) -> Self {
        PendingExamples {
            dataset,
            encode,
            shown,
            samples,
            cache,
        }
    }
}

impl Cache {
    pub(crate) fn new(run: EventFn, mode: CacheMode) -> Self {
        Cache {
            run,
            mode,
            rows: Mutex::default(),
        }
    }
}

/// When the app starts: the rows become wire data in their tables, and cached outputs start
/// being computed in the background.
pub(crate) fn start(blocks: &mut Blocks, files: &Arc<Files>) {
    for pending in std::mem::take(&mut blocks.examples) {
        let mut samples = Vec::new();
        for (i, row) in (pending.encode)(&Scope::new(files.clone()))
            .into_iter()
            .enumerate()
        {
            match row {
                Ok(row) => samples.push(row),
                Err(error) => tracing::error!(example = i, %error, "an example was left out"),
            }
        }
        // Shown for as long as the app runs: out of the cache's sweeps.
        samples
            .iter()
            .for_each(|row| row.iter().for_each(|v| files.pin_all(v)));
        // The table shows each value as its input would (a choice by its label); a click
        // loads the row's own values.
        if let Some(Dataset { samples: table, .. }) = blocks.dataset_mut(pending.dataset) {
            *table = samples
                .iter()
                .map(|row| {
                    row.iter()
                        .zip(&pending.shown)
                        .map(|(v, show)| show(v))
                        .collect()
                })
                .collect();
        }
        let count = samples.len();
        let _ = pending.samples.set(samples);
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            continue;
        };
        if pending
            .cache
            .get()
            .is_none_or(|cache| cache.mode == CacheMode::Lazy)
        {
            continue;
        }
        // Computed in the background: the app serves meanwhile, and a click before a row's
        // turn computes it then.
        let (samples, cache_cell, files) = (pending.samples, pending.cache, files.clone());
        runtime.spawn(async move {
            let Some(cache) = cache_cell.get() else { return };
            for row in 0..count {
                let inputs = samples.get().map(|s| s[row].clone()).unwrap_or_default();
                if let Err(error) = cache.outputs(row, inputs, &Scope::new(files.clone())).await {
                    tracing::warn!(example = row, %error, "an example's outputs could not be cached");
                }
            }
        });
    }
}

impl BlocksBuilder {
    /// A table of examples for `inputs` (Gradio's `gr.Examples`), placed here: each row holds
    /// a value for every input, typed as the inputs' values are; clicking a row loads it into
    /// them. `.cached(event)` also shows that listener's outputs for the row, computed once.
    ///
    /// ```no_run
    /// # use ferrio::prelude::*;
    /// # fn greet(name: String, n: f64) -> String { name }
    /// # Blocks::new(|b| {
    /// let (name, times) = (b.add(Textbox::new().label("Name")), b.add(Number::new()));
    /// let out = b.add(Textbox::new());
    /// let go = b.button("Greet").click(greet, (name, times), out).id();
    /// b.examples((name, times), [("Ada".to_owned(), 1.0), ("Grace".to_owned(), 3.0)])
    ///     .cached(go);
    /// # });
    /// ```
    pub fn examples<'a, O>(
        &'a self,
        inputs: O,
        rows: impl IntoIterator<Item = O::Values>,
    ) -> Examples<'a>
    where
        O: Outputs<'a>,
    {
        let params = inputs.params(self);
        // Each State is its session's: an example can't hold one.
        assert!(
            params.iter().all(|p| !p.skip_api),
            "examples can't fill State inputs"
        );
        let encode = inputs.encoder(self);
        let rows = std::sync::Mutex::new(rows.into_iter().collect::<Vec<_>>());
        let encode_rows = Box::new(move |scope: &Scope| {
            let rows = std::mem::take(&mut *rows.lock().unwrap_or_else(|e| e.into_inner()));
            rows.into_iter().map(|row| encode(row, scope)).collect()
        });
        let headers = params
            .iter()
            .map(|p| p.label.clone().unwrap_or_else(|| p.class_name.to_owned()))
            .collect();
        let kinds = params.iter().map(|p| p.class_name.to_lowercase()).collect();
        let dataset = self.add(Dataset::new(Vec::new(), headers, kinds)).id();
        let samples = std::sync::Arc::default();
        let cache = std::sync::Arc::default();
        let ids: Vec<ComponentId> = params.iter().map(|p| p.id).collect();
        let index_param = ParamInfo {
            id: dataset,
            label: Some("Examples".to_owned()),
            class_name: "Dataset",
            api_info: serde_json::json!({"type": "integer"}),
            python_type: ferrio_components::PythonType::new("int"),
            example: serde_json::json!(0),
            skip_api: false,
            has_files: false,
            default: None,
        };
        let loader = loader(
            std::sync::Arc::clone(&samples),
            std::sync::Arc::clone(&cache),
        );
        let event = self.register_erased(
            vec![(Some(dataset), EventName::Click)],
            false,
            "load_example".to_owned(),
            vec![index_param],
            params,
            loader,
        );
        let index = event.id().0 as usize;
        let _ = event
            .queue(false)
            .show_progress(ShowProgress::Hidden)
            .private();
        let shown = inputs.shown(self);
        self.state.borrow_mut().examples.push(PendingExamples::new(
            dataset,
            encode_rows,
            shown,
            samples,
            std::sync::Arc::clone(&cache),
        ));
        Examples {
            builder: self,
            dataset,
            loader: index,
            inputs: ids,
            cache,
        }
    }

    /// Makes the examples' loader (listener `loader`) also give `event`'s outputs for the row.
    pub(crate) fn cache_examples(
        &self,
        loader: usize,
        inputs: &[ComponentId],
        event: FnIndex,
        cache: &std::sync::Arc<std::sync::OnceLock<Cache>>,
        mode: CacheMode,
    ) {
        let mut s = self.state.borrow_mut();
        let target = s
            .functions
            .get(event.0 as usize)
            .expect("cached(event): event is a listener of this app");
        assert_eq!(
            target.config.inputs, inputs,
            "cached(event): the listener's inputs must be the examples' inputs, in order"
        );
        let run = target
            .run
            .clone()
            .expect("cached(event): the listener runs a function");
        let (ids, params) = (target.config.outputs.clone(), target.outputs.clone());
        let _ = cache.set(Cache::new(run, mode));
        let load = &mut s.functions[loader];
        load.config.outputs.extend(ids);
        load.outputs.extend(params);
    }
}
