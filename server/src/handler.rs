//! Type-checked event handlers: a function is accepted for an event only if its arguments are
//! the inputs' value types and it returns the outputs' value types — checked by the compiler,
//! in the way axum checks its handlers' extractors.
//!
//! # How a listener's types fit
//!
//! `button.click(f, inputs, outputs)` ties three things together by their types. `inputs` is
//! `()`, one [`Handle`] or a tuple of up to 16, and [`Inputs::Args`] is the tuple of their value
//! types (a Textbox gives a `String`, a Slider an `f64`); `outputs` likewise gives
//! [`Outputs::Values`] (one value alone, several as a tuple; an output may be an [`Updates`]).
//! `f` must be a [`Handler<Args, Values, M>`]: a function of those arguments, up to 16, that
//! returns the values or a `Result` of them ([`HandlerOutput`]), directly, as a future or as a
//! `Stream`; `M` ([`SyncFn`], [`AsyncFn`], [`StreamFn`]) is inferred and only keeps those three
//! apart. At run time each event goes decode → call → encode: the inputs' [`Decoder`] turns the
//! request's JSON into `Args` (checking every input, so one [`InputError`] names all the bad
//! ones), [`Handler::call`] runs `f` (a plain function on the blocking pool), and the outputs'
//! [`Encoder`] turns each result into the JSON the page applies ([`RunError`] when one does not
//! fit its component). [`erase`] wraps the three in one type-erased [`EventFn`] for the queue.
//! Every tuple impl is written once and driven for each arity by `all_the_tuples!`.
//!
//! ```compile_fail
//! use ferrio::prelude::*;
//! fn double(x: f64) -> f64 { x * 2.0 }
//! Blocks::new(|b| {
//!     let t = b.add(Textbox::new());
//!     b.add(Button::new("Go")).click(double, t, t); // a Textbox gives a String, not an f64
//! });
//! ```

use std::any::Any;
use std::borrow::Cow;
use std::future::Future;
use std::sync::Arc;

use futures_util::{Stream, StreamExt};

use ferrio_components::update::{self, Updatable, Update, UPDATE_TYPE};
use ferrio_components::{Component, ComponentError, ComponentId, SessionHash};

use crate::blocks::{BlocksBuilder, Handle};
use crate::files::Files;
use crate::flagging::FlagColumn;
use crate::runtime::sessions::SessionStore;

pub use crate::runtime::call::{
    BatchItem, BatchResults, BatchRun, BoxFuture, BoxStream, InputError, InvalidInput,
    PreparedCall, RunError,
};

/// One component in an endpoint's signature, for `/gradio_api/info`.
#[derive(Debug, Clone)]
pub struct ParamInfo {
    pub id: ComponentId,
    pub label: Option<String>,
    pub class_name: &'static str,
    pub api_info: serde_json::Value,
    pub python_type: ferrio_components::PythonType,
    pub example: serde_json::Value,
    /// Kept out of the API (State): callers neither send nor receive it.
    pub skip_api: bool,
    /// Its data can hold files (checked and stored on the blocking pool).
    pub has_files: bool,
    /// What an API caller who leaves it out sends (`parameter_default`); `None`: required.
    pub default: Option<serde_json::Value>,
}

/// What decoding inputs and encoding outputs need besides the data: the app's files, and the
/// session whose updated props (an [`Update`]'s) later events see.
#[derive(Clone)]
pub struct Scope {
    pub files: Arc<Files>,
    session: Option<(Arc<dyn SessionStore>, SessionHash)>,
}

impl Scope {
    /// Outside any session: components are as the app declared them.
    pub fn new(files: Arc<Files>) -> Self {
        Scope {
            files,
            session: None,
        }
    }

    pub fn with_session(
        files: Arc<Files>,
        store: Arc<dyn SessionStore>,
        session: SessionHash,
    ) -> Self {
        Scope {
            files,
            session: Some((store, session)),
        }
    }

    /// Component `id` as this session sees it: with the props updates gave it (borrowed as
    /// declared when none did, the common case).
    fn component<'c, C: Updatable>(
        &self,
        declared: &'c C,
        id: ComponentId,
    ) -> Result<Cow<'c, C>, ComponentError> {
        let props = match &self.session {
            Some((store, session)) => store.props(session, id),
            None => None,
        };
        match props {
            Some(props) => update::patch(declared, &props).map(Cow::Owned),
            None => Ok(Cow::Borrowed(declared)),
        }
    }

    /// Keeps the props of the updates among an event's outputs (all encoded: none failed) for
    /// the session's later events.
    fn remember_updates(&self, ids: &[ComponentId], outputs: &[serde_json::Value]) {
        let Some((store, session)) = &self.session else {
            return;
        };
        for (id, out) in ids.iter().zip(outputs) {
            if let Some((props, _)) = update::split_update(out).filter(|(p, _)| !p.is_empty()) {
                store.merge_props(session, *id, &props);
            }
        }
    }
}

pub type Decoder<A> =
    Box<dyn Fn(Vec<serde_json::Value>, &Scope) -> Result<PendingArgs<A>, InputError> + Send + Sync>;

