//! The components' side of a listener's types: what a handle or a tuple of them reads
//! ([`Inputs`], [`BatchInputs`]) and writes ([`Outputs`], [`Output`], [`Updates`],
//! [`BatchOutputs`]), and how each is described for the API ([`ParamInfo`]).

use ferrio_components::update::{self, Updatable, Update};
use ferrio_components::{Component, ComponentId};

use super::{BlocksBuilder, Handle};
use crate::flagging::FlagColumn;
use crate::handler::{
    check_count, decode, encode, encode_update, invalid, label_of, Decoder, Encoder, InvalidInput,
    Pending, PendingArgs, RunError, SlotEncoder,
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
/// What an event reads: one component handle, a tuple of them, or `()`.
pub trait Inputs<'a> {
    /// The function's arguments, as a tuple.
    type Args: Send + 'static;
    /// Each component as a parameter of the endpoint, for `/gradio_api/info` and the config.
    fn params(&self, builder: &BlocksBuilder) -> Vec<ParamInfo>;
    /// Checks a request's `data` (one value per component) and turns it into the arguments.
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
    /// Each component as a return value of the endpoint, for `/gradio_api/info` and the config.
    fn params(&self, builder: &BlocksBuilder) -> Vec<ParamInfo>;
    /// Turns what the function returns into the response's `data`, one value per component.
    fn encoder(&self, builder: &BlocksBuilder) -> Encoder<Self::Values>;
    /// How each one's value is shown in a table of examples.
    fn shown(&self, builder: &BlocksBuilder) -> Vec<Shown>;
}

pub(super) fn param<C: Component>(builder: &BlocksBuilder, id: ComponentId) -> ParamInfo {
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

pub(super) fn initial<C: Component>(builder: &BlocksBuilder, id: ComponentId) -> serde_json::Value {
    let c: C = builder.component(id);
    serde_json::to_value(c.initial_data()).unwrap_or_default()
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
    /// The component written to.
    fn id(&self) -> ComponentId;
    /// The component as a return value of the endpoint, for `/gradio_api/info`.
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
pub(crate) type Shown = Box<dyn Fn(&serde_json::Value) -> serde_json::Value + Send + Sync>;

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
pub struct Updates<'a, C>(pub(super) Handle<'a, C>);

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

crate::handler::all_the_tuples!(tuple_impls);

/// Inputs a batch function can take: one list per input (`Vec<String>` for a Textbox), each
/// holding the values of every event in the batch, in order (Gradio's `batch=True`).
pub trait BatchInputs<'a>: Inputs<'a> {
    /// What the batch function takes: a tuple of lists, `(Vec<String>,)` for one Textbox.
    type Batch: Send + 'static;
    /// The waiting events' arguments, one tuple per event, as one list per input.
    fn gather(args: Vec<Self::Args>) -> Self::Batch;
}

/// Outputs a batch function can return: one list per output, one value per event.
pub trait BatchOutputs<'a>: Outputs<'a> {
    /// What the batch function returns: a tuple of lists, one value in each per event.
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
