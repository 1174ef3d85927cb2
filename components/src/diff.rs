//! Gradio's streaming diffs: after a generator's first `process_generating` message, each output
//! is sent as the edits that turn the previous value into the new one, so a growing chat reply
//! costs O(new tokens), not O(history).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::messages::{ProcessOutput, ServerMessage};

/// What an edit does at its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Puts the edit's value there.
    Replace,
    /// Adds the edit's text, or items, to the end of the string or list there.
    Append,
    /// Inserts the edit's value at a new list index or object key.
    Add,
    /// Removes what is there.
    Delete,
}

/// A step into a value: a list index or an object key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PathSegment {
    /// A position in a list.
    Index(usize),
    /// A key of an object.
    Key(String),
}

/// `["append", [path...], value]` on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edit(pub Action, pub Vec<PathSegment>, pub Value);

/// Why edits could not rebuild a value: the sender and the receiver disagree on the value before.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    /// An edit's path leads nowhere in the value.
    #[error("an edit's path does not fit the value")]
    BadPath,
    /// An output's data is not a list of edits.
    #[error("not a list of edits")]
    NotEdits,
    /// An edit's action can't apply to what is at its path (appending to a number).
    #[error("cannot {0:?} here")]
    BadAction(Action),
}

/// One generator's outputs across its `process_generating` messages: the first result goes
/// whole, each later one as the edits (one list per output) from the result before.
#[derive(Debug, Clone, Default)]
pub struct GeneratedOutputs {
    last: Option<Vec<Value>>,
}

impl GeneratedOutputs {
    /// The sender's side: what goes on the wire for the next whole result.
    pub fn encode(&mut self, whole: Vec<Value>) -> Vec<Value> {
        let sent = match &self.last {
            None => whole.clone(),
            Some(before) => before
                .iter()
                .zip(&whole)
                .map(|(old, new)| {
                    serde_json::to_value(diff(old, new)).expect("edits always serialize")
                })
                .collect(),
        };
        self.last = Some(whole);
        sent
    }

    /// The receiver's side: the whole result from what came over the wire.
    pub fn decode(&mut self, sent: Vec<Value>) -> Result<Vec<Value>, DiffError> {
        let whole = match self.last.take() {
            None => sent,
            Some(before) => before
                .into_iter()
                .zip(sent)
                .map(|(old, edits)| {
                    let edits =
                        Vec::<Edit>::deserialize(&edits).map_err(|_| DiffError::NotEdits)?;
                    apply(old, &edits)
                })
                .collect::<Result<_, _>>()?,
        };
        self.last = Some(whole.clone());
        Ok(whole)
    }

    /// The receiver's side, on a whole message: a `process_generating` gets its outputs back
    /// whole (or becomes an `unexpected_error` if its edits don't fit); others pass unchanged.
    pub fn decode_message(&mut self, msg: ServerMessage) -> ServerMessage {
        let ServerMessage::ProcessGenerating {
            event_id,
            output: ProcessOutput::Data(mut out),
            success,
            time_limit,
        } = msg
        else {
            return msg;
        };
        match self.decode(std::mem::take(&mut out.data)) {
            Ok(whole) => {
                out.data = whole;
                ServerMessage::ProcessGenerating {
                    event_id,
                    output: ProcessOutput::Data(out),
                    success,
                    time_limit,
                }
            }
            Err(e) => ServerMessage::UnexpectedError {
                event_id: Some(event_id),
                message: format!("The server sent an update that does not fit: {e}"),
                session_not_found: false,
                success: false,
            },
        }
    }
}

/// The edits that turn `old` into `new` (Gradio's `utils.diff`, with list deletions from the
/// end so that applying them in order is correct).
pub fn diff(old: &Value, new: &Value) -> Vec<Edit> {
    let mut edits = Vec::new();
    compare(old, new, &mut Vec::new(), &mut edits);
    edits
}

