//! The queue protocol (Gradio's `sse_v3`): the join request and every message of the SSE stream.

use serde::{Deserialize, Serialize};

use crate::{ComponentId, EventId, FnIndex, SessionHash};

/// `POST /gradio_api/queue/join`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinRequest {
    /// The inputs' wire values, in order.
    pub data: Vec<serde_json::Value>,
    /// The event's data (`select`, `like`), when it carries some.
    #[serde(default)]
    pub event_data: Option<serde_json::Value>,
    /// The listener to run.
    pub fn_index: FnIndex,
    /// The component whose event fired it.
    #[serde(default)]
    pub trigger_id: Option<ComponentId>,
    /// The client's session: the event's messages come on that session's stream.
    pub session_hash: SessionHash,
}

/// The answer to a join, and to the first step of the REST API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinResponse {
    /// The id the event's messages carry.
    pub event_id: EventId,
}

/// Every message of `GET /gradio_api/queue/data`, one `data: {...}` line each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "msg", rename_all = "snake_case")]
pub enum ServerMessage {
    /// The event's place in its queue.
    Estimation {
        /// The event.
        event_id: EventId,
        /// How many events are ahead of it (0: it runs next).
        rank: usize,
        /// How many events wait in its queue.
        queue_size: usize,
        /// The expected wait in seconds, when known.
        rank_eta: Option<f64>,
    },
    /// The function started.
    ProcessStarts {
        /// The event.
        event_id: EventId,
        /// The expected run time in seconds, when known.
        eta: Option<f64>,
    },
    /// The function reported its progress.
    Progress {
        /// The event.
        event_id: EventId,
        /// One entry per progress bar, the outermost first.
        progress_data: Vec<ProgressUnit>,
    },
    /// A toast from inside the function (`info`, `warning`).
    Log {
        /// The event.
        event_id: EventId,
        /// The toast's text.
        log: String,
        /// Its kind: info, warning or error.
        level: LogLevel,
        /// Seconds it stays (`None`: until closed).
        duration: Option<f64>,
        /// Whether it is shown (a hidden one only reaches the API caller).
        visible: bool,
        /// Its title.
        title: Option<String>,
    },
    /// A partial result of a streaming function.
    ProcessGenerating {
        /// The event.
        event_id: EventId,
        /// The result so far: whole the first time, then the edits from the one before
        /// ([`crate::diff`]).
        output: ProcessOutput,
        /// Whether the function is going well.
        success: bool,
        /// The run's time limit in seconds, if it has one.
        time_limit: Option<f64>,
    },
    /// The function ended: its last result, or its error.
    ProcessCompleted {
        /// The event.
        event_id: EventId,
        /// The result, or why there is none.
        output: ProcessOutput,
        /// Whether it succeeded.
        success: bool,
        /// The error's title, when it failed with one.
        title: Option<String>,
        /// Whether the result came from a cache of the function's results (Gradio 6's
        /// `gr.Cache`); Ferrio keeps none, so `None`.
        #[serde(default)]
        used_cache: Option<bool>,
        /// How long making the result took, in seconds (`None` when it failed).
        #[serde(default)]
        cache_duration: Option<f64>,
        /// The listener's average run time so far, in seconds (`None` when it failed).
        #[serde(default)]
        avg_time: Option<f64>,
    },
    /// Sent while nothing else is, so that proxies keep the stream open.
    Heartbeat,
    /// The session has no pending events left; the stream ends after this.
    CloseStream {
        /// The event whose end left none, if any.
        event_id: Option<EventId>,
    },
    /// A failure outside the function: an unknown session, a server error.
    UnexpectedError {
        /// The event, when the failure is one event's.
        event_id: Option<EventId>,
        /// What went wrong.
        message: String,
        /// The server doesn't know the session (it restarted): the page should reload.
        session_not_found: bool,
        /// Always `false`.
        success: bool,
    },
}

impl ServerMessage {
    /// A successful end; its timings are also 6.x's `cache_duration` and `avg_time`.
    pub fn completed(event_id: EventId, output: OutputData) -> Self {
        ServerMessage::ProcessCompleted {
            event_id,
            cache_duration: Some(output.duration),
            avg_time: Some(output.average_duration),
            output: ProcessOutput::Data(output),
            success: true,
            title: None,
            used_cache: None,
        }
    }