/// A call's arguments, checked when the event was sent: ready, or with decoding still to do
/// when it runs (inputs that defer `preprocess`, such as decoded images), so a queued event
/// holds only wire data.
pub enum PendingArgs<A> {
    Ready(A),
    Later(Box<dyn FnOnce() -> Result<A, InputError> + Send>),
}

impl<A: Send + 'static> PendingArgs<A> {
    /// The arguments with `f` applied, now or when the decoding finishes.
    pub fn map<B>(self, f: impl FnOnce(A) -> B + Send + 'static) -> PendingArgs<B> {
        match self {
            PendingArgs::Ready(args) => PendingArgs::Ready(f(args)),
            PendingArgs::Later(decode) => PendingArgs::Later(Box::new(move || decode().map(f))),
        }
    }

    /// Finishes the decoding on this thread (a blocking one).
    pub fn finish(self) -> Result<A, RunError> {
        match self {
            PendingArgs::Ready(args) => Ok(args),
            PendingArgs::Later(decode) => decode().map_err(RunError::Input),
        }
    }

    /// Finishes the decoding from async code: what is left goes to the blocking pool.
    pub async fn finish_async(self) -> Result<A, RunError> {
        match self {
            PendingArgs::Ready(args) => Ok(args),
            PendingArgs::Later(decode) => match tokio::task::spawn_blocking(decode).await {
                Ok(args) => args.map_err(RunError::Input),
                Err(_) => Err(RunError::Panicked),
            },
        }
    }
}
pub type Encoder<V> =
    Box<dyn Fn(V, &Scope) -> Result<Vec<serde_json::Value>, RunError> + Send + Sync>;
/// One output's encoder.
pub type SlotEncoder<V> =
    Box<dyn Fn(V, &Scope) -> Result<serde_json::Value, RunError> + Send + Sync>;

/// What an event reads: one component handle, a tuple of them, or `()`.
pub trait Inputs<'a> {
    /// The function's arguments, as a tuple.
    type Args: Send + 'static;
    fn params(&self, builder: &BlocksBuilder) -> Vec<ParamInfo>;
    fn decoder(&self, builder: &BlocksBuilder) -> Decoder<Self::Args>;
    /// The components as columns of a flagging dataset.
    fn flag_columns(&self, builder: &BlocksBuilder) -> Vec<FlagColumn>;
    /// Each component's value before any event, as wire data (what Clear puts back).
    fn initial_data(&self, builder: &BlocksBuilder) -> Vec<serde_json::Value>;
}

/// What an event writes: one component handle, a tuple of them, or `()`.
pub trait Outputs<'a> {
    /// What the function returns: one value, or a tuple.
    type Values: Send + 'static;
    fn params(&self, builder: &BlocksBuilder) -> Vec<ParamInfo>;
    fn encoder(&self, builder: &BlocksBuilder) -> Encoder<Self::Values>;
    /// How each one's value is shown in a table of examples.
    fn shown(&self, builder: &BlocksBuilder) -> Vec<Shown>;
}

fn param<C: Component>(builder: &BlocksBuilder, id: ComponentId) -> ParamInfo {
    described_param(id, builder.component::<C>(id).described())
}

fn described_param(id: ComponentId, d: update::Described) -> ParamInfo {
    ParamInfo {
        id,
        label: d.label,
        class_name: d.class_name,
        api_info: d.api_info,
        python_type: d.python_type,
        example: d.example,
        skip_api: d.skip_api,
        has_files: d.has_files,
        default: None,
    }
}

fn initial<C: Component>(builder: &BlocksBuilder, id: ComponentId) -> serde_json::Value {
    let c: C = builder.component(id);
    serde_json::to_value(c.initial_data()).unwrap_or_default()
}

fn label_of<C: Component>(c: &C) -> String {
    c.label().unwrap_or(C::CLASS_NAME).to_owned()
}

/// One input, checked: its value, or its data with `preprocess` still to run.
enum Pending<C: Component> {
    Ready(C::Value),
    Later(C, usize, C::Data),
}

impl<C: Component> Pending<C> {
    fn is_ready(&self) -> bool {
        matches!(self, Pending::Ready(_))
    }

    fn finish(self) -> Result<C::Value, InvalidInput> {
        match self {
            Pending::Ready(value) => Ok(value),
            Pending::Later(c, index, data) => c.preprocess(data).map_err(|source| InvalidInput {
                index,
                label: label_of(&c),
                source,
            }),
        }
    }
}

/// Wire JSON → the function's argument, through the component's data model; the files in it
/// must pass the app's file rule first. A component that defers `preprocess` is only checked.
fn decode<C: Component>(
    declared: &C,
    id: ComponentId,
    index: usize,
    json: serde_json::Value,
    scope: &Scope,
) -> Result<Pending<C>, InvalidInput> {
    scope
        .component(declared, id)
        .and_then(|c| Ok((c.parse_data(json)?, c)))
        .and_then(|(mut data, c)| {
            for f in C::files(&mut data) {
                scope
                    .files
                    .admit(f)
                    .map_err(|e| ComponentError::Invalid(e.to_string()))?;
            }
            if C::DEFER_PREPROCESS {
                c.check(&data)?;
                Ok(Pending::Later(c.into_owned(), index, data))
            } else {
                c.preprocess(data).map(Pending::Ready)
            }
        })
        .map_err(|source| InvalidInput {
            index,
            label: label_of(declared),
            source,
        })
}