fn compare(old: &Value, new: &Value, path: &mut Vec<PathSegment>, edits: &mut Vec<Edit>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::String(a), Value::String(b)) if b.starts_with(a.as_str()) => {
            edits.push(Edit(
                Action::Append,
                path.clone(),
                Value::String(b[a.len()..].to_owned()),
            ));
        }
        (Value::Array(a), Value::Array(b)) => {
            let common = a.len().min(b.len());
            for i in 0..common {
                path.push(PathSegment::Index(i));
                compare(&a[i], &b[i], path, edits);
                path.pop();
            }
            for i in (common..a.len()).rev() {
                edits.push(Edit(
                    Action::Delete,
                    child(path, PathSegment::Index(i)),
                    Value::Null,
                ));
            }
            for (i, v) in b.iter().enumerate().skip(common) {
                edits.push(Edit(
                    Action::Add,
                    child(path, PathSegment::Index(i)),
                    v.clone(),
                ));
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    Some(w) => {
                        path.push(PathSegment::Key(k.clone()));
                        compare(v, w, path, edits);
                        path.pop();
                    }
                    None => edits.push(Edit(
                        Action::Delete,
                        child(path, PathSegment::Key(k.clone())),
                        Value::Null,
                    )),
                }
            }
            for (k, w) in b {
                if !a.contains_key(k) {
                    edits.push(Edit(
                        Action::Add,
                        child(path, PathSegment::Key(k.clone())),
                        w.clone(),
                    ));
                }
            }
        }
        _ => edits.push(Edit(Action::Replace, path.clone(), new.clone())),
    }
}

fn child(path: &[PathSegment], segment: PathSegment) -> Vec<PathSegment> {
    let mut p = path.to_vec();
    p.push(segment);
    p
}

/// Applies `edits` to `value`, as gradio_client's `apply_diff` does.
pub fn apply(mut value: Value, edits: &[Edit]) -> Result<Value, DiffError> {
    for Edit(action, path, v) in edits {
        let Some((last, parents)) = path.split_last() else {
            value = match (action, value) {
                (Action::Replace, _) => v.clone(),
                (Action::Append, old) => append(old, v)?,
                (a, _) => return Err(DiffError::BadAction(*a)),
            };
            continue;
        };
        let mut target = &mut value;
        for segment in parents {
            target = step(target, segment)?;
        }
        match (action, target, last) {
            (Action::Replace, t, seg) => *step(t, seg)? = v.clone(),
            (Action::Append, t, seg) => {
                let slot = step(t, seg)?;
                *slot = append(slot.take(), v)?;
            }
            (Action::Add, Value::Array(list), PathSegment::Index(i)) if *i <= list.len() => {
                list.insert(*i, v.clone())
            }
            (Action::Add, Value::Object(map), PathSegment::Key(k)) => {
                map.insert(k.clone(), v.clone());
            }
            (Action::Delete, Value::Array(list), PathSegment::Index(i)) if *i < list.len() => {
                list.remove(*i);
            }
            (Action::Delete, Value::Object(map), PathSegment::Key(k)) => {
                map.remove(k).ok_or(DiffError::BadPath)?;
            }
            _ => return Err(DiffError::BadPath),
        }
    }
    Ok(value)
}

fn step<'v>(value: &'v mut Value, segment: &PathSegment) -> Result<&'v mut Value, DiffError> {
    match (value, segment) {
        (Value::Array(list), PathSegment::Index(i)) => list.get_mut(*i),
        (Value::Object(map), PathSegment::Key(k)) => map.get_mut(k),
        _ => None,
    }
    .ok_or(DiffError::BadPath)
}