    /// A failed end, titled as its error.
    pub fn failed(event_id: EventId, error: ErrorOutput) -> Self {
        ServerMessage::ProcessCompleted {
            event_id,
            title: error.title.clone(),
            output: ProcessOutput::Error(error),
            success: false,
            used_cache: None,
            cache_duration: None,
            avg_time: None,
        }
    }

    /// The event the message is about, if it is about one.
    pub fn event_id(&self) -> Option<&EventId> {
        match self {
            ServerMessage::Estimation { event_id, .. }
            | ServerMessage::ProcessStarts { event_id, .. }
            | ServerMessage::Progress { event_id, .. }
            | ServerMessage::Log { event_id, .. }
            | ServerMessage::ProcessGenerating { event_id, .. }
            | ServerMessage::ProcessCompleted { event_id, .. } => Some(event_id),
            ServerMessage::CloseStream { event_id }
            | ServerMessage::UnexpectedError { event_id, .. } => event_id.as_ref(),
            ServerMessage::Heartbeat => None,
        }
    }
}

/// A function's output, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ProcessOutput {
    /// What the function returned.
    Data(OutputData),
    /// Why it failed.
    Error(ErrorOutput),
}

/// A function's results, with how long it took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputData {
    /// One value per output component, in order.
    pub data: Vec<serde_json::Value>,
    /// Whether more results follow (a streaming function's partial result).
    pub is_generating: bool,
    /// How long the run took, in seconds.
    pub duration: f64,
    /// The listener's average run time so far, in seconds.
    pub average_duration: f64,
    /// The layout a `gr.render` block made (always `None`: Ferrio has none).
    pub render_config: Option<serde_json::Value>,
    /// The State components whose value the run changed.
    pub changed_state_ids: Vec<ComponentId>,
    /// Whether the result came from a cache of the function's results; always `None` here.
    #[serde(default)]
    pub used_cache: Option<bool>,
}

/// What Gradio sends when a function fails: gradio_client raises `AppError(error)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorOutput {
    /// The message (`None`: the app doesn't show errors, or there was none to show).
    pub error: Option<String>,
    /// Seconds the error's toast stays (`None`: until closed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    /// Whether the page shows the toast.
    #[serde(default = "yes")]
    pub visible: bool,
    /// The toast's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

fn yes() -> bool {
    true
}

/// One progress bar: steps counted, or a fraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressUnit {
    /// Steps done, when counted.
    pub index: Option<u64>,
    /// Steps in all, when known.
    pub length: Option<u64>,
    /// What a step is (`"steps"`, `"files"`).
    pub unit: Option<String>,
    /// The fraction done, from 0 to 1, when not counted.
    pub progress: Option<f64>,
    /// Text shown beside the bar.
    pub desc: Option<String>,
}

/// The kind of a toast from inside a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    /// Information (`gr.Info`).
    Info,
    /// A warning (`gr.Warning`).
    Warning,
    /// An error.
    Error,
}

/// `{"detail": ...}`: the body of every 4xx/5xx answer, as FastAPI (and so gradio_client) has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// What went wrong.
    pub detail: Detail,
}

impl ErrorDetail {
    /// An answer saying `message`.
    pub fn message(message: impl Into<String>) -> Self {
        ErrorDetail {
            detail: Detail::Message(message.into()),
        }
    }
}

/// A message; or, when inputs failed validation, one entry per input in order (Gradio 5's
/// validator answer, which gradio_client turns into a `ValidationError` naming each one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Detail {
    /// A message.
    Message(String),
    /// One verdict per input, in order.
    Validation(Vec<Validation>),
}

impl std::fmt::Display for Detail {
    /// The message; for validation, each failed input as `name: why`, one per line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Detail::Message(m) => f.write_str(m),
            Detail::Validation(entries) => {
                let failed: Vec<String> = entries
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| !v.is_valid)
                    .map(|(i, v)| match &v.parameter_name {
                        Some(name) => format!("{name}: {}", v.message),
                        None => format!("input {i}: {}", v.message),
                    })
                    .collect();
                f.write_str(&failed.join("\n"))
            }
        }
    }
}