fn invalid(count: usize, invalid: Vec<InvalidInput>) -> InputError {
    InputError::Values { count, invalid }
}

/// The function's return value → wire JSON; the files in it are copied into the cache.
fn encode<C: Component>(
    c: &C,
    index: usize,
    value: C::Value,
    scope: &Scope,
) -> Result<serde_json::Value, RunError> {
    let err = |source| RunError::Output {
        index,
        label: label_of(c),
        source,
    };
    let mut data = c.postprocess(value).map_err(err)?;
    for f in C::files(&mut data) {
        scope
            .files
            .publish(f)
            .map_err(|e| err(ComponentError::Invalid(e.to_string())))?;
    }
    serde_json::to_value(data).map_err(|e| err(ComponentError::Invalid(e.to_string())))
}

fn check_count(data: &[serde_json::Value], expected: usize) -> Result<(), InputError> {
    if data.len() == expected {
        Ok(())
    } else {
        Err(InputError::Count {
            expected,
            got: data.len(),
        })
    }
}

impl<'a> Inputs<'a> for () {
    type Args = ();
    fn params(&self, _: &BlocksBuilder) -> Vec<ParamInfo> {
        Vec::new()
    }
    fn decoder(&self, _: &BlocksBuilder) -> Decoder<()> {
        Box::new(|data, _| check_count(&data, 0).map(PendingArgs::Ready))
    }
    fn flag_columns(&self, _: &BlocksBuilder) -> Vec<FlagColumn> {
        Vec::new()
    }
    fn initial_data(&self, _: &BlocksBuilder) -> Vec<serde_json::Value> {
        Vec::new()
    }
}

impl<'a> Outputs<'a> for () {
    type Values = ();
    fn params(&self, _: &BlocksBuilder) -> Vec<ParamInfo> {
        Vec::new()
    }
    fn encoder(&self, _: &BlocksBuilder) -> Encoder<()> {
        Box::new(|(), _| Ok(Vec::new()))
    }
    fn shown(&self, _: &BlocksBuilder) -> Vec<Shown> {
        Vec::new()
    }
}

impl<'a, C: Component> Inputs<'a> for Handle<'a, C> {
    type Args = (C::Value,);
    fn params(&self, builder: &BlocksBuilder) -> Vec<ParamInfo> {
        vec![param::<C>(builder, self.id())]
    }
    fn decoder(&self, builder: &BlocksBuilder) -> Decoder<Self::Args> {
        let (c, id): (C, _) = (builder.component(self.id()), self.id());
        Box::new(move |data, scope| {
            check_count(&data, 1)?;
            let [v] = <[serde_json::Value; 1]>::try_from(data).expect("length checked");
            let pending = decode(&c, id, 0, v, scope).map_err(|e| invalid(1, vec![e]))?;
            Ok(match pending {
                Pending::Ready(value) => PendingArgs::Ready((value,)),
                later => PendingArgs::Later(Box::new(move || {
                    Ok((later.finish().map_err(|e| invalid(1, vec![e]))?,))
                })),
            })
        })
    }
    fn flag_columns(&self, builder: &BlocksBuilder) -> Vec<FlagColumn> {
        vec![FlagColumn::new(builder.component::<C>(self.id()))]
    }
    fn initial_data(&self, builder: &BlocksBuilder) -> Vec<serde_json::Value> {
        vec![initial::<C>(builder, self.id())]
    }
}

/// One output of an event: a component's value ([`Handle`]), or an update of its props and
/// maybe its value ([`Updates`], from [`Handle::update`]).
pub trait Output<'a> {
    /// What the function returns for it.
    type Value: Send + 'static;
    fn id(&self) -> ComponentId;
    fn param(&self, builder: &BlocksBuilder) -> ParamInfo;
    /// Encodes the function's result for it; `index` is its place among the outputs.
    fn slot_encoder(&self, builder: &BlocksBuilder, index: usize) -> SlotEncoder<Self::Value>;
    /// How its value is shown in a table of examples (the component's `process_example`).
    fn example_shown(&self, builder: &BlocksBuilder) -> Shown {
        let _ = builder;
        Box::new(serde_json::Value::clone)
    }
}

/// Wire data → how a table of examples shows it.
pub type Shown = Box<dyn Fn(&serde_json::Value) -> serde_json::Value + Send + Sync>;

