//! Decoding and encoding: an event's wire JSON into its function's arguments (every input
//! checked, files against the app's rule) and its results back into wire JSON, as the session
//! sees its components.

use std::borrow::Cow;
use std::sync::Arc;

use ferrio_components::update::{self, Updatable, Update, UPDATE_TYPE};
use ferrio_components::{Component, ComponentError, ComponentId, SessionHash};

use crate::files::Files;
use crate::runtime::call::{InputError, InvalidInput, RunError};
use crate::runtime::sessions::SessionStore;

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
    pub(crate) fn component<'c, C: Updatable>(
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
    pub(crate) fn remember_updates(&self, ids: &[ComponentId], outputs: &[serde_json::Value]) {
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

pub(crate) type Decoder<A> =
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

    /// Whether the arguments are decoded already (nothing heavy is left to do).
    pub fn is_ready(&self) -> bool {
        matches!(self, PendingArgs::Ready(_))
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
pub(crate) type Encoder<V> =
    Box<dyn Fn(V, &Scope) -> Result<Vec<serde_json::Value>, RunError> + Send + Sync>;
/// One output's encoder.
pub(crate) type SlotEncoder<V> =
    Box<dyn Fn(V, &Scope) -> Result<serde_json::Value, RunError> + Send + Sync>;

pub(crate) fn label_of<C: Component>(c: &C) -> String {
    c.label().unwrap_or(C::CLASS_NAME).to_owned()
}

/// One input, checked: its value, or its data with `preprocess` still to run.
pub(crate) enum Pending<C: Component> {
    Ready(C::Value),
    Later(C, usize, C::Data),
}

impl<C: Component> Pending<C> {
    pub(crate) fn is_ready(&self) -> bool {
        matches!(self, Pending::Ready(_))
    }

    pub(crate) fn finish(self) -> Result<C::Value, InvalidInput> {
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
pub(crate) fn decode<C: Component>(
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

pub(crate) fn invalid(count: usize, invalid: Vec<InvalidInput>) -> InputError {
    InputError::Values { count, invalid }
}

/// The function's return value → wire JSON; the files in it are copied into the cache.
pub(crate) fn encode<C: Component>(
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

pub(crate) fn check_count(data: &[serde_json::Value], expected: usize) -> Result<(), InputError> {
    if data.len() == expected {
        Ok(())
    } else {
        Err(InputError::Count {
            expected,
            got: data.len(),
        })
    }
}

/// An update → Gradio's `{"__type__": "update", ...props, "value": data}`. Its value is checked
/// against the component as the update leaves it (a value among new choices is fine), and its
/// props are kept for the session's later events.
pub(crate) fn encode_update<C: Updatable>(
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
        let a = first(data, files);
        let b = second(rest, files).map_err(|e| shifted(e, n, total));
        Ok(match both(a, b)? {
            (PendingArgs::Ready(a), PendingArgs::Ready(b)) => PendingArgs::Ready((a, b)),
            // Deferred inputs fail later: their errors are placed and listed the same way.
            (a, b) => PendingArgs::Later(Box::new(move || {
                let b = b.finish_input().map_err(|e| shifted(e, n, total));
                both(a.finish_input(), b)
            })),
        })
    })
}

/// The second half's error, its inputs placed after the first `n` of `total`.
fn shifted(e: InputError, n: usize, total: usize) -> InputError {
    match e {
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
    }
}

/// Both halves' results as one: when both have bad inputs, every one is listed, as for one
/// tuple of inputs.
fn both<A, B>(a: Result<A, InputError>, b: Result<B, InputError>) -> Result<(A, B), InputError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (
            Err(InputError::Values { invalid, .. }),
            Err(InputError::Values {
                count,
                invalid: more,
            }),
        ) => Err(InputError::Values {
            count,
            invalid: invalid.into_iter().chain(more).collect(),
        }),
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A decoder of one input that is checked now and fails later, when its run decodes it.
    fn fails_later(label: &'static str) -> Decoder<()> {
        Box::new(move |_, _| {
            Ok(PendingArgs::Later(Box::new(move || {
                Err(InputError::Values {
                    count: 1,
                    invalid: vec![InvalidInput {
                        index: 0,
                        label: label.to_owned(),
                        source: ComponentError::Invalid("not a picture".to_owned()),
                    }],
                })
            })))
        })
    }

    #[test]
    fn deferred_errors_name_each_input_by_its_place_in_the_whole_list() {
        let dir = tempfile::tempdir().unwrap();
        let scope = Scope::new(Arc::new(crate::files::Files::new(
            &crate::files::FileSettings {
                cache_dir: Some(dir.path().join("cache")),
                ..Default::default()
            },
        )));
        let decoder = concat_decoders(fails_later("History"), 1, fails_later("Picture"));
        let args = decoder(vec![serde_json::Value::Null; 2], &scope).unwrap();
        let Err(RunError::Input(InputError::Values { count, invalid })) = args.finish() else {
            panic!("both inputs fail when decoded");
        };
        assert_eq!(count, 2);
        let placed: Vec<_> = invalid
            .iter()
            .map(|i| (i.index, i.label.as_str()))
            .collect();
        assert_eq!(placed, [(0, "History"), (1, "Picture")]);
    }
}
