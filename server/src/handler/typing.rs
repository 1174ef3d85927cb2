//! Which functions fit an event: [`Handler`] for plain, async and generator functions of up to
//! 16 arguments, and what they may return ([`HandlerOutput`]).

use std::future::Future;
use std::sync::Arc;

use futures_util::{Stream, StreamExt};

use super::codec::PendingArgs;
use super::pace::Pace;
use crate::runtime::call::{BoxStream, RunError};

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
super::all_the_tuples!(prepend_impls);

/// What a handler may return for outputs `T`: `T` itself, or `Result<T, E>` where `E`'s message
/// is shown to the person (like raising `gr.Error`).
#[diagnostic::on_unimplemented(
    message = "the function returns `{Self}`, where its outputs take `{T}`",
    label = "returns `{Self}`, not `{T}` (or a Result of it)"
)]
pub trait HandlerOutput<T> {
    /// The outputs, or the error the person is shown.
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
    /// `pace` is where a plain function has run so far and so where it runs next.
    fn call(
        self: Arc<Self>,
        args: PendingArgs<Args>,
        pace: &Arc<Pace>,
    ) -> BoxStream<Result<Ret, RunError>>;
}

/// Marker for plain functions: they run on tokio's blocking pool, like Gradio's thread pool,
/// so a slow model can't stall the server (a quick one runs inline once proven: [`Pace`]).
pub struct SyncFn<R>(std::marker::PhantomData<R>);
/// Marker for `async fn`s and closures returning futures: they run on the runtime.
pub struct AsyncFn<Fut>(std::marker::PhantomData<Fut>);
/// Marker for functions returning a `Stream` of outputs (generators).
pub struct StreamFn<S, R>(std::marker::PhantomData<(S, R)>);

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
            fn call(self: Arc<Self>, args: PendingArgs<($($T,)*)>, pace: &Arc<Pace>) -> BoxStream<Result<Ret, RunError>> {
                pace.run(!args.is_ready(), move || {
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
            fn call(self: Arc<Self>, args: PendingArgs<($($T,)*)>, _: &Arc<Pace>) -> BoxStream<Result<Ret, RunError>> {
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
            fn call(self: Arc<Self>, args: PendingArgs<($($T,)*)>, _: &Arc<Pace>) -> BoxStream<Result<Ret, RunError>> {
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
super::all_the_tuples!(handler_impls);