impl<'a, C: Component> Output<'a> for Handle<'a, C> {
    type Value = C::Value;
    fn id(&self) -> ComponentId {
        Handle::id(self)
    }
    fn param(&self, builder: &BlocksBuilder) -> ParamInfo {
        param::<C>(builder, self.id())
    }
    fn slot_encoder(&self, builder: &BlocksBuilder, index: usize) -> SlotEncoder<C::Value> {
        let (declared, id): (C, _) = (builder.component(self.id()), self.id());
        Box::new(move |v, scope| {
            // As the session sees it: a value is clamped to an updated range, say.
            let c = scope
                .component(&declared, id)
                .map_err(|source| RunError::Output {
                    index,
                    label: label_of(&declared),
                    source,
                })?;
            encode(&*c, index, v, scope)
        })
    }
    fn example_shown(&self, builder: &BlocksBuilder) -> Shown {
        let c: C = builder.component(self.id());
        Box::new(move |json| match c.parse_data(json.clone()) {
            Ok(data) => c.process_example(&data),
            Err(_) => json.clone(),
        })
    }
}

/// An output that takes an [`Update`] of its component rather than only a value.
pub struct Updates<'a, C>(pub(crate) Handle<'a, C>);

impl<C> Clone for Updates<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C> Copy for Updates<'_, C> {}

impl<'a, C: Updatable> Output<'a> for Updates<'a, C> {
    type Value = Update<C>;
    fn id(&self) -> ComponentId {
        self.0.id()
    }
    fn param(&self, builder: &BlocksBuilder) -> ParamInfo {
        described_param(self.0.id(), builder.component::<C>(self.0.id()).described())
    }
    fn slot_encoder(&self, builder: &BlocksBuilder, index: usize) -> SlotEncoder<Update<C>> {
        let declared: C = builder.component(self.0.id());
        let id = self.0.id();
        Box::new(move |update, scope| encode_update(&declared, id, index, update, scope))
    }
}

/// An update → Gradio's `{"__type__": "update", ...props, "value": data}`. Its value is checked
/// against the component as the update leaves it (a value among new choices is fine), and its
/// props are kept for the session's later events.
fn encode_update<C: Updatable>(
    declared: &C,
    id: ComponentId,
    index: usize,
    update: Update<C>,
    scope: &Scope,
) -> Result<serde_json::Value, RunError> {
    let err = |source| {
        let d = declared.described();
        RunError::Output {
            index,
            label: d.label.unwrap_or_else(|| d.class_name.to_owned()),
            source,
        }
    };
    let (value, props) = update.into_parts();
    let now = scope.component(declared, id).map_err(err)?;
    let after = update::patch(&*now, &props).map_err(err)?;
    let mut out = props;
    if let Some(value) = value {
        let data = after
            .value_data(value, &mut |f| {
                scope.files.publish(f).map_err(|e| e.to_string())
            })
            .map_err(err)?;
        out.insert("value".into(), data);
    }
    out.insert("__type__".into(), UPDATE_TYPE.into());
    Ok(serde_json::Value::Object(out))
}

/// One output alone.
impl<'a, O: Output<'a>> Outputs<'a> for O {
    type Values = O::Value;
    fn params(&self, builder: &BlocksBuilder) -> Vec<ParamInfo> {
        vec![self.param(builder)]
    }
    fn encoder(&self, builder: &BlocksBuilder) -> Encoder<Self::Values> {
        let (slot, ids) = (self.slot_encoder(builder, 0), [self.id()]);
        Box::new(move |v, scope| {
            let out = vec![slot(v, scope)?];
            scope.remember_updates(&ids, &out);
            Ok(out)
        })
    }
    fn shown(&self, builder: &BlocksBuilder) -> Vec<Shown> {
        vec![self.example_shown(builder)]
    }
}

/// Calls `$impls!` once for each tuple arity from 1 to 16, as axum's `all_the_tuples!`: each
/// element is a type parameter, a binding and its index (`T1 t1 0, T2 t2 1, ...`). Every impl
/// over tuples (inputs, outputs, batches, functions, Interface's component sets) is written once
/// and driven from here.
macro_rules! all_the_tuples {
    ($impls:ident) => {
        $impls!(T1 t1 0);
        $impls!(T1 t1 0, T2 t2 1);
        $impls!(T1 t1 0, T2 t2 1, T3 t3 2);
        $impls!(T1 t1 0, T2 t2 1, T3 t3 2, T4 t4 3);
        $impls!(T1 t1 0, T2 t2 1, T3 t3 2, T4 t4 3, T5 t5 4);
        $impls!(T1 t1 0, T2 t2 1, T3 t3 2, T4 t4 3, T5 t5 4, T6 t6 5);
        $impls!(T1 t1 0, T2 t2 1, T3 t3 2, T4 t4 3, T5 t5 4, T6 t6 5, T7 t7 6);
        $impls!(T1 t1 0, T2 t2 1, T3 t3 2, T4 t4 3, T5 t5 4, T6 t6 5, T7 t7 6, T8 t8 7);
        $impls!(T1 t1 0, T2 t2 1, T3 t3 2, T4 t4 3, T5 t5 4, T6 t6 5, T7 t7 6, T8 t8 7, T9 t9 8);
        $impls!(
            T1 t1 0, T2 t2 1, T3 t3 2, T4 t4 3, T5 t5 4, T6 t6 5, T7 t7 6, T8 t8 7, T9 t9 8,
            T10 t10 9
        );
        $impls!(
            T1 t1 0, T2 t2 1, T3 t3 2, T4 t4 3, T5 t5 4, T6 t6 5, T7 t7 6, T8 t8 7, T9 t9 8,
            T10 t10 9, T11 t11 10
        );
        $impls!(
            T1 t1 0, T2 t2 1, T3 t3 2, T4 t4 3, T5 t5 4, T6 t6 5, T7 t7 6, T8 t8 7, T9 t9 8,
            T10 t10 9, T11 t11 10, T12 t12 11
        );
        $impls!(
            T1 t1 0, T2 t2 1, T3 t3 2, T4 t4 3, T5 t5 4, T6 t6 5, T7 t7 6, T8 t8 7, T9 t9 8,
            T10 t10 9, T11 t11 10, T12 t12 11, T13 t13 12
        );
        $impls!(
            T1 t1 0, T2 t2 1, T3 t3 2, T4 t4 3, T5 t5 4, T6 t6 5, T7 t7 6, T8 t8 7, T9 t9 8,
            T10 t10 9, T11 t11 10, T12 t12 11, T13 t13 12, T14 t14 13
        );
        $impls!(
            T1 t1 0, T2 t2 1, T3 t3 2, T4 t4 3, T5 t5 4, T6 t6 5, T7 t7 6, T8 t8 7, T9 t9 8,
            T10 t10 9, T11 t11 10, T12 t12 11, T13 t13 12, T14 t14 13, T15 t15 14
        );
        $impls!(
            T1 t1 0, T2 t2 1, T3 t3 2, T4 t4 3, T5 t5 4, T6 t6 5, T7 t7 6, T8 t8 7, T9 t9 8,
            T10 t10 9, T11 t11 10, T12 t12 11, T13 t13 12, T14 t14 13, T15 t15 14, T16 t16 15
        );
    };
}
pub(crate) use all_the_tuples;

