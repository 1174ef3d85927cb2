//! The queue protocol (Gradio's `sse_v3`): the join request and every message of the SSE stream.

use serde::{Deserialize, Serialize};

use crate::{ComponentId, EventId, FnIndex, SessionHash};

/// `POST /gradio_api/queue/join`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinRequest {
    pub data: Vec<serde_json::Value>,
    #[serde(default)]
    pub event_data: Option<serde_json::Value>,
    pub fn_index: FnIndex,
    #[serde(default)]
    pub trigger_id: Option<ComponentId>,
    pub session_hash: SessionHash,
}

/// The answer to a join, and to the first step of the REST API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinResponse {
    pub event_id: EventId,
}

/// Every message of `GET /gradio_api/queue/data`, one `data: {...}` line each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "msg", rename_all = "snake_case")]
pub enum ServerMessage {
    /// The event's place in its queue.
    Estimation {
        event_id: EventId,
        rank: usize,
        queue_size: usize,
        rank_eta: Option<f64>,
    },
    ProcessStarts {
        event_id: EventId,
        eta: Option<f64>,
    },
    Progress {
        event_id: EventId,
        progress_data: Vec<ProgressUnit>,
    },
    /// A toast from inside the function (`info`, `warning`).
    Log {
        event_id: EventId,
        log: String,
        level: LogLevel,
        duration: Option<f64>,
        visible: bool,
        title: Option<String>,
    },
    /// A partial result of a streaming function.
    ProcessGenerating {
        event_id: EventId,
        output: ProcessOutput,
        success: bool,
        time_limit: Option<f64>,
    },
    ProcessCompleted {
        event_id: EventId,
        output: ProcessOutput,
        success: bool,
        title: Option<String>,
    },
    Heartbeat,
    /// The session has no pending events left; the stream ends after this.
    CloseStream {
        event_id: Option<EventId>,
    },
    UnexpectedError {
        event_id: Option<EventId>,
        message: String,
        session_not_found: bool,
        success: bool,
    },
}

impl ServerMessage {
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
    Data(OutputData),
    Error(ErrorOutput),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputData {
    /// One value per output component, in order.
    pub data: Vec<serde_json::Value>,
    pub is_generating: bool,
    pub duration: f64,
    pub average_duration: f64,
    pub render_config: Option<serde_json::Value>,
    pub changed_state_ids: Vec<ComponentId>,
}

/// What Gradio sends when a function fails: gradio_client raises `AppError(error)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorOutput {
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressUnit {
    pub index: Option<u64>,
    pub length: Option<u64>,
    pub unit: Option<String>,
    pub progress: Option<f64>,
    pub desc: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Info,
    Warning,
    Error,
}

/// `{"detail": ...}`: the body of every 4xx/5xx answer, as FastAPI (and so gradio_client) has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub detail: Detail,
}

impl ErrorDetail {
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
    Message(String),
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
    #[serde(rename = "__type__", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ValidateTag>,
    pub is_valid: bool,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValidateTag {
    Validate,
}

impl Validation {
    pub fn valid() -> Self {
        Validation {
            kind: None,
            is_valid: true,
            message: String::new(),
            parameter_name: None,
        }
    }
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

/// One message of `/gradio_api/upload_progress`: the bytes of a file that arrived since the
/// last `update`, as Gradio's frontend adds them up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "msg", rename_all = "snake_case")]
pub enum UploadProgressMessage {
    Update { orig_name: String, chunk_size: u64 },
    Heartbeat,
    Done,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        // Lines from ../shared/protocol/sse_echo.txt, parsed and written back unchanged.
        let captured = [
            r#"{"msg":"estimation","event_id":"ade0edbfc35b47828fb2f8ac13f095a6","rank":0,"queue_size":1,"rank_eta":0.0012443065643310547}"#,
            r#"{"msg":"process_starts","event_id":"ade0edbfc35b47828fb2f8ac13f095a6","eta":0.0012443065643310547}"#,
            r#"{"msg":"process_completed","event_id":"ade0edbfc35b47828fb2f8ac13f095a6","output":{"data":["hello"],"is_generating":false,"duration":0.0005462169647216797,"average_duration":0.0004513263702392578,"render_config":null,"changed_state_ids":[]},"success":true,"title":null}"#,
            r#"{"msg":"close_stream","event_id":null}"#,
            r#"{"msg":"unexpected_error","event_id":null,"message":"404: Not Found","session_not_found":true,"success":false}"#,
            r#"{"msg":"progress","event_id":"ade0edbfc35b47828fb2f8ac13f095a6","progress_data":[{"index":0,"length":4,"unit":"steps","progress":null,"desc":null}]}"#,
            r#"{"msg":"process_generating","event_id":"ade0edbfc35b47828fb2f8ac13f095a6","output":{"data":[[["append",[],"b"]]],"is_generating":true,"duration":0.05053830146789551,"average_duration":0.05065786838531494,"render_config":null,"changed_state_ids":[]},"success":true,"time_limit":null}"#,
        ];
        for line in captured {
            let msg: ServerMessage = serde_json::from_str(line).unwrap();
            let back = serde_json::to_string(&msg).unwrap();
            let a: serde_json::Value = serde_json::from_str(line).unwrap();
            let b: serde_json::Value = serde_json::from_str(&back).unwrap();
            assert_eq!(a, b, "{line}");
        }
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
        let msg = ServerMessage::ProcessCompleted {
            event_id: eid(),
            output: ProcessOutput::Error(ErrorOutput {
                error: Some("boom".into()),
                duration: None,
                visible: true,
                title: Some("Error".into()),
            }),
            success: false,
            title: Some("Error".into()),
        };
        let v = serde_json::to_value(&msg).unwrap();
        assert_eq!(v["output"]["error"], "boom");
        assert_eq!(v["success"], false);
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