fn append(old: Value, tail: &Value) -> Result<Value, DiffError> {
    match (old, tail) {
        (Value::String(mut s), Value::String(t)) => {
            s.push_str(t);
            Ok(Value::String(s))
        }
        (Value::Array(mut a), Value::Array(t)) => {
            a.extend(t.iter().cloned());
            Ok(Value::Array(a))
        }
        _ => Err(DiffError::BadAction(Action::Append)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_growing_string_is_an_append_as_gradio_sends_it() {
        let edits = diff(&json!("a"), &json!("ab"));
        assert_eq!(
            serde_json::to_value(&edits).unwrap(),
            json!([["append", [], "b"]])
        );
    }

    #[test]
    fn nested_changes_name_their_paths() {
        let old =
            json!([{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hel"}]);
        let new = json!([{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hello", "x": 1}]);
        let edits = diff(&old, &new);
        assert_eq!(
            serde_json::to_value(&edits).unwrap(),
            json!([["append", [1, "content"], "lo"], ["add", [1, "x"], 1]])
        );
        assert_eq!(apply(old, &edits).unwrap(), new);
    }

    #[test]
    fn shrinking_lists_and_type_changes_round_trip() {
        for (old, new) in [
            (json!([1, 2, 3, 4]), json!([1])),
            (json!([1]), json!([1, 2, 3])),
            (json!("abc"), json!("xyz")),
            (json!({"a": 1, "b": 2}), json!({"b": 3, "c": [1]})),
            (json!(null), json!("now")),
            (json!(1.5), json!([1.5])),
        ] {
            assert_eq!(
                apply(old.clone(), &diff(&old, &new)).unwrap(),
                new,
                "{old} → {new}"
            );
        }
    }

    #[test]
    fn generated_outputs_go_whole_then_as_edits_and_come_back_whole() {
        let (mut sender, mut receiver) = (GeneratedOutputs::default(), GeneratedOutputs::default());
        for whole in [json!(["a", 1]), json!(["ab", 1]), json!(["abc", 2])] {
            let whole = whole.as_array().unwrap().clone();
            let sent = sender.encode(whole.clone());
            assert_eq!(receiver.decode(sent).unwrap(), whole);
        }
        let mut sender = GeneratedOutputs::default();
        sender.encode(vec![json!("a")]);
        assert_eq!(
            sender.encode(vec![json!("ab")]),
            vec![json!([["append", [], "b"]])]
        );
        let mut receiver = GeneratedOutputs::default();
        receiver.decode(vec![json!("a")]).unwrap();
        assert_eq!(
            receiver.decode(vec![json!("not edits")]),
            Err(DiffError::NotEdits)
        );
    }

    #[test]
    fn bad_edits_are_errors_not_panics() {
        let edits: Vec<Edit> = serde_json::from_value(json!([["delete", [5], null]])).unwrap();
        assert_eq!(apply(json!([1]), &edits), Err(DiffError::BadPath));
        let edits: Vec<Edit> = serde_json::from_value(json!([["append", [], 3]])).unwrap();
        assert!(apply(json!("a"), &edits).is_err());
    }

    /// Random strings and lists: the edits always rebuild the new value (a small xorshift
    /// generator keeps the test deterministic without a dependency).
    #[test]
    fn edits_reproduce_random_values() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        fn random(next: &mut dyn FnMut(u64) -> u64, depth: u32) -> Value {
            match next(if depth > 2 { 3 } else { 5 }) {
                0 => Value::Null,
                1 => json!(next(100)),
                2 => Value::String(
                    (0..next(6))
                        .map(|_| (b'a' + next(3) as u8) as char)
                        .collect(),
                ),
                3 => Value::Array((0..next(4)).map(|_| random(next, depth + 1)).collect()),
                _ => Value::Object(
                    (0..next(3))
                        .map(|_| (format!("k{}", next(3)), random(next, depth + 1)))
                        .collect(),
                ),
            }
        }
        for _ in 0..2000 {
            let old = random(&mut next, 0);
            let new = if next(2) == 0 {
                random(&mut next, 0)
            } else {
                // Often a growth of the old value, as streams are.
                match &old {
                    Value::String(s) => Value::String(format!("{s}xy")),
                    Value::Array(a) => {
                        Value::Array(a.iter().cloned().chain([json!("new")]).collect())
                    }
                    _ => random(&mut next, 0),
                }
            };
            assert_eq!(
                apply(old.clone(), &diff(&old, &new)).unwrap(),
                new,
                "{old} → {new}"
            );
        }
    }
}