macro_rules! tuple_impls {
    ($($C:ident $c:ident $i:tt),+) => {
        impl<'a, $($C: Component),+> Inputs<'a> for ($(Handle<'a, $C>,)+) {
            type Args = ($($C::Value,)+);
            fn params(&self, builder: &BlocksBuilder) -> Vec<ParamInfo> {
                vec![$(param::<$C>(builder, self.$i.id())),+]
            }
            fn decoder(&self, builder: &BlocksBuilder) -> Decoder<Self::Args> {
                const N: usize = [$($i),+].len();
                $(let $c: ($C, ComponentId) = (builder.component(self.$i.id()), self.$i.id());)+
                Box::new(move |data, scope| {
                    check_count(&data, N)?;
                    let mut it = data.into_iter();
                    // Every input is checked, so the caller hears about all bad ones at once.
                    $(let $c = decode(&$c.0, $c.1, $i, it.next().expect("length checked"), scope);)+
                    let bad: Vec<InvalidInput> =
                        [$($c.as_ref().err().cloned()),+].into_iter().flatten().collect();
                    if !bad.is_empty() {
                        return Err(invalid(N, bad));
                    }
                    $(let $c = $c.expect("checked above");)+
                    if $($c.is_ready())&&+ {
                        return Ok(PendingArgs::Ready(($($c.finish().expect("ready"),)+)));
                    }
                    Ok(PendingArgs::Later(Box::new(move || {
                        $(let $c = $c.finish();)+
                        let bad: Vec<InvalidInput> =
                            [$($c.as_ref().err().cloned()),+].into_iter().flatten().collect();
                        if !bad.is_empty() {
                            return Err(invalid(N, bad));
                        }
                        Ok(($($c.expect("checked above"),)+))
                    })))
                })
            }
            fn flag_columns(&self, builder: &BlocksBuilder) -> Vec<FlagColumn> {
                vec![$(FlagColumn::new(builder.component::<$C>(self.$i.id()))),+]
            }
            fn initial_data(&self, builder: &BlocksBuilder) -> Vec<serde_json::Value> {
                vec![$(initial::<$C>(builder, self.$i.id())),+]
            }
        }

        impl<'a, $($C: Output<'a>),+> Outputs<'a> for ($($C,)+) {
            type Values = ($($C::Value,)+);
            fn params(&self, builder: &BlocksBuilder) -> Vec<ParamInfo> {
                vec![$(self.$i.param(builder)),+]
            }
            fn encoder(&self, builder: &BlocksBuilder) -> Encoder<Self::Values> {
                $(let $c = self.$i.slot_encoder(builder, $i);)+
                let ids = [$(self.$i.id()),+];
                #[allow(non_snake_case)]
                Box::new(move |values, scope| {
                    let ($($C,)+) = values;
                    let out = vec![$($c($C, scope)?),+];
                    scope.remember_updates(&ids, &out);
                    Ok(out)
                })
            }
            fn shown(&self, builder: &BlocksBuilder) -> Vec<Shown> {
                vec![$(self.$i.example_shown(builder)),+]
            }
        }

        impl<'a, $($C: Component),+> BatchInputs<'a> for ($(Handle<'a, $C>,)+) {
            type Batch = ($(Vec<$C::Value>,)+);
            #[allow(non_snake_case)]
            fn gather(args: Vec<Self::Args>) -> Self::Batch {
                $(let mut $c = Vec::with_capacity(args.len());)+
                for ($($C,)+) in args {
                    $($c.push($C);)+
                }
                ($($c,)+)
            }
        }

        impl<'a, $($C: Component),+> BatchOutputs<'a> for ($(Handle<'a, $C>,)+) {
            type Batch = ($(Vec<$C::Value>,)+);
            fn split(batch: Self::Batch, n: usize) -> Result<Vec<Self::Values>, RunError> {
                let ($($c,)+) = batch;
                $(check_batch(&$c, n)?;)+
                $(let mut $c = $c.into_iter();)+
                Ok((0..n)
                    .map(|_| ($($c.next().expect("length checked"),)+))
                    .collect())
            }
        }
    };
}

all_the_tuples!(tuple_impls);

/// Inputs a batch function can take: one list per input (`Vec<String>` for a Textbox), each
/// holding the values of every event in the batch, in order (Gradio's `batch=True`).
pub trait BatchInputs<'a>: Inputs<'a> {
    type Batch: Send + 'static;
    fn gather(args: Vec<Self::Args>) -> Self::Batch;
}

/// Outputs a batch function can return: one list per output, one value per event.
pub trait BatchOutputs<'a>: Outputs<'a> {
    type Batch: Send + 'static;
    /// The batch's results, one per event; `n` events were in the batch.
    fn split(batch: Self::Batch, n: usize) -> Result<Vec<Self::Values>, RunError>;
}

fn check_batch<T>(list: &[T], expected: usize) -> Result<(), RunError> {
    if list.len() == expected {
        Ok(())
    } else {
        Err(RunError::BatchSize {
            expected,
            got: list.len(),
        })
    }
}

impl<'a> BatchOutputs<'a> for () {
    type Batch = ();
    fn split((): (), n: usize) -> Result<Vec<()>, RunError> {
        Ok(vec![(); n])
    }
}

impl<'a, C: Component> BatchInputs<'a> for Handle<'a, C> {
    type Batch = (Vec<C::Value>,);
    fn gather(args: Vec<(C::Value,)>) -> Self::Batch {
        (args.into_iter().map(|(v,)| v).collect(),)
    }
}

