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
//! ones), [`Handler::call`] runs `f` (a plain function on the blocking pool, or inline once it has
//! proven quick: [`Pace`]), and the outputs'
//! [`Encoder`] turns each result into the JSON the page applies ([`RunError`] when one does not
//! fit its component). [`erase()`] wraps the three in one type-erased [`EventFn`] for the queue.
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
//!
//! Here: the function's side ([`typing`]: which functions fit), decoding and encoding
//! ([`codec`]), and erasing the types for the queue ([`erase`](mod@erase)). The components'
//! side, what handles read and write ([`Inputs`], [`Outputs`]), is the builder's.
//!
//! [`Handle`]: crate::builder::Handle
//! [`Inputs`]: crate::builder::Inputs
//! [`Inputs::Args`]: crate::builder::Inputs::Args
//! [`Outputs`]: crate::builder::Outputs
//! [`Outputs::Values`]: crate::builder::Outputs::Values
//! [`Updates`]: crate::builder::Updates

mod codec;
mod erase;
mod pace;
mod typing;

pub(crate) use crate::runtime::call::{
    BatchItem, BoxStream, InputError, InvalidInput, PreparedCall, RunError,
};
pub(crate) use codec::concat_decoders;
pub(crate) use codec::{check_count, decode, encode, encode_update, invalid, label_of, Pending};
pub(crate) use codec::{Decoder, Encoder, PendingArgs, Scope, SlotEncoder};
pub(crate) use erase::{erase, erase_batch};
pub(crate) use erase::{BatchFn, EventFn};
pub use pace::Pace;
pub(crate) use typing::Prepend;
pub use typing::{AsyncFn, Handler, HandlerOutput, StreamFn, SyncFn};

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