/// One input's verdict. Failed ones carry `"__type__": "validate"`, as gradio_client checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Validation {
    /// `"validate"` on a failed input's verdict (what gradio_client looks for).
    #[serde(rename = "__type__", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ValidateTag>,
    /// Whether the input passed.
    pub is_valid: bool,
    /// Why it failed (empty when it passed).
    pub message: String,
    /// The input's name, when it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_name: Option<String>,
}

/// The `__type__` of a failed input's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValidateTag {
    /// `"validate"`.
    Validate,
}

impl Validation {
    /// An input that passed.
    pub fn valid() -> Self {
        Validation {
            kind: None,
            is_valid: true,
            message: String::new(),
            parameter_name: None,
        }
    }
    /// Input `parameter_name` failed, for this reason.
    pub fn invalid(parameter_name: impl Into<String>, message: impl Into<String>) -> Self {
        Validation {
            kind: Some(ValidateTag::Validate),
            is_valid: false,
            message: message.into(),
            parameter_name: Some(parameter_name.into()),
        }
    }
}

/// Parses JSON text into `T` through a `serde_json::Value`. Every type the browser reads is
/// then typed from `&Value` alone, so the bundle carries one deserializer per type, not one per
/// input kind (text, owned value, borrowed value): a measurable part of the WASM's size.
pub fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    let value: serde_json::Value = serde_json::from_str(text)?;
    T::deserialize(&value)
}

/// `GET /gradio_api/queue/status`: how many events wait over the whole app, as Gradio's
/// estimation message that belongs to no event (its `event_id`, `rank` and `rank_eta` are
/// null).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "msg", rename = "estimation")]
pub struct QueueStatus {
    event_id: Option<EventId>,
    rank: Option<usize>,
    /// The events waiting to start.
    pub queue_size: usize,
    rank_eta: Option<f64>,
}

impl QueueStatus {
    /// The status of a queue where `queue_size` events wait.
    pub fn new(queue_size: usize) -> Self {
        QueueStatus {
            event_id: None,
            rank: None,
            queue_size,
            rank_eta: None,
        }
    }
}

/// One message of `/gradio_api/upload_progress`: the bytes of a file that arrived since the
/// last `update`, as Gradio's frontend adds them up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "msg", rename_all = "snake_case")]
pub enum UploadProgressMessage {
    /// More of a file arrived.
    Update {
        /// The file's name.
        orig_name: String,
        /// The bytes that arrived since the last update.
        chunk_size: u64,
    },
    /// Sent while nothing else is, so that proxies keep the stream open.
    Heartbeat,
    /// The upload is complete.
    Done,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn the_queue_status_is_gradios_estimation_of_no_event() {
        let text = serde_json::to_string(&QueueStatus::new(3)).unwrap();
        assert_eq!(
            text,
            r#"{"msg":"estimation","event_id":null,"rank":null,"queue_size":3,"rank_eta":null}"#
        );
        let back: QueueStatus = serde_json::from_str(&text).unwrap();
        assert_eq!(back.queue_size, 3);
    }

    #[test]
    fn validation_details_are_gradios_shape() {
        let d = ErrorDetail {
            detail: Detail::Validation(vec![
                Validation::valid(),
                Validation::invalid("Size", "\"xl\" is not one of the choices"),
            ]),
        };
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(
            v,
            json!({"detail": [
                {"is_valid": true, "message": ""},
                {"__type__": "validate", "is_valid": false,
                 "message": "\"xl\" is not one of the choices", "parameter_name": "Size"}]})
        );
        let back: ErrorDetail = serde_json::from_value(v).unwrap();
        assert_eq!(
            back.detail.to_string(),
            "Size: \"xl\" is not one of the choices"
        );
        let plain: ErrorDetail = serde_json::from_value(json!({"detail": "nope"})).unwrap();
        assert_eq!(plain.detail.to_string(), "nope");
    }

    fn eid() -> EventId {
        EventId("ade0edbfc35b47828fb2f8ac13f095a6".into())
    }