impl<'a, C: Component> BatchOutputs<'a> for Handle<'a, C> {
    type Batch = Vec<C::Value>;
    fn split(batch: Vec<C::Value>, n: usize) -> Result<Vec<C::Value>, RunError> {
        check_batch(&batch, n)?;
        Ok(batch)
    }
}

/// Two inputs' decoders as one: the first `n` values go to `first`, the rest to `second`; an
/// error names the input by its place in the whole list.
pub(crate) fn concat_decoders<A, B>(
    first: Decoder<A>,
    n: usize,
    second: Decoder<B>,
) -> Decoder<(A, B)>
where
    A: Send + 'static,
    B: Send + 'static,
{
    Box::new(move |mut data, files| {
        let total = data.len();
        let rest = data.split_off(n.min(total));
        let shift = |e: InputError| match e {
            InputError::Count { expected, .. } => InputError::Count {
                expected: expected + n,
                got: total,
            },
            InputError::Values { count, invalid } => InputError::Values {
                count: count + n,
                invalid: invalid
                    .into_iter()
                    .map(|v| InvalidInput {
                        index: v.index + n,
                        ..v
                    })
                    .collect(),
            },
            other => other,
        };
        let a = first(data, files);
        let b = second(rest, files).map_err(shift);
        let (a, b) = match (a, b) {
            (Ok(a), Ok(b)) => (a, b),
            // Both bad: every bad input is listed, as for one tuple of inputs.
            (
                Err(InputError::Values { invalid, .. }),
                Err(InputError::Values {
                    count,
                    invalid: more,
                }),
            ) => {
                return Err(InputError::Values {
                    count,
                    invalid: invalid.into_iter().chain(more).collect(),
                })
            }
            (Err(e), _) | (_, Err(e)) => return Err(e),
        };
        Ok(match (a, b) {
            (PendingArgs::Ready(a), PendingArgs::Ready(b)) => PendingArgs::Ready((a, b)),
            (a, b) => {
                PendingArgs::Later(Box::new(move || Ok((a.finish_input()?, b.finish_input()?))))
            }
        })
    })
}

impl<A> PendingArgs<A> {
    /// Finishes the decoding on this thread, as an input error.
    fn finish_input(self) -> Result<A, InputError> {
        match self {
            PendingArgs::Ready(args) => Ok(args),
            PendingArgs::Later(decode) => decode(),
        }
    }
}

/// A tuple of arguments with one more in front: a `select` listener's function gets the
/// selection first, then the inputs' values.
pub trait Prepend<T> {
    type With: Send + 'static;
    fn prepend(self, first: T) -> Self::With;
}

macro_rules! prepend_impls {
    ($($A:ident $a:ident $i:tt),*) => {
        impl<T: Send + 'static, $($A: Send + 'static),*> Prepend<T> for ($($A,)*) {
            type With = (T, $($A,)*);
            #[allow(clippy::unused_unit)]
            fn prepend(self, first: T) -> Self::With {
                let ($($a,)*) = self;
                (first, $($a,)*)
            }
        }
    };
}

