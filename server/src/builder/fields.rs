//! The library's side of `#[derive(Inputs)]`: a struct whose fields are filled by components is
//! one input of a listener. The derive writes the handles struct and says how to list its
//! fields and assemble the struct ([`InputFields`]); everything else, decoding included, is
//! here, once, type-erased per field, so a struct can have any number of fields.

use std::any::Any;
use std::marker::PhantomData;

use ferrio_components::{Component, ComponentId};

use super::io::{initial, param, BatchInputs, Inputs, ParamInfo};
use super::{BlocksBuilder, Handle};
use crate::flagging::FlagColumn;
use crate::handler::{check_count, decode, invalid, Decoder, InvalidInput, Pending, PendingArgs};
use crate::handler::{InputError, Scope};

/// What `#[derive(Inputs)]` implements for the handles struct it writes (`SettingsInputs` for
/// `Settings`). Not for hand-written impls.
#[doc(hidden)]
pub trait InputFields<'a> {
    /// The struct the function takes.
    type Struct: Send + 'static;
    /// The fields' components, in the struct's order.
    fn fields(&self) -> Vec<Field<'a>>;
    /// The struct, from its fields' values in that order.
    fn assemble(values: &mut Values) -> Self::Struct;
}

/// One field's component, its type erased: what to ask the builder about it.
#[doc(hidden)]
pub struct Field<'a> {
    id: ComponentId,
    param: fn(&BlocksBuilder, ComponentId) -> ParamInfo,
    flag_column: fn(&BlocksBuilder, ComponentId) -> FlagColumn,
    initial: fn(&BlocksBuilder, ComponentId) -> serde_json::Value,
    decoder: fn(&BlocksBuilder, ComponentId) -> FieldDecoder,
    handle: PhantomData<&'a ()>,
}

impl<'a> Field<'a> {
    pub fn new<C: Component>(handle: Handle<'a, C>) -> Self {
        Field {
            id: handle.id(),
            param: param::<C>,
            flag_column: |b, id| FlagColumn::new(b.component::<C>(id)),
            initial: initial::<C>,
            decoder: |b, id| {
                let c: C = b.component(id);
                Box::new(move |json, index, scope| {
                    Ok(match decode(&c, id, index, json, scope)? {
                        Pending::Ready(value) => Erased::Ready(Box::new(value)),
                        later => Erased::Later(Box::new(move || {
                            later.finish().map(|v| Box::new(v) as AnyValue)
                        })),
                    })
                })
            },
            handle: PhantomData,
        }
    }
}

type AnyValue = Box<dyn Any + Send>;

/// Decodes one field's wire data; `usize` is its place among the inputs.
type FieldDecoder =
    Box<dyn Fn(serde_json::Value, usize, &Scope) -> Result<Erased, InvalidInput> + Send + Sync>;

/// One field's value, or what is left to decode it (an input that defers `preprocess`).
enum Erased {
    Ready(AnyValue),
    Later(Box<dyn FnOnce() -> Result<AnyValue, InvalidInput> + Send>),
}

impl Erased {
    fn finish(self) -> Result<AnyValue, InvalidInput> {
        match self {
            Erased::Ready(value) => Ok(value),
            Erased::Later(decode) => decode(),
        }
    }
}

/// The fields' values, in order, for [`InputFields::assemble`].
#[doc(hidden)]
pub struct Values(std::vec::IntoIter<AnyValue>);

impl Values {
    /// The next field's value. Its type is the field's, which the handles struct's bounds tie
    /// to the component that decoded it, so neither `expect` can fail.
    pub fn take<V: 'static>(&mut self) -> V {
        *self
            .0
            .next()
            .expect("one value per field")
            .downcast()
            .expect("the field's component gives the field's type")
    }
}

/// Every field decoded, or all the bad ones at once (as for a tuple of inputs).
fn finish_all(values: Vec<Erased>) -> Result<Vec<AnyValue>, InputError> {
    let count = values.len();
    let (done, bad): (Vec<_>, Vec<_>) = values
        .into_iter()
        .map(Erased::finish)
        .partition(Result::is_ok);
    if !bad.is_empty() {
        return Err(invalid(
            count,
            bad.into_iter().filter_map(Result::err).collect(),
        ));
    }
    Ok(done.into_iter().filter_map(Result::ok).collect())
}

impl<'a, H: InputFields<'a>> Inputs<'a> for H {
    type Args = (H::Struct,);
    fn params(&self, builder: &BlocksBuilder) -> Vec<ParamInfo> {
        self.fields()
            .iter()
            .map(|f| (f.param)(builder, f.id))
            .collect()
    }
    fn decoder(&self, builder: &BlocksBuilder) -> Decoder<Self::Args> {
        let decoders: Vec<FieldDecoder> = self
            .fields()
            .iter()
            .map(|f| (f.decoder)(builder, f.id))
            .collect();
        // A plain fn: the boxed decoder must not hold the handles' lifetime.
        let assemble: fn(&mut Values) -> H::Struct = H::assemble;
        let assemble = move |values: Vec<AnyValue>| (assemble(&mut Values(values.into_iter())),);
        Box::new(move |data, scope| {
            check_count(&data, decoders.len())?;
            let (ok, bad): (Vec<_>, Vec<_>) = decoders
                .iter()
                .zip(data)
                .enumerate()
                .map(|(index, (decode, json))| decode(json, index, scope))
                .partition(Result::is_ok);
            if !bad.is_empty() {
                let bad = bad.into_iter().filter_map(Result::err).collect();
                return Err(invalid(decoders.len(), bad));
            }
            let values: Vec<Erased> = ok.into_iter().filter_map(Result::ok).collect();
            if values.iter().all(|v| matches!(v, Erased::Ready(_))) {
                return Ok(PendingArgs::Ready(assemble(finish_all(values)?)));
            }
            Ok(PendingArgs::Later(Box::new(move || {
                Ok(assemble(finish_all(values)?))
            })))
        })
    }
    fn flag_columns(&self, builder: &BlocksBuilder) -> Vec<FlagColumn> {
        self.fields()
            .iter()
            .map(|f| (f.flag_column)(builder, f.id))
            .collect()
    }
    fn initial_data(&self, builder: &BlocksBuilder) -> Vec<serde_json::Value> {
        self.fields()
            .iter()
            .map(|f| (f.initial)(builder, f.id))
            .collect()
    }
}

impl<'a, H: InputFields<'a>> BatchInputs<'a> for H {
    type Batch = (Vec<H::Struct>,);
    fn gather(args: Vec<(H::Struct,)>) -> Self::Batch {
        (args.into_iter().map(|(s,)| s).collect(),)
    }
}