    #[test]
    fn messages_match_the_gradio_capture() {
        // Lines from ../shared/protocol/gradio-6.31.0/sse_*.txt, parsed and written back
        // unchanged.
        let captured = [
            r#"{"msg":"estimation","event_id":"ade0edbfc35b47828fb2f8ac13f095a6","rank":0,"queue_size":1,"rank_eta":0.005468758669766513}"#,
            r#"{"msg":"process_starts","event_id":"ade0edbfc35b47828fb2f8ac13f095a6","eta":0.005468758669766513}"#,
            r#"{"msg":"process_completed","event_id":"ade0edbfc35b47828fb2f8ac13f095a6","output":{"data":["hello"],"is_generating":false,"duration":0.0005137920379638672,"average_duration":0.0012530684471130371,"render_config":null,"changed_state_ids":[],"used_cache":null},"success":true,"title":null,"used_cache":null,"cache_duration":0.0005137920379638672,"avg_time":0.0012530684471130371}"#,
            r#"{"msg":"close_stream","event_id":null}"#,
            r#"{"msg":"unexpected_error","event_id":null,"message":"404: Not Found","session_not_found":true,"success":false}"#,
            r#"{"msg":"progress","event_id":"ade0edbfc35b47828fb2f8ac13f095a6","progress_data":[{"index":0,"length":4,"unit":"steps","progress":null,"desc":null}]}"#,
            r#"{"msg":"process_generating","event_id":"ade0edbfc35b47828fb2f8ac13f095a6","output":{"data":[[["append",[],"b"]]],"is_generating":true,"duration":0.05156826972961426,"average_duration":0.04266847146523965,"render_config":null,"changed_state_ids":[],"used_cache":null},"success":true,"time_limit":null}"#,
        ];
        for line in captured {
            let msg: ServerMessage = serde_json::from_str(line).unwrap();
            let back = serde_json::to_string(&msg).unwrap();
            let a: serde_json::Value = serde_json::from_str(line).unwrap();
            let b: serde_json::Value = serde_json::from_str(&back).unwrap();
            assert_eq!(a, b, "{line}");
        }
        // 5.49's completion, without 6.x's cache fields, still reads (the page's own client).
        let old = r#"{"msg":"process_completed","event_id":"ade0edbfc35b47828fb2f8ac13f095a6","output":{"data":["hello"],"is_generating":false,"duration":0.0005,"average_duration":0.0004,"render_config":null,"changed_state_ids":[]},"success":true,"title":null}"#;
        let msg: ServerMessage = serde_json::from_str(old).unwrap();
        assert!(matches!(
            msg,
            ServerMessage::ProcessCompleted { avg_time: None, .. }
        ));
    }

    #[test]
    fn heartbeat_is_a_data_message_not_a_comment() {
        assert_eq!(
            serde_json::to_string(&ServerMessage::Heartbeat).unwrap(),
            r#"{"msg":"heartbeat"}"#
        );
    }

    #[test]
    fn failed_completion_carries_the_error() {
        let msg = ServerMessage::failed(
            eid(),
            ErrorOutput {
                error: Some("boom".into()),
                duration: None,
                visible: true,
                title: Some("Error".into()),
            },
        );
        let v = serde_json::to_value(&msg).unwrap();
        assert_eq!(v["output"]["error"], "boom");
        assert_eq!(v["success"], false);
        assert_eq!(v["title"], "Error");
        // Gradio 6's cache fields are there, null, as 6.31 sends them for a failure.
        for key in ["used_cache", "cache_duration", "avg_time"] {
            assert_eq!(v[key], Value::Null, "{key}");
        }
        let back: ServerMessage = serde_json::from_value(v).unwrap();
        assert_eq!(back, msg);
    }

    #[test]
    fn join_request_requires_a_session_hash() {
        let ok = json!({"data":["hi"],"event_data":null,"fn_index":0,"trigger_id":null,"session_hash":"s1"});
        let req: JoinRequest = serde_json::from_value(ok).unwrap();
        assert_eq!(req.fn_index, FnIndex(0));
        let missing = json!({"data":["hi"],"fn_index":0});
        let err = serde_json::from_value::<JoinRequest>(missing).unwrap_err();
        assert!(err.to_string().contains("session_hash"), "{err}");
    }

    #[test]
    fn upload_progress_messages_are_gradios() {
        let update = UploadProgressMessage::Update {
            orig_name: "a.bin".into(),
            chunk_size: 65536,
        };
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"msg": "update", "orig_name": "a.bin", "chunk_size": 65536})
        );
        assert_eq!(
            serde_json::to_value(UploadProgressMessage::Done).unwrap(),
            json!({"msg": "done"})
        );
    }
}