prepend_impls!();
all_the_tuples!(prepend_impls);

/// What a handler may return for outputs `T`: `T` itself, or `Result<T, E>` where `E`'s message
/// is shown to the person (like raising `gr.Error`).
#[diagnostic::on_unimplemented(
    message = "the function returns `{Self}`, where its outputs take `{T}`",
    label = "returns `{Self}`, not `{T}` (or a Result of it)"
)]
pub trait HandlerOutput<T> {
    fn into_result(self) -> Result<T, RunError>;
}

impl<T> HandlerOutput<T> for T {
    fn into_result(self) -> Result<T, RunError> {
        Ok(self)
    }
}

impl<T, E: std::fmt::Display> HandlerOutput<T> for Result<T, E> {
    fn into_result(self) -> Result<T, RunError> {
        self.map_err(|e| RunError::Handler(e.to_string()))
    }
}

/// A function that can serve an event with arguments `Args` and outputs `Ret`: a plain `fn`, an
/// `async fn`, or a function returning a `Stream` of outputs (a generator: each item is shown as
/// it comes). `M` only tells those implementations apart; callers never name it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not fit this event's inputs and outputs",
    label = "its arguments must be the inputs' value types `{Args}`, and it must return `{Ret}` (or a Result of it)",
    note = "each component decides its value type: a Textbox gives and takes `String`, a Number `f64`"
)]
pub trait Handler<Args, Ret, M>: Send + Sync + 'static {
    /// Whether the function streams several results (Gradio's generator functions).
    const GENERATOR: bool = false;
    /// Runs the function (finishing its arguments' decoding first): one result, or one per
    /// item for a generator.
    fn call(self: Arc<Self>, args: PendingArgs<Args>) -> BoxStream<Result<Ret, RunError>>;
}

/// Marker for plain functions: they run on tokio's blocking pool, like Gradio's thread pool,
/// so a slow model can't stall the server.
pub struct SyncFn<R>(std::marker::PhantomData<R>);
/// Marker for `async fn`s and closures returning futures: they run on the runtime.
pub struct AsyncFn<Fut>(std::marker::PhantomData<Fut>);
/// Marker for functions returning a `Stream` of outputs (generators).
pub struct StreamFn<S, R>(std::marker::PhantomData<(S, R)>);

fn join_blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, RunError> + Send + 'static,
) -> BoxStream<Result<T, RunError>> {
    // The blocking thread gets the event's context, for progress and toasts.
    let context = crate::runtime::progress::EventContext::current();
    Box::pin(futures_util::stream::once(async move {
        tokio::task::spawn_blocking(move || {
            crate::runtime::progress::EventContext::in_blocking(context, f)
        })
        .await
        .unwrap_or(Err(RunError::Panicked))
    }))
}

