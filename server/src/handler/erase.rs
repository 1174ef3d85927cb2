//! Type erasure: a typed function with its decoder and encoder becomes one [`EventFn`] (or a
//! [`BatchFn`] for a batch function) that the queue can hold and run.

use std::any::Any;
use std::sync::Arc;

use futures_util::StreamExt;

use super::codec::{Decoder, Encoder, PendingArgs, Scope};
use super::pace::Pace;
use super::typing::Handler;
use crate::files::Files;
use crate::runtime::call::{
    BatchItem, BatchResults, BatchRun, BoxFuture, BoxStream, InputError, PreparedCall, RunError,
};

/// An event's function with its types erased: JSON inputs in (their files checked against the
/// app's rule), a prepared call out.
pub(crate) type EventFn =
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
    let pace = Arc::new(Pace::default());
    Arc::new(move |data, scope: &Scope| {
        let args = decode(data, scope)?;
        let f = f.clone();
        let encode = encode.clone();
        let scope = scope.clone();
        let pace = pace.clone();
        Ok(Box::new(move || -> BoxStream<_> {
            let results = f.call(args, &pace);
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
pub(crate) type BatchFn =
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
    let pace = Arc::new(Pace::default());
    let run: BatchRun = Arc::new(move |items: Vec<Box<dyn Any + Send>>, files: Arc<Files>| {
        let (f, encode, pace) = (f.clone(), encode.clone(), pace.clone());
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
                let mut results = f.call(PendingArgs::Ready(gather(args)), &pace);
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