macro_rules! handler_impls {
    ($($T:ident $t:ident $i:tt),*) => {
        impl<Func, R, Ret, $($T),*> Handler<($($T,)*), Ret, SyncFn<R>> for Func
        where
            Func: Fn($($T),*) -> R + Send + Sync + 'static,
            R: HandlerOutput<Ret>,
            Ret: Send + 'static,
            $($T: Send + 'static),*
        {
            #[allow(non_snake_case)]
            fn call(self: Arc<Self>, args: PendingArgs<($($T,)*)>) -> BoxStream<Result<Ret, RunError>> {
                join_blocking(move || {
                    let ($($t,)*) = args.finish()?;
                    (self)($($t),*).into_result()
                })
            }
        }

        impl<Func, Fut, Ret, $($T),*> Handler<($($T,)*), Ret, AsyncFn<Fut>> for Func
        where
            Func: Fn($($T),*) -> Fut + Send + Sync + 'static,
            Fut: Future + Send + 'static,
            Fut::Output: HandlerOutput<Ret>,
            Ret: Send + 'static,
            $($T: Send + 'static),*
        {
            #[allow(non_snake_case)]
            fn call(self: Arc<Self>, args: PendingArgs<($($T,)*)>) -> BoxStream<Result<Ret, RunError>> {
                Box::pin(futures_util::stream::once(async move {
                    let ($($t,)*) = args.finish_async().await?;
                    (self)($($t),*).await.into_result()
                }))
            }
        }

        impl<Func, S, R, Ret, $($T),*> Handler<($($T,)*), Ret, StreamFn<S, R>> for Func
        where
            Func: Fn($($T),*) -> S + Send + Sync + 'static,
            S: Stream<Item = R> + Send + 'static,
            R: HandlerOutput<Ret> + 'static,
            Ret: Send + 'static,
            $($T: Send + 'static),*
        {
            const GENERATOR: bool = true;

            #[allow(non_snake_case)]
            fn call(self: Arc<Self>, args: PendingArgs<($($T,)*)>) -> BoxStream<Result<Ret, RunError>> {
                Box::pin(
                    futures_util::stream::once(args.finish_async()).flat_map(move |args| {
                        let results: BoxStream<Result<Ret, RunError>> = match args {
                            Ok(($($t,)*)) => Box::pin((self.clone())($($t),*).map(HandlerOutput::into_result)),
                            Err(e) => Box::pin(futures_util::stream::once(async move { Err(e) })),
                        };
                        results
                    }),
                )
            }
        }
    };
}

handler_impls!();
all_the_tuples!(handler_impls);
/// An event's function with its types erased: JSON inputs in (their files checked against the
/// app's rule), a prepared call out.
pub type EventFn =
    Arc<dyn Fn(Vec<serde_json::Value>, &Scope) -> Result<PreparedCall, InputError> + Send + Sync>;

/// `encode_files`: the outputs can hold files, so encoding (hashing and copying them into the
/// cache, writing decoded images) runs on the blocking pool.
pub(crate) fn erase<Args, Ret, M, F>(
    f: F,
    decode: Decoder<Args>,
    encode: Encoder<Ret>,
    encode_files: bool,
) -> EventFn
where
    F: Handler<Args, Ret, M>,
    Args: Send + 'static,
    Ret: Send + 'static,
{
    let f = Arc::new(f);
    let encode = Arc::new(encode);
    Arc::new(move |data, scope: &Scope| {
        let args = decode(data, scope)?;
        let f = f.clone();
        let encode = encode.clone();
        let scope = scope.clone();
        Ok(Box::new(move || -> BoxStream<_> {
            let results = f.call(args);
            if !encode_files {
                return Box::pin(results.map(move |ret| encode(ret?, &scope)));
            }
            Box::pin(results.then(move |ret| {
                let (encode, scope) = (encode.clone(), scope.clone());
                async move {
                    let ret = ret?;
                    tokio::task::spawn_blocking(move || encode(ret, &scope))
                        .await
                        .unwrap_or(Err(RunError::Panicked))
                }
            }))
        }) as PreparedCall)
    })
}
/// A batch function with its types erased: an event's JSON inputs in, its batch item out.
pub type BatchFn =
    Arc<dyn Fn(Vec<serde_json::Value>, &Scope) -> Result<BatchItem, InputError> + Send + Sync>;

/// Erases a batch function: `gather` turns the events' arguments into its lists, `split` its
/// lists into each event's outputs.
pub(crate) fn erase_batch<Args, Batch, Ret, RetBatch, M, F>(
    f: F,
    decode: Decoder<Args>,
    gather: fn(Vec<Args>) -> Batch,
    split: fn(RetBatch, usize) -> Result<Vec<Ret>, RunError>,
    encode: Encoder<Ret>,
    encode_files: bool,
) -> BatchFn
where
    F: Handler<Batch, RetBatch, M>,
    Args: Send + 'static,
    Batch: Send + 'static,
    Ret: Send + 'static,
    RetBatch: Send + 'static,
{
    let f = Arc::new(f);
    let encode = Arc::new(encode);
    let run: BatchRun = Arc::new(move |items: Vec<Box<dyn Any + Send>>, files: Arc<Files>| {
        let (f, encode) = (f.clone(), encode.clone());
        // A batch mixes sessions, and its outputs are values only: no session's props.
        let files = Scope::new(files);
        Box::pin(async move {
            let pending: Vec<PendingArgs<Args>> = items
                .into_iter()
                .map(|item| {
                    *item
                        .downcast()
                        .expect("a batch holds its own function's items")
                })
                .collect();
            // What is left of decoding (pictures), on the blocking pool.
            let decoded: Vec<Result<Args, RunError>> = tokio::task::spawn_blocking(move || {
                pending.into_iter().map(PendingArgs::finish).collect()
            })
            .await
            .map_err(|_| RunError::Panicked)?;
            let mut slots: Vec<Option<Result<Vec<serde_json::Value>, RunError>>> = Vec::new();
            let mut args = Vec::new();
            for d in decoded {
                match d {
                    Ok(a) => {
                        args.push(a);
                        slots.push(None);
                    }
                    Err(e) => slots.push(Some(Err(e))),
                }
            }
            let n = args.len();
            let values = if n == 0 {
                Vec::new()
            } else {
                let mut results = f.call(PendingArgs::Ready(gather(args)));
                let ret = results.next().await.ok_or(RunError::BatchSize {
                    expected: n,
                    got: 0,
                })??;
                split(ret, n)?
            };
            let encoded: Vec<Result<Vec<serde_json::Value>, RunError>> = if encode_files {
                tokio::task::spawn_blocking(move || {
                    values.into_iter().map(|v| encode(v, &files)).collect()
                })
                .await
                .map_err(|_| RunError::Panicked)?
            } else {
                values.into_iter().map(|v| encode(v, &files)).collect()
            };
            let mut encoded = encoded.into_iter();
            Ok(slots
                .into_iter()
                .map(|slot| slot.unwrap_or_else(|| encoded.next().expect("one per input")))
                .collect())
        }) as BoxFuture<BatchResults>
    });
    Arc::new(move |data, scope: &Scope| {
        let args = decode(data, scope)?;
        Ok(BatchItem {
            args: Box::new(args),
            run: run.clone(),
            files: scope.files.clone(),
            max: 1,
        })
    })
}
